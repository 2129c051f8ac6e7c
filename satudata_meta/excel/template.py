"""The dataset workbook template, generated from the standard (see ``layout`` for its sheets).

Every row of the metadata sheet, its label, help text, obligation and example comes from
``standards/metadata/satudata-banten-1.0.yaml``; every dropdown from the code lists; the data
sheet's header from the column conventions (kolom baku) for the chosen tingkat penyajian,
pre-filled with the wilayah codes and names of the chosen cakupan. Codes are written as
TEXT (and their whole column formatted as text), so Excel never turns 36.10 into 36.1.

The output is deterministic: the same standard and options give the same bytes (fixed
document dates and ZIP timestamps), so the committed example only changes when the
standard does. Its test still compares the workbook's content (``describe``), which says
what differs when it fails and does not depend on how openpyxl serialises XML.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from satudata_meta.codes import codelist
from satudata_meta.excel import layout
from satudata_meta.standard.spec import ColumnSpec, Standard, load_standard

FIXED_TIME = (2026, 1, 1, 0, 0, 0)
DEFAULT_TINGKAT = "kabupaten_kota"
DEFAULT_CAKUPAN = "36"
MEASURE_PLACEHOLDER = "jumlah_nilai"
TEXT_FORMAT = "@"
# Colours (ARGB without alpha): header, group rows, wajib values, empty wajib, notes.
HEADER_FILL = "1F4E79"
GROUP_FILL = "D9E1F2"
WAJIB_FILL = "FFF2CC"
EMPTY_WAJIB_FILL = "F8CBAD"
VALUE_FILL = "FFFFFF"
OBLIGATION_TEXT = {"wajib": "WAJIB", "disarankan": "disarankan", "opsional": "opsional"}
COLUMN_WIDTHS = {"A": 26, "B": 30, "C": 62, "D": 12, "E": 42, "F": 30}

GUIDE: tuple[tuple[str, str], ...] = (
    ("title", "Petunjuk pengisian templat dataset Satu Data Banten"),
    ("text", "Templat ini dibuat otomatis dari Standar Metadata Satu Data Banten. Satu berkas "
             "= satu dataset: lembar 'metadata' menjelaskan datanya, lembar 'data' berisi "
             "tabelnya."),
    ("head", "1. Lembar 'metadata'"),
    ("text", "Isi kolom E (isian) pada setiap baris. Kolom A (kolom) adalah nama baku isian; "
             "jangan diubah, karena laporan pemeriksaan menyebut nama itu."),
    ("text", "Baris bertanda WAJIB (kolom D, latar kuning) harus diisi; selama masih kosong, "
             "selnya berwarna merah muda. Baris 'disarankan' sebaiknya diisi agar data mudah "
             "ditemukan; 'opsional' boleh dikosongkan."),
    ("text", "Sel yang punya tanda panah saat dipilih berisi daftar pilihan (frekuensi, akses, "
             "lisensi, satuan, topik, produsen data, tingkat penyajian, bidang urusan, ya/tidak)."
             " Pilih dari daftar; jangan mengetik ulang."),
    ("text", "Tanggal ditulis TAHUN-BULAN-TANGGAL, misalnya 2024-03-15. Periode: tahun (2019), "
             "bulan (2019-06) atau tanggal. Kata kunci dipisah koma."),
    ("head", "2. Lembar 'data'"),
    ("text", "Baris 1 berisi judul kolom baku; jangan diubah, kecuali kolom ukuran "
             f"'{MEASURE_PLACEHOLDER}': ganti namanya sesuai isi data, misalnya "
             "jumlah_penduduk, persentase_aps atau rata_rata_lama_sekolah."),
    ("text", "Kode dan nama wilayah sudah terisi. Satu baris = satu wilayah x satu tahun: untuk "
             "beberapa tahun, salin baris-baris wilayah dan isi tahunnya."),
    ("text", "Kolom kode berformat TEKS agar 36.10 tidak berubah menjadi 36.1; jangan ubah "
             "formatnya. Tulis angka tanpa pemisah ribuan dan tanpa tanda catatan kaki; sel "
             "kosong berarti datanya tidak ada (jangan diisi tanda '-')."),
    ("text", "Jangan menambah judul tabel, catatan, sumber, sel gabungan (merge) atau baris "
             "tersembunyi di lembar data; judul, sumber dan catatan ditulis di lembar metadata."),
    ("head", "3. Memeriksa"),
    ("text", "Simpan berkas, lalu jalankan: satudata validate nama-berkas.xlsx"),
    ("text", "Laporan di dalam salinan Excel: satudata validate nama-berkas.xlsx --format xlsx "
             "-o laporan.xlsx. Sel yang bermasalah diberi warna (merah = galat, kuning = "
             "peringatan, biru = info) dan komentar; lembar 'laporan' berisi daftar semua "
             "temuan dengan tautan ke selnya. Berkas asli tidak diubah."),
    ("text", "Galat harus diperbaiki sebelum data dikirim ke walidata; peringatan sebaiknya "
             "diperbaiki; info hanya pemberitahuan."),
    ("head", "4. Memperbaiki otomatis"),
    ("text", "satudata fix nama-berkas.xlsx -o nama-berkas-perbaikan.xlsx menulis salinan "
             "dengan perbaikan yang aman (kode wilayah yang dimakan Excel, kode BPS ke "
             "Kemendagri, ejaan kode metadata, angka format Indonesia) dan mendaftar setiap "
             "perubahan. Yang meragukan tidak diubah, hanya dilaporkan."),
)


def _level_columns(tingkat: str, standard: Standard) -> list[ColumnSpec]:
    """The kode_/nama_ conventions of a level (none for a national table)."""
    found = []
    for name in (f"kode_{tingkat}", f"nama_{tingkat}"):
        spec = standard.column(name)
        if spec is not None and spec.name == name:
            found.append(spec)
    return found


def _units(tingkat: str, cakupan: str) -> list[tuple[str, str]]:
    """(code, name) of the units of ``tingkat`` inside ``cakupan`` (the cakupan itself when
    it is of that level)."""
    from satudata_meta.codes.wilayah import LEVELS, wilayah_list

    if tingkat not in LEVELS:
        return []
    kem = wilayah_list("kemendagri")
    unit = kem.get(cakupan)
    if unit is None:
        raise ValueError(f"unknown wilayah code {cakupan!r}")
    if unit.level == tingkat:
        return [(unit.code, unit.name)]
    return [(u.code, u.name) for u in kem.units(level=tingkat, within=cakupan)]


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped, unused-ignore]

    thin = Side(style="thin", color="BFBFBF")
    return {
        "header_font": Font(bold=True, color="FFFFFF"),
        "header_fill": PatternFill("solid", fgColor=HEADER_FILL),
        "group_fill": PatternFill("solid", fgColor=GROUP_FILL),
        "wajib_fill": PatternFill("solid", fgColor=WAJIB_FILL),
        "value_fill": PatternFill("solid", fgColor=VALUE_FILL),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "bold": Font(bold=True),
        "wajib_font": Font(bold=True, color="C00000"),
        "muted": Font(color="595959"),
        "example": Font(italic=True, color="7F7F7F"),
        "title": Font(bold=True, size=14, color=HEADER_FILL),
    }


def _codes_sheet(wb: Any, cakupan: str) -> dict[str, tuple[int, int]]:
    """The hidden sheet of dropdown lists; defined name -> (column, last row)."""
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.workbook.defined_name import DefinedName  # type: ignore[import-untyped, unused-ignore]

    from satudata_meta.codes.wilayah import wilayah_list

    ws = wb.create_sheet(layout.CODES_SHEET)
    ws.sheet_state = "hidden"
    lists: list[tuple[str, list[str]]] = [
        (name, [layout.entry(c.code, c.name) for c in codelist(name)])
        for name in layout.DROPDOWN_LISTS]
    lists.append((layout.BOOLEAN_RANGE, [layout.YES, layout.NO]))
    kem = wilayah_list("kemendagri")
    province = cakupan.split(".")[0]
    banten = [u for u in [kem.get(province)] if u is not None] + kem.units(
        level="kabupaten_kota", within=province) + kem.units(level="kecamatan", within=province)
    lists.append((layout.WILAYAH_RANGE, [layout.entry(u.code, u.name) for u in banten]))
    ranges: dict[str, tuple[int, int]] = {}
    for col, (name, values) in enumerate(lists, start=1):
        letter = get_column_letter(col)
        ws.cell(1, col, name)
        for row, value in enumerate(values, start=2):
            cell = ws.cell(row, col, value)
            cell.number_format = TEXT_FORMAT
        defined = layout.range_name(name)
        wb.defined_names[defined] = DefinedName(
            defined, attr_text=f"{layout.CODES_SHEET}!${letter}$2:${letter}${len(values) + 1}")
        ws.column_dimensions[letter].width = 40
        ranges[defined] = (col, len(values) + 1)
    return ranges


def _guide_sheet(wb: Any, st: dict[str, Any]) -> None:
    from openpyxl.styles import Font  # type: ignore[import-untyped, unused-ignore]

    ws = wb.active
    ws.title = layout.GUIDE_SHEET
    ws.column_dimensions["A"].width = 110
    row = 1
    for kind, text in GUIDE:
        cell = ws.cell(row, 1, text)
        cell.alignment = st["wrap"]
        if kind == "title":
            cell.font = st["title"]
        elif kind == "head":
            cell.font = Font(bold=True, size=12)
        ws.row_dimensions[row].height = 16 * max(1, -(-len(text) // 105))
        row += 2 if kind in ("title",) else 1
    layout.printable(ws)


def _metadata_sheet(wb: Any, st: dict[str, Any], standard: Standard,
                    preset: dict[str, str]) -> None:
    from openpyxl.formatting.rule import FormulaRule  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.styles import PatternFill  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped, unused-ignore]

    ws = wb.create_sheet(layout.METADATA_SHEET)
    ws.cell(1, 1, f"Metadata dataset — {standard.title['id']} {standard.version}").font = (
        st["title"])
    ws.cell(2, 1, "Isi kolom E (isian). Baris WAJIB harus diisi; pilih dari daftar bila sel "
                  "punya tanda panah. Jangan mengubah kolom A.").font = st["muted"]
    header_row = 3
    for col, name in enumerate(layout.HEADER, start=1):
        cell = ws.cell(header_row, col, name)
        cell.font, cell.fill, cell.border = st["header_font"], st["header_fill"], st["border"]
    for letter, width in COLUMN_WIDTHS.items():
        ws.column_dimensions[letter].width = width
    ws.column_dimensions["E"].number_format = TEXT_FORMAT
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    validations: dict[str, DataValidation] = {}
    row = header_row
    group: str | None = None
    value_col = layout.HEADER.index(layout.VALUE) + 1
    for item in layout.rows(standard):
        if item.group != group:
            group = item.group
            row += 1
            label = standard.group_label(group or "", "id")
            ws.cell(row, 2, label).font = st["bold"]
            for col in range(1, len(layout.HEADER) + 1):
                ws.cell(row, col).fill = st["group_fill"]
        row += 1
        spec = item.spec
        wajib = spec.obligation == "wajib"
        values = (item.path, spec.label.get("id", ""), spec.description.get("id", ""),
                  OBLIGATION_TEXT[spec.obligation])
        for col, shown in enumerate(values, start=1):
            cell = ws.cell(row, col, shown)
            cell.alignment, cell.border = st["wrap"], st["border"]
        ws.cell(row, 1).font = st["muted"]
        if wajib:
            ws.cell(row, 4).font = st["wajib_font"]
        value: Any = preset.get(item.path)
        if value is None and spec.default is not None:
            value = layout.show(spec, spec.default)
        cell = ws.cell(row, value_col, value)
        cell.number_format = TEXT_FORMAT
        cell.fill = st["wajib_fill"] if wajib else st["value_fill"]
        cell.border, cell.alignment = st["border"], st["wrap"]
        example = layout.show(spec, spec.example) if spec.example is not None else None
        if example is not None:
            cell = ws.cell(row, value_col + 1, example)
            cell.font, cell.alignment = st["example"], st["wrap"]
        ws.row_dimensions[row].height = _height((*values, value, example))
        source = layout.dropdown(spec)
        if source is not None:
            if source not in validations:
                strict = source != layout.range_name(layout.WILAYAH_RANGE) and not (
                    spec.codelist and codelist(spec.codelist).extensible)
                validations[source] = DataValidation(
                    type="list", formula1=f"={source}", allow_blank=True,
                    showErrorMessage=True, errorStyle="stop" if strict else "warning",
                    errorTitle="Pilih dari daftar",
                    error="Pilih nilai dari daftar (klik tanda panah di sebelah kanan sel).",
                    promptTitle=spec.label.get("id", "")[:32],
                    prompt="Pilih dari daftar.", showInputMessage=True)
            validations[source].add(ws.cell(row, value_col).coordinate)
    for validation in validations.values():
        ws.add_data_validation(validation)
    layout.printable(ws)
    value_letter = "E"
    ws.conditional_formatting.add(
        f"{value_letter}{header_row + 1}:{value_letter}{row}",
        FormulaRule(formula=[f'AND($D{header_row + 1}="WAJIB",LEN(TRIM(${value_letter}'
                             f'{header_row + 1}))=0)'],
                    fill=PatternFill("solid", fgColor=EMPTY_WAJIB_FILL, bgColor=EMPTY_WAJIB_FILL)))


def _height(values: tuple[Any, ...]) -> float:
    """A row tall enough for its wrapped text (neither Excel nor LibreOffice grows a row
    that openpyxl wrote)."""
    widths = list(COLUMN_WIDTHS.values())
    lines = max((-(-len(str(v)) // max(widths[i] - 2, 1)) for i, v in enumerate(values)
                 if v is not None and i < len(widths)), default=1)
    return 15.0 * max(1, lines)


def data_header(tingkat: str, standard: Standard | None = None) -> list[str]:
    """The data sheet's header for a level: kode_ and nama_ columns, tahun, the measure."""
    standard = standard or load_standard()
    return [c.name for c in _level_columns(tingkat, standard) if c.name] + [
        "tahun", MEASURE_PLACEHOLDER]


