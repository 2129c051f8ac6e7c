"""The table layer: encoding, dialect, header, types and constraints, with Frictionless.

Each resource's file is read by ``satudata_meta.tabular`` (which copes with the encodings,
delimiters, number formats and blank leftovers of real files) and the rows are validated by
frictionless against the resource's Table Schema or one inferred with the standard's column
conventions. Every error is reported (frictionless' limit of 1000 is lifted), with the row
numbers of the file. Frictionless' own codes keep their names.

One problem, one finding: where the content layer explains a cell better (a wilayah code
written as a number, a BPS code, a year outside the period), its finding replaces
frictionless' type or constraint error; duplicate keys are reported by the content layer
with both row numbers rather than as ``primary-key`` errors.
"""

from __future__ import annotations

import ast
import copy
import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from satudata_meta.checks import CheckContext
from satudata_meta.checks.content import Result, analyse
from satudata_meta.findings import Finding
from satudata_meta.tabular import personal
from satudata_meta.tabular.prepare import Prepared, prepare
from satudata_meta.tabular.schema import Plan, build

ENGINES = ("auto", "frictionless")

TYPE_LABELS: dict[str, dict[str, str]] = {
    "integer": {"id": "bilangan bulat", "en": "a whole number"},
    "number": {"id": "angka", "en": "a number"},
    "string": {"id": "teks", "en": "text"},
    "boolean": {"id": "nilai benar/salah (true/false)", "en": "a true/false value"},
    "date": {"id": "tanggal (YYYY-MM-DD)", "en": "a date (YYYY-MM-DD)"},
    "datetime": {"id": "tanggal dan jam", "en": "a date and time"},
    "time": {"id": "jam (HH:MM:SS)", "en": "a time (HH:MM:SS)"},
    "year": {"id": "tahun empat angka", "en": "a four-digit year"},
    "yearmonth": {"id": "tahun-bulan (YYYY-MM)", "en": "a year-month (YYYY-MM)"},
}
_NOTE = re.compile(r'constraint "(\w+)" is "(.*)"$', re.DOTALL)
_ROW_IN_NOTE = re.compile(r"row at position (\d+)")
_NO_DATA = {"-", "--", "—", "–", "n/a", "na", "null", "nihil", "tidak ada", "tdk ada", "x"}
_DECIMAL = re.compile(r"^[-+]?\d+[.,]\d+$")
# Frictionless error types that describe one cell (cell text and column are known).
CELL_ERRORS = ("type-error", "constraint-error", "missing-cell", "extra-cell", "unique-error")


def _constraint_reason(name: str, value: str) -> dict[str, str]:
    if name == "enum":
        try:
            options = ", ".join(str(v) for v in ast.literal_eval(value))
        except (ValueError, SyntaxError):
            options = value
        return {"id": f"harus salah satu dari: {options}", "en": f"must be one of: {options}"}
    texts = {
        "required": ("wajib diisi", "is required"),
        "minimum": (f"minimal {value}", f"must be at least {value}"),
        "maximum": (f"maksimal {value}", f"must be at most {value}"),
        "exclusiveMinimum": (f"harus lebih dari {value}", f"must be more than {value}"),
        "exclusiveMaximum": (f"harus kurang dari {value}", f"must be less than {value}"),
        "minLength": (f"panjangnya minimal {value} karakter",
                      f"must be at least {value} characters long"),
        "maxLength": (f"panjangnya maksimal {value} karakter",
                      f"must be at most {value} characters long"),
        "pattern": (f"harus cocok dengan pola {value}", f"must match the pattern {value}"),
        "unique": ("harus unik", "must be unique"),
    }
    id_text, en_text = texts.get(name, (f"{name} = {value}", f"{name} = {value}"))
    return {"id": id_text, "en": en_text}


def _type_advice(cell: str, type_: str) -> dict[str, str] | None:
    """A fix for the common causes of a type error, when the cell shows one."""
    if cell.casefold() in _NO_DATA:
        return {"id": "kosongkan sel bila datanya tidak ada (jangan diisi tanda atau teks)",
                "en": "leave the cell empty when there is no data (no dash or text)"}
    if cell.startswith("#"):
        return {"id": "sel berisi galat rumus Excel; perbaiki rumusnya atau isi angkanya",
                "en": "the cell holds an Excel formula error; fix the formula or type the value"}
    if "%" in cell:
        return {"id": "tulis angkanya saja, tanpa tanda %",
                "en": "write the number only, without the % sign"}
    if type_ == "integer" and _DECIMAL.match(cell):
        return {"id": "kolom ini bilangan bulat; bila nilainya memang pecahan, kolom jumlah_ "
                      "bukan tempatnya (pakai mis. rata_rata_ atau deklarasikan tipe number)",
                "en": "this column holds whole numbers; if the value really has decimals, "
                      "a jumlah_ column is the wrong place (use e.g. rata_rata_ or declare "
                      "type number)"}
    return None


