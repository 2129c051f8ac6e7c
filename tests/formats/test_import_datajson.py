"""Importing data.json feeds: every real feed imports without a crash and with a per-dataset
mapping report; dirty values are normalised through the code lists; what cannot be mapped is
reported, never guessed."""

from __future__ import annotations

import http.server
import json
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from satudata_meta.codes import codelist
from satudata_meta.dataset import load
from satudata_meta.importers.datajson import (
    FeedError,
    detect_scope,
    import_catalog,
    parse_feed,
    read_feed,
    summary,
    to_standard,
)
from satudata_meta.standard.check import check_metadata
from tests.conftest import require_shared
from tests.formats.conftest import FEEDS, run_cli

FEED_NAMES = ["bapanas01", "bps-sdgs", "jakarta2", "kemenaker", "padangpanjangkota",
              "palangkaraya", "provinsi-jawa-barat", "sulbar", "sulbar02"]


def feed(name: str) -> Path:
    path = FEEDS / f"{name}.json"
    if not path.is_file():
        require_shared(path)
    return path


def raw_datasets(name: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(feed(name).read_text("utf-8"),
                                            strict=False)["dataset"]
    return data


@pytest.mark.parametrize("name", FEED_NAMES)
def test_every_feed_imports_with_a_report(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("import", "datajson", str(feed(name)), "-o", str(out), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    count = len(raw_datasets(name))
    assert report["summary"]["datasets"] == count == len(report["datasets"])
    folders = sorted(p for p in out.iterdir() if p.is_dir())
    assert len(folders) == count  # one folder per dataset, ids unique
    for entry in report["datasets"]:
        assert set(entry) >= {"id", "unmapped", "missing", "path"}
        for item in entry["unmapped"]:
            assert item["message"] and item["reason"]
    # every written package is readable by the loader (it may still miss required fields)
    for folder in folders[:25]:
        dataset = load(folder)
        check_metadata(dataset.metadata)
    counts = report["summary"]["unmapped_by_field"]
    total = sum(len(d["unmapped"]) for d in report["datasets"])
    assert sum(counts.values()) == total


def test_control_characters_are_read_with_a_warning(tmp_path: Path) -> None:
    path = feed("sulbar")
    with pytest.raises(json.JSONDecodeError):
        json.loads(path.read_text("utf-8"))  # the feed really is invalid JSON
    catalog, warnings = read_feed(path)
    assert [w.code for w in warnings] == ["control-characters"]
    assert len(catalog["dataset"]) == 281
    result = run_cli("import", "datajson", str(path), "-o", str(tmp_path / "o"))
    assert result.exit_code == 0
    assert "karakter kendali" in result.stdout


def test_frequency_spellings_are_normalised() -> None:
    seen: dict[str, set[str]] = {}
    for name in ("jakarta2", "padangpanjangkota", "sulbar", "sulbar02"):
        for entry in raw_datasets(name):
            meta, _ = to_standard(entry)
            value = entry.get("accrualPeriodicity")
            if value is not None:
                seen.setdefault(str(meta.get("frekuensi")), set()).add(" ".join(str(value).split()))
    assert {"1 Tahun Sekali", "R/P1Y", "Tahunan"} <= seen["tahunan"]
    assert seen["bulanan"] == {"1 Bulan Sekali"}
    assert seen["triwulanan"] == {"3 Bulan Sekali"}
    assert seen["semesteran"] == {"6 Bulan Sekali"}
    assert seen["tidak_diketahui"] == {"Tidak didifinisikan"}
    # no code means the value was reported, not guessed
    assert seen["None"] == {"20 Tahun Sekali", "2"}


def test_unmappable_frequency_is_reported_with_its_value() -> None:
    entry = next(e for e in raw_datasets("jakarta2")
                 if e["accrualPeriodicity"] == "20 Tahun Sekali")
    meta, unmapped = to_standard(entry)
    assert "frekuensi" not in meta
    [item] = [u for u in unmapped if u.field == "frekuensi"]
    assert (item.key, item.value, item.reason) == (
        "accrualPeriodicity", "20 Tahun Sekali", "unknown-code")


def test_access_levels_pod_and_sdi() -> None:
    meta, _ = to_standard(raw_datasets("jakarta2")[0])
    assert meta["akses"] == "terbuka"  # POD "public"
    meta, _ = to_standard(raw_datasets("bapanas01")[0])
    assert meta["akses"] == "tertutup"  # SDI accessRights
    for level, akses in (("non-public", "tertutup"), ("restricted public", "terbatas")):
        assert to_standard({"accessLevel": level})[0]["akses"] == akses
    meta, unmapped = to_standard({"accessLevel": "public", "accessRights": "tertutup"})
    assert meta["akses"] == "tertutup"  # the SDI level wins, the conflict is reported
    assert [u.reason for u in unmapped] == ["conflict"]
    meta, unmapped = to_standard({"accessLevel": "private"})
    assert "akses" not in meta and unmapped[0].reason == "unknown-code"


def test_bapanas_national_keys() -> None:
    entry = raw_datasets("bapanas01")[0]
    meta, unmapped = to_standard(entry)
    for key in ("satuan", "ukuran", "interpretasi", "rumus", "metode_perhitungan"):
        if entry.get(key):
            assert key in meta or any(u.key == key for u in unmapped), key
    assert meta["prioritas_tahun"] == str(entry["prioritas_tahun"])
    assert meta["id_mskeg"] == str(entry["id_mskeg"])
    assert "tingkat_penyajian" in meta or any(u.key == "level_estimasi" for u in unmapped)
    no_home = {u.key for u in unmapped if u.field is None}
    assert {"i_instansi_penyelanggara", "publisher_type", "landingPage"} <= no_home


def test_publishers_map_only_when_unambiguous() -> None:
    name = "Dinas Komunikasi, Informatika, Statistik dan Persandian Provinsi Banten"
    meta, unmapped = to_standard({"publisher": {"name": name}})
    assert meta["produsen_data"] == "diskominfo" and unmapped == []
    # the same agency without "Banten", in a feed that is not Banten's: kept and reported
    short = "Dinas Komunikasi, Informatika, Statistik dan Persandian"
    meta, unmapped = to_standard({"publisher": {"name": short}})
    assert meta["produsen_data"] == short
    assert unmapped[0].reason == "publisher-not-banten"
    # ... but in Banten's own feed it names Banten's agency
    meta, unmapped = to_standard({"publisher": {"name": short}}, scope="banten")
    assert meta["produsen_data"] == "diskominfo" and unmapped == []
    # a name of no Banten agency (Jakarta's Dinas Lingkungan Hidup): kept, reported
    meta, unmapped = to_standard(raw_datasets("jakarta2")[0], scope="banten")
    assert meta["produsen_data"] == raw_datasets("jakarta2")[0]["publisher"]["name"]
    assert any(u.field == "produsen_data" for u in unmapped)


def test_foreign_feeds_never_get_banten_producers() -> None:
    for name in FEED_NAMES:
        catalog, _ = read_feed(feed(name))
        assert detect_scope(catalog) == "other", name
        for item in import_catalog(catalog):
            producer = item.metadata.get("produsen_data")
            # a name kept as written (and reported), never a Banten agency's code
            assert producer is None or codelist("perangkat_daerah").get(producer) is None, (
                name, producer)


def test_scope_detection_for_a_banten_feed() -> None:
    catalog = {"@id": "https://satudata.bantenprov.go.id/data.json",
               "dataset": [{"landingPage": "https://satudata.bantenprov.go.id/dataset/x"}]}
    assert detect_scope(catalog) == "banten"


def test_other_values() -> None:
    entry = {
        "identifier": "https://example.go.id/dataset/abc",
        "title": "Jumlah Guru SMK, 2021",
        "keyword": "guru, smk",
        "issued": "2024-03-20T00:00:00+08:00",
        "modified": "-",
        "temporal": "2019-01-01/2023-12-31",
        "spatial": {"@type": "dct:Location", "name": "Kota Padang Panjang"},
        "license": "http://creativecommons.org/licenses/by/4.0/legalcode",
        "theme": ["Kependudukan", "https://data.go.id/theme/sektoral"],
        "contactPoint": {"fn": "Walidata\nDiskominfo", "vcard:hasEmail": "a@b.go.id",
                         "hasPhone": "0812"},
        "distribution": [{"title": "Data 2023", "accessURL": "https://x.go.id/api/1",
                          "mediaType": "application/json"},
                         {"title": "Data 2023", "downloadURL": "https://x.go.id/a.xlsx"}],
    }
    meta, unmapped = to_standard(entry)
    assert meta["id"] == "jumlah-guru-smk-2021"  # a URL is no id: the title's slug
    assert meta["tag"] == ["guru", "smk"]
    assert meta["tanggal_rilis"] == "2024-03-20" and "tanggal_pemutakhiran" not in meta
    assert meta["periode"] == {"awal": "2019-01-01", "akhir": "2023-12-31"}
    assert meta["cakupan_wilayah"] == "13.74"
    assert meta["lisensi"] == "CC-BY-4.0"
    assert meta["topik"] == "kependudukan"
    assert meta["kontak"] == {"nama": "Walidata Diskominfo", "email": "a@b.go.id"}
    assert [(r["name"], r["format"]) for r in meta["resources"]] == [
        ("data-2023", "json"), ("data-2023-2", "xlsx")]
    reasons = {(u.key, u.reason) for u in unmapped}
    assert reasons == {("identifier", "id-rewritten"), ("modified", "invalid-date"),
                       ("theme", "unknown-code"), ("contactPoint.hasPhone", "no-home-reason")}
    assert check_metadata(meta)[0]["periode"] == meta["periode"]


def test_bad_feeds_fail_clearly(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"dataset": [ {"title": "x" ', "utf-8")
    with pytest.raises(FeedError) as info:
        read_feed(broken)
    assert info.value.code == "not-json" and "baris 1" in info.value.message("id")
    for content, code in ((b"[]", None), (b'{"a": 1}', "no-datasets"),
                          (b"\xff\xfe{", "not-json")):
        if code is None:
            assert parse_feed(content)[1][0].code == "bare-list"
            continue
        with pytest.raises(FeedError) as info:
            parse_feed(content)
        assert info.value.code == code
    for target in (broken, tmp_path / "missing.json"):
        result = run_cli("import", "datajson", str(target), "-o", str(tmp_path / "o"))
        assert result.exit_code == 2
        assert "Traceback" not in result.output and result.stderr.startswith("✗")


def test_report_text_per_dataset(tmp_path: Path) -> None:
    result = run_cli("import", "datajson", str(feed("jakarta2")), "-o", str(tmp_path / "o"),
                     "--lang", "en")
    assert result.exit_code == 0
    text = result.stdout
    assert text.count("\n[") == len(raw_datasets("jakarta2"))
    assert "'20 Tahun Sekali'" in text and "not in the frekuensi code list" in text
    assert "Not mapped, by field: produsen_data ×155" in text


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    result = run_cli("import", "datajson", str(feed("bapanas01")), "--dry-run")
    assert result.exit_code == 0 and "[2]" in result.stdout
    assert not any(tmp_path.iterdir())
    assert run_cli("import", "datajson", str(feed("bapanas01"))).exit_code == 2  # no -o


def test_written_package_content(tmp_path: Path) -> None:
    run_cli("import", "datajson", str(feed("jakarta2")), "-o", str(tmp_path))
    entry = raw_datasets("jakarta2")[0]
    data = yaml.safe_load((tmp_path / entry["identifier"] / "datapackage.yaml").read_text())
    assert data["judul"] == entry["title"]
    assert data["resources"][0]["url"] == entry["distribution"][0]["downloadURL"]
    assert data["resources"][0]["format"] == "xlsx"
    assert "path" not in data["resources"][0]  # links only, nothing downloaded


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def served_feeds() -> Iterator[str]:
    handler = lambda *a, **k: _Quiet(*a, directory=str(FEEDS), **k)  # noqa: E731
    with socketserver.TCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()


def test_feed_by_url(served_feeds: str, tmp_path: Path) -> None:
    feed("bapanas01")
    result = run_cli("import", "datajson", f"{served_feeds}/bapanas01.json", "-o",
                     str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["datasets"] == 2
    result = run_cli("import", "datajson", f"{served_feeds}/nothing.json", "-o", str(tmp_path))
    assert result.exit_code == 2 and "404" in result.stderr


def test_summary_counts_by_field() -> None:
    catalog, _ = read_feed(feed("padangpanjangkota"))
    info = summary(import_catalog(catalog))
    assert info["datasets"] == 1870
    assert not any("[0]" in key or "[1]" in key for key in info["unmapped_by_field"])
    assert info["unmapped_by_field"]["topik"] == 1870  # data.go.id/theme/sektoral