def _data_sheet(wb: Any, st: dict[str, Any], standard: Standard, tingkat: str,
                cakupan: str) -> None:
    from openpyxl.comments import Comment  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped, unused-ignore]

    ws = wb.create_sheet(layout.DATA_SHEET)
    header = data_header(tingkat, standard)
    for col, name in enumerate(header, start=1):
        cell = ws.cell(1, col, name)
        cell.font, cell.fill, cell.border = st["header_font"], st["header_fill"], st["border"]
        spec = standard.column(name)
        note = (spec.description.get("id", "") if spec is not None else "")
        if name == MEASURE_PLACEHOLDER:
            note = ("Ganti nama kolom ini sesuai ukuran datanya, misalnya jumlah_penduduk, "
                    "persentase_aps atau rata_rata_lama_sekolah. " + note)
        if note:
            cell.comment = Comment(note, "satudata")
            cell.comment.width, cell.comment.height = 300, 110
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = max(16, len(name) + 4)
        if spec is not None and spec.type == "string":
            ws.column_dimensions[letter].number_format = TEXT_FORMAT
    ws.column_dimensions["B"].width = 30
    ws.freeze_panes = "A2"
    text_columns = [i for i, name in enumerate(header)
                    if (spec := standard.column(name)) is not None and spec.type == "string"]
    for row, unit in enumerate(_units(tingkat, cakupan), start=2):
        for i, value in zip(text_columns[:2], unit, strict=False):
            cell = ws.cell(row, i + 1, value)
            cell.number_format = TEXT_FORMAT
    year_col = header.index("tahun") + 1
    year = DataValidation(type="whole", operator="between", formula1="1900", formula2="2100",
                          allow_blank=True, showErrorMessage=True, errorTitle="Tahun",
                          error="Tulis tahun empat angka, misalnya 2023.")
    letter = get_column_letter(year_col)
    year.add(f"{letter}2:{letter}10000")
    ws.add_data_validation(year)
    layout.printable(ws)