def _shown(cell: str) -> dict[str, str]:
    return {"id": f"'{cell}'" if cell else "(kosong)", "en": f"'{cell}'" if cell else "(empty)"}


class TableCheck:
    name = "table"
    order = 10

    def run(self, context: CheckContext) -> Iterable[Finding]:
        from satudata_meta import fast

        engine = str(context.options.get("engine") or "auto")
        engines = ENGINES + (("fast",) if fast.available() else ())
        if engine not in engines:
            return [Finding.of("engine-unavailable", params={
                "engine": engine, "available": ", ".join(engines)},
                file=str(context.dataset.descriptor_path))]
        if fast.chosen(context):  # the same findings, from batches (satudata_meta.fast)
            return list(fast.table_findings(context))
        context.stats["engine"] = "frictionless"
        return list(self._run(context))

    def _run(self, context: CheckContext) -> Iterator[Finding]:
        tables = context.stats.setdefault("tables", {})
        for resource in context.dataset.resources:
            prepared = prepare(context, context.dataset, resource)
            yield from prepared.take_notes()
            if prepared.table is None:
                continue
            plan = build(prepared)
            yield from plan.findings
            stats: dict[str, Any] = {
                "rows": len(prepared.table.rows), "columns": len(prepared.table.header),
                "format": prepared.table.format, "schema": "declared" if plan.declared
                else "inferred", "numberFormat": plan.convention}
            if prepared.table.encoding:
                stats["encoding"] = prepared.table.encoding
                stats["delimiter"] = prepared.table.delimiter
            if prepared.table.sheet:
                stats["sheet"] = prepared.table.sheet
            tables[prepared.name] = stats
            if not prepared.table.rows:
                yield prepared.where.finding("no-data-rows", row_number=None,
                                             params={"resource": prepared.name})
                continue
            yield from validate_rows(context, prepared, plan)


def _frictionless_rows(prepared: Prepared, plan: Plan) -> tuple[list[str], list[list[str]]]:
    """Header and rows as frictionless gets them: numbers in machine form, duplicate labels
    of an inferred schema renamed (the duplicate is reported by us, once)."""
    table = prepared.table
    assert table is not None
    header = list(table.header)
    rows = [list(r) for r in table.rows]
    for col, changed in plan.converted.items():
        for row, text in changed.items():
            rows[row][col] = text
    return header, rows


def _duplicate_labels(prepared: Prepared, plan: Plan, header: list[str],
                      descriptor: dict[str, Any]) -> list[Finding]:
    """For an inferred schema: report repeated labels and make the field names of
    ``descriptor`` (a copy of the plan's) and ``header`` unique."""
    found: list[Finding] = []
    if plan.declared:
        return found
    seen: dict[str, int] = {}
    fields = descriptor["fields"]
    for i, label in enumerate(header):
        if not label:
            continue
        if label in seen:
            found.append(prepared.where.finding(
                "duplicate-label", field_name=label, field_number=i + 1,
                row_number=prepared.table.header_row if prepared.table else None,
                params={"label": label, "first": seen[label] + 1, "field": label}))
            unique = f"{label}~{i + 1}"
            header[i] = unique
            fields[i]["name"] = unique
        else:
            seen[label] = i
    return found


def validate_rows(context: CheckContext, prepared: Prepared, plan: Plan) -> Iterator[Finding]:
    """Run frictionless over the rows and translate its errors (every one of them)."""
    from frictionless import FrictionlessException, Resource, Schema

    table = prepared.table
    assert table is not None
    header, rows = _frictionless_rows(prepared, plan)
    descriptor = copy.deepcopy(plan.descriptor)
    yield from _duplicate_labels(prepared, plan, header, descriptor)
    content = analyse(context, prepared)
    try:
        schema = Schema.from_descriptor(descriptor)
        # A callable, not the list: frictionless deep-copies list data into its report.
        table_rows = [header, *rows]
        report = Resource(data=lambda: iter(table_rows), schema=schema).validate(
            limit_errors=sys.maxsize)
    except FrictionlessException as exc:
        yield prepared.where.finding("schema-error", params={
            "note": str(exc.error.note or exc.error.message)})
        return
    errors: list[Any] = [e for task in report.tasks for e in task.errors]
    # Frictionless reports a missing cell of a required field twice (missing-cell and the
    # "required" constraint): one problem, keep the missing cell.
    missing = {_cell_of(e) for e in errors if e.type == "missing-cell"}
    for error in errors:
        if error.type == "constraint-error" and _cell_of(error) in missing and str(
                error.note).startswith('constraint "required"'):
            continue
        finding = _translate(prepared, plan, error, header)
        if finding is not None:
            yield from _with_content(finding, content)
    if plan.primary_key:
        # The declared primary key was taken out of frictionless' hands: its duplicates are
        # reported with both rows (duplicate-key), by this layer when the content layer has
        # not given them yet.
        yield from content.take(i for i, f in enumerate(content.findings)
                                if f.code == "duplicate-key")
    for error in report.errors:  # task-independent problems
        yield prepared.where.finding(str(error.type), params={
            "note": str(getattr(error, "note", "")), "message": str(error.message)})


