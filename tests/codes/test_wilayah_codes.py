"""Reading typed codes (notation, Excel damage) and normalising values to Kemendagri codes."""

from __future__ import annotations

from typing import Any

import pytest

from satudata_meta.codes.wilayah import (
    code_readings,
    code_text,
    convert,
    crosswalk,
    detect_system,
    is_mangled,
    level_of,
    lookup,
    wilayah_list,
)


@pytest.mark.parametrize(("value", "system"), [
    ("36", "kemendagri"),
    ("36.03", "kemendagri"),
    ("36.03.01", "kemendagri"),
    ("36.03.01.2001", "kemendagri"),
    ("360301", "kemendagri"),       # undotted kecamatan: only Kemendagri has 6 digits
    ("36.1", "kemendagri"),         # 36.10 after Excel
    ("3603", "bps"),
    ("3603010", "bps"),
    ("3603010001", "bps"),
    (3603, "bps"),
    (3603010.0, "bps"),
    (36.03, "kemendagri"),
    (" 36.03 ", "kemendagri"),
    ("3603.0", "bps"),
    ("abc", None),
    ("", None),
    ("36.03.01.4001", None),        # 4th segment must start with 1, 2 or 3
    ("036", None),
    ("36031", None),
    ("36-03", None),
])
def test_detect_system(value: Any, system: str | None) -> None:
    assert detect_system(value) == system


def test_mangled_codes_are_recognised() -> None:
    assert is_mangled("36.1") and is_mangled(36.1) and is_mangled(32.2)
    assert code_readings("36.1")[0].code == "36.10"
    assert not is_mangled("36.10") and not is_mangled("36.01") and not is_mangled("abc")


def test_readings_list_both_notations() -> None:
    assert [(r.system, r.code) for r in code_readings("3603")] == [
        ("bps", "3603"), ("kemendagri", "36.03")]
    assert [(r.system, r.code) for r in code_readings("3601012004")] == [
        ("bps", "3601012004"), ("kemendagri", "36.01.01.2004")]
    assert [(r.system, r.code) for r in code_readings("3601010004")] == [
        ("bps", "3601010004")]


def test_code_text_and_level() -> None:
    assert code_text(3603.0) == "3603" and code_text(36.1) == "36.1" and code_text(36) == "36"
    assert level_of("36.03.01") == "kecamatan" and level_of("3603010001") == "desa_kelurahan"
    assert level_of("3603") == "kabupaten_kota" and level_of("zz") is None


def test_normalize_codes_in_every_notation() -> None:
    kem = wilayah_list()
    # Surrounding spaces do not count (as in CodeList); a float that prints as the code is it.
    for value in ("36.03", " 36.03 ", 36.03):
        exact = kem.normalize(value)
        assert exact is not None and exact.exact and exact.code.code == "36.03"
    for value in ("3603", 3603, 3603.0, "3603.0"):
        m = kem.normalize(value)
        assert m is not None and not m.exact and m.code.code == "36.03", value
    undotted = kem.normalize("3601012004")
    assert undotted is not None and undotted.code.code == "36.01.01.2004"


def test_normalize_bps_kecamatan_goes_through_the_crosswalk() -> None:
    m = wilayah_list().normalize("3603010")
    row = crosswalk().by_bps["3603010"]
    assert m is not None and not m.exact
    assert m.code.code == row.kemendagri != "36.03.01"  # never derived from the digits
    assert m.code.name.casefold() == row.name_bps.casefold()


def test_normalize_never_guesses_a_mangled_code() -> None:
    kem = wilayah_list()
    assert kem.normalize("36.1") is None
    assert kem.normalize(32.1) is None
    assert [c.code for c in kem.suggest("32.1")] == ["32.10"]


def test_normalize_names_only_when_unambiguous() -> None:
    kem = wilayah_list()
    for value, code in [("Kabupaten Tangerang", "36.03"), ("KAB. TANGERANG", "36.03"),
                        ("Kota Tangerang", "36.71"), ("Pandeglang", "36.01"),
                        ("Tangerangselatan", "36.74"), ("Provinsi Banten", "36"),
                        ("Jogja", "34")]:
        m = kem.normalize(value)
        assert m is not None and not m.exact and m.code.code == code, value
    assert kem.normalize("Tangerang") is None  # Kabupaten and Kota Tangerang
    assert kem.normalize("Serang") is None
    assert kem.normalize("Kab. Pandegelang") is None  # a typo is a suggestion, not a match
    assert [c.code for c in kem.suggest("Kab. Pandegelang", limit=1)] == ["36.01"]
    assert kem.normalize("Xyzzy Qwerty") is None
    assert kem.normalize("12.34.56.7") is None


def test_bps_list_normalises_kemendagri_codes() -> None:
    bps = wilayah_list("bps")
    m = bps.normalize("36.01.01")
    assert m is not None and not m.exact and m.code.code == "3601010"
    assert bps.normalize("3601010") is not None and bps.normalize("3601010").exact  # type: ignore[union-attr]
    assert bps.by_mapping("kemendagri", "36.01.01.2004").code == "3601010004"  # type: ignore[union-attr]
    assert wilayah_list().by_mapping("bps", "3601010").code == "36.01.01"  # type: ignore[union-attr]
    assert wilayah_list().by_mapping("ckan", "3601010") is None


def test_lookup_reads_either_system() -> None:
    found = lookup("3603")
    assert found is not None and found[1].system == "bps" and found[0].code == "3603"
    found = lookup("36.03")
    assert found is not None and found[1].system == "kemendagri"
    found = lookup("360301")
    assert found is not None and found[0].code == "36.03.01"
    assert lookup("36.1") is None and lookup("99.99") is None


def test_convert_accepts_numbers_from_spreadsheets() -> None:
    assert convert(3601010004.0, to="kemendagri") == "36.01.01.2004"
    assert convert(36.03, to="bps") == "3603"
