"""The Table Schema plan of a resource read in batches: the same ``Plan`` as
``satudata_meta.tabular.schema.build``, from statistics gathered batch by batch.

``build`` looks at every cell of a column to decide the number convention of the file and
the type of a column no schema or convention types. The statistics kept here are what
those decisions depend on: per column, how many cells have each number shape, the first
cell of each shape, and whether any cell has a leading zero or 16 digits. The decisions
themselves are taken by the shared functions (``numbers.Evidence.convention``,
``numbers.to_machine``, ``schema._infer_type``) on those statistics.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from satudata_meta.findings import Finding
from satudata_meta.tabular import numbers
from satudata_meta.tabular.schema import (
    _EXPLICIT_NUMBER_KEYS,
    CONVENTIONS,
    NUMERIC,
    Plan,
    _convention_mismatches,
    _declared,
    _descriptor,
    _infer_type,
)

# A number in machine form, ASCII digits only: polars and Python read it alike.
PLAIN = r"^[-+]?[0-9]+(?:\.[0-9]+)?$"
_ONE_GROUP = r"^[-+]?\d{1,3}\.\d{3}$"  # "1.234": dot-groups-1 (``numbers.shape`` tries it first)


@dataclass
class Shapes:
    """One regular expression's worth of knowledge about a numeric column's cells: plain
    numbers (``int`` or ``dot-decimal`` for ``numbers.shape``, never changed by
    ``numbers.to_machine``) and the rest, which Python looks at value by value."""

    present: pl.Series
    whole: pl.Series  # shape int, ASCII
    decimal: pl.Series  # shape dot-decimal, ASCII
    others: pl.Series  # present and neither
    integers: pl.Series  # the whole ones' values (null elsewhere, and beyond Int64)


def classify_columns(frame: pl.DataFrame, columns: list[int]) -> dict[int, Shapes]:
    """The shapes of the cells of columns ``c{j}``. Polars' integer parser accepts only what
    ``PLAIN`` accepts without a dot, and is faster than the expression: only the cells it
    refuses (decimals, text, numbers beyond Int64) go through the expressions. Each step
    is one query over every column (polars runs its expressions side by side), not one
    query per column and step."""
    if not columns:
        return {}
    first = frame.select(
        *[(pl.col(f"c{j}") != "").fill_null(False).alias(f"p{j}") for j in columns],
        *[pl.col(f"c{j}").str.to_integer(strict=False).alias(f"i{j}") for j in columns])
    counts = first.select(*[(pl.col(f"p{j}") & pl.col(f"i{j}").is_null()).sum().alias(
        f"r{j}") for j in columns]).row(0)
    height = frame.height
    out: dict[int, Shapes] = {}
    most = [j for j, count in zip(columns, counts, strict=True) if count * 2 >= height
            and count]
    if most:  # most cells refused: the expressions over whole columns, in one query
        found = frame.select(*[e for j in most for e in _regex_shapes(pl.col(f"c{j}"), j)])
    for j, count in zip(columns, counts, strict=True):
        present = first.get_column(f"p{j}")
        integers = first.get_column(f"i{j}")
        whole = integers.is_not_null()
        if not count:
            out[j] = Shapes(present, whole, pl.repeat(False, height, eager=True),
                            pl.repeat(False, height, eager=True), integers)
            continue
        if j in most:
            plain, dotted, decimal = (found.get_column(f"{k}{j}") for k in "pdg")
            whole = whole | (plain & ~dotted)
        else:  # few: look at those only
            rows = (present & ~whole).arg_true()
            some = frame.get_column(f"c{j}").gather(rows).to_frame(f"c{j}").select(
                _regex_shapes(pl.col(f"c{j}"), j))
            plain, dotted, decimal = (some.get_column(f"{k}{j}") for k in "pdg")
            whole = whole.scatter(rows.filter(plain & ~dotted), True)
            decimal = pl.repeat(False, height, eager=True).scatter(rows.filter(decimal), True)
        out[j] = Shapes(present, whole, decimal, present & ~(whole | decimal), integers)
    return out


def _regex_shapes(cells: pl.Expr, j: int) -> list[pl.Expr]:
    """Plain (``PLAIN``), plain with a dot, and plain decimal ("1.234" is not) cells."""
    plain = cells.str.contains(PLAIN).fill_null(False)
    dotted = plain & cells.str.contains(".", literal=True).fill_null(False)
    decimal = dotted & ~cells.str.contains(_ONE_GROUP).fill_null(False)
    return [plain.alias(f"p{j}"), dotted.alias(f"d{j}"), decimal.alias(f"g{j}")]


@dataclass
class ColumnStats:
    """What ``build`` needs to know about one column's cells."""

    shapes: Counter[str] = field(default_factory=Counter)  # shape -> cells ("" = not a number)
    first: dict[str, tuple[int, str]] = field(default_factory=dict)  # shape -> (row, cell)
    leading_zero: bool = False
    long_digits: bool = False
    present: bool = False  # any non-empty cell


