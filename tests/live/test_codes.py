import re

from pgkit.live import codes


def test_codes_are_six_unambiguous_characters():
    for _ in range(300):
        code = codes.new_code()
        assert codes.is_well_formed(code)
        assert not set(code) & set("0O1I")


def test_normalise_accepts_spaces_dashes_and_lower_case():
    assert codes.normalise(" abc-def ") == "ABCDEF"
    assert codes.normalise("ab c d e f") == "ABCDEF"
    assert not codes.is_well_formed(codes.normalise("ABCDE0"))
    assert codes.pretty("ABCDEF") == "ABC DEF"


def test_a_shown_code_never_breaks_and_still_joins_when_copied():
    assert codes.shown("ABCDEF") == "ABC\u00a0DEF"  # a non-breaking space
    assert codes.normalise(codes.shown("ABCDEF")) == "ABCDEF"


def test_counts_use_real_singular_and_plural_forms():
    from pgkit.messages import catalogue, tn

    assert tn("meetings.host.joined_count", 1) == "1 deelnemer doet mee"
    assert tn("meetings.host.joined_count", 3) == "3 deelnemers doen mee"
    assert tn("intervisie.ended_deleted", 2) == "2 casussen zijn gewist,"
    assert tn("dashboard.coach_intro", 1) == (
        "Je ziet de deelnemers van het cohort waarvan jij coach bent.")
    assert tn("cli.cohort.import_failed", 2).startswith("Niets ingelezen: 2 problemen gevonden.")
    fallback = re.compile(r"\w\((?:s|en|sen|n|'s)\)|\w/\w+en\b")  # cijfer(s), probleem/problemen
    assert [k for k, v in catalogue().items() if fallback.search(v)] == []
