"""The fast engine: one pass over a resource's rows in batches, both layers' findings.

The table layer's findings are frictionless' own. Vectorised filters find the rows that may
hold an error (a cell that is not plainly valid for its field, a row of another width, a
blank row, a repeated ``unique`` value); frictionless itself then judges each such row,
with the same ``Row`` and cell readers it uses when it validates a file, and its errors are
translated by the table layer's ``_translate``. A filter may let a valid row through to
frictionless (it costs a little time) but never stops a row with an error: that is what the
differential tests check.

The content layer's findings come from ``fast.content``. The number convention and inferred
types (``fast.plan``) are decided from the first batch and checked at the end: when the whole
file decides otherwise, the rows are validated again with the final plan.
"""

from __future__ import annotations

import copy
import sys
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from satudata_meta.checks import CheckContext
from satudata_meta.checks.content import Result
from satudata_meta.checks.table import _duplicate_labels, _translate, _with_content
from satudata_meta.dataset import Dataset, Resource
from satudata_meta.fast import plan as plans
from satudata_meta.fast.content import Analysis
from satudata_meta.fast.source import (
    Batch,
    CsvStream,
    Fallback,
    Layout,
    col,
    const,
    layout_of,
    merged,
    table_batches,
)
from satudata_meta.findings import Finding
from satudata_meta.standard.spec import load_standard
from satudata_meta.tabular.columns import Column, resolve
from satudata_meta.tabular.prepare import (
    display_path,
    prepare,
)
from satudata_meta.tabular.read import CSV_FORMATS, MAX_BYTES, Where

INTEGER = r"^[-+]?[0-9]{1,18}$"
NUMBER = r"^[-+]?[0-9]{1,15}(?:\.[0-9]{1,15})?$"  # exact in a float when short enough
ORACLE_CACHE = 200_000  # distinct cells judged by frictionless, kept per field
PLAN_ROWS = 16_384  # rows at least the first batch holds (the plan is decided on it)


class _Numbers:
    """Row numbers of the data rows (they have no gaps): index -> physical number."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout

    def __getitem__(self, index: int) -> int:
        return self.layout.row_number(index)

    def __len__(self) -> int:
        return sys.maxsize  # rows are numbered as they are read


class _Rows:
    """The raw cells of the rows that have findings (the only rows ``_translate`` reads)."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.kept: dict[int, list[str]] = {}

    def __getitem__(self, index: int) -> list[str]:
        return self.kept.get(index, [])

    def __len__(self) -> int:
        return sys.maxsize


class TableView:
    """What the table and content layers read of a ``Table``, for a streamed file."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.header = layout.header
        self.header_row = layout.header_row
        self.format = layout.format
        self.encoding = layout.encoding
        self.delimiter = layout.delimiter
        self.sheet = layout.sheet
        self.findings = layout.findings
        self.rows = _Rows(layout)
        self.row_numbers = _Numbers(layout)

    def row_number(self, index: int) -> int:
        return self.layout.row_number(index)


@dataclass
class View:
    """A ``Prepared`` as the shared helpers use it (name, descriptor, where, table, columns)."""

    name: str
    descriptor: dict[str, Any]
    where: Where
    table: TableView
    columns: list[Column]
    derived: dict[str, Any] = field(default_factory=dict)


class _Explained:
    """Where a content finding replaces a table finding (the group it stands for)."""

    def __init__(self, token: Any) -> None:
        self.token = token


_KEYS = object()  # where the duplicate-key findings of a declared primary key go


@dataclass
class _Prepared:
    """A batch's number shapes (numeric columns), empty cells, blank rows, and what the
    content rules start from."""

    shapes: dict[int, plans.Shapes]
    empty: dict[int, pl.Series]
    blank: pl.Series
    content: tuple[pl.DataFrame, pl.DataFrame | None]  # ``Analysis.prepare``


@dataclass
class Outcome:
    """One resource's findings from both layers; each layer takes its share once."""

    notes: list[Finding] = field(default_factory=list)
    reported: bool = False
    readable: bool = False
    table: list[Finding] = field(default_factory=list)
    content: Result = field(default_factory=Result)
    stats: dict[str, Any] | None = None
    name: str = ""
    primary_key: bool = False
    delegated: bool = False  # validated by the reference path (see ``_reference``)
    # the table layer's findings before they are given: content findings stand in them where
    # they explain a cell, taken from ``content`` only when the table layer asks (as the
    # Frictionless path does), so the content layer alone still reports them
    items: list[Finding | _Explained] | None = None
    index: dict[Any, int] = field(default_factory=dict)

    def table_findings(self) -> list[Finding]:
        if self.items is None:
            return self.table
        out: list[Finding] = []
        for item in self.items:
            if not isinstance(item, _Explained):
                out.append(item)
            elif item.token is _KEYS:
                out += self.content.take(i for i, f in enumerate(self.content.findings)
                                         if f.code == "duplicate-key")
            elif (at := self.index.get(item.token)) is not None:
                out += self.content.take([at])
        self.items = None
        self.table = out
        return out

    def take_notes(self) -> list[Finding]:
        if self.reported:
            return []
        self.reported = True
        return list(self.notes)