@dataclass
class Stats:
    """Per column statistics over every batch read so far."""

    columns: dict[int, ColumnStats] = field(default_factory=dict)

    def add(self, frame: pl.DataFrame, start: int, shapes: dict[int, Shapes],
            infer: set[int]) -> None:
        """Count the shapes of the cells of the columns in ``shapes`` (``infer``: columns
        whose type is inferred also need leading zeros and long digit strings)."""
        for j, sh in shapes.items():
            name = f"c{j}"
            stats = self.columns.setdefault(j, ColumnStats())
            cells = frame.get_column(name)
            if not sh.present.any():
                continue
            stats.present = True
            for shape, mask in (("dot-decimal", sh.decimal), ("int", sh.whole)):
                count = int(mask.sum())
                if count:
                    stats.shapes[shape] += count
                    if shape not in stats.first:
                        i = int(mask.arg_true()[0])
                        stats.first[shape] = (start + i, str(cells[i]))
            others = sh.others
            if others.any():
                rows = others.arg_true()
                values = cells.filter(others)
                shape_of = {v: numbers.shape(v) or "" for v in values.unique().to_list()}
                for i, v in zip(rows.to_list(), values.to_list(), strict=True):
                    shape = shape_of[v]
                    stats.shapes[shape] += 1
                    if shape not in stats.first:
                        stats.first[shape] = (start + i, v)
            if j in infer:
                if not stats.leading_zero and cells.str.contains(r"^0\d").any():
                    stats.leading_zero = True
                if not stats.long_digits and cells.str.contains(r"^\d{16,}$").any():
                    stats.long_digits = True


@dataclass
class StreamPlan:
    """A ``Plan`` and what its number findings need (first converted cell, counts)."""

    plan: Plan
    explicit: set[int]
    evidence: numbers.Evidence
    ambiguous: dict[str, tuple[str, int, int]]  # label -> (first cell, its row, count)

    def key(self) -> tuple[Any, ...]:
        """What the validation depends on: two plans with the same key validate alike."""
        return (tuple(self.plan.types), self.plan.convention)


def evidence_columns(types: list[str], explicit: set[int]) -> list[int]:
    return [i for i, t in enumerate(types) if i not in explicit and t in (*NUMERIC, "any")]


def start_types(view: Any) -> tuple[list[str], set[int], dict[str, Any] | None, list[Finding]]:
    """Declared (or convention) types before any cell is seen, and the explicit columns."""
    if "declared" not in view.derived:  # frictionless checks the descriptor: once
        view.derived["declared"] = _declared(view)
    declared, found = view.derived["declared"]
    declared, findings = copy.deepcopy(declared), list(found)
    width = len(view.table.header)
    explicit: set[int] = set()
    if declared is not None:
        fields: list[dict[str, Any]] = declared["fields"]
        types = [str(fields[i].get("type", "any")) if i < len(fields) else "any"
                 for i in range(width)]
        explicit = {i for i, f in enumerate(fields) if any(k in f for k in _EXPLICIT_NUMBER_KEYS)}
        findings += _convention_mismatches(view, fields)
    else:
        types = ["any"] * width
        for c in view.columns:
            if c.spec is not None and c.index < width:
                types[c.index] = c.spec.type
    return types, explicit, declared, findings