def build(tingkat: str = DEFAULT_TINGKAT, cakupan: str = DEFAULT_CAKUPAN,
          produsen: str | None = None, standard: Standard | None = None) -> Any:
    """The template as an openpyxl Workbook (see the module docstring); ``ValueError`` for
    an unknown tingkat, cakupan or produsen."""
    import openpyxl  # type: ignore[import-untyped, unused-ignore]

    standard = standard or load_standard()
    if codelist("tingkat_penyajian").get(tingkat) is None:
        raise ValueError(f"unknown tingkat_penyajian {tingkat!r}")
    if produsen is not None and codelist("perangkat_daerah").get(produsen) is None:
        raise ValueError(f"unknown produsen_data {produsen!r}")
    preset = {"tingkat_penyajian": tingkat, "cakupan_wilayah": cakupan}
    if produsen:
        preset["produsen_data"] = produsen
    units = _units(tingkat, cakupan)  # checks the cakupan
    del units
    wb = openpyxl.Workbook()
    st = _styles()
    _guide_sheet(wb, st)
    _metadata_sheet(wb, st, standard, preset)
    _data_sheet(wb, st, standard, tingkat, cakupan)
    _codes_sheet(wb, cakupan)
    wb.active = 0
    props = wb.properties
    props.creator = "satudata-meta"
    props.title = "Templat dataset Satu Data Banten"
    props.created = props.modified = dt.datetime(*FIXED_TIME)
    return wb