# (id of the run, id of the resource) -> outcome; an entry lives as long as its run.
_CACHE: dict[tuple[int, int], Outcome] = {}


def outcome(context: CheckContext, dataset: Dataset, resource: Resource) -> Outcome:
    """Both layers' findings for a resource, computed once per validation run."""
    key = (id(context), id(resource))
    found = _CACHE.get(key)
    if found is not None:
        return found
    result = _run(context, dataset, resource)
    _CACHE[key] = result
    weakref.finalize(context, _CACHE.pop, key, None)
    return result


def _run(context: CheckContext, dataset: Dataset, resource: Resource) -> Outcome:
    fmt = resource.format
    streamable = (fmt in CSV_FORMATS and resource.path is not None and resource.path.is_file()
                  and resource.path.stat().st_size <= MAX_BYTES)
    if streamable:
        assert resource.path is not None
        where = Where(display_path(dataset, resource), resource.name)
        delimiter = _declared_delimiter(resource)
        if fmt == "tsv" and delimiter is None:
            delimiter = "\t"
        try:
            return _stream(context, resource, where, delimiter)
        except Fallback:
            pass
    return _in_memory(context, dataset, resource)


def _declared_delimiter(resource: Resource) -> str | None:
    raw = resource.descriptor.get("dialect")
    if not isinstance(raw, dict):
        return None
    flat = {k: v for k, v in raw.items() if not isinstance(v, dict)}
    if isinstance(raw.get("csv"), dict):
        flat.update(raw["csv"])
    delimiter = flat.get("delimiter")
    return delimiter if isinstance(delimiter, str) and len(delimiter) == 1 else None


def _notes(layout: Layout, where: Where, columns: list[Column]) -> list[Finding]:
    notes = list(layout.findings)
    for c in columns:
        if c.renamed:
            notes.append(where.finding(
                "column-name-not-standard", field_name=c.label, field_number=c.number,
                row_number=layout.header_row, params={"field": c.label, "standard": c.name}))
    return notes


def _stream(context: CheckContext, resource: Resource, where: Where,
            delimiter: str | None) -> Outcome:
    """Validate a CSV file read in blocks; ``Fallback`` when the reader hands it back."""
    fixed: plans.StreamPlan | None = None
    for _ in range(2):
        stream = CsvStream(resource.path, where, delimiter)  # type: ignore[arg-type]
        batches = stream.batches()
        first = next(batches, None)
        while first is not None and first.height < PLAN_ROWS:  # the plan's evidence
            more = next(batches, None)
            if more is None:
                break
            first = merged(first, more)
        pass_ = _Pass(context, resource, where, stream.layout, fixed)
        pass_.run(_chain(first, batches))
        if pass_.final_key == pass_.plan_key:
            return pass_.outcome(_notes(stream.layout, where, pass_.view.columns))
        fixed = pass_.final_plan
        if pass_.final_key is None:
            break
    raise Fallback("plan changed twice")


