"""The Kemendagri <-> BPS crosswalk of Banten and the conversions built on it."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
import yaml

from satudata_meta.codes import search as names
from satudata_meta.codes.wilayah import (
    NoEquivalentError,
    UnknownCodeError,
    conversion,
    convert,
    crosswalk,
    wilayah_dir,
    wilayah_list,
)

FOLDER = wilayah_dir()
REASONS = {"no_bps_counterpart", "no_kemendagri_counterpart", "below_threshold",
           "partial_name", "ambiguous_name", "name_under_other_parent", "parent_unmatched"}


def rows(name: str) -> list[dict[str, str]]:
    with (FOLDER / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def walk() -> list[dict[str, str]]:
    return rows("crosswalk-banten.csv")


@pytest.fixture(scope="module")
def lost() -> list[dict[str, str]]:
    return rows("crosswalk-unmatched.csv")


def banten(system: str, level: str) -> set[str]:
    lst = wilayah_list(system)
    return {c.code for c in lst.units(level=level, within="36")} | (
        {"36"} if level == "provinsi" else set())


@pytest.mark.parametrize("level", ["provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan"])
def test_every_unit_is_paired_or_listed_unmatched(walk: list[dict[str, str]],
                                                  lost: list[dict[str, str]],
                                                  level: str) -> None:
    for system in ("kemendagri", "bps"):
        paired = [r[system] for r in walk if r["level"] == level]
        unpaired = [r["code"] for r in lost if r["system"] == system and r["level"] == level]
        assert len(paired) == len(set(paired)), f"{system} {level}: paired twice"
        assert not set(paired) & set(unpaired), f"{system} {level}: paired and unmatched"
        assert set(paired) | set(unpaired) == banten(system, level), f"{system} {level}"


def test_banten_totals(walk: list[dict[str, str]], lost: list[dict[str, str]]) -> None:
    kem = Counter(r["level"] for r in walk) + Counter(
        r["level"] for r in lost if r["system"] == "kemendagri")
    assert kem["kecamatan"] == 155 and kem["desa_kelurahan"] == 1552
    assert kem["kabupaten_kota"] == 8


def test_pairs_respect_parents(walk: list[dict[str, str]]) -> None:
    """A kecamatan's kab/kota and a desa's kecamatan are themselves a pair."""
    pair = {r["kemendagri"]: r["bps"] for r in walk}
    for r in walk:
        if r["level"] in ("kecamatan", "desa_kelurahan"):
            k_parent = r["kemendagri"].rsplit(".", 1)[0]
            b_parent = r["bps"][: {7: 4, 10: 7}[len(r["bps"])]]
            assert pair.get(k_parent) == b_parent, r


def test_methods_follow_their_definition(walk: list[dict[str, str]]) -> None:
    meta = yaml.safe_load((FOLDER / "wilayah_bps.meta.yaml").read_text(encoding="utf-8"))
    threshold = meta["crosswalk"]["fuzzy_min"]
    methods: Counter[tuple[str, str]] = Counter()
    for r in walk:
        level = r["level"]
        same_plain = (" ".join(r["name_kemendagri"].casefold().split())
                      == " ".join(r["name_bps"].casefold().split()))
        same_key = (names.match_key(r["name_kemendagri"], level)
                    == names.match_key(r["name_bps"], level))
        score = float(r["score"])
        methods[(level, r["method"])] += 1
        if r["method"] == "exact":
            assert same_plain and score == 1.0, r
        elif r["method"] == "normalised":
            assert same_key and not same_plain and score == 1.0, r
        else:
            assert r["method"] == "fuzzy" and not same_key, r
            assert threshold <= score < 1.0, r
            key_k = names.match_key(r["name_kemendagri"], level)
            key_b = names.match_key(r["name_bps"], level)
            assert abs(names.similarity(key_k, key_b) - score) < 0.001, r
    stats = meta["crosswalk"]["stats"]
    for level in ("kecamatan", "desa_kelurahan"):
        for method, count in stats[level]["matched"].items():
            assert methods[(level, method)] == count


def test_unmatched_rows_explain_themselves(lost: list[dict[str, str]]) -> None:
    assert lost, "an empty unmatched list would be surprising for a 2018 vs 2025 crosswalk"
    for r in lost:
        assert r["reason"] in REASONS, r
        assert r["note"], r
        if r["candidate"]:
            other = "bps" if r["system"] == "kemendagri" else "kemendagri"
            assert wilayah_list(other).get(r["candidate"]) is not None, r


def test_tunggaljaya_pair(walk: list[dict[str, str]]) -> None:
    assert {"kemendagri": "36.01.01.2004", "bps": "3601010004"}.items() <= next(
        r for r in walk if r["kemendagri"] == "36.01.01.2004").items()
    assert convert("36.01.01.2004", to="bps") == "3601010004"
    assert convert("3601010004", to="kemendagri") == "36.01.01.2004"


def test_sumur_both_ways() -> None:
    assert convert("3601010", to="kemendagri") == "36.01.01"
    assert wilayah_list().get("36.01.01").name == "Sumur"  # type: ignore[union-attr]
    assert convert("36.01.01", to="bps") == "3601010"
    assert convert(3601010, to="kemendagri") == "36.01.01"


def test_bps_curug_is_not_kemendagri_serang() -> None:
    target = convert("3673010", to="kemendagri")
    assert target != "36.73.01"
    assert wilayah_list().get(target).name == "Curug"  # type: ignore[union-attr]
    assert convert("36.73.01", to="bps") != "3673010"


def test_every_crosswalk_row_converts_both_ways(walk: list[dict[str, str]]) -> None:
    for r in walk:
        assert convert(r["kemendagri"], to="bps") == r["bps"]
        assert convert(r["bps"], to="kemendagri") == r["kemendagri"]


def test_kab_kota_and_province_convert_by_notation() -> None:
    assert convert("36.03", to="bps") == "3603"
    assert convert("3603", to="kemendagri") == "36.03"
    assert convert("36", to="bps") == "36"
    conv = conversion("32.10", "bps")  # outside Banten: by notation, not by the BPS list
    assert (conv.target, conv.method) == ("3210", "format")
    assert conversion("3601010", "kemendagri").method == "crosswalk"
    assert conversion("36.03", "kemendagri").method == "same"


def test_unmatched_units_raise_with_their_reason(lost: list[dict[str, str]]) -> None:
    for r in lost[:10]:
        to = "bps" if r["system"] == "kemendagri" else "kemendagri"
        with pytest.raises(NoEquivalentError) as info:
            convert(r["code"], to=to)
        assert info.value.reason == r["reason"]


def test_outside_banten_kecamatan_has_no_crosswalk() -> None:
    with pytest.raises(NoEquivalentError) as info:
        convert("32.10.01", to="bps")
    assert info.value.reason == "outside_crosswalk"


@pytest.mark.parametrize("code", ["99.99", "3699", "36.01.99", "3601999", "abc", "36.1", ""])
def test_unknown_codes_raise(code: str) -> None:
    with pytest.raises(UnknownCodeError):
        convert(code, to="bps")
    with pytest.raises(UnknownCodeError):
        convert(code, to="kemendagri")


def test_bad_target_system() -> None:
    with pytest.raises(ValueError):
        convert("36.03", to="dukcapil")


def test_undotted_village_reading(walk: list[dict[str, str]]) -> None:
    """A 10-digit code that is a BPS desa and, undotted, a different Kemendagri desa: the
    target system decides the reading, and normalising it alone is refused."""
    kem = wilayah_list()
    for r in walk:
        b = r["bps"]
        if len(b) != 10 or b[6] not in "123":
            continue
        as_kem = f"{b[:2]}.{b[2:4]}.{b[4:6]}.{b[6:]}"
        if kem.get(as_kem) is not None and as_kem != r["kemendagri"]:
            assert convert(b, to="kemendagri") == r["kemendagri"]
            assert kem.normalize(b) is None
            return
    pytest.fail("expected a 10-digit code that reads as two different units")


def test_crosswalk_is_cached() -> None:
    assert crosswalk() is crosswalk()
    assert Path(FOLDER / "crosswalk-banten.csv").is_file()
