"""The fast engine against the Frictionless path on the examples and broken copies of them:
the same findings, in the same order, with the same parameters and messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest

from tests.fast.conftest import assert_same
from tests.validation.conftest import APS, PADI, PENDUDUK, Copy

Make = Callable[[str], Copy]
KK = "kode_kabupaten_kota"

pytestmark = pytest.mark.usefixtures("tiny_blocks")


def _path(ds: Copy) -> Path:
    return Path(ds.target)


@pytest.mark.parametrize("name", [PENDUDUK, APS, PADI])
def test_examples(copy_example: Make, name: str) -> None:
    assert_same(_path(copy_example(name)))


def test_cells_of_every_kind_broken(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK)
    ds.set(4, "jumlah_penduduk", "banyak").set(9, "jumlah_penduduk", "-5")
    ds.set(30, "jenis_kelamin", "L").set(60, "tahun", "dua ribu").set(7, "tahun", "2030")
    ds.set(5, KK, "36.09").set(12, KK, "3602").set(22, "nama_kabupaten_kota", "Kota Tangerang")
    ds.set(33, "jumlah_penduduk", "").set(40, "jumlah_penduduk", " +7 ")
    ds.set(41, "jumlah_penduduk", "1.234").set(42, "jumlah_penduduk", "12.5")
    ds.edit_rows(lambda rows: rows.append(list(rows[2])))
    ds.edit_rows(lambda rows: rows.insert(50, [""] * 5))
    ds.edit_rows(lambda rows: rows[20].append("extra"))
    ds.edit_rows(lambda rows: rows.__setitem__(25, rows[25][:3]))
    assert_same(_path(ds))


@pytest.mark.parametrize("checks", [["table"], ["content"], ["metadata", "content"],
                                    ["content", "table"]])
def test_one_layer_alone_reports_what_it_reports_on_the_frictionless_path(
        copy_example: Make, checks: list[str]) -> None:
    """Content findings that stand in for table errors, and the duplicates of a declared
    primary key, go to whichever layer asks first."""
    def pattern(m: dict[str, Any]) -> None:
        m["resources"][0]["schema"]["fields"][2]["constraints"]["maximum"] = 2023
    ds = copy_example(PENDUDUK).edit_meta(pattern)
    ds.set(5, KK, "36.09").set(7, "tahun", "2030")
    ds.edit_rows(lambda rows: rows.append(list(rows[2])))
    found = assert_same(_path(ds), checks=checks)
    assert {f.code for f in found.findings if f.resource} >= (
        {"period-out-of-range"} if "content" in checks else {"duplicate-key"})


def test_blank_rows_without_required_columns(copy_example: Make) -> None:
    ds = copy_example(APS)  # an inferred schema: no column is required
    ds.edit_rows(lambda rows: rows.insert(10, [""] * 5))
    ds.edit_rows(lambda rows: rows.insert(30, ["", "", "", "", "", ""]))
    assert ("blank-row", 11) in [(f.code, f.row_number) for f in assert_same(_path(ds)).findings]


@pytest.fixture
def whole(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """One entry per table the fast engine reads whole (by the shared reader)."""
    from satudata_meta.fast import engine

    reads: list[bool] = []
    in_memory = engine._in_memory

    def counted(*args: Any) -> Any:
        reads.append(True)
        return in_memory(*args)
    monkeypatch.setattr(engine, "_in_memory", counted)
    return reads


@pytest.mark.parametrize("encoding,streamed", [("utf-8", True), ("utf-8-sig", True),
                                               ("cp1252", False), ("utf-16", False)])
def test_which_files_are_streamed(copy_example: Make, whole: list[bool],
                                  encoding: str, streamed: bool) -> None:
    """UTF-8 files are read in blocks; the others are read whole by the shared reader
    (docs/en/fast-engine.md), with the same findings."""
    ds = copy_example(PENDUDUK)
    rows = ds.rows()
    rows[3][1] = "Kota Cilégon"
    ds.write_rows(rows, delimiter=";", encoding=encoding)
    assert_same(_path(ds))
    assert bool(whole) is not streamed


def test_inferred_schema_and_missing_coverage(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK).drop_schema()
    ds.set(3, "jumlah_penduduk", "-1").set(6, "jumlah_penduduk", "12.5")
    ds.edit_rows(lambda rows: rows.__setitem__(slice(None), [
        r for r in rows if not (r[0] == "36.03" and r[2] == "2021")]))
    assert_same(_path(ds))


@pytest.mark.parametrize("stray", ["cek lagi", "1.234,5", "7", "12*"])
def test_cells_right_of_the_header_are_streamed(copy_example: Make, whole: list[bool],
                                                stray: str) -> None:
    """Cells beyond the header, in a table without a declared schema, are extra cells: the
    inferred schema has no column for them, so the file is still read in blocks."""
    ds = copy_example(PENDUDUK).drop_schema()
    rows = ds.rows()
    for row in (5, 30):
        rows[row - 1].append(stray)
    ds.write_rows(rows)
    fast = assert_same(_path(ds))
    assert [(f.code, f.row_number) for f in fast.findings if f.code == "extra-cell"] == [
        ("extra-cell", 5), ("extra-cell", 30)]
    assert not whole


def test_indonesian_numbers_semicolons_and_cp1252(copy_example: Make) -> None:
    ds = copy_example(PENDUDUK).drop_schema()
    rows = ds.rows()
    out = [rows[0]] + [[r[0].replace(".", "") if r[0] == "36.02" else r[0], r[1], r[2], r[3],
                        f"{int(r[4]):,}".replace(",", ".")] for r in rows[1:]]
    out[10][1] = "Kota Cilégon"
    ds.write_rows(out, delimiter=";", encoding="cp1252", tail=";;;;\r\n;;;;\r\n")
    assert_same(_path(ds))


@pytest.mark.parametrize("prefix,suffix", [
    (b"\xef\xbb\xbf", b""), (b"sep=;\r\n", b""), (b"Jumlah Penduduk Banten\r\n\r\n", b""),
    (b"", b"\r\n\r\nSumber: BPS Provinsi Banten\r\n"), (b"", b",,,,\r\n,,,,\r\n")])
def test_excel_leftovers(copy_example: Make, prefix: bytes, suffix: bytes) -> None:
    ds = copy_example(PENDUDUK)
    text = ds.data_path.read_bytes()
    if prefix.startswith(b"sep=;"):
        text = text.replace(b",", b";")
        suffix = suffix.replace(b",", b";")
    ds.data_path.write_bytes(prefix + text + suffix)
    assert_same(_path(ds))


def test_quotes_blank_labels_footnotes_and_personal_data(copy_example: Make) -> None:
    ds = copy_example(APS)
    rows = ds.rows()
    rows[0][3] = ""
    rows[0].append("nik")
    for i, row in enumerate(rows[1:]):
        row.append(f"360101450190{i + 1:04d}")
    rows[5][1] = 'Kabupaten "Lebak", Banten'
    rows[7][4] = "99.5*"
    rows[8][4] = "12 a)"
    rows[9][1] = "line\nbreak"
    ds.write_rows(rows)
    assert_same(_path(ds))


def test_unclosed_quote(copy_example: Make) -> None:
    ds = copy_example(PADI)
    text = ds.data_path.read_text(encoding="utf-8").splitlines()
    text[103] = text[103].replace("Sobang", '"Sobang')
    ds.data_path.write_text("\n".join(text) + "\n", encoding="utf-8")
    assert_same(_path(ds))


def test_header_problems_and_repeated_labels(copy_example: Make) -> None:
    ds = copy_example(PADI)
    rows = ds.rows()
    rows[0][1] = "nama_kec"
    for row in rows:
        row.append("x")
    ds.write_rows(rows)
    assert_same(_path(ds))
    aps = copy_example(APS)
    rows = aps.rows()
    rows[0][3] = "tahun"
    aps.write_rows(rows)
    assert_same(_path(aps))


def test_declared_constraints_of_every_kind(copy_example: Make) -> None:
    def schema(m: dict[str, Any]) -> None:
        fields = m["resources"][0]["schema"]["fields"]
        fields[0]["constraints"].update(pattern=r"36\.\d{2}", minLength=5, maxLength=5)
        fields[1]["constraints"]["unique"] = True
        fields[2]["constraints"].update(minimum=2019, maximum=2022, enum=[2019, 2020, 2021, 2022])
        fields[4]["type"] = "number"
        fields[4]["constraints"].update(exclusiveMaximum=700000)
        m["resources"][0]["schema"]["missingValues"] = ["", "-", "NA"]
    ds = copy_example(PENDUDUK).edit_meta(schema)
    ds.set(3, KK, "36.1").set(4, "jumlah_penduduk", "NA").set(5, "jumlah_penduduk", "1e3")
    ds.set(6, "jumlah_penduduk", "nan").set(8, "jumlah_penduduk", "-")
    assert_same(_path(ds))


def test_xlsx(copy_example: Make) -> None:
    ds = copy_example(APS)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Angka Partisipasi Sekolah Banten"])
    ws.append([])
    for i, row in enumerate(ds.rows()):
        ws.append(row if i == 0 else [int(row[0].replace(".", "")) if i == 14 else row[0],
                                      row[1], int(row[2]), row[3],
                                      "n/a" if i == 20 else float(row[4])])
    target = ds.root / "aps.xlsx"
    wb.save(target)
    (ds.root / "aps.xlsx.metadata.yaml").write_text(ds.meta_path.read_text(encoding="utf-8"),
                                                     encoding="utf-8")
    assert_same(target)


def test_one_column_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from satudata_meta.fast import engine, source
    from tests.validation.conftest import sidecar_dataset

    monkeypatch.setattr(source, "HELD_MAX", 50)  # one-cell rows are data, never held
    monkeypatch.setattr(engine, "_in_memory", lambda *a: pytest.fail("read whole"))
    lines = ["kode_kabupaten_kota"] + ["36.01", "36.02", "", "3603", "36.99"] * 40 + ["", ""]
    assert_same(sidecar_dataset(tmp_path, "\n".join(lines) + "\n"))


def test_units_and_months(tmp_path: Path) -> None:
    from tests.validation.conftest import sidecar_dataset

    lines = ["kode_wilayah,nama_wilayah,tahun,bulan,jumlah_kelahiran,satuan"]
    codes = [("36.01", "Kabupaten Pandeglang"), ("36.02", "Kabupaten Lebak"),
             ("36.71", "Kota Tangerang"), ("36.74", "Kota Tangerang Selatan")]
    lines += [f"{c},{n},2023,{m},{10 + m},{'Jiwa' if m == 4 else 'orang' if m == 5 else 'jiwa'}"
              for c, n in codes for m in range(1, 13) if (c, m) != ("36.02", 3)]
    target = sidecar_dataset(tmp_path, "\n".join(lines) + "\n",
                             periode={"awal": "2023-01", "akhir": "2023-10"},
                             frekuensi="bulanan", satuan="jiwa", ukuran="Jumlah",
                             tingkat_penyajian="kabupaten_kota")
    assert_same(target)


def test_key_cells_beyond_two_bytes_of_ids(tmp_path: Path) -> None:
    """A key column with more distinct cells than 16-bit ids hold (the fast engine widens
    them): its repeated keys are still found, with the cells as written."""
    from tests.validation.conftest import sidecar_dataset

    lines = ["nomor_dokumen,jumlah_penduduk"]
    lines += [f"D-{i:06d},{i % 97}" for i in range(66_000)]
    lines += ["D-000007,5", "d-065999,1"]  # the keys of rows 9 and 66,001 again
    report = assert_same(sidecar_dataset(tmp_path, "\n".join(lines) + "\n"))
    assert [(f.params["first_row"], f.row_number) for f in report.findings
            if f.code == "duplicate-key"] == [(9, 66002), (66001, 66003)]
