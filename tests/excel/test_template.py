"""The template is generated from the standard, and the committed example is current."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner

from satudata_meta.cli.main import cli
from satudata_meta.codes import codelist
from satudata_meta.excel import layout, template
from satudata_meta.standard.spec import load_standard

COMMITTED = Path(__file__).resolve().parents[2] / "examples" / "templat" / (
    "templat-kabupaten-kota.xlsx")


def _write(tmp_path: Path, *args: str) -> Path:
    target = tmp_path / "dataset.xlsx"
    result = CliRunner().invoke(cli, ["template", "-o", str(target), *args])
    assert result.exit_code == 0, result.output
    return target


def test_committed_example_is_current(tmp_path: Path) -> None:
    """Content, not bytes: says what differs (regenerate: python -m
    satudata_meta.excel.template)."""
    fresh = tmp_path / "fresh.xlsx"
    template.save(template.build(), fresh)
    assert template.describe(COMMITTED) == template.describe(fresh)


def test_output_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    template.save(template.build(), a)
    template.save(template.build(), b)
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


def test_describe_sees_a_changed_cell(tmp_path: Path) -> None:
    changed = tmp_path / "changed.xlsx"
    wb = template.build()
    wb["metadata"]["B5"] = "lain"
    template.save(wb, changed)
    assert template.describe(changed) != template.describe(COMMITTED)


def test_sheets_and_one_metadata_row_per_field(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(_write(tmp_path))
    assert wb.sheetnames == ["petunjuk", "metadata", "data", "kode"]
    assert wb["kode"].sheet_state == "hidden"
    ws = wb["metadata"]
    header = [c.value for c in ws[3]]
    assert header == list(layout.HEADER)
    keys = [r[0].value for r in ws.iter_rows(min_row=4) if r[0].value]
    assert keys == [row.path for row in layout.rows(load_standard())]
    assert {"kontak.nama", "kontak.email", "periode.awal", "periode.akhir",
            "resources.description"} <= set(keys)
    obligations = {r[0].value: r[3].value for r in ws.iter_rows(min_row=4) if r[0].value}
    assert obligations["judul"] == "WAJIB" and obligations["tag"] == "disarankan"
    assert obligations["rumus"] == "opsional"
    assert all(r[4].number_format == "@" for r in ws.iter_rows(min_row=4) if r[0].value)


def test_dropdowns_come_from_the_code_lists(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(_write(tmp_path))
    ws = wb["metadata"]
    rows = {r[0].value: r[0].row for r in ws.iter_rows(min_row=4) if r[0].value}
    by_cell = {}
    for validation in ws.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            for row in range(cell_range.min_row, cell_range.max_row + 1):
                by_cell[row] = validation.formula1
    expected = {"frekuensi": "frekuensi", "akses": "akses", "lisensi": "lisensi",
                "satuan": "satuan", "topik": "topik", "produsen_data": "perangkat_daerah",
                "tingkat_penyajian": "tingkat_penyajian", "bidang_urusan": "bidang_urusan",
                "mengandung_data_pribadi": "ya_tidak", "indikator_komposit": "ya_tidak",
                "cakupan_wilayah": "wilayah_banten"}
    for field, name in expected.items():
        assert by_cell[rows[field]] == f"=daftar_{name}", field
    names = dict(wb.defined_names.items())
    sheet, cells = names["daftar_perangkat_daerah"].attr_text.split("!")
    first, last = cells.replace("$", "").split(":")
    listed = [c.value for row in wb[sheet][first:last] for c in row]
    assert listed == [layout.entry(c.code, c.name) for c in codelist("perangkat_daerah")]
    assert "judul" not in {k for k, r in rows.items() if r in by_cell}


@pytest.mark.parametrize(("args", "codes"), [
    ((), ["36.01", "36.02", "36.03", "36.04", "36.71", "36.72", "36.73", "36.74"]),
    (("--tingkat-penyajian", "provinsi"), ["36"]),
])
def test_data_sheet_prefilled_with_wilayah_as_text(tmp_path: Path, args: tuple[str, ...],
                                                   codes: list[str]) -> None:
    wb = openpyxl.load_workbook(_write(tmp_path, *args))
    ws = wb["data"]
    header = [c.value for c in ws[1]]
    level = args[1] if args else "kabupaten_kota"
    assert header == [f"kode_{level}", f"nama_{level}", "tahun", template.MEASURE_PLACEHOLDER]
    column = [r[0] for r in ws.iter_rows(min_row=2)]
    assert [c.value for c in column] == codes
    assert all(c.data_type == "s" and c.number_format == "@" for c in column)
    assert ws.column_dimensions["A"].number_format == "@"


def test_kecamatan_of_the_chosen_cakupan(tmp_path: Path) -> None:
    from satudata_meta.codes.wilayah import wilayah_list

    target = _write(tmp_path, "--tingkat-penyajian", "kecamatan", "--cakupan", "36.01",
                    "--produsen", "distan")
    wb = openpyxl.load_workbook(target)
    codes = [r[0].value for r in wb["data"].iter_rows(min_row=2)]
    expected = [u.code for u in wilayah_list().units(level="kecamatan", within="36.01")]
    assert codes == expected and len(codes) > 20
    meta = {r[0].value: r[4].value for r in wb["metadata"].iter_rows(min_row=4) if r[0].value}
    assert (meta["tingkat_penyajian"], meta["cakupan_wilayah"], meta["produsen_data"]) == (
        "kecamatan", "36.01", "distan")


def test_refuses_to_overwrite_and_unknown_options(tmp_path: Path) -> None:
    target = _write(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["template", "-o", str(target)])
    assert result.exit_code == 2 and "--force" in result.output
    result = runner.invoke(cli, ["template", "-o", str(tmp_path / "x.xlsx"), "--produsen",
                                 "tidak-ada"])
    assert result.exit_code == 2 and "tidak-ada" in result.output
    result = runner.invoke(cli, ["template", "-o", str(tmp_path / "y.xlsx"), "--cakupan", "99"])
    assert result.exit_code == 2


def test_guide_sheet_explains_wajib_and_validate(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(_write(tmp_path))
    text = "\n".join(str(c.value) for c in wb["petunjuk"]["A"] if c.value)
    for needed in ("WAJIB", "satudata validate", "--format xlsx", "satudata fix", "TEKS"):
        assert needed in text


def test_template_from_an_existing_dataset(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2] / "examples" / "produksi-padi-kecamatan"
    target = _write(tmp_path, "--from", str(root))
    result = CliRunner().invoke(cli, ["validate", str(target)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(target)
    assert wb["data"]["A1"].value == "kode_kecamatan"
    assert isinstance(wb["data"]["D2"].value, int)  # jumlah_ as numbers, codes as text
    assert wb["data"]["A2"].data_type == "s"
