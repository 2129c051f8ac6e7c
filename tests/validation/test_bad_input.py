"""Input that cannot be read gives one clear fatal finding and exit code 2, never a traceback."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.validation.conftest import (
    APS,
    PADI,
    PENDUDUK,
    Copy,
    only,
    run,
    summary,
    validate_cli,
)

Make = Callable[[str], Copy]


def _xlsx_bytes(tmp: Path) -> bytes:
    import openpyxl  # type: ignore[import-untyped]

    wb = openpyxl.Workbook()
    wb.active.append(["kode_kabupaten_kota", "tahun"])
    wb.save(tmp / "real.xlsx")
    return (tmp / "real.xlsx").read_bytes()


BAD_CSV: dict[str, Callable[[Path], bytes]] = {
    "empty": lambda tmp: b"",
    "only-blank-lines": lambda tmp: b"\r\n\r\n  \r\n",
    "binary-png": lambda tmp: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    "binary-nul": lambda tmp: bytes(range(256)) * 8,
    "xlsx-named-csv": _xlsx_bytes,
    "invalid-utf8": lambda tmp: "kode,nama\n36.01,Sé\n".encode() + b"36.02,\xc3\x28\xff\n",
    "single-50mb-line": lambda tmp: b"36.01," * (50 * 1024 * 1024 // 6),
    "huge-cell": lambda tmp: b'kode,nama\n36.01,"' + b"x" * 3_000_000 + b'"\n',
}


@pytest.mark.parametrize("case", sorted(BAD_CSV))
def test_unreadable_csv_exit_2(copy_example: Make, tmp_path: Path, case: str) -> None:
    ds = copy_example(APS)
    ds.data_path.write_bytes(BAD_CSV[case](tmp_path))
    report = run(ds)
    assert summary(report) == [("source-unreadable", None, None)]
    found = only(report, "source-unreadable")
    assert found.fatal and found.file == str(ds.data_path)
    for lang in ("id", "en"):
        assert found.message(lang).count(str(ds.data_path)) == 1
    code, out = validate_cli(str(ds.target), "--lang", "en")
    assert code == 2 and "source-unreadable" in out


def test_invalid_utf8_names_byte_and_line(copy_example: Make, tmp_path: Path) -> None:
    ds = copy_example(APS)
    ds.data_path.write_bytes(BAD_CSV["invalid-utf8"](tmp_path))
    assert "line 3" in only(run(ds), "source-unreadable").message("en")


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 truncated", b"kode,tahun\n36.01,2020\n"])
def test_broken_xlsx_exit_2(copy_example: Make, tmp_path: Path, content: bytes) -> None:
    ds = copy_example(PENDUDUK)
    (ds.root / "data" / "penduduk.xlsx").write_bytes(content)
    ds.edit_meta(lambda m: m["resources"][0].update(path="data/penduduk.xlsx", format="xlsx"))
    report = run(ds)
    assert summary(report) == [("source-unreadable", None, None)]
    assert validate_cli(str(ds.root))[0] == 2


def test_xlsx_with_a_broken_part(copy_example: Make, tmp_path: Path) -> None:
    ds = copy_example(PENDUDUK)
    good = tmp_path / "good.xlsx"
    good.write_bytes(_xlsx_bytes(tmp_path))
    broken = ds.root / "data" / "penduduk.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]  # a sheet cut in half
            dst.writestr(item, data)
    ds.edit_meta(lambda m: m["resources"][0].update(path="data/penduduk.xlsx", format="xlsx"))
    assert summary(run(ds)) == [("source-unreadable", None, None)]


def test_missing_resource_file(copy_example: Make) -> None:
    ds = copy_example(PADI)
    ds.data_path.unlink()
    report = run(ds)
    assert summary(report) == [("source-not-found", None, None)]
    code, out = validate_cli(str(ds.root), "--format", "json")
    assert code == 2
    assert json.loads(out)["findings"][-1]["code"] == "source-not-found"


def test_descriptor_pointing_outside_its_folder(copy_example: Make) -> None:
    ds = copy_example(PADI)
    ds.edit_meta(lambda m: m["resources"][0].update(path="../../etc/passwd"))
    report = run(ds)
    assert [f.code for f in report.findings if f.fatal] == ["path-outside-package"]
    assert validate_cli(str(ds.root))[0] == 2


def test_old_excel_format_is_refused_with_advice(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK)
    (ds.root / "data" / "penduduk.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    ds.edit_meta(lambda m: m["resources"][0].update(path="data/penduduk.xls", format="xls"))
    found = only(run(ds), "source-unsupported")
    assert "XLSX" in found.message("en")
    assert validate_cli(str(ds.root))[0] == 2


def test_header_only_is_an_error_not_a_crash(copy_example: Make) -> None:
    ds = copy_example(APS)
    ds.write_rows(ds.rows()[:1])
    report = run(ds)
    assert summary(report) == [("no-data-rows", None, None)]
    assert validate_cli(str(ds.target))[0] == 1


def test_remote_resource_is_not_downloaded(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK)
    ds.edit_meta(lambda m: m["resources"][0].update(
        path=None, url="https://data.bantenprov.go.id/penduduk.csv"))
    report = run(ds)
    assert ("resource-not-checked", None, None) in summary(report)


def test_engine_choice_is_reported(copy_example: Make) -> None:
    # (The fast engine's libraries missing -> engine-unavailable: tests/fast/test_engine_choice.)
    ds = copy_example(PENDUDUK)
    code, out = validate_cli(str(ds.root), "--engine", "fast", "--lang", "en")
    assert code == 0 and "[engine: fast]" in out
    code, out = validate_cli(str(ds.root), "--engine", "frictionless", "--lang", "en")
    assert code == 0 and "[engine: frictionless]" in out