_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def save(wb: Any, target: Path | io.BytesIO) -> bytes:
    """Save deterministically: fixed document dates and ZIP timestamps (openpyxl stamps
    both with the current time). Returns the bytes written."""
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    stamp = dt.datetime(*FIXED_TIME).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = _CORE_DATES.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, data)
    content = out.getvalue()
    if isinstance(target, io.BytesIO):
        target.write(content)
    else:
        target.write_bytes(content)
    return content


def fill(wb: Any, metadata: dict[str, Any], header: Sequence[str],
         rows: Sequence[Sequence[Any]], standard: Standard | None = None) -> None:
    """Write a dataset into a template workbook: the metadata values into the metadata
    sheet's isian cells, the table into the data sheet (replacing what was there). Codes
    and names stay text; cells of numeric columns that hold plain numbers become numbers."""
    from satudata_meta.tabular.columns import resolve

    standard = standard or load_standard()
    ws = wb[layout.METADATA_SHEET]
    grid = [[c.value for c in r] for r in ws.iter_rows()]
    found = layout.find_header(grid)
    assert found is not None, "not a template workbook"
    header_index, columns = found
    key_col, value_col = columns[layout.KEY], columns[layout.VALUE]
    resources = metadata.get("resources")
    resource = resources[0] if isinstance(resources, list) and resources and isinstance(
        resources[0], dict) else {}
    for index in range(header_index + 1, len(grid)):
        key = layout.cell_text(grid[index][key_col]) if key_col < len(grid[index]) else ""
        spec = standard.field(key) if key else None
        if spec is None:
            continue
        if key.startswith("resources."):
            value = resource.get(key.removeprefix("resources."))
        else:
            value = metadata
            for part in key.split("."):
                value = value.get(part) if isinstance(value, dict) else None
        cell = ws.cell(index + 1, value_col + 1)
        cell.value = layout.show(spec, value)
        cell.number_format = TEXT_FORMAT
    if not header:
        return
    data = wb[layout.DATA_SHEET]
    data.delete_rows(1, data.max_row)
    types = {c.index: c.spec.type if c.spec is not None else None
             for c in resolve(list(header), standard)}
    for col, name in enumerate(header, start=1):
        data.cell(1, col, name)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row):
            cell = data.cell(r, c + 1, _typed(value, types.get(c)))
            if isinstance(cell.value, str):
                cell.number_format = TEXT_FORMAT


