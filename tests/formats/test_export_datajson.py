"""data.json (POD 1.1) export: schema-valid apart from the two US-federal codes, carries the
Satu Data keys the national harvester copies, and maps back to the standard losslessly for
every field POD can carry."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from satudata_meta.codes import codelist
from satudata_meta.exporters import ExportContext
from satudata_meta.exporters.datajson import DataJsonExporter, catalog
from satudata_meta.importers.crosswalk import DERIVED, NOT_CARRIED, pod_simple_fields
from satudata_meta.importers.datajson import to_standard
from satudata_meta.prepared import PreparedDataset, prepare
from tests.formats.conftest import needs_shared

# US-federal-only required keys (OMB bureau and program codes): no Indonesian equivalent.
FEDERAL_ONLY = ("bureauCode", "programCode")


def _registry(schemas: dict[str, dict[str, Any]]) -> Registry:
    resources = [(doc["id"].rstrip("#"), Resource.from_contents(doc, default_specification=DRAFT4))
                 for doc in schemas.values()]
    return Registry().with_resources(resources)


def _schemas() -> dict[str, dict[str, Any]]:
    folder = needs_shared("reference", "pod-1.1")
    return {p.name: json.loads(p.read_text("utf-8")) for p in sorted(folder.glob("*.json"))}


def pod_errors(doc: dict[str, Any], *, drop_federal: bool) -> list[jsonschema.ValidationError]:
    """Errors of ``doc`` against the POD 1.1 catalogue schema, resolved locally (no network).
    ``drop_federal``: validate against a copy whose dataset schema no longer requires
    bureauCode/programCode, and nothing else changed."""
    schemas = _schemas()
    if drop_federal:
        dataset = copy.deepcopy(schemas["dataset.json"])
        dataset["required"] = [k for k in dataset["required"] if k not in FEDERAL_ONLY]
        assert len(dataset["required"]) == len(schemas["dataset.json"]["required"]) - 2
        schemas["dataset.json"] = dataset
    validator = jsonschema.Draft4Validator(schemas["catalog.json"], registry=_registry(schemas),
                                           format_checker=jsonschema.FormatChecker())
    return list(validator.iter_errors(doc))


def export(datasets: list[PreparedDataset], context: ExportContext) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(DataJsonExporter().export(datasets, context))
    return doc


def test_every_example_is_pod_valid_apart_from_federal_codes(
        prepared_examples: dict[str, PreparedDataset], context: ExportContext) -> None:
    for name, ds in prepared_examples.items():
        doc = export([ds], context)
        errors = pod_errors(doc, drop_federal=True)
        assert errors == [], f"{name}: {[e.message for e in errors]}"
        # Against the unmodified schema the ONLY errors are the two federal codes.
        full = pod_errors(doc, drop_federal=False)
        assert sorted(e.message for e in full) == sorted(
            f"'{k}' is a required property" for k in FEDERAL_ONLY), name


def test_whole_catalogue_is_pod_valid(prepared_examples: dict[str, PreparedDataset],
                                      context: ExportContext) -> None:
    doc = export(list(prepared_examples.values()), context)
    assert len(doc["dataset"]) == len(prepared_examples)
    assert pod_errors(doc, drop_federal=True) == []
    assert doc["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"


def test_the_schema_check_can_fail(prepared_examples: dict[str, PreparedDataset],
                                   context: ExportContext) -> None:
    doc = export([prepared_examples["penduduk-kabupaten-kota"]], context)
    doc["dataset"][0]["accessLevel"] = "terbuka"  # an SDI value in the POD key
    doc["dataset"][0]["temporal"] = "2019 sampai 2023"
    messages = " ".join(e.message for e in pod_errors(doc, drop_federal=True))
    assert "'terbuka' is not one of" in messages and "2019 sampai 2023" in messages


def test_national_keys_and_values(prepared_examples: dict[str, PreparedDataset],
                                  context: ExportContext) -> None:
    ds = prepared_examples["penduduk-kabupaten-kota"]
    meta = ds.metadata
    entry = export([ds], context)["dataset"][0]
    akses = codelist("akses").get(meta["akses"])
    frekuensi = codelist("frekuensi").get(meta["frekuensi"])
    assert akses is not None and frekuensi is not None
    assert entry["accessLevel"] == akses.mappings["pod"]
    assert entry["accessRights"] == meta["akses"]  # terbuka/terbatas/tertutup, as the SDI
    assert entry["accrualPeriodicity"] == frekuensi.mappings["iso8601"]
    assert entry["publisher_type"] == "daerah-provinsi"
    for key in ("satuan", "ukuran", "konsep"):
        assert entry[key] == meta[key]
    assert entry["temporal"] == f"{meta['periode']['awal']}/{meta['periode']['akhir']}"
    assert entry["spatial"] == context.wilayah_base + meta["cakupan_wilayah"]
    assert entry["keyword"] == meta["tag"]
    producer = codelist("perangkat_daerah").get(meta["produsen_data"])
    assert producer is not None and entry["publisher"]["name"] == producer.name
    assert entry["contactPoint"] == {"@type": "vcard:Contact", "fn": meta["kontak"]["nama"],
                                     "hasEmail": "mailto:" + meta["kontak"]["email"]}
    assert entry["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert entry["landingPage"] == context.dataset_url(meta["id"])
    assert entry["identifier"] == meta["id"]
    assert entry["issued"] == meta["tanggal_rilis"]
    assert entry["modified"] == meta["tanggal_pemutakhiran"]
    dist = entry["distribution"][0]
    assert dist["downloadURL"].startswith(context.dataset_url(meta["id"]))
    assert dist["downloadURL"].endswith("/penduduk.csv")
    assert dist["mediaType"] == "text/csv" and dist["format"] == "csv"
    assert dist["byteSize"] == ds.resources[0].bytes
    # every plain field of the standard with a pod key travels under that key
    for m in pod_simple_fields():
        if meta.get(m.path) not in (None, ""):
            assert m.pod in entry, m.path


def test_optional_national_keys_of_the_msind_example(
        prepared_examples: dict[str, PreparedDataset], context: ExportContext) -> None:
    ds = prepared_examples["angka-partisipasi-sekolah"]
    entry = export([ds], context)["dataset"][0]
    assert entry["id_msind"] == ds.metadata["id_msind"]
    assert entry["rumus"] == ds.metadata["rumus"]
    assert entry["apakah_indikator_komposit"] is False  # the national key


def test_base_url_moves_every_link(prepared_examples: dict[str, PreparedDataset]) -> None:
    context = ExportContext(base_url="https://data.example.go.id/",
                            wilayah_base="https://kode.example.go.id/wilayah/")
    doc = export([prepared_examples["produksi-padi-kecamatan"]], context)
    entry = doc["dataset"][0]
    assert doc["@id"] == "https://data.example.go.id/data.json"
    assert entry["landingPage"].startswith("https://data.example.go.id/dataset/")
    assert entry["spatial"] == "https://kode.example.go.id/wilayah/36.01"


def _round_trip(ds: PreparedDataset, context: ExportContext) -> dict[str, Any]:
    entry = catalog([ds], context)["dataset"][0]
    back, unmapped = to_standard(json.loads(json.dumps(entry)), scope="banten",
                                 wilayah_base=context.wilayah_base)
    no_home = {u.key for u in unmapped if u.field is None}
    # what the export adds that the standard has no field for: POD/national plumbing only
    assert no_home == {"landingPage", "language", "publisher_type"} | {
        f"distribution[{i}].byteSize" for i, r in enumerate(ds.resources)
        if r.bytes is not None}, unmapped
    assert [u for u in unmapped if u.field is not None] == []
    return back


def lost_fields(original: dict[str, Any], back: dict[str, Any]) -> set[str]:
    """Field paths whose value did not come back (resource sub-fields as resources[].x)."""
    lost = set()
    for key, value in original.items():
        if key == "resources":
            by_name = {r["name"]: r for r in back.get("resources", [])}
            for res in value:
                returned = by_name.get(res["name"], {})
                lost |= {f"resources[].{k}" for k, v in res.items() if returned.get(k) != v}
        elif key == "tag":
            if sorted(back.get(key) or []) != sorted(value):
                lost.add(key)
        elif back.get(key) != value:
            lost.add(key)
    return lost


def test_round_trip_keeps_everything_pod_can_carry(
        prepared_examples: dict[str, PreparedDataset], context: ExportContext) -> None:
    lost: set[str] = set()
    for ds in prepared_examples.values():
        back = _round_trip(ds, context)
        lost |= lost_fields(ds.metadata, back)
        for derived, source in DERIVED["datajson"].items():
            if derived not in ds.metadata and derived in back:
                assert source in ds.metadata, derived
        for res in back["resources"]:
            assert res["url"].startswith(context.dataset_url(ds.id))
    # Pinned: exactly the unconditional losses listed for data.json, no more, no fewer.
    assert lost == set(NOT_CARRIED["datajson"]) - {"frekuensi"}


def test_frequencies_without_iso_form_are_the_listed_loss(
        write_package: Callable[..., Path], context: ExportContext) -> None:
    carried = []
    for code in codelist("frekuensi"):
        path = write_package(lambda m, c=code.code: m.update(frekuensi=c))
        ds = prepare(path)
        back = _round_trip(ds, context)
        if back.get("frekuensi") == code.code:
            carried.append(code.code)
        else:
            assert code.mappings.get("iso8601") is None, code.code
            assert "frekuensi" in NOT_CARRIED["datajson"]
            assert code.code in NOT_CARRIED["datajson"]["frekuensi"]["en"], code.code
    assert "tahunan" in carried and "tidak_tetap" in carried


def test_derived_modified_and_keyword(write_package: Callable[..., Path],
                                      context: ExportContext) -> None:
    def edit(meta: dict[str, Any]) -> None:
        meta.pop("tanggal_pemutakhiran")
        meta.pop("tag")

    ds = prepare(write_package(edit))
    entry = export([ds], context)["dataset"][0]
    assert entry["modified"] == ds.metadata["tanggal_rilis"]
    topic = codelist("topik").get(ds.metadata["topik"])
    assert topic is not None and entry["keyword"] == [topic.name]
    assert pod_errors({"conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
                       "dataset": [entry]}, drop_federal=True) == []


@pytest.mark.parametrize("akses,level", [("terbatas", "restricted public"),
                                         ("tertutup", "non-public")])
def test_access_levels(write_package: Callable[..., Path], context: ExportContext,
                       akses: str, level: str) -> None:
    ds = prepare(write_package(lambda m: m.update(akses=akses)))
    entry = export([ds], context)["dataset"][0]
    assert (entry["accessLevel"], entry["accessRights"]) == (level, akses)
