"""``satudata fix``: only unambiguous fixes, into a new file, every change listed; the result
validates with fewer findings; ambiguous cells stay and are listed."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
import yaml
from click.testing import CliRunner

from satudata_meta.cli.main import cli
from satudata_meta.codes.wilayah import convert
from satudata_meta.excel.fix import fix
from satudata_meta.validate import validate_dataset
from tests.excel.conftest import EXAMPLES, Pair, Rows

MakePair = Callable[..., Pair]


def _codes(path: Path) -> list[str]:
    return sorted(f.code for f in validate_dataset(path).findings if f.severity.value != "info")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fix_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["fix", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def _break_codes(meta: dict[str, Any], rows: Rows) -> None:
    meta["frekuensi"] = "Tahunan"
    meta["lisensi"] = "CC BY 4.0"
    rows[4][0] = "3601"  # row 5: dots lost
    rows[14][0] = "Kabupaten Lebak"  # row 15: a name in the code column
    rows[24][0] = ""  # row 25: empty code, "Kabupaten Tangerang" beside it
    rows[34][0] = "Serang"  # row 35: Kabupaten or Kota Serang? ambiguous
    rows[9][4] = f"{int(rows[9][4]):,}".replace(",", ".")  # row 10: 1.234.567


def test_workbook_fixed_into_a_new_file(pair: MakePair, tmp_path: Path) -> None:
    both = pair("penduduk-kabupaten-kota", _break_codes)
    before = _sha(both.workbook)
    out = tmp_path / "diperbaiki.xlsx"
    result = fix(both.workbook, out)
    assert _sha(both.workbook) == before
    changes = {(c.sheet, c.row, c.column): (c.old, c.new, c.kind) for c in result.changes}
    assert changes[("data", 5, "kode_kabupaten_kota")] == ("3601", "36.01", "undotted")
    assert changes[("data", 15, "kode_kabupaten_kota")] == (
        "Kabupaten Lebak", "36.02", "name-in-code")
    assert changes[("data", 25, "kode_kabupaten_kota")] == ("", "36.03", "code-from-name")
    assert changes[("data", 10, "jumlah_penduduk")][1:] == (
        str(int(changes[("data", 10, "jumlah_penduduk")][0].replace(".", ""))),
        "number-format")
    meta_changes = {c.column: (c.old, c.new) for c in result.changes if c.sheet == "metadata"}
    assert meta_changes == {"frekuensi": ("Tahunan", "tahunan"),
                            "lisensi": ("CC BY 4.0", "CC-BY-4.0")}
    assert [(n.row, n.column, n.value, n.kind) for n in result.not_fixed] == [
        (35, "kode_kabupaten_kota", "Serang", "ambiguous-name")]
    assert "ambigu" in result.not_fixed[0].reason["id"]
    wb = openpyxl.load_workbook(out)
    assert wb["data"]["A5"].value == "36.01" and wb["data"]["A5"].data_type == "s"
    assert isinstance(wb["data"]["E10"].value, int)
    assert wb["data"]["A35"].value == "Serang"
    before_codes, after_codes = _codes(both.workbook), _codes(out)
    assert len(after_codes) < len(before_codes)
    assert "code-format" not in after_codes and "metadata-normalized" not in after_codes
    assert "unknown-reference-code" in after_codes  # Serang is left for a person


def test_sidecar_csv_with_bps_codes_and_indonesian_numbers(tmp_path: Path) -> None:
    folder = tmp_path / "padi"
    meta = json.loads((EXAMPLES / "produksi-padi-kecamatan" / "datapackage.json").read_text())
    del meta["resources"]
    meta["akses"] = "Terbuka"
    with (EXAMPLES / "produksi-padi-kecamatan" / "data" / "produksi-padi.csv").open() as fh:
        rows = list(csv.reader(fh))
    bps = convert(rows[1][0], "bps")
    rows[1][0] = bps  # row 2: a BPS code
    rows[3][1] = "Sumúr"  # a letter Windows-1252 writes as one byte
    for row in rows[1:]:
        row[3] = f"{int(row[3]):,}".replace(",", ".")
    folder.mkdir()
    source = folder / "padi.csv"
    source.write_bytes("\r\n".join(";".join(r) for r in rows).encode("cp1252") + b"\r\n")
    (folder / "padi.csv.metadata.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    out = folder / "padi-baru.csv"
    code, text = _fix_cli(str(source), "-o", str(out), "--json")
    assert code == 0, text
    listed = json.loads(text)
    kinds = [c["kind"] for c in listed["changes"]]
    assert kinds[0] == "encoding" and kinds.count("bps") == 1
    assert kinds.count("number-format") == len(rows) - 1
    assert listed["changes"][0]["old"] == "Windows-1252"
    bps_change = next(c for c in listed["changes"] if c["kind"] == "bps")
    assert (bps_change["row"], bps_change["old"], bps_change["new"]) == (2, bps, "36.01.01")
    assert set(listed["written"]) == {str(out), str(out) + ".metadata.yaml"}
    fixed = list(csv.reader(out.open(encoding="utf-8"), delimiter=";"))
    assert fixed[1][0] == "36.01.01" and fixed[1][3] == rows[1][3].replace(".", "")
    assert yaml.safe_load((folder / "padi-baru.csv.metadata.yaml").read_text())[
        "akses"] == "terbuka"
    before, after = _codes(source), _codes(out)
    assert {"bps-code-used", "number-format", "non-utf8-encoding"} <= set(before)
    assert len(after) < len(before)
    assert not {"bps-code-used", "number-format", "non-utf8-encoding",
                "metadata-normalized"} & set(after)


def test_excel_mangled_code_only_at_kab_kota_level(tmp_path: Path) -> None:
    """"32.1" is 32.10 (Majalengka) in a kab/kota column; in a kode_wilayah column whose
    level the metadata does not give, it stays."""
    meta = yaml.safe_load((EXAMPLES / "angka-partisipasi-sekolah" /
                           "aps.csv.metadata.yaml").read_text())
    meta["cakupan_wilayah"] = "32"
    source = tmp_path / "jabar.csv"
    source.write_text("kode_kabupaten_kota,kode_wilayah,tahun,persentase_aps\n"
                      "32.1,32.1,2020,99.30\n", encoding="utf-8")
    (tmp_path / "jabar.csv.metadata.yaml").write_text(yaml.safe_dump(meta))
    result = fix(source, tmp_path / "jabar-baru.csv")
    assert [(c.column, c.old, c.new, c.kind) for c in result.changes] == [
        ("kode_kabupaten_kota", "32.1", "32.10", "mangled"),
        ("kode_wilayah", "32.1", "32.10", "mangled")]  # the level from tingkat_penyajian
    del meta["tingkat_penyajian"]
    (tmp_path / "jabar.csv.metadata.yaml").write_text(yaml.safe_dump(meta))
    result = fix(source, tmp_path / "jabar-baru.csv")
    assert [(c.column, c.new) for c in result.changes] == [("kode_kabupaten_kota", "32.10")]
    assert [(n.column, n.kind) for n in result.not_fixed] == [("kode_wilayah", "level-unknown")]


def test_ambiguous_numbers_are_not_guessed(tmp_path: Path) -> None:
    meta = yaml.safe_load((EXAMPLES / "angka-partisipasi-sekolah" /
                           "aps.csv.metadata.yaml").read_text())
    source = tmp_path / "aps.csv"
    source.write_text("kode_kabupaten_kota,tahun,persentase_aps\n36.01,2020,94.391\n"
                      "36.02,2020,95.120\n", encoding="utf-8")
    (tmp_path / "aps.csv.metadata.yaml").write_text(yaml.safe_dump(meta))
    result = fix(source, tmp_path / "aps-baru.csv")
    assert result.changes == []
    assert [(n.row, n.value, n.kind) for n in result.not_fixed] == [
        (2, "94.391", "ambiguous-number"), (3, "95.120", "ambiguous-number")]
    assert (tmp_path / "aps-baru.csv").read_text() == source.read_text()


@pytest.mark.parametrize("other", ["same", "suffix"])
def test_refuses_to_write_the_input_or_another_kind(pair: MakePair, other: str) -> None:
    both = pair("angka-partisipasi-sekolah")
    before = _sha(both.workbook)
    out = both.workbook if other == "same" else both.workbook.with_suffix(".csv")
    code, text = _fix_cli(str(both.workbook), "-o", str(out))
    assert code == 2, text
    assert _sha(both.workbook) == before


def test_text_output_lists_every_change(pair: MakePair, tmp_path: Path) -> None:
    both = pair("penduduk-kabupaten-kota", _break_codes)
    code, text = _fix_cli(str(both.workbook), "-o", str(tmp_path / "x.xlsx"))
    assert code == 0
    assert "data › baris 5 › kode_kabupaten_kota: '3601' -> '36.01'" in text
    assert "tidak diperbaiki" in text and "'Serang'" in text
    assert "satudata validate" in text


def test_unreadable_input_exit_2(tmp_path: Path) -> None:
    from tests.excel.fixtures.build import far_cell

    target = far_cell(tmp_path)
    code, text = _fix_cli(str(target), "-o", str(tmp_path / "out.xlsx"))
    assert code == 2 and "XFD1048576" in text
    assert not (tmp_path / "out.xlsx").exists()
