"""A dataset workbook is a first-class input: the same findings as the data-package form of
the same dataset, metadata findings placed on the metadata sheet, and it publishes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner

from satudata_meta.cli.main import cli
from satudata_meta.dataset import discover, load
from satudata_meta.excel import template
from satudata_meta.findings import Report
from satudata_meta.validate import validate_dataset
from tests.excel.conftest import LAYOUT, Pair, Rows, data_summary, metadata_summary

MakePair = Callable[..., Pair]


@pytest.mark.parametrize("name", sorted(LAYOUT))
def test_clean_example_gives_the_same_findings_in_both_forms(pair: MakePair,
                                                             name: str) -> None:
    both = pair(name)
    original = validate_dataset(both.original)
    workbook = validate_dataset(both.workbook)
    assert load(both.workbook).form == "workbook"
    assert data_summary(workbook) == data_summary(original) == []
    assert metadata_summary(workbook) == metadata_summary(original)
    assert workbook.valid and original.valid
    assert workbook.stats["tables"][load(both.workbook).resources[0].name]["sheet"] == "data"


def _break(meta: dict[str, Any], rows: Rows) -> None:
    """The same mistakes in both forms: metadata and cells."""
    meta["kontak"]["email"] = "bukan-email"
    meta["frekuensi"] = "Tahunan"  # a spelling: normalised, with a warning
    del meta["konsep"]
    header = rows[0]
    code = header.index("kode_kabupaten_kota")
    rows[4][code] = "3601"  # row 5: Excel ate the dot
    rows[6][code] = "36.09"  # row 7: no such kab/kota
    rows[8][header.index("tahun")] = "2030"  # row 9: outside the period
    rows.append(list(rows[2]))  # row 82: a duplicate of row 3


def test_broken_example_gives_the_same_findings_in_both_forms(pair: MakePair) -> None:
    both = pair("penduduk-kabupaten-kota", _break)
    original = validate_dataset(both.original)
    workbook = validate_dataset(both.workbook)
    assert data_summary(workbook) == data_summary(original)
    assert metadata_summary(workbook) == metadata_summary(original)
    codes = {c for c, _, _ in data_summary(workbook)} | {c for c, _, _ in
                                                         metadata_summary(workbook)}
    assert {"code-format", "unknown-reference-code", "period-out-of-range", "duplicate-key",
            "metadata-invalid-value", "metadata-normalized",
            "metadata-missing-field"} <= codes
    assert not workbook.valid


def test_metadata_findings_point_at_the_metadata_sheet_row(pair: MakePair) -> None:
    both = pair("penduduk-kabupaten-kota", _break)
    report = Report(datasets=[validate_dataset(both.workbook)])  # the API places them too
    sheet = openpyxl.load_workbook(both.workbook)["metadata"]
    rows = {row[0].value: row[0].row for row in sheet.iter_rows(min_row=4) if row[0].value}
    found = {f.path: (f.sheet, f.row_number) for f in report.findings if f.resource is None}
    assert found["kontak.email"] == ("metadata", rows["kontak.email"])
    assert found["frekuensi"] == ("metadata", rows["frekuensi"])
    assert found["konsep"] == ("metadata", rows["konsep"])
    assert sheet.cell(rows["kontak.email"], 5).value == "bukan-email"
    # the text report names the sheet and the row
    result = CliRunner().invoke(cli, ["validate", str(both.workbook)])
    assert f"metadata › baris {rows['kontak.email']} › kontak.email" in result.output
    assert result.exit_code == 1


def test_dropdown_entries_and_yes_no_read_as_codes(pair: MakePair) -> None:
    both = pair("angka-partisipasi-sekolah")
    wb = openpyxl.load_workbook(both.workbook)
    ws = wb["metadata"]
    for row in ws.iter_rows(min_row=4):
        if row[0].value == "produsen_data":
            row[4].value = "dindikbud — Dinas Pendidikan dan Kebudayaan Provinsi Banten"
        if row[0].value == "mengandung_data_pribadi":
            row[4].value = "tidak"
    wb.save(both.workbook)
    dataset = load(both.workbook)
    assert dataset.metadata["produsen_data"] == "dindikbud"
    assert dataset.metadata["mengandung_data_pribadi"] is False
    assert metadata_summary(validate_dataset(both.workbook)) == metadata_summary(
        validate_dataset(both.original))


def test_a_duplicated_metadata_row_is_reported_where_it_is(pair: MakePair) -> None:
    both = pair("angka-partisipasi-sekolah")
    wb = openpyxl.load_workbook(both.workbook)
    ws = wb["metadata"]
    ws.append(["judul", "Judul", "", "WAJIB", "Judul kedua"])
    wb.save(both.workbook)
    report = validate_dataset(both.workbook)
    [dup] = [f for f in report.findings if f.code == "workbook-duplicate-field"]
    assert (dup.sheet, dup.row_number, dup.path) == ("metadata", ws.max_row, "judul")
    assert load(both.workbook).metadata["judul"] == "Judul kedua"


def test_a_workbook_without_metadata_sheet_is_not_a_dataset(tmp_path: Path) -> None:
    plain = tmp_path / "tabel.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["kode_kabupaten_kota", "tahun"])
    wb.save(plain)
    [finding] = validate_dataset(plain).findings
    assert finding.code == "source-unsupported"
    assert "satudata template" in finding.message("en")


def test_folders_discover_filled_workbooks_not_empty_templates(pair: MakePair,
                                                               tmp_path: Path) -> None:
    both = pair("angka-partisipasi-sekolah")
    empty = tmp_path / "kosong.xlsx"
    template.save(template.build(), empty)
    found = discover(tmp_path)
    assert both.workbook in found and empty not in found


def test_filled_template_validates_clean_and_publishes(pair: MakePair, tmp_path: Path) -> None:
    both = pair("penduduk-kabupaten-kota")
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", str(both.workbook)])
    assert result.exit_code == 0, result.output
    catalog = tmp_path / "katalog"
    result = runner.invoke(cli, ["publish", str(both.workbook), "--to", "local", "--dir",
                                 str(catalog)])
    assert result.exit_code == 0, result.output
    descriptor = json.loads(
        (catalog / "jumlah-penduduk-kabupaten-kota" / "datapackage.json").read_text())
    [resource] = descriptor["resources"]
    assert resource["format"] == "xlsx" and resource["sheet"] == "data"
    assert (catalog / "jumlah-penduduk-kabupaten-kota" / resource["path"]).is_file()
    assert descriptor["kontak"]["email"] == "kependudukan.dp3akkb@bantenprov.go.id"
    # the published copy validates as a data package, reading the data sheet
    published = validate_dataset(catalog / "jumlah-penduduk-kabupaten-kota")
    assert data_summary(published) == []
    result = runner.invoke(cli, ["export", str(both.workbook), "--format", "datajson"])
    assert result.exit_code == 0, result.output
    assert "jumlah-penduduk-kabupaten-kota" in result.output


def test_a_refused_workbook_is_a_fatal_finding(tmp_path: Path) -> None:
    from tests.excel.fixtures.build import zip_bomb

    bomb = zip_bomb(tmp_path / "bom", megabytes=64)
    bomb.with_name(bomb.name + ".metadata.yaml").unlink()  # as a workbook, not a sidecar
    report = validate_dataset(bomb)
    assert [f.code for f in report.findings] == ["xlsx-limit-exceeded"]
    assert not report.readable