def _chain(first: Batch | None, rest: Iterator[Batch]) -> Iterator[Batch]:
    if first is not None:
        yield first
    yield from rest


def _in_memory(context: CheckContext, dataset: Dataset, resource: Resource) -> Outcome:
    """A file the shared reader reads whole (XLSX, or a CSV the stream handed back)."""
    prepared = prepare(context, dataset, resource)
    table = prepared.table
    if table is None:
        out = Outcome(notes=list(prepared.notes), name=prepared.name)
        prepared.reported = True
        return out
    try:
        layout = layout_of(table)
    except Fallback:
        return _reference(context, dataset, resource)
    fixed: plans.StreamPlan | None = None
    for _ in range(2):
        pass_ = _Pass(context, resource, prepared.where, layout, fixed)
        pass_.run(table_batches(table))
        if pass_.final_key == pass_.plan_key:
            return pass_.outcome(list(prepared.notes))
        fixed = pass_.final_plan
        if pass_.final_key is None:
            break
    return _reference(context, dataset, resource)


def _reference(context: CheckContext, dataset: Dataset, resource: Resource) -> Outcome:
    """The frictionless path, for what the fast engine does not handle (a table whose row
    numbers have gaps)."""
    from satudata_meta.checks.content import analyse
    from satudata_meta.checks.table import validate_rows
    from satudata_meta.tabular.schema import build

    prepared = prepare(context, dataset, resource)
    out = Outcome(notes=list(prepared.notes), name=prepared.name, delegated=True)
    prepared.reported = True
    table = prepared.table
    if table is None:
        return out
    plan = build(prepared)
    out.readable = True
    out.stats = {"rows": len(table.rows), "columns": len(table.header),
                 "format": table.format, "schema": "declared" if plan.declared
                 else "inferred", "numberFormat": plan.convention}
    if table.encoding:
        out.stats["encoding"] = table.encoding
        out.stats["delimiter"] = table.delimiter
    if table.sheet:
        out.stats["sheet"] = table.sheet
    out.table = list(plan.findings)
    if not table.rows:
        out.table.append(prepared.where.finding("no-data-rows", row_number=None,
                                                params={"resource": prepared.name}))
        return out
    out.table += list(validate_rows(context, prepared, plan))
    out.content = analyse(context, prepared)
    return out


