"""Name search: spelling variants, designators, short forms, typos, scope and ambiguity.

The variants are generated from the official names (the expected answer is the unit the
variant was made from), plus a few hand-written forms people actually type.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from satudata_meta.codes import search as names
from satudata_meta.codes.wilayah import (
    UnknownCodeError,
    WilayahList,
    search,
    wilayah_list,
)

KEM = wilayah_list()
KAB_KOTA = KEM.children("36")


def one_letter_typos(core: str) -> list[str]:
    """A doubled letter, a changed vowel and a dropped letter, in the middle of the name."""
    i = len(core) // 2
    vowel = next(j for j in range(len(core) - 2, 0, -1) if core[j] in "aiueo")
    return [core[:i] + core[i] + core[i:],
            core[:vowel] + ("e" if core[vowel] != "e" else "a") + core[vowel + 1:],
            core[:i] + core[i + 1:]]


def kab_kota_variants() -> list[tuple[str, str]]:
    cases: list[tuple[str, str]] = []
    for unit in KAB_KOTA:
        kind = unit.extra["kind"]
        core = unit.name.split(" ", 1)[1]
        designators = (["Kab.", "Kab", "Kabupaten", "KAB.", "kab"] if kind == "kabupaten"
                       else ["Kota", "Kotamadya", "Kodya", "KOTA", "Kotamadya."])
        cases += [(f"{d} {core}", unit.code) for d in designators]
        cases += [(unit.name.upper(), unit.code), (unit.name.lower(), unit.code),
                  (unit.name.replace(" ", ""), unit.code),
                  (f"{unit.name}, Provinsi Banten", unit.code),
                  (f"{unit.name} Prov. Banten", unit.code),
                  (f"{unit.name} Banten", unit.code),
                  (f"{unit.name} - Banten", unit.code),
                  (core.replace(" ", "") + (" Kota" if kind == "kota" else " Kab"), unit.code)]
        cases += [(f"{designators[0]} {typo}", unit.code) for typo in one_letter_typos(core)]
    cases += [("Tangsel", "36.74"), ("Kota Tangsel", "36.74"), ("TANGSEL", "36.74"),
              ("Tangerangselatan", "36.74"), ("Tangerang Sel.", "36.74"),
              ("KotaTangerang", "36.71"), ("KabTangerang", "36.03"),
              ("Kab.Tangerang", "36.03"), ("Pandegelang", "36.01"), ("Lebek", "36.02"),
              ("Kab Lebak Banten", "36.02"), ("Kabupaten Pandeglang Provinsi Banten", "36.01"),
              ("Cilegon", "36.72"), ("Kodya Serang", "36.73"), ("Tjilegon", "36.72"),
              ("Kota Tangerang Selatan (Tangsel)", "36.74")]
    return cases


CASES = kab_kota_variants()


def test_enough_kab_kota_variants() -> None:
    assert len(CASES) >= 50
    assert len(KAB_KOTA) == 8


@pytest.mark.parametrize("scope", [{"level": "kabupaten_kota"}, {"within": "36"}, {}],
                         ids=["national-kabkota", "banten-all-levels", "national-all-levels"])
@pytest.mark.parametrize(("query", "code"), CASES, ids=[q for q, _ in CASES])
def test_kab_kota_first(query: str, code: str, scope: dict[str, Any]) -> None:
    result = KEM.search(query, limit=3, **scope)
    assert result.best is not None, query
    ranked = [(c.code.code, c.code.name, c.score, c.method) for c in result.candidates]
    if not scope and result.best.code.code != code:
        # Across all levels of Indonesia a typo can be closer to, or be, another village's
        # name ("Lebek" ~ "Lebbek"): that village may lead, but only from a lower level and
        # at least as well matched, with the kab/kota still in the top three.
        best = result.best
        assert best.code.level == "desa_kelurahan", ranked
        assert code in [c.code.code for c in result.candidates], ranked
        return
    assert result.best.code.code == code, ranked


def kecamatan_cases() -> list[tuple[str, str, str]]:
    """(query, within, expected) for a spread of Banten's kecamatan."""
    pondok_aren = next(c.code for c in KEM.children("36.74") if c.name == "Pondok Aren")
    cases: list[tuple[str, str, str]] = []
    for kab in KAB_KOTA:
        kecs = KEM.children(kab.code)
        for kec in (kecs[0], kecs[len(kecs) // 2], kecs[-1]):
            name = kec.name
            cases += [(name.upper(), kab.code, kec.code), (f"Kec. {name}", kab.code, kec.code),
                      (f"Kecamatan {name.replace(' ', '')}", kab.code, kec.code)]
            cases += [(typo, kab.code, kec.code) for typo in one_letter_typos(name)[:1]]
    cases += [("Serang", "36.73", "36.73.01"), ("Curug", "36.73", "36.73.04"),
              ("Ci Kupa", "36.03", "36.03.18"), ("Tjikupa", "36.03", "36.03.18"),
              ("Pasarkemis", "36.03", "36.03.12"), ("Kec. Grogol", "36.72", "36.72.06"),
              ("Jati Uwung", "36.71", "36.71.02"), ("Kec. Pd. Aren", "36.74", pondok_aren),
              ("Tangerang", "36.71", "36.71.01"), ("Pandeglang", "36.01", "36.01.21")]
    return cases


KEC_CASES = kecamatan_cases()


def test_enough_kecamatan_cases() -> None:
    assert len(KEC_CASES) >= 15


@pytest.mark.parametrize("level", ["kecamatan", None])
@pytest.mark.parametrize(("query", "within", "code"), KEC_CASES,
                         ids=[f"{q}@{w}" for q, w, _ in KEC_CASES])
def test_kecamatan_first_within_its_kab_kota(query: str, within: str, code: str,
                                             level: str | None) -> None:
    result = KEM.search(query, within=within, level=level, limit=3)
    assert result.best is not None and result.best.code.code == code, [
        (c.code.code, c.code.name, c.score) for c in result.candidates]


def test_tangerang_alone_is_ambiguous() -> None:
    result = KEM.search("Tangerang", level="kabupaten_kota")
    top = {c.code.code: c.score for c in result.candidates[:2]}
    assert set(top) == {"36.03", "36.71"}
    assert result.ambiguous
    assert abs(top["36.03"] - top["36.71"]) < 0.05
    assert search("Tangerang").ambiguous
    assert search("Serang", within="36").ambiguous


def test_designator_resolves_the_ambiguity() -> None:
    result = KEM.search("Kota Tangerang")
    assert not result.ambiguous
    scores = {c.code.code: c.score for c in result.candidates}
    assert result.candidates[0].code.code == "36.71"
    assert scores["36.03"] < scores["36.71"] - 0.1


def test_name_above_village_of_the_same_name() -> None:
    """A name shared by a kecamatan and its main desa means the kecamatan (higher level),
    and that is not called ambiguous; the desa is still listed."""
    result = KEM.search("Cikupa", within="36.03")
    assert [c.code.level for c in result.candidates[:2]] == ["kecamatan", "desa_kelurahan"]
    assert not result.ambiguous


def test_village_search_in_scope_and_with_context() -> None:
    assert search("Tunggaljaya", within="36.01").best.code.code == "36.01.01.2004"  # type: ignore[union-attr]
    assert search("Desa Tunggal Jaya, Sumur").best.code.code == "36.01.01.2004"  # type: ignore[union-attr]
    national = search("Tunggal Jaya", level="desa_kelurahan")
    assert {"36.01.01.2004"} <= {c.code.code for c in national.candidates}
    assert national.ambiguous  # another Tunggal Jaya exists outside Banten


def test_search_restricts_level_and_scope() -> None:
    common = Counter(c.name for c in KEM.units(level="desa_kelurahan", within="36.03")
                     ).most_common(1)[0][0]
    result = KEM.search(common, within="36.03", level="desa_kelurahan", limit=50)
    assert result.candidates
    assert all(c.code.code.startswith("36.03.") and c.code.level == "desa_kelurahan"
               for c in result.candidates)
    assert KEM.search("Banten", within="36", level="provinsi").candidates == ()


def test_within_accepts_other_notations_and_rejects_unknown() -> None:
    a = KEM.search("Cikupa", within="3603", level="kecamatan")
    assert a.best is not None and a.best.code.code == "36.03.18"
    with pytest.raises(UnknownCodeError):
        KEM.search("Cikupa", within="99.99")
    with pytest.raises(ValueError):
        KEM.search("Cikupa", level="dusun")


def test_other_provinces_and_short_forms() -> None:
    assert search("Jaksel").best.code.code == "31.74"  # type: ignore[union-attr]
    assert search("NTB", level="provinsi").best.code.code == "52"  # type: ignore[union-attr]
    assert search("DKI", level="provinsi").best.code.code == "31"  # type: ignore[union-attr]


def test_no_match_and_scores_are_bounded() -> None:
    assert KEM.search("Qwxyz Zzzq", within="36").candidates == ()
    for c in KEM.search("Tangerang", within="36", limit=30).candidates:
        assert 0 < c.score <= 1 and c.method in {"name", "alias", "abbreviation", "fuzzy",
                                                 "prefix"}


def test_bps_list_search() -> None:
    bps: WilayahList = wilayah_list("bps")
    assert bps.search("Kab. Tangerang").best.code.code == "3603"  # type: ignore[union-attr]
    assert bps.search("Curug", within="3673").best.code.code == "3673010"  # type: ignore[union-attr]


# --- the matching primitives -----------------------------------------------------------------


def test_words_normalise_spelling() -> None:
    assert names.words("KAB. TANGERANG") == ["kab", "tangerang"]
    assert names.words("Tjikoepa") == ["cikupa"]
    assert names.words("Djati Mulya") == ["jati", "mulya"]
    assert names.words("Sukamaju II") == ["sukamaju", "2"]
    assert names.words("Kmp Melayu Tim") == ["kampung", "melayu", "timur"]
    assert names.words("Pétak") == ["petak"]


def test_match_key_strips_only_the_levels_designators() -> None:
    assert names.match_key("Desa Ci Kupa", "desa_kelurahan") == "cikupa"
    assert names.match_key("Kel. Kreo", "desa_kelurahan") == "kreo"
    assert names.match_key("Kota Baru", "desa_kelurahan") == "kotabaru"
    assert names.match_key("KOTA CILEGON", "kabupaten_kota") == "cilegon"


def test_readings_of_glued_designators() -> None:
    keys = {(r.kind, r.key) for r in names.readings("KotaTangerang")}
    assert (None, "kotatangerang") in keys and ("kota", "tangerang") in keys
    assert ("kabupaten", "serang") in {(r.kind, r.key) for r in names.readings("Serang Kab.")}


def test_distance_and_similarity() -> None:
    assert names.distance("pandegelang", "pandeglang") == 1
    assert names.distance("lebek", "lebak") == 1
    assert names.distance("ab", "ba") == 1
    assert names.similarity("lebek", "lebak") == pytest.approx(0.8)
    assert names.similarity("abc", "xyz") == 0.0
    assert names.similarity("", "abc") == 0.0


def test_abbreviations() -> None:
    assert names.is_abbreviation("tangsel", ("tangerang", "selatan"))
    assert names.is_abbreviation("jakut", ("jakarta", "utara"))
    assert names.is_abbreviation("ntb", ("nusa", "tenggara", "barat"))
    assert not names.is_abbreviation("tangsel", ("tangerang",))
    assert not names.is_abbreviation("ts", ("tangerang", "selatan"))
    assert not names.is_abbreviation("tangerangselatan", ("tangerang", "selatan"))


def test_kind_factor() -> None:
    assert names.kind_factor("kota", "kota") == 1.0
    assert names.kind_factor("kota", "kabupaten") == 0.8
    assert names.kind_factor("desa", "kelurahan") == 0.95
    assert names.kind_factor(None, "kabupaten") == 1.0


def _verdict_by_search(text: str, level: str, within: str | None) -> str | None:
    """``named``'s definition, spelt out with the full search."""
    result = KEM.search(text, level=level, within=within, limit=3)
    best = result.best
    if best is None or result.ambiguous or best.score < 0.9:
        return None
    return best.code.code


def named_cases() -> list[tuple[str, str, str | None]]:
    """Every Banten kecamatan and desa name as written, in capitals, with a designator, and
    with one-letter typos (every kecamatan, every fifth desa); kab/kota with their
    designators; in and without scopes."""
    cases: list[tuple[str, str, str | None]] = []
    for level, step in (("kecamatan", 1), ("desa_kelurahan", 5)):
        units = KEM.units(level=level, within="36")
        for unit in units[::step]:
            cases.append((unit.name, level, "36"))
            cases.append((unit.name.upper(), level, unit.code[:5]))
            cases.append((f"Desa {unit.name}", level, "36"))
            cases += [(typo, level, "36") for typo in one_letter_typos(unit.name)[:1]]
    for unit in KAB_KOTA:
        cases += [(unit.name, "kabupaten_kota", None),
                  (unit.name.split(" ", 1)[1], "kabupaten_kota", "36"),
                  (unit.name + ", Banten", "kabupaten_kota", None)]
    return cases


def test_named_agrees_with_the_full_search() -> None:
    """The equal-name shortcut of ``named`` changes no answer: every case decided both
    ways, with both kinds of outcome (a unit, and none for rivals) well represented."""
    cases = named_cases()
    found = Counter()
    for text, level, within in cases:
        expected = _verdict_by_search(text, level, within)
        unit = KEM.named(text, level, within)
        assert (unit.code if unit else None) == expected, (text, level, within)
        found["unit" if expected else "none"] += 1
    assert len(cases) > 1800
    assert found["unit"] > 800 and found["none"] > 150, found


def test_named_rejects_unknown_level_and_scope() -> None:
    with pytest.raises(ValueError):
        KEM.named("Cikupa", "dusun")
    with pytest.raises(UnknownCodeError):
        KEM.named("Cikupa", "kecamatan", within="99.99")
