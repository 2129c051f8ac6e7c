"""Safe automatic fixes, written to a NEW file with a list of every change.

Safe means that only one reading of the cell is possible, given its column:

* wilayah codes in another notation: 3603 -> 36.03 (dots lost), "36.1" -> 36.10 (Excel
  dropped the zero; only in a kab/kota column), "36,1" (Indonesian Excel), 360101 ->
  36.01.01; BPS codes -> Kemendagri through the crosswalk (3601010 -> 36.01.01);
* a wilayah name where its code should be, or an empty code beside a recognised name: the
  code, when the name search finds one unit only (inside the cakupan);
* numbers in the Indonesian format (1.234.567 -> 1234567, 12,5 -> 12.5) when the file's
  format is decided by cells that read one way only; in XLSX, numbers stored as text
  become numbers;
* metadata: spellings of codes (Tahunan -> tahunan, "CC BY 4.0" -> CC-BY-4.0, "Persen" ->
  persen) and of yes/no, exactly the replacements the metadata check reports as
  ``metadata-normalized``.

Anything with two readings (a 10-digit code that is both a BPS and a Kemendagri village,
"Serang" for a kab/kota, 1.234 in a file whose number format is undecided, a number with a
footnote mark) is left as it is and listed as not fixed. The input is never written: the
output must be another path, of the same kind (CSV -> CSV, XLSX -> XLSX); a CSV with a
metadata file gets one beside the output too.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from satudata_meta.codes import codelist
from satudata_meta.dataset import Dataset, load, sidecar_for
from satudata_meta.errors import InputError
from satudata_meta.standard.spec import FieldSpec, Standard, load_standard
from satudata_meta.tabular import numbers
from satudata_meta.tabular.columns import Column, resolve
from satudata_meta.tabular.decode import decode
from satudata_meta.tabular.dialect import sniff, strip_sep_line
from satudata_meta.tabular.read import ReadError, Table, Where, read_table

LEVELS = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")
_COMMA_CODE = re.compile(r"^(\d{2}),(\d{1,2})$")
_PLAIN_INT = re.compile(r"^-?\d+$")
_PLAIN_NUMBER = re.compile(r"^-?\d*\.\d+$")

REASONS: dict[str, dict[str, str]] = {
    "undotted": {"id": "kode Kemendagri tanpa titik", "en": "Kemendagri code without dots"},
    "mangled": {"id": "Excel membuang angka nol di belakang kode",
                "en": "Excel dropped the code's trailing zero"},
    "bps": {"id": "kode BPS diganti kode Kemendagri (tabel padanan)",
            "en": "BPS code replaced by the Kemendagri code (crosswalk)"},
    "name-in-code": {"id": "nama wilayah di kolom kode diganti kodenya",
                     "en": "area name in the code column replaced by its code"},
    "code-from-name": {"id": "kode kosong diisi dari nama wilayah di sebelahnya",
                       "en": "empty code filled in from the area name beside it"},
    "number-format": {"id": "angka format Indonesia ditulis tanpa pemisah ribuan",
                      "en": "Indonesian-format number written without separators"},
    "number-text": {"id": "angka yang disimpan sebagai teks ditulis sebagai angka",
                    "en": "number stored as text written as a number"},
    "metadata-code": {"id": "ejaan diganti kode baku dari daftar kode",
                      "en": "spelling replaced by the code list's code"},
    "metadata-boolean": {"id": "ya/tidak ditulis baku", "en": "yes/no written as standard"},
    "encoding": {"id": "berkas ditulis ulang sebagai UTF-8", "en": "file rewritten as UTF-8"},
}
NOT_FIXED: dict[str, dict[str, str]] = {
    "ambiguous-code": {"id": "tidak diperbaiki: ambigu, kode ini dapat berarti {options}",
                       "en": "not fixed: ambiguous, this code can mean {options}"},
    "ambiguous-name": {"id": "tidak diperbaiki: ambigu, nama ini cocok dengan {options}",
                       "en": "not fixed: ambiguous, this name matches {options}"},
    "level-unknown": {"id": "tidak diperbaiki: ambigu, tingkat wilayah kolom ini tidak "
                            "diketahui (isi tingkat_penyajian di metadata)",
                      "en": "not fixed: ambiguous, the column's area level is unknown (fill "
                            "in tingkat_penyajian in the metadata)"},
    "ambiguous-number": {"id": "tidak diperbaiki: ambigu, format angka berkas ini tidak dapat "
                               "dipastikan (ribuan atau desimal?)",
                         "en": "not fixed: ambiguous, the file's number format cannot be "
                               "decided (thousands or decimals?)"},
    "footnote": {"id": "tidak diperbaiki: sel bertanda catatan kaki; hapus tandanya dulu",
                 "en": "not fixed: the cell has a footnote mark; remove the mark first"},
}


@dataclass
class Change:
    """One cell written differently in the output, and why."""

    file: str
    sheet: str | None
    row: int | None  # None: the metadata file, or the whole file
    column: str
    old: str
    new: str
    kind: str
    reason: dict[str, str]


@dataclass
class NotFixed:
    """A cell left as it was although it looks wrong, and why."""

    file: str
    sheet: str | None
    row: int
    column: str
    value: str
    kind: str
    reason: dict[str, str]


@dataclass
class FixResult:
    input: str
    output: str
    changes: list[Change] = field(default_factory=list)
    not_fixed: list[NotFixed] = field(default_factory=list)
    written: list[str] = field(default_factory=list)

    def to_dict(self, lang: str) -> dict[str, Any]:
        def local(item: Any) -> dict[str, Any]:
            data = asdict(item)
            data["reason"] = item.reason.get(lang, item.reason["id"])
            return data
        return {"input": self.input, "output": self.output, "written": self.written,
                "changes": [local(c) for c in self.changes],
                "notFixed": [local(n) for n in self.not_fixed]}


class FixError(Exception):
    """The input cannot be fixed (unreadable, or not a CSV/XLSX file)."""

    def __init__(self, message: dict[str, str], unreadable: bool = False) -> None:
        super().__init__(message["en"])
        self.message = message
        self.unreadable = unreadable


# --- wilayah codes ---------------------------------------------------------------------------


def _kemendagri() -> Any:
    from satudata_meta.codes.wilayah import wilayah_list

    return wilayah_list("kemendagri")


def _code_readings(value: str, levels: tuple[str, ...]) -> dict[str, str]:
    """Kemendagri code -> how it was read (undotted | mangled | bps), for every reading of
    ``value`` at one of ``levels``."""
    from satudata_meta.codes.wilayah import WilayahError, code_readings, conversion

    kem = _kemendagri()
    text = _COMMA_CODE.sub(r"\1.\2", value.strip())
    found: dict[str, str] = {}
    for reading in code_readings(text):
        if reading.system == "kemendagri":
            target, how = reading.code, "mangled" if reading.mangled else "undotted"
        else:
            try:
                target = conversion(reading.code, "kemendagri", source="bps").target
            except WilayahError:
                continue
            how = "undotted" if reading.level in LEVELS[:2] else "bps"
        unit = kem.get(target)
        if unit is not None and unit.level in levels:
            found.setdefault(unit.code, how)
    return found


def _name_matches(name: str, level: str, within: str | None) -> list[str]:
    """The codes a name may mean at a level: one when unambiguous, several when not."""
    from satudata_meta.codes.wilayah import WilayahError

    try:
        result = _kemendagri().search(name, level=level, within=within, limit=3)
    except (WilayahError, ValueError):
        return []
    best = result.best
    if best is None or best.score < 0.9:
        return []
    if result.ambiguous:
        return [c.code.code for c in result.candidates if c.score >= best.score - 0.05]
    return [best.code.code]


# --- the plan ------------------------------------------------------------------------------


@dataclass
class _Plan:
    """What to write where: (row number, 0-based column) -> new cell value (typed)."""

    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)  # dotted path -> new value


def _levels(column: Column, meta: dict[str, Any]) -> tuple[str, ...] | None:
    assert column.spec is not None
    if column.spec.level:
        return (column.spec.level,)
    tingkat = meta.get("tingkat_penyajian")
    return (tingkat,) if tingkat in LEVELS else None


class _Fixer:
    def __init__(self, result: FixResult, table: Table, meta: dict[str, Any],
                 raw: dict[tuple[int, int], Any]) -> None:
        self.result = result
        self.table = table
        self.meta = meta
        self.raw = raw  # (row number, column) -> the cell as stored (XLSX types), if known
        self.plan = _Plan()
        self.columns = resolve(table.header, load_standard())
        cakupan = meta.get("cakupan_wilayah")
        self.coverage = cakupan if isinstance(cakupan, str) and _kemendagri().get(
            cakupan) is not None else None

    def cell(self, r: int, col: int) -> str:
        row = self.table.rows[r]
        return row[col] if col < len(row) else ""

    def change(self, r: int, column: Column, old: str, new: Any, kind: str) -> None:
        number = self.table.row_numbers[r]
        self.plan.cells[(number, column.index)] = new
        self.result.changes.append(Change(
            self.result.input, self.table.sheet, number, column.label, old, str(new), kind,
            REASONS[kind]))

    def skip(self, r: int, column: Column, value: str, kind: str, **params: str) -> None:
        reason = {k: v.format(**params) for k, v in NOT_FIXED[kind].items()}
        self.result.not_fixed.append(NotFixed(
            self.result.input, self.table.sheet, self.table.row_numbers[r], column.label, value,
            kind, reason))

    def footnoted(self, r: int, column: Column) -> bool:
        stored = self.raw.get((self.table.row_numbers[r], column.index))
        return isinstance(stored, str) and stored.strip() != self.cell(r, column.index)

    def run(self) -> _Plan:
        by_name = {c.name: c for c in self.columns}
        for column in self.columns:
            if column.role == "kode_wilayah":
                pair = by_name.get(column.spec.pair) if column.spec and column.spec.pair else None
                self.codes(column, pair)
        self.numbers()
        return self.plan

    def codes(self, column: Column, pair: Column | None) -> None:
        levels = _levels(column, self.meta)
        kem = _kemendagri()
        for r in range(len(self.table.rows)):
            value = self.cell(r, column.index)
            if value and kem.get(value) is not None and (
                    levels is None or kem.get(value).level in levels):
                continue
            if levels is None:
                if value and not kem.get(value):
                    self.skip(r, column, value, "level-unknown")
                continue
            if value:
                readings = _code_readings(value, levels)
                if len(readings) == 1:
                    code, how = next(iter(readings.items()))
                    self.change(r, column, value, code, how)
                    continue
                if len(readings) > 1:
                    self.skip(r, column, value, "ambiguous-code",
                              options=" / ".join(sorted(readings)))
                    continue
                if re.fullmatch(r"[\d.,\s]+", value):
                    continue  # an unknown code: the validator says so; nothing safe to do
            name = value if value else (self.cell(r, pair.index) if pair else "")
            if not name:
                continue
            matches = _name_matches(name, levels[-1], self.coverage)
            if len(matches) == 1:
                self.change(r, column, value, matches[0],
                            "name-in-code" if value else "code-from-name")
            elif len(matches) > 1:
                self.skip(r, column, value or name, "ambiguous-name",
                          options=" / ".join(matches))

    def numbers(self) -> None:
        numeric = [c for c in self.columns if c.spec is not None and c.spec.type in (
            "integer", "number")]
        evidence = numbers.Evidence()
        for c in numeric:
            assert c.spec is not None
            evidence.add(c.label, self.table.column(c.index), integer=c.spec.type == "integer")
        convention = evidence.convention()
        for c in numeric:
            assert c.spec is not None
            integer = c.spec.type == "integer"
            for r in range(len(self.table.rows)):
                value = self.cell(r, c.index)
                if not value:
                    continue
                kind = numbers.shape(value)
                if kind is None:
                    continue
                if self.footnoted(r, c):
                    self.skip(r, c, str(self.raw.get((self.table.row_numbers[r], c.index))),
                              "footnote")
                    continue
                if kind in numbers.AMBIGUOUS and not evidence.decided:
                    self.skip(r, c, value, "ambiguous-number")
                    continue
                machine = numbers.to_machine(value, convention, integer)
                if machine is None:
                    continue
                stored = self.raw.get((self.table.row_numbers[r], c.index))
                if machine != value:
                    self.change(r, c, value, _number(machine), "number-format")
                elif isinstance(stored, str) and self.raw:
                    self.change(r, c, value, _number(machine), "number-text")


def _number(text: str) -> int | float:
    return int(text) if _PLAIN_INT.match(text) else float(text)


# --- metadata --------------------------------------------------------------------------------


def _metadata_fixes(metadata: dict[str, Any], standard: Standard, file: str,
                    sheet: str | None, positions: dict[str, tuple[str, int]],
                    result: FixResult) -> dict[str, Any]:
    """Dotted path -> canonical value, for code and yes/no fields written another way."""
    from satudata_meta.excel.layout import NO, YES

    out: dict[str, Any] = {}

    def visit(specs: tuple[FieldSpec, ...], data: dict[str, Any], prefix: str) -> None:
        for spec in specs:
            value = data.get(spec.name)
            path = prefix + spec.name
            if isinstance(value, dict) and spec.fields:
                visit(spec.fields, value, path + ".")
                continue
            if value is None or isinstance(value, list | dict):
                continue
            new: Any = None
            kind = ""
            if spec.type == "code" and spec.codelist and not isinstance(value, bool):
                match = codelist(spec.codelist).normalize(value)
                if match is not None and not match.exact:
                    new, kind = match.code.code, "metadata-code"
            elif spec.type == "boolean" and not isinstance(value, bool):
                key = str(value).strip().casefold()
                if key in ("y", "yes", "true", "benar", "1", YES):
                    new, kind = True, "metadata-boolean"
                elif key in ("t", "no", "false", "salah", "0", "bukan", NO):
                    new, kind = False, "metadata-boolean"
            if new is None:
                continue
            out[path] = new
            where = positions.get(path)
            if isinstance(new, bool):
                shown = (YES if new else NO) if where else str(new).lower()
            else:
                shown = str(new)
            result.changes.append(Change(
                file, where[0] if where else sheet, where[1] if where else None, path,
                str(value), shown, kind, REASONS[kind]))

    visit(standard.fields, metadata, "")
    return out


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


# --- writing ---------------------------------------------------------------------------------


def _write_csv(source: Path, target: Path, plan: _Plan, result: FixResult) -> None:
    from satudata_meta.tabular.decode import DecodeError

    try:
        decoded = decode(source.read_bytes())
    except DecodeError as exc:
        raise FixError(exc.reason, unreadable=True) from exc
    dialect = sniff(decoded.text)
    text = decoded.text
    offset = 0
    head = ""
    if dialect.sep_line:
        stripped = strip_sep_line(text)
        head, text, offset = text[:len(text) - len(stripped)], stripped, 1
    newline = "\r\n" if "\r\n" in text[:65536] else "\n"
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter))
    for (number, col), value in plan.cells.items():
        record = records[number - 1 - offset]
        if col >= len(record):
            record.extend([""] * (col + 1 - len(record)))
        record[col] = str(value)
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=dialect.delimiter, lineterminator=newline).writerows(records)
    target.write_text(head + out.getvalue(), encoding="utf-8", newline="")
    if decoded.encoding not in ("utf-8", "utf-8-sig"):
        result.changes.insert(0, Change(str(source), None, None, "", decoded.label, "UTF-8",
                                        "encoding", REASONS["encoding"]))


def _write_xlsx(source: Path, target: Path, sheet: str | None, plan: _Plan,
                metadata_cells: dict[tuple[str, int, int], Any]) -> None:
    import openpyxl  # type: ignore[import-untyped, unused-ignore]

    wb = openpyxl.load_workbook(source)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    for (number, col), value in plan.cells.items():
        cell = ws.cell(number, col + 1)
        cell.value = value
        if isinstance(value, str):
            cell.number_format = "@"
        elif cell.number_format == "@":
            cell.number_format = "General"
    for (name, row, col), value in metadata_cells.items():
        cell = wb[name].cell(row, col)
        cell.value = value
        cell.number_format = "@"
    wb.save(target)


def _raw_cells(source: Path, table: Table) -> dict[tuple[int, int], Any]:
    """The stored cells of an XLSX table (to tell text from numbers, and footnoted cells)."""
    from satudata_meta.excel.cells import read_grid

    grid = read_grid(source, table.sheet or "")
    out: dict[tuple[int, int], Any] = {}
    for number in table.row_numbers:
        if number - 1 < len(grid):
            for col, value in enumerate(grid[number - 1]):
                if value is not None:
                    out[(number, col)] = value
    return out


def fix(source: Path, target: Path) -> FixResult:
    """Fix ``source`` into ``target`` (see the module docstring); ``FixError`` when it
    cannot be done, ``ValueError`` when ``target`` is not allowed."""
    if target.resolve() == source.resolve() or (target.exists() and target.samefile(source)):
        raise ValueError("output is the input")
    fmt = source.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise FixError({"id": f"hanya berkas CSV atau XLSX yang dapat diperbaiki, bukan {fmt}",
                        "en": f"only CSV or XLSX files can be fixed, not {fmt}"})
    if target.suffix.lower().lstrip(".") != fmt:
        raise ValueError(f"output must be a .{fmt} file, like the input")
    standard = load_standard()
    dataset: Dataset | None = None
    try:
        dataset = load(source)
    except InputError as exc:
        if exc.finding.fatal and exc.finding.code != "source-unsupported":
            raise FixError({lang: exc.finding.message(lang) for lang in ("id", "en")},
                           unreadable=True) from exc
    metadata = dict(dataset.metadata) if dataset is not None else {}
    from satudata_meta.standard.check import check_metadata

    normalised, _ = check_metadata(metadata) if metadata else ({}, [])
    sheet = None
    if dataset is not None and dataset.resources:
        declared = dataset.resources[0].descriptor.get("sheet")
        sheet = declared if isinstance(declared, str) else None
    try:
        table = read_table(source, fmt, Where(str(source)), sheet)
    except ReadError as exc:
        raise FixError({lang: exc.finding.message(lang) for lang in ("id", "en")},
                       unreadable=True) from exc
    result = FixResult(str(source), str(target))
    raw = _raw_cells(source, table) if fmt == "xlsx" else {}
    plan = _Fixer(result, table, normalised, raw).run()
    form = dataset.form if dataset is not None else None
    meta_fixes = _metadata_fixes(metadata, standard, str(source),
                                 "metadata" if form == "workbook" else None,
                                 dataset.positions if dataset is not None else {}, result)
    if fmt == "csv":
        _write_csv(source, target, plan, result)
    else:
        cells: dict[tuple[str, int, int], Any] = {}
        if form == "workbook" and dataset is not None and meta_fixes:
            from satudata_meta.excel.layout import NO, YES
            from satudata_meta.excel.workbook import read_metadata

            column = read_metadata(source).value_column
            for path, value in meta_fixes.items():
                name, row = dataset.positions[path]
                shown = (YES if value else NO) if isinstance(value, bool) else value
                cells[(name, row, column)] = shown
        _write_xlsx(source, target, table.sheet, plan, cells)
    result.written.append(str(target))
    if form == "sidecar" and dataset is not None:
        fixed = yaml.safe_load(dataset.descriptor_path.read_text(encoding="utf-8-sig"))
        for path, value in meta_fixes.items():
            _set(fixed, path, value)
        if isinstance(fixed.get("resources"), list):
            for res in fixed["resources"]:
                if isinstance(res, dict) and res.get("path") == source.name:
                    res["path"] = target.name
        sidecar = sidecar_for(target)
        sidecar.write_text(yaml.safe_dump(fixed, allow_unicode=True, sort_keys=False,
                                          width=100), encoding="utf-8")
        result.written.append(str(sidecar))
    return result