class _Pass:
    """One pass over the batches with one plan."""

    def __init__(self, context: CheckContext, resource: Resource, where: Where,
                 layout: Layout, fixed: plans.StreamPlan | None) -> None:
        self.context = context
        self.resource = resource
        self.where = where
        self.layout = layout
        self.fixed = fixed
        self.stats = plans.Stats()
        self.table_findings: list[Finding | _Explained] = []
        self.converted: dict[int, tuple[int, int, str, str]] = {}
        self.converted_counts: dict[int, int] = {}
        self.plan_key: Any = None
        self.final_key: Any = None
        self.final_plan: plans.StreamPlan | None = None
        self.view: View
        self.header_findings: list[Finding] = []
        self.task_findings: list[Finding] = []
        self.schema_ok = False
        self._first: Batch | None = None
        self._first_shapes: dict[int, plans.Shapes] = {}

    # -- setting up with the header and the first batch -------------------------------------
    def _setup(self, first: Batch | None) -> None:
        layout = self.layout
        standard = load_standard()
        columns = resolve(layout.header, standard)
        self.view = View(self.resource.name, self.resource.descriptor, self.where,
                         TableView(layout), columns)
        types, explicit, _, _ = plans.start_types(self.view)
        self.evidence_cols = plans.evidence_columns(types, explicit)
        self.infer_cols = {i for i, t in enumerate(types) if t == "any"}
        self._first = first
        if first is not None:
            self._first_shapes = self._shapes(first)
            self.stats.add(first.frame, first.start, self._first_shapes, self.infer_cols)
        self.sp = self.fixed or plans.build_plan(self.view, self.stats)
        self.plan = self.sp.plan
        self.plan_key = self.sp.key()
        self.view.derived["plan"] = self.plan
        self.result = Result()
        self.analysis = Analysis(self.context, self.view, self.result, self.plan)
        self._frictionless()

    def _frictionless(self) -> None:
        """The header's findings and the fields rows are read with, from frictionless."""
        from frictionless import FrictionlessException, Resource, Schema
        from frictionless.table.row import create_cell_handlers

        header = list(self.layout.header)
        descriptor = copy.deepcopy(self.plan.descriptor)
        view: Any = self.view  # a Prepared as far as the table layer's helpers read it
        self.header_findings = list(_duplicate_labels(view, self.plan, header, descriptor))
        self.header = header
        try:
            schema = Schema.from_descriptor(descriptor)
            report = Resource(data=lambda: iter([header]), schema=schema).validate(
                limit_errors=sys.maxsize)
            with Resource(data=[header], schema=schema) as opened:
                fields = opened.header.get_expected_fields()
        except FrictionlessException as exc:
            self.header_findings.append(self.where.finding("schema-error", params={
                "note": str(exc.error.note or exc.error.message)}))
            return
        self.schema_ok = True
        for error in (e for task in report.tasks for e in task.errors):
            finding = _translate(view, self.plan, error, header)
            if finding is not None:
                self.header_findings.append(finding)
        for error in report.errors:
            self.task_findings.append(self.where.finding(str(error.type), params={
                "note": str(getattr(error, "note", "")), "message": str(error.message)}))
        self.fields = fields
        self.handlers = create_cell_handlers(fields)
        self.readers = [f.create_cell_reader() for f in fields]
        self.oracle: list[dict[str, bool]] = [{} for _ in fields]
        self.unique = [i for i, f in enumerate(fields) if f.constraints.get("unique")]
        self.unique_memory: dict[int, dict[Any, int]] = {i: {} for i in self.unique}

    # -- the pass ---------------------------------------------------------------------------
    def run(self, batches: Iterator[Batch]) -> None:
        """Each batch's cells are prepared (``_prepare``) on a helper thread while the batch
        before it is checked: polars works without Python's lock, so both cores work."""
        from concurrent.futures import ThreadPoolExecutor

        first = next(batches, None)
        self._setup(first)
        if first is not None:
            with ThreadPoolExecutor(1) as helper:
                current, ready = first, helper.submit(self._prepare, first)
                for batch in batches:
                    following = helper.submit(self._prepare, batch)
                    self._batch(current, ready.result())
                    current, ready = batch, following
                self._batch(current, ready.result())
        self.final_plan = plans.build_plan(self.view, self.stats)
        self.final_key = self.final_plan.key()

    def _prepare(self, batch: Batch) -> _Prepared:
        """What the checks of a batch start from, computed from its cells alone."""
        frame = batch.frame
        width = frame.width - 1
        shapes = self._first_shapes if batch is self._first else self._shapes(batch)
        empties = frame.select((pl.col(col(j)) == "").fill_null(True) for j in range(width))
        blank = (empties.select(pl.all_horizontal(pl.all())).to_series() if width
                 else const(True, frame.height))
        if batch.extra:
            blank = blank.scatter(list(batch.extra), [False] * len(batch.extra))
        return _Prepared(shapes, dict(enumerate(empties.get_columns())), blank,
                         self.analysis.prepare(frame, batch.start, blank, batch.extra))

    def _batch(self, batch: Batch, prepared: _Prepared) -> None:
        frame = batch.frame
        shapes, empty, blank = prepared.shapes, prepared.empty, prepared.blank
        if batch is not self._first:
            self.stats.add(frame, batch.start, shapes, self.infer_cols)
        explained = self.analysis.feed(frame, batch.start, blank, prepared.content)
        cells = self._machine(batch, shapes)
        if self.schema_ok:
            self._check(batch, cells, explained, shapes, empty)

    def _shapes(self, batch: Batch) -> dict[int, plans.Shapes]:
        """Number shapes of the columns that need them (plan evidence, conversion)."""
        width = batch.frame.width - 1
        return plans.classify_columns(batch.frame, [j for j in self.evidence_cols if j < width])

    def _machine(self, batch: Batch, shapes: dict[int, plans.Shapes]) -> dict[int, pl.Series]:
        """The cells frictionless gets: numbers in machine form."""
        out: dict[int, pl.Series] = {}
        for j in range(batch.frame.width - 1):
            cells = batch.frame.get_column(col(j))
            if j in self.sp.explicit or not self.plan.numeric(j) or j not in shapes:
                out[j] = cells
                continue
            converted = plans.machine(cells, self.plan.convention,
                                      self.plan.types[j] == "integer", shapes[j])
            if converted is not cells:
                changed = (converted != cells).fill_null(False)
                count = int(changed.sum())
                if count:
                    self.converted_counts[j] = self.converted_counts.get(j, 0) + count
                    if j not in self.converted:
                        i = int(changed.arg_true()[0])
                        self.converted[j] = (batch.start + i, j, str(cells[i]),
                                             str(converted[i]))
            out[j] = converted
        return out

    def _missing_values(self, j: int) -> list[str]:
        f = self.fields[j]
        return list(f.missing_values if f.has_defined("missing_values") or f.schema is None
                    else f.schema.missing_values)

    def _plainly_valid(self, j: int, has_shapes: bool) -> pl.Expr | None:
        """Cells of field ``j`` plainly valid without asking frictionless (None: no cell
        is), over the frame of ``_check``: ``v{j}`` the cell, ``w{j}``/``d{j}``/``i{j}``
        its shapes (whole, decimal, integer value) when ``has_shapes``."""
        f = self.fields[j]
        constraints = f.constraints
        cells = pl.col(f"v{j}")
        if f.format != "default" and f.type == "string":
            return None
        if f.type == "string":
            if "pattern" in constraints:
                return None  # judged on the distinct cells
            ok = pl.lit(True)
            if "minLength" in constraints:
                ok = ok & (cells.str.len_chars() >= int(constraints["minLength"]))
            if "maxLength" in constraints:
                ok = ok & (cells.str.len_chars() <= int(constraints["maxLength"]))
            if "enum" in constraints:
                ok = ok & cells.is_in([v for v in constraints["enum"] if isinstance(v, str)])
            return ok
        if f.type == "integer" and getattr(f, "bare_number", True) and "enum" not in (
                constraints):
            if has_shapes:  # whole cells are never converted: parsed already
                fast, values = pl.col(f"w{j}"), pl.col(f"i{j}")
            else:
                fast = cells.str.contains(INTEGER).fill_null(False)
                values = cells.cast(pl.Int64, strict=False)
            bounds = self._bounds(values, f, int)
            return None if bounds is None else fast & bounds
        if f.type == "number" and not set(f.list_defined()) & {
                "decimal_char", "group_char", "bare_number"} and "enum" not in constraints:
            if has_shapes:
                fast = (pl.col(f"w{j}") | pl.col(f"d{j}")) & (cells.str.len_bytes() <= 16)
            else:
                fast = cells.str.contains(NUMBER).fill_null(False) & (
                    cells.str.len_bytes() <= 16)
            bounds = self._bounds(cells.cast(pl.Float64, strict=False), f, float)
            return None if bounds is None else fast & bounds
        if f.type == "any":
            return pl.lit(True)
        return None

    def _bounds(self, values: pl.Expr, f: Any, kind: type) -> pl.Expr | None:
        """Whether values keep ``minimum``... (frictionless reads the bounds as the field);
        None when no value can be decided here."""
        ok = values.is_not_null()
        reader = f.create_value_reader()
        for name, test in (("minimum", values.__ge__), ("maximum", values.__le__),
                           ("exclusiveMinimum", values.__gt__),
                           ("exclusiveMaximum", values.__lt__)):
            if name not in f.constraints:
                continue
            bound = reader(f.constraints[name])
            if bound is None:
                return None
            number = kind(bound)
            if kind is float and len(str(bound).replace("-", "").replace(".", "")) > 15:
                return None
            ok = ok & test(number)
        return ok

    def _bad_values(self, j: int, values: list[str]) -> list[str]:
        """The cells among ``values`` frictionless finds an error in (its verdicts kept)."""
        oracle = self.oracle[j]
        reader = self.readers[j]
        bad = []
        for value in values:
            verdict = oracle.get(value)
            if verdict is None:
                verdict = bool(reader(value)[1])
                if len(oracle) < ORACLE_CACHE:
                    oracle[value] = verdict
            if verdict:
                bad.append(value)
        return bad

    def _check(self, batch: Batch, cells: dict[int, pl.Series],
               explained: dict[tuple[int, int], Any], shapes: dict[int, plans.Shapes],
               empty: dict[int, pl.Series]) -> None:
        """Rows that may hold an error (never misses one) go to ``_judge``: the cells not
        plainly valid are judged by frictionless value by value, each distinct value once;
        each step is one polars query over every field."""
        n_fields = len(self.fields)
        frame = batch.frame
        width = frame.width - 1
        used = range(min(n_fields, width))
        columns: dict[str, pl.Series] = {"_n": frame.get_column("_n")}
        absent: list[pl.Expr] = []
        judged: list[pl.Expr] = []
        for j in used:
            columns[f"v{j}"] = cells[j]
            mv = self._missing_values(j)
            if mv == [""]:
                columns[f"a{j}"] = empty[j]
            else:
                columns[f"a{j}"] = cells[j].is_null() | cells[j].is_in(mv)
            absent.append(pl.col(f"a{j}"))
            # shapes describe the cells as read: valid for frictionless' cells only where
            # nothing was converted (plain numbers never are)
            sh = shapes.get(j)
            if sh is not None:
                columns[f"w{j}"], columns[f"d{j}"], columns[f"i{j}"] = (
                    sh.whole, sh.decimal, sh.integers)
            ok = self._plainly_valid(j, sh is not None)
            present = ~pl.col(f"a{j}")
            judged.append((present & ~ok.fill_null(False) if ok is not None else present
                           ).alias(f"j{j}"))
        work = pl.DataFrame(columns).with_columns(judged)
        asked = work.select(pl.col(f"j{j}").any() for j in used).row(0) if judged else ()
        suspect: list[pl.Expr] = []
        for j, any_judged in zip(used, asked, strict=True):
            if any_judged:
                values = work.get_column(f"v{j}").filter(work.get_column(f"j{j}"))
                bad = self._bad_values(j, values.unique().to_list())
                if bad:
                    suspect.append(pl.col(f"j{j}") & pl.col(f"v{j}").is_in(bad))
            if self.fields[j].constraints.get("required"):
                suspect.append(pl.col(f"a{j}"))
        if n_fields > width:
            flagged = const(True, frame.height)
        else:
            flagged = work.select(pl.any_horizontal(
                pl.col("_n") != n_fields, *suspect,
                pl.all_horizontal(absent) if absent else pl.lit(True))).to_series()
        matches = self._unique(batch, cells) if self.unique else {}
        rows = sorted(set(flagged.arg_true().to_list()) | set(matches))
        for i in rows:
            self._judge(batch, cells, i, matches.get(i, {}), explained)

    def _unique(self, batch: Batch, cells: dict[int, pl.Series]) -> dict[int, dict[int, int]]:
        """Rows whose ``unique`` value was seen before: local row -> field -> inline row of
        the last earlier occurrence (frictionless' memory, value by value)."""
        out: dict[int, dict[int, int]] = {}
        for j in self.unique:
            reader = self.readers[j]
            memory = self.unique_memory[j]
            parsed: dict[Any, Any] = {}
            values = cells[j].to_list() if j < len(cells) else [None] * batch.height
            for i, cell in enumerate(values):
                if cell is None:
                    continue
                value = parsed.get(cell, parsed)
                if value is parsed:
                    value = parsed[cell] = reader(cell)[0]
                if value is None:
                    continue
                inline = batch.start + i + 2
                match = memory.get(value)
                memory[value] = inline
                if match:
                    out.setdefault(i, {})[j] = match
        return out

    def _judge(self, batch: Batch, cells: dict[int, pl.Series], i: int,
               matches: dict[int, int], explained: dict[tuple[int, int], Any]) -> None:
        """Frictionless' errors for one row, translated as the table layer does."""
        from frictionless import errors
        from frictionless.table.row import Row

        n = int(batch.frame.get_column("_n")[i])
        width = batch.frame.width - 1
        raw = batch.extra.get(i) or [batch.frame.get_column(col(j))[i] for j in range(
            min(n, width))]
        given = [cells[j][i] if j < width else raw[j] for j in range(n)]
        inline = batch.start + i + 2
        row = Row(given, handlers=self.handlers, row_number=inline)
        for j in self.unique:
            row[self.fields[j].name]
            match = matches.get(j)
            if match:
                row.errors.append(errors.UniqueError.from_row(
                        row, note=f"the same as in the row at position {match}",
                    field_name=self.fields[j].name))
        found = list(row.errors)
        if not found:
            return
        self.view.table.rows.kept[batch.start + i] = list(raw)
        missing = {(e.row_number, e.field_number) for e in found if e.type == "missing-cell"}
        for error in found:
            if error.type == "constraint-error" and (
                    error.row_number, error.field_number) in missing and str(
                    error.note).startswith('constraint "required"'):
                continue
            finding = _translate(self.view, self.plan, error, self.header)  # type: ignore[arg-type]
            if finding is None:
                continue
            cell_key = (i, (finding.field_number or 0) - 1)
            if finding.code in ("type-error", "constraint-error") and cell_key in explained:
                self.table_findings.append(_Explained(explained[cell_key]))
            else:
                self.table_findings.append(finding)
        self.view.table.rows.kept.pop(batch.start + i, None)

    # -- the outcome -------------------------------------------------------------------------
    def outcome(self, notes: list[Finding]) -> Outcome:
        layout = self.layout
        out = Outcome(notes=notes, readable=True, name=self.resource.name)
        content = self.analysis.finish() if layout.rows else []
        result = self.result
        result.findings = [f for _, f in content]
        index = {token: i for i, (token, _) in enumerate(content) if token is not None}
        plan = self.plan
        table: list[Finding] = list(plan.findings)
        # the final statistics (every cell counted), with the same types and convention
        table += plans.number_findings(self.view, self.final_plan or self.sp, self.converted,
                                       self.converted_counts)
        out.stats = {"rows": layout.rows, "columns": len(layout.header),
                     "format": layout.format,
                     "schema": "declared" if plan.declared else "inferred",
                     "numberFormat": plan.convention}
        if layout.encoding:
            out.stats["encoding"] = layout.encoding
            out.stats["delimiter"] = layout.delimiter
        if layout.sheet:
            out.stats["sheet"] = layout.sheet
        if not layout.rows:
            table.append(self.where.finding("no-data-rows", row_number=None,
                                            params={"resource": self.resource.name}))
            out.table = table
            out.content = result
            return out
        masking = Result(personal=result.personal)
        table += self.header_findings
        items: list[Finding | _Explained] = list(table)
        for item in self.table_findings:
            items.append(item if isinstance(item, _Explained) else
                         _with_content(item, masking)[0])
        if plan.primary_key and self.schema_ok:
            items.append(_Explained(_KEYS))
        items += self.task_findings
        out.items = items
        out.index = index
        out.content = result
        out.primary_key = bool(plan.primary_key)
        return out