_PLAIN_INT = re.compile(r"^-?\d+$")
_PLAIN_NUMBER = re.compile(r"^-?\d+\.\d+$")


def _typed(value: Any, type_: str | None) -> Any:
    """A table cell as Excel should hold it: numbers as numbers in non-text columns."""
    if not isinstance(value, str) or type_ == "string":
        return value if value != "" else None
    if _PLAIN_INT.match(value) and not (len(value) > 1 and value.lstrip("-").startswith("0")):
        return int(value)
    if _PLAIN_NUMBER.match(value):
        return float(value)
    return value if value != "" else None


def describe(path: Path) -> dict[str, Any]:
    """A workbook's content, for comparing two workbooks whatever their bytes: sheets and
    their states, every non-empty cell (value and number format), data validations,
    defined names, merged ranges, comments and conditional formats."""
    import openpyxl  # type: ignore[import-untyped, unused-ignore]

    wb = openpyxl.load_workbook(path)
    out: dict[str, Any] = {"sheets": [(ws.title, ws.sheet_state) for ws in wb.worksheets],
                           "names": sorted((n, d.attr_text) for n, d in wb.defined_names.items())}
    for ws in wb.worksheets:
        cells = {}
        comments = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    cells[cell.coordinate] = (cell.value, cell.number_format)
                if cell.comment is not None:
                    comments[cell.coordinate] = cell.comment.text
        out[ws.title] = {
            "cells": cells, "comments": comments,
            "validations": sorted((str(v.sqref), v.type, v.formula1, v.formula2, v.errorStyle)
                                  for v in ws.data_validations.dataValidation),
            "merged": sorted(str(m) for m in ws.merged_cells.ranges),
            "conditional": sorted(str(r.sqref) for r in ws.conditional_formatting),
            "freeze": ws.freeze_panes,
            "text_columns": sorted(k for k, d in ws.column_dimensions.items()
                                   if d.number_format == TEXT_FORMAT),
        }
    return out


def default_example() -> Path:
    """The committed example template (examples/templat/templat-kabupaten-kota.xlsx)."""
    from satudata_meta.paths import repo_root

    root = repo_root()
    assert root is not None, "run from a source checkout"
    return root / "examples" / "templat" / "templat-kabupaten-kota.xlsx"


def main() -> None:
    """Regenerate the committed example template: ``python -m satudata_meta.excel.template``."""
    target = default_example()
    target.parent.mkdir(parents=True, exist_ok=True)
    save(build(), target)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
