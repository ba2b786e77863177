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


def test_counts_use_real_singular_and_plural_forms():
    from pgkit.messages import catalogue, tn

    assert tn("meetings.host.joined_count", 1) == "1 deelnemer doet mee"
    assert tn("meetings.host.joined_count", 3) == "3 deelnemers doen mee"
    assert tn("intervisie.ended_deleted", 2) == "2 casussen zijn gewist,"
    mine = {k: v for k, v in catalogue().items() if k.startswith(("meetings.", "intervisie."))}
    assert [k for k, v in mine.items() if "(en)" in v or "(s)" in v or "(sen)" in v] == []