def _cell_of(error: Any) -> tuple[Any, Any]:
    return getattr(error, "row_number", None), getattr(error, "field_number", None)


def _with_content(finding: Finding, content: Result) -> list[Finding]:
    """A frictionless finding, or the content finding that says more about its cell; cells
    of personal-data columns are masked."""
    cell_key = (finding.row_number, (finding.field_number or 0) - 1)
    if finding.code in ("type-error", "constraint-error") and cell_key in content.explained:
        # Given here if the content layer has not run yet, or is not run at all.
        return content.take(content.explained[cell_key])
    if finding.field_number is not None and (
            finding.field_number - 1) in content.personal and finding.cell:
        original, masked = finding.cell, personal.mask(finding.cell)
        finding.cell = finding.params["cell"] = masked
        finding.params["value"] = _shown(masked)
        for key in ("message", "note"):
            finding.params[key] = str(finding.params.get(key, "")).replace(original, masked)
    return [finding]


def _physical(prepared: Prepared, inline_row: int | None) -> int | None:
    """Frictionless' row number in the data it was given -> the row number in the file."""
    table = prepared.table
    assert table is not None
    if inline_row is None:
        return None
    if inline_row <= 1:
        return table.header_row
    index = inline_row - 2
    return table.row_numbers[index] if index < len(table.row_numbers) else None


def _translate(prepared: Prepared, plan: Plan, error: Any, header: list[str]
               ) -> Finding | None:
    """One frictionless error as a finding with our row numbers and localised parameters."""
    table = prepared.table
    assert table is not None
    code = str(error.type)
    inline_row = getattr(error, "row_number", None)
    field_number = getattr(error, "field_number", None)
    field_name = getattr(error, "field_name", None) or None
    if field_name is not None and "~" in field_name and field_name not in table.header:
        field_name = field_name.split("~")[0]  # a duplicate label we renamed
    note = str(getattr(error, "note", "") or "")
    row_number = _physical(prepared, inline_row)
    if code in ("blank-label", "duplicate-label", "incorrect-label", "missing-label",
                "extra-label", "blank-header") and row_number is None:
        row_number = table.header_row
    cell: str | None = None
    if code in CELL_ERRORS and inline_row is not None and field_number is not None:
        index = inline_row - 2
        raw_row = table.rows[index] if 0 <= index < len(table.rows) else []
        cell = raw_row[field_number - 1] if field_number - 1 < len(raw_row) else None
        if cell is None:
            cell = str(getattr(error, "cell", "") or "")
    params: dict[str, Any] = {"message": str(error.message), "note": note,
                              "field": field_name or "", "row": row_number}
    if field_number is not None:
        params["number"] = field_number
    label = getattr(error, "label", None)
    if label is not None:
        params["label"] = str(label)
        if field_name is None and code in ("extra-label", "duplicate-label") and label:
            field_name = str(label)  # the column a person looks for
    if cell is not None:
        params["cell"] = cell
        params["value"] = _shown(cell)
    type_ = plan.types[field_number - 1] if field_number and field_number <= len(
        plan.types) else "any"
    if code == "type-error":
        params["type"] = TYPE_LABELS.get(type_, {"id": type_, "en": type_})
        advice = _type_advice(cell or "", type_)
        if advice:
            params["advice"] = advice
    elif code == "constraint-error":
        found = _NOTE.match(note)
        if found:
            params["constraint"] = found.group(1)
            params["reason"] = _constraint_reason(found.group(1), found.group(2))
    elif code == "unique-error":
        other = _ROW_IN_NOTE.search(note)
        if other:
            params["first_row"] = _physical(prepared, int(other.group(1)))
    elif code == "incorrect-label" and field_number is not None:
        fields = plan.descriptor.get("fields", [])
        if field_number - 1 < len(fields):
            params["expected"] = str(fields[field_number - 1].get("name", ""))
    return prepared.where.finding(
        code, row_number=row_number, field_name=field_name, field_number=field_number,
        cell=cell or None, params=params)
