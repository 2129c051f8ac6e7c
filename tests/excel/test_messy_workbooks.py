"""Workbooks as agencies make them (tests/excel/fixtures/build.py): each gives exactly the
findings its quirks call for, code by code and row by row, or a clear refusal; both XLSX
readers (calamine and openpyxl) give the same findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from satudata_meta.findings import DatasetReport, Finding
from satudata_meta.validate import validate_dataset
from tests.excel.fixtures import build

READERS = ("calamine", "openpyxl")
PEN = "jumlah_penduduk"


def _run(path: Path, reader: str, monkeypatch: pytest.MonkeyPatch) -> DatasetReport:
    monkeypatch.setenv("SATUDATA_XLSX_READER", reader)
    return validate_dataset(path)


def _summary(report: DatasetReport) -> list[tuple[str, int | None, str | None]]:
    return sorted(((f.code, f.row_number, f.field_name) for f in report.findings
                   if f.resource is not None or f.fatal),
                  key=lambda t: (t[0], t[1] or 0, t[2] or ""))


def _only(report: DatasetReport, code: str) -> Finding:
    [found] = [f for f in report.findings if f.code == code]
    return found


@pytest.fixture(params=READERS)
def reader(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_clean(tmp_path: Path, reader: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _summary(_run(build.clean(tmp_path), reader, monkeypatch)) == []


def test_title_block_and_notes_block(tmp_path: Path, reader: str,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    report = _run(build.title_and_notes(tmp_path), reader, monkeypatch)
    assert _summary(report) == [("leading-rows-skipped", 1, None),
                                ("notes-rows-skipped", 86, None)]
    title = _only(report, "leading-rows-skipped")
    assert (title.params["count"], title.params["header"], title.sheet) == (2, 4, "Tabel 3.1")
    notes = _only(report, "notes-rows-skipped")
    assert (notes.params["first"], notes.params["last"], notes.params["data_end"]) == (
        85, 87, 84)
    assert notes.params["text"].startswith("Sumber:")
    assert report.stats["tables"]["penduduk"]["rows"] == 80
    assert report.valid


def test_two_row_merged_header(tmp_path: Path, reader: str,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    report = _run(build.merged_header(tmp_path), reader, monkeypatch)
    assert _summary(report) == [
        ("column-name-not-standard", 2, "Jumlah Penduduk Laki-laki"),
        ("column-name-not-standard", 2, "Jumlah Penduduk Perempuan"),
        ("column-name-not-standard", 2, "Kode Kab/Kota"),
        ("column-name-not-standard", 2, "Nama Kab/Kota"),
        ("column-name-not-standard", 2, "Tahun"),
        ("header-rows-combined", 2, None),
        ("leading-rows-skipped", 1, None),
    ]
    combined = _only(report, "header-rows-combined")
    assert combined.params["labels"] == (
        "D: Jumlah Penduduk Laki-laki; E: Jumlah Penduduk Perempuan")
    assert combined.params["span"]["en"] == "rows 2-3"
    assert report.stats["tables"]["penduduk"]["rows"] == 40  # data from row 4
    assert report.valid


def test_text_numbers_thousands_and_footnote_marks(tmp_path: Path, reader: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    report = _run(build.text_numbers_and_footnotes(tmp_path), reader, monkeypatch)
    assert _summary(report) == [("footnote-marker", 80, PEN), ("number-format", 5, PEN),
                                ("number-stored-as-text", 3, PEN)]
    marks = _only(report, "footnote-marker")
    assert marks.params["rows"] == [80, 81] and marks.params["marks"] == "* a)"
    assert marks.params["read"] == marks.params["example"].rstrip("*")
    assert _only(report, "number-stored-as-text").params["rows"] == [3, 4]
    assert _only(report, "number-format").params["cells"] == 3  # row 5 and the two marked
    assert report.valid


def test_text_number_in_a_column_no_convention_names(tmp_path: Path, reader: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A column is numeric when its cells are real numbers, whatever its name."""
    report = _run(build.text_number_in_an_unnamed_column(tmp_path), reader, monkeypatch)
    found = _only(report, "number-stored-as-text")
    assert (found.field_name, found.params["rows"], found.cell) == ("skor", [6], "71.5")


