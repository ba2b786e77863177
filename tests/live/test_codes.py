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