def _conventions(stats: Stats, types: list[str], explicit: set[int],
                 header: list[str]) -> tuple[numbers.Evidence, dict[str, tuple[str, int, int]]]:
    """``numbers.Evidence`` as ``build`` would have gathered it (ambiguous cells kept as the
    first one and the first with a comma, which is all ``convention()`` looks at)."""
    evidence = numbers.Evidence()
    ambiguous: dict[str, tuple[str, int, int]] = {}
    for i in evidence_columns(types, explicit):
        col_stats = stats.columns.get(i)
        if col_stats is None:
            continue
        label = header[i] if i < len(header) else str(i + 1)
        table = numbers._DECIDES_INTEGER if types[i] == "integer" else numbers._DECIDES
        firsts: list[tuple[int, str, str]] = []  # (row, conv, cell) in row order
        for shape, count in col_stats.shapes.items():
            conv = table.get(shape)
            if conv is not None:
                evidence.votes[conv] += count
                row, cell = col_stats.first[shape]
                firsts.append((row, conv, cell))
        for _, conv, cell in sorted(firsts):
            examples = evidence.examples.setdefault(conv, [])
            if len(examples) < 3 and label not in [c for c, _ in examples]:
                examples.append((label, cell))
        amb = [(col_stats.first[s], col_stats.shapes[s]) for s in numbers.AMBIGUOUS
               if s in col_stats.shapes and table.get(s) is None]
        if amb:
            cells = [c for (_, c), _ in sorted(amb)]
            evidence.ambiguous[label] = cells
            (row, cell), _ = min(amb)
            ambiguous[label] = (cell, row, sum(n for _, n in amb))
    return evidence, ambiguous


def _infer(col_stats: ColumnStats | None, convention: str) -> str:
    """``_infer_type`` on one cell of each kind the column holds (its answer depends only
    on the kinds: a leading zero, 16 digits, a shape)."""
    if col_stats is None or not col_stats.present:
        return "string"
    if col_stats.leading_zero or col_stats.long_digits:
        return "string"
    return _infer_type([cell for _, cell in col_stats.first.values()], convention)


def build_plan(view: Any, stats: Stats) -> StreamPlan:
    """The plan ``build`` would make for the whole table, from the statistics."""
    types, explicit, declared, findings = start_types(view)
    header = view.table.header
    evidence, ambiguous = _conventions(stats, types, explicit, header)
    convention = evidence.convention()
    if declared is None:
        for i in range(len(types)):
            if types[i] == "any":
                types[i] = _infer(stats.columns.get(i), convention)
    plan = Plan(descriptor={}, declared=declared is not None, types=types,
                convention=convention, findings=findings)
    plan.descriptor, plan.primary_key = _descriptor(view, declared, types)
    return StreamPlan(plan, explicit, evidence, ambiguous)


def machine(cells: pl.Series, convention: str, integer: bool, shapes: Shapes) -> pl.Series:
    """``numbers.to_machine`` on a column: the cells frictionless gets (unchanged where the
    cell does not read as a number in the convention)."""
    others = shapes.others
    if not others.any():
        return cells
    mapping = {}
    for v in cells.filter(others).unique().to_list():
        m = numbers.to_machine(v, convention, integer)
        if m is not None and m != v:
            mapping[v] = m
    if not mapping:
        return cells
    return cells.replace(mapping)


def number_findings(view: Any, sp: StreamPlan, converted: dict[int, tuple[int, int, str, str]],
                    counts: dict[int, int]) -> list[Finding]:
    """``schema._number_findings`` from the streaming counts: ``converted`` maps a column
    to its first converted cell (row, column, raw, machine), ``counts`` to how many."""
    plan, evidence = sp.plan, sp.evidence
    table = view.table
    out = []
    if plan.convention in CONVENTIONS and converted:
        labels = [table.header[i] if i < len(table.header) else str(i + 1)
                  for i in sorted(converted)]
        first_col = min(converted)
        row, _, raw, read = converted[first_col]
        out.append(view.where.finding(
            "number-format", field_name=labels[0], field_number=first_col + 1,
            row_number=table.row_number(row), cell=raw,
            params={"convention": CONVENTIONS[plan.convention], "columns": ", ".join(labels),
                    "example": raw, "read": read, "cells": sum(counts.values()),
                    "mixed": evidence.mixed(plan.convention)}))
    if not evidence.decided:
        for label, (example, row, count) in sp.ambiguous.items():
            index = table.header.index(label) if label in table.header else None
            if index is None or not plan.numeric(index):
                continue
            read = numbers.to_machine(example, plan.convention,
                                      plan.types[index] == "integer") or example
            out.append(view.where.finding(
                "ambiguous-number-format", field_name=label, field_number=index + 1,
                row_number=table.row_number(row), cell=example,
                params={"field": label, "example": example, "read": read,
                        "thousands": example.replace(".", "").replace(",", ""),
                        "count": count}))
    return out