def test_error_cells_are_read_as_excel_shows_them(tmp_path: Path, reader: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A formula error is the text Excel shows, never an empty cell (calamine reads it as
    empty; the scan of the sheet gives the text back)."""
    report = _run(build.error_cells(tmp_path), reader, monkeypatch)
    assert _summary(report) == [("type-error", 7, PEN), ("type-error", 12, PEN)]
    assert [f.cell for f in report.findings if f.code == "type-error"] == ["#REF!", "#N/A"]


def test_values_right_of_the_table_make_one_unlabelled_column(
        tmp_path: Path, reader: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet is a grid: values right of the last label stand in a column without a label,
    one finding for the header (as Frictionless reports a sheet Excel saved), whatever the
    number of rows holding them."""
    report = _run(build.stray_cells(tmp_path), reader, monkeypatch)
    assert _summary(report) == [("blank-label", 1, "field6")]


def test_hidden_rows_are_read_and_reported(tmp_path: Path, reader: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    report = _run(build.hidden_rows(tmp_path), reader, monkeypatch)
    assert _summary(report) == [("hidden-columns", 1, "bantu"), ("hidden-rows", 10, None)]
    assert _only(report, "hidden-rows").params["rows"] == [10, 11]
    assert report.stats["tables"]["penduduk"]["rows"] == 80  # hidden rows still read


def test_several_sheets_choose_the_first_table(tmp_path: Path, reader: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    report = _run(build.several_sheets(tmp_path), reader, monkeypatch)
    assert _summary(report) == [("sheet-chosen", None, None)]
    chosen = _only(report, "sheet-chosen")
    assert chosen.sheet == "Tabel 3.1" and chosen.params["count"] == 4
    message = chosen.message("id")
    assert "'Sampul' tidak berisi tabel" in message
    assert "'Tabel 3.2', 'olah' (tersembunyi)" in message


def test_the_sheet_named_by_the_resource_is_read(tmp_path: Path, reader: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    target = build.several_sheets(tmp_path)
    sidecar = target.with_name(target.name + ".metadata.yaml")
    meta = yaml.safe_load(sidecar.read_text())
    meta["resources"][0]["sheet"] = "Tabel 3.2"
    sidecar.write_text(yaml.safe_dump(meta))
    report = _run(target, reader, monkeypatch)
    assert "sheet-chosen" not in {f.code for f in report.findings}
    assert report.stats["tables"]["penduduk"]["sheet"] == "Tabel 3.2"


def test_merged_cells_in_the_data_are_filled(tmp_path: Path, reader: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    report = _run(build.merged_data(tmp_path), reader, monkeypatch)
    assert _summary(report) == [("merged-cells-filled", 2, "kode_kabupaten_kota")]
    filled = _only(report, "merged-cells-filled")
    assert filled.params["count"] == 80 and filled.params["first"] == "A2:A3"
    assert report.valid  # every row complete again: no missing code, no duplicate


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Built once: streaming 600 MB through deflate takes a few seconds."""
    root = tmp_path_factory.mktemp("bombs")
    return {size: build.zip_bomb(root / str(size), size) for size in (600, 64)}


@pytest.mark.parametrize(("megabytes", "reason"), [(600, "512 MB"), (64, "compressed")])
def test_zip_bomb_is_refused_before_opening(bombs: dict[int, Path], reader: str,
                                            monkeypatch: pytest.MonkeyPatch, megabytes: int,
                                            reason: str) -> None:
    target = bombs[megabytes]
    assert target.stat().st_size < 3 * 1024 * 1024  # small on disk
    report = _run(target, reader, monkeypatch)
    assert _summary(report) == [("xlsx-limit-exceeded", None, None)]
    assert reason in _only(report, "xlsx-limit-exceeded").message("en")
    assert not report.readable


def test_a_stray_far_cell_is_refused(tmp_path: Path, reader: str,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    report = _run(build.far_cell(tmp_path), reader, monkeypatch)
    assert _summary(report) == [("xlsx-limit-exceeded", None, None)]
    assert "XFD1048576" in _only(report, "xlsx-limit-exceeded").message("en")


def test_both_readers_agree_on_every_fixture(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for name, make in build.BUILDERS.items():
        if name in ("bom-zip", "sel-jauh"):
            continue
        target = make(tmp_path / name)
        found = {reader: [f.model_dump() for f in _run(target, reader, monkeypatch).findings]
                 for reader in READERS}
        assert found["calamine"] == found["openpyxl"], name

