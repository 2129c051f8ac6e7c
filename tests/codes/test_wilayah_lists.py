"""The wilayah lists: counts, names, levels, parent chains and lazy loading."""

from __future__ import annotations

import time

import pytest

from satudata_meta.codes import codelist, codelist_names
from satudata_meta.codes.wilayah import (
    LEVELS,
    WilayahList,
    load_bps,
    load_kemendagri,
    wilayah_list,
)

# Counts of idn-area-data 4.0.1 (Kepmendagri 300.2.2-2138/2025) and of Banten in the
# reference (shared/reference/satudata-standards.md §3.4: 155 kecamatan, 314 kelurahan,
# 1,238 desa).
NATIONAL = {"provinsi": 38, "kabupaten_kota": 514, "kecamatan": 7285, "desa_kelurahan": 83762}
BANTEN = {"kabupaten_kota": 8, "kecamatan": 155, "desa_kelurahan": 1552}


@pytest.fixture(scope="module")
def kem() -> WilayahList:
    return wilayah_list("kemendagri")


@pytest.fixture(scope="module")
def bps() -> WilayahList:
    return wilayah_list("bps")


def test_lists_are_registered() -> None:
    names = codelist_names()
    assert "wilayah" in names and "wilayah_bps" in names
    assert isinstance(codelist("wilayah"), WilayahList)
    assert codelist("wilayah_bps").meta["system"] == "bps"


@pytest.mark.parametrize("level", LEVELS)
def test_national_counts(kem: WilayahList, level: str) -> None:
    assert len(kem.units(level=level)) == NATIONAL[level]
    assert kem.meta["counts"][level] == NATIONAL[level]


def test_len_and_iteration_agree(kem: WilayahList) -> None:
    codes = [c.code for c in kem]
    assert len(codes) == len(set(codes)) == len(kem) == sum(NATIONAL.values())
    assert codes == sorted(codes)


@pytest.mark.parametrize("level", ["kabupaten_kota", "kecamatan", "desa_kelurahan"])
def test_banten_counts(kem: WilayahList, level: str) -> None:
    assert len(kem.units(level=level, within="36")) == BANTEN[level]


def test_banten_desa_and_kelurahan(kem: WilayahList) -> None:
    kinds = [c.extra["kind"] for c in kem.units(level="desa_kelurahan", within="36")]
    assert kinds.count("kelurahan") == 314
    assert kinds.count("desa") == 1238


def test_bps_banten_counts(bps: WilayahList) -> None:
    assert [c.code for c in bps.units(level="provinsi")] == ["36"]
    assert len(bps.children("36")) == 8
    assert len(bps.units(level="kecamatan")) == 155
    assert len(bps.units(level="desa_kelurahan")) == bps.meta["counts"]["desa_kelurahan"]
    assert len(list(bps)) == len(bps)


def test_lookup_kabupaten_tangerang(kem: WilayahList) -> None:
    unit = kem.get("36.03")
    assert unit is not None
    assert unit.name == "Kabupaten Tangerang"
    assert unit.level == "kabupaten_kota"
    assert unit.extra["kind"] == "kabupaten"
    assert [a.code for a in kem.ancestors("36.03")] == ["36"]
    assert kem.get("36.71") is not None and kem.get("36.71").name == "Kota Tangerang"  # type: ignore[union-attr]


def test_village_parent_chain_and_kind(kem: WilayahList) -> None:
    unit = kem.get("36.01.01.2004")
    assert unit is not None and unit.name == "Tunggaljaya"
    assert unit.level == "desa_kelurahan" and unit.extra["kind"] == "desa"
    assert [(a.code, a.level) for a in kem.ancestors(unit.code)] == [
        ("36", "provinsi"), ("36.01", "kabupaten_kota"), ("36.01.01", "kecamatan")]
    assert kem.get("36.01.01").name == "Sumur"  # type: ignore[union-attr]


def test_village_kind_follows_the_fourth_segment(kem: WilayahList) -> None:
    expected = {"1": "kelurahan", "2": "desa", "3": "desa_adat"}
    seen = set()
    for unit in kem.units(level="desa_kelurahan"):
        assert unit.extra["kind"] == expected[unit.code[9]]
        seen.add(unit.extra["kind"])
    assert seen == set(expected.values())


def test_kabupaten_kota_names_are_explicit(kem: WilayahList) -> None:
    for unit in kem.units(level="kabupaten_kota"):
        kind = unit.extra["kind"]
        assert unit.name.startswith("Kabupaten " if kind == "kabupaten" else "Kota "), unit
        # Permendagri 58/2021: 01-69 kabupaten, 71-99 kota.
        assert (int(unit.code[3:]) >= 71) == (kind == "kota"), unit


def test_numbering_differs_between_systems(kem: WilayahList, bps: WilayahList) -> None:
    assert bps.get("3673010").name.casefold() == "curug"  # type: ignore[union-attr]
    assert kem.get("36.73.01").name == "Serang"  # type: ignore[union-attr]


def test_children_are_direct_and_ordered(kem: WilayahList, bps: WilayahList) -> None:
    kab = kem.children("36")
    assert [c.code for c in kab] == ["36.01", "36.02", "36.03", "36.04", "36.71", "36.72",
                                     "36.73", "36.74"]
    kec = kem.children("36.01.01")
    assert all(c.parent == "36.01.01" and c.level == "desa_kelurahan" for c in kec)
    assert "36.01.01.2004" in [c.code for c in kec]
    assert len(kem.children(None)) == 38
    assert kem.children("36.01.01.2004") == [] and kem.children("99.99") == []
    assert [c.code for c in bps.children("3601010")][:1] == ["3601010001"]


def test_unknown_codes(kem: WilayahList, bps: WilayahList) -> None:
    for code in ("99", "36.99", "36.01.99", "36.01.01.2999", "3603", "abc", ""):
        assert kem.get(code) is None
        assert code not in kem
    assert bps.get("36.03") is None and bps.get("3699") is None


def test_kab_lookup_does_not_read_villages() -> None:
    fresh = load_kemendagri()
    start = time.perf_counter()
    assert fresh.get("36.03") is not None
    assert fresh.ancestors("36.03")[0].name == "Banten"
    elapsed = time.perf_counter() - start
    assert not any(p.startswith("desa_kelurahan") for p in fresh.loaded_parts)
    assert "kecamatan" not in fresh.loaded_parts
    assert elapsed < 1.0


def test_village_lookup_reads_one_province() -> None:
    fresh = load_kemendagri()
    assert fresh.get("36.01.01.2004") is not None
    assert {p for p in fresh.loaded_parts if p.startswith("desa")} == {"desa_kelurahan/36"}
    assert len(fresh.units(level="desa_kelurahan", within="36.01")) > 0
    assert {p for p in fresh.loaded_parts if p.startswith("desa")} == {"desa_kelurahan/36"}


def test_loaders_return_fresh_lists() -> None:
    assert load_kemendagri() is not load_kemendagri()
    assert load_bps().system == "bps"
    assert codelist("wilayah") is codelist("wilayah")


def test_meta_names_source_licence_and_decree(kem: WilayahList, bps: WilayahList) -> None:
    meta = kem.meta
    assert meta["license"]["id"] == "ODbL-1.0" and "idn-area-data" in meta["license"][
        "attribution"]
    assert meta["source"]["package"] == "idn-area-data"
    assert meta["source"]["package_version"] == "4.0.1"
    assert "300.2.2-2138" in meta["decree"]["id"]
    assert bps.meta["license"]["id"] == "ODbL-1.0"
    assert "MFD" in bps.meta["license"]["attribution"]
    assert kem.title("en") != kem.title("id")
