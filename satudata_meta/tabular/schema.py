"""The Table Schema a resource is validated against, and how its numbers are read.

The resource's own schema is used when it has one; otherwise one is inferred from the data,
with the standard's column conventions (kolom baku) deciding the type and constraints of the
columns they name, so codes stay text and ``jumlah_*`` columns must be whole numbers >= 0.
A declared ``primaryKey`` is kept for the content layer (which reports duplicates with both
rows) and taken out of what frictionless sees; its fields become required instead.

Numbers are read in the file's convention (see ``numbers``): cells of numeric columns are
rewritten in machine form before frictionless sees them, and the convention is reported once
instead of one type error per cell.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from satudata_meta.findings import Finding
from satudata_meta.tabular import numbers
from satudata_meta.tabular.prepare import Prepared

NUMERIC = ("integer", "number")
# A digits-only value this long is an identifier (NIK, phone), not a quantity.
IDENTIFIER_DIGITS = 16
_LEADING_ZERO = re.compile(r"^0\d")
_INTEGER = re.compile(r"^[-+]?\d+$")
_EXPLICIT_NUMBER_KEYS = ("decimalChar", "groupChar", "bareNumber")
CONVENTIONS: dict[str, dict[str, str]] = {
    numbers.ID: {"id": "format Indonesia (titik pemisah ribuan, koma desimal)",
                 "en": "Indonesian format (dot as thousands separator, decimal comma)"},
    numbers.EN: {"id": "format Inggris (koma pemisah ribuan)",
                 "en": "English format (comma as thousands separator)"},
}


@dataclass
class Plan:
    """What the table layer validates with, and what the content layer needs to know."""

    descriptor: dict[str, Any]  # the schema given to frictionless
    declared: bool  # the resource declared its own (valid) schema
    types: list[str]  # Table Schema type per column position ("any" when unknown)
    primary_key: list[str] = field(default_factory=list)
    convention: str = numbers.PLAIN
    converted: dict[int, dict[int, str]] = field(default_factory=dict)  # col -> row -> text
    findings: list[Finding] = field(default_factory=list)

    def numeric(self, index: int) -> bool:
        return index < len(self.types) and self.types[index] in NUMERIC


def _schema_error(prepared: Prepared, note: str) -> Finding:
    return prepared.where.finding("schema-error", params={"note": note})


def _declared(prepared: Prepared) -> tuple[dict[str, Any] | None, list[Finding]]:
    """The resource's own schema, checked by frictionless; None when absent or invalid."""
    from frictionless import FrictionlessException, Schema

    raw = prepared.descriptor.get("schema")
    if raw is None:
        return None, []
    if not isinstance(raw, dict) or not isinstance(raw.get("fields"), list):
        return None, [_schema_error(prepared, "schema needs a list of fields")]
    descriptor = copy.deepcopy(raw)
    try:
        Schema.from_descriptor(descriptor)
    except FrictionlessException as exc:
        return None, [_schema_error(prepared, str(exc.error.note or exc.error.message))]
    except Exception as exc:  # a descriptor frictionless chokes on
        return None, [_schema_error(prepared, f"{type(exc).__name__}: {exc}")]
    return descriptor, []


def _convention_mismatches(prepared: Prepared, fields: list[dict[str, Any]]) -> list[Finding]:
    """Declared fields whose type contradicts the standard's column convention."""
    found = []
    by_name = {c.name: c for c in prepared.columns}
    for i, f in enumerate(fields):
        name = str(f.get("name", ""))
        column = by_name.get(name)
        spec = column.spec if column is not None else None
        declared = str(f.get("type", "any"))
        if spec is None or declared in ("any", spec.type):
            continue
        if spec.type == "number" and declared == "integer":
            continue  # a whole number is a number
        found.append(prepared.where.finding(
            "schema-convention-mismatch", field_name=name, field_number=i + 1,
            params={"field": name, "declared": declared, "expected": spec.type,
                    "convention": spec.key}))
    return found


def _infer_type(values: list[str], convention: str) -> str:
    """string, integer or number for a column no schema or convention types."""
    present = [v for v in values if v]
    if not present:
        return "string"
    machine = []
    for value in present:
        if _LEADING_ZERO.match(value) or (
                value.isdigit() and len(value) >= IDENTIFIER_DIGITS):
            return "string"  # codes and identifiers keep their digits
        converted = numbers.to_machine(value, convention)
        if converted is None:
            return "string"
        machine.append(converted)
    return "integer" if all(_INTEGER.match(m) for m in machine) else "number"


def _field(name: str, type_: str, constraints: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "type": type_}
    if constraints:
        out["constraints"] = dict(constraints)
    return out


def build(prepared: Prepared) -> Plan:
    """The plan for one readable resource (cached on ``prepared``)."""
    cached = prepared.derived.get("plan")
    if isinstance(cached, Plan):
        return cached
    assert prepared.table is not None
    table = prepared.table
    declared, findings = _declared(prepared)
    # the header's columns: cells beyond it are extra cells of their rows, in no field, and
    # say nothing about how the file writes its numbers
    width = len(table.header)
    columns = [table.column(i) for i in range(width)]
    evidence = numbers.Evidence()
    explicit: set[int] = set()
    if declared is not None:
        fields: list[dict[str, Any]] = declared["fields"]
        types = [str(fields[i].get("type", "any")) if i < len(fields) else "any"
                 for i in range(width)]
        explicit = {i for i, f in enumerate(fields)
                    if any(k in f for k in _EXPLICIT_NUMBER_KEYS)}
        findings += _convention_mismatches(prepared, fields)
    else:
        types = ["any"] * width
        for col in prepared.columns:
            if col.spec is not None:
                types[col.index] = col.spec.type
    for i in range(width):
        if i in explicit or types[i] not in (*NUMERIC, "any"):
            continue
        label = table.header[i] if i < len(table.header) else str(i + 1)
        evidence.add(label, columns[i], integer=types[i] == "integer")
    convention = evidence.convention()
    if declared is None:
        for i in range(width):
            if types[i] == "any":
                types[i] = _infer_type(columns[i], convention)
    plan = Plan(descriptor={}, declared=declared is not None, types=types,
                convention=convention)
    _convert(plan, columns, explicit, table.header)
    plan.descriptor, plan.primary_key = _descriptor(prepared, declared, types)
    plan.findings = findings + _number_findings(prepared, plan, evidence)
    prepared.derived["plan"] = plan
    return plan


def _convert(plan: Plan, columns: list[list[str]], explicit: set[int],
             header: list[str]) -> None:
    for i, values in enumerate(columns):
        if i in explicit or not plan.numeric(i):
            continue
        integer = plan.types[i] == "integer"
        changed = {}
        for row, value in enumerate(values):
            if not value:
                continue
            machine = numbers.to_machine(value, plan.convention, integer)
            if machine is not None and machine != value:
                changed[row] = machine
        if changed:
            plan.converted[i] = changed


def _descriptor(prepared: Prepared, declared: dict[str, Any] | None,
                types: list[str]) -> tuple[dict[str, Any], list[str]]:
    if declared is not None:
        descriptor = copy.deepcopy(declared)
        pk = descriptor.pop("primaryKey", None)
        descriptor.pop("foreignKeys", None)  # other resources are not loaded here
        primary_key = [pk] if isinstance(pk, str) else [str(k) for k in pk or []]
        for f in descriptor["fields"]:
            if f.get("name") in primary_key:
                f.setdefault("constraints", {})["required"] = True
        return descriptor, primary_key
    table = prepared.table
    assert table is not None
    fields = []
    specs = {c.index: c.spec for c in prepared.columns}
    labels = set(table.header)
    for i, (label, type_) in enumerate(zip(table.header, types, strict=True)):
        if not label:  # a blank label: frictionless reports blank-label; names must be unique
            label = f"field{i + 1}"
            while label in labels:
                label += "_"
        spec = specs.get(i)
        fields.append(_field(label, type_, spec.constraints if spec is not None else None))
    return {"fields": fields}, []


def _number_findings(prepared: Prepared, plan: Plan,
                     evidence: numbers.Evidence) -> list[Finding]:
    table = prepared.table
    assert table is not None
    out = []
    if plan.convention in CONVENTIONS and plan.converted:
        labels = [table.header[i] if i < len(table.header) else str(i + 1)
                  for i in sorted(plan.converted)]
        first_col = min(plan.converted)
        first_row = min(plan.converted[first_col])
        raw = table.rows[first_row][first_col]
        out.append(prepared.where.finding(
            "number-format", field_name=labels[0], field_number=first_col + 1,
            row_number=table.row_numbers[first_row], cell=raw,
            params={"convention": CONVENTIONS[plan.convention], "columns": ", ".join(labels),
                    "example": raw, "read": plan.converted[first_col][first_row],
                    "cells": sum(len(c) for c in plan.converted.values()),
                    "mixed": evidence.mixed(plan.convention)}))
    if not evidence.decided:
        for label, cells in evidence.ambiguous.items():
            index = table.header.index(label) if label in table.header else None
            if index is None or not plan.numeric(index):
                continue
            example = cells[0]
            read = numbers.to_machine(example, plan.convention,
                                      plan.types[index] == "integer") or example
            row = next((r for r, v in enumerate(table.column(index)) if v == example), 0)
            out.append(prepared.where.finding(
                "ambiguous-number-format", field_name=label, field_number=index + 1,
                row_number=table.row_numbers[row] if table.row_numbers else None, cell=example,
                params={"field": label, "example": example, "read": read,
                        "thousands": example.replace(".", "").replace(",", ""),
                        "count": len(cells)}))
    return out
