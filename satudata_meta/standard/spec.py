"""The standard as typed objects: fields, their obligations and mappings, and cross-field rules.

Everything else (metadata checks, JSON Schema, Pydantic model, CKAN schema, docs) is derived
from these objects, so the YAML declaration stays the one source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from satudata_meta import yamlio
from satudata_meta.paths import standards_dir

FieldType = Literal[
    "slug", "string", "text", "email", "url", "date", "period", "year", "boolean", "code",
    "list", "object",
]
Obligation = Literal["wajib", "disarankan", "opsional"]
FIELD_TYPES: tuple[str, ...] = FieldType.__args__  # type: ignore[attr-defined]
OBLIGATIONS: tuple[str, ...] = ("wajib", "disarankan", "opsional")
ColumnRole = Literal[
    "kode_wilayah", "nama_wilayah", "periode", "satuan", "dimensi", "ukuran", "kode", "nama",
]
COLUMN_ROLES: tuple[str, ...] = ColumnRole.__args__  # type: ignore[attr-defined]
# Table Schema types a column convention may declare.
COLUMN_TYPES = ("string", "integer", "number", "boolean", "date", "year")
WILAYAH_LEVELS = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")
DEFAULT_VERSION = "1.0"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    obligation: Obligation
    label: dict[str, str]
    description: dict[str, str]
    group: str | None = None
    codelist: str | None = None
    pattern: str | None = None
    max_length: int | None = None
    min_items: int | None = None
    default: Any = None
    example: Any = None
    mapping: dict[str, str] = field(default_factory=dict)
    items: FieldSpec | None = None  # for lists
    fields: tuple[FieldSpec, ...] = ()  # for objects

    def child(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class Rule:
    """A cross-field rule. ``when``/``then`` conditions, or a named ``check``."""

    id: str
    message: dict[str, str]
    when: dict[str, Any] | None = None
    then: dict[str, Any] | None = None
    check: str | None = None  # not_before | level_not_coarser | one_of_required
    field: str | None = None
    other: str | None = None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class ColumnSpec:
    """A column convention (kolom baku) of the data tables: an exact name or a name prefix.

    The table layer takes ``type`` and ``constraints`` for columns of an inferred Table Schema;
    the content layer reads ``role``, ``level``, ``pair`` and ``codelist`` to know which
    columns hold wilayah codes, names, periods, units and measures.
    """

    role: ColumnRole
    type: str
    label: dict[str, str]
    description: dict[str, str]
    name: str | None = None
    prefix: str | None = None
    level: str | None = None  # wilayah level of kode_/nama_ columns; None: any
    pair: str | None = None  # the nama_ column of a kode_ column
    codelist: str | None = None
    constraints: dict[str, Any] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    example: Any = None

    @property
    def key(self) -> str:
        """How the convention is written in docs: ``tahun`` or ``jumlah_*``."""
        return self.name if self.name is not None else f"{self.prefix}*"

    def matches(self, column: str) -> bool:
        if self.name is not None:
            return column == self.name
        return self.prefix is not None and column.startswith(self.prefix) and (
            len(column) > len(self.prefix))


@dataclass(frozen=True)
class Standard:
    id: str
    version: str
    title: dict[str, str]
    description: dict[str, str]
    namespace: str
    effective_date: str
    groups: tuple[tuple[str, dict[str, str]], ...]
    fields: tuple[FieldSpec, ...]
    rules: tuple[Rule, ...]
    source: Path
    columns: tuple[ColumnSpec, ...] = ()

    def column(self, name: str) -> ColumnSpec | None:
        """The convention for a column name: its exact entry, else the longest prefix."""
        exact = next((c for c in self.columns if c.name == name), None)
        if exact is not None:
            return exact
        prefixed = [c for c in self.columns if c.prefix is not None and c.matches(name)]
        return max(prefixed, key=lambda c: len(c.prefix or ""), default=None)

    def field(self, path: str) -> FieldSpec | None:
        """The spec at a dotted path such as ``kontak.email``."""
        spec: FieldSpec | None = None
        scope: tuple[FieldSpec, ...] = self.fields
        for part in path.split("."):
            spec = next((f for f in scope if f.name == part), None)
            if spec is None:
                return None
            scope = spec.items.fields if spec.items is not None else spec.fields
        return spec

    def group_label(self, name: str, lang: str) -> str:
        return next((label[lang] for n, label in self.groups if n == name), name)


_KNOWN_FIELD_KEYS = {f for f in FieldSpec.__dataclass_fields__}
_KNOWN_RULE_KEYS = {f for f in Rule.__dataclass_fields__}
_KNOWN_COLUMN_KEYS = {f for f in ColumnSpec.__dataclass_fields__}


def _field(raw: dict[str, Any], where: str) -> FieldSpec:
    unknown = set(raw) - _KNOWN_FIELD_KEYS
    name = raw.get("name", "?")
    if unknown:
        raise ValueError(f"{where}: field {name!r} has unknown keys {sorted(unknown)}")
    if raw.get("type") not in FIELD_TYPES:
        raise ValueError(f"{where}: field {name!r} has unknown type {raw.get('type')!r}")
    if raw.get("obligation", "opsional") not in OBLIGATIONS:
        raise ValueError(f"{where}: field {name!r} has unknown obligation")
    if raw["type"] == "code" and not raw.get("codelist"):
        raise ValueError(f"{where}: code field {name!r} names no codelist")
    items = raw.get("items")
    item_spec = None
    if items is not None:
        item_spec = _field({"name": "*", "obligation": "wajib", "label": {}, "description": {},
                            **items}, where)
    return FieldSpec(
        name=name,
        type=raw["type"],
        obligation=raw.get("obligation", "opsional"),
        label=raw.get("label", {}),
        description=raw.get("description", {}),
        group=raw.get("group"),
        codelist=raw.get("codelist"),
        pattern=raw.get("pattern"),
        max_length=raw.get("max_length"),
        min_items=raw.get("min_items"),
        default=raw.get("default"),
        example=raw.get("example"),
        mapping=raw.get("mapping", {}),
        items=item_spec,
        fields=tuple(_field(f, where) for f in raw.get("fields", [])),
    )


def _rule(raw: dict[str, Any], where: str) -> Rule:
    unknown = set(raw) - _KNOWN_RULE_KEYS
    if unknown:
        raise ValueError(f"{where}: rule {raw.get('id')!r} has unknown keys {sorted(unknown)}")
    return Rule(**{**raw, "fields": tuple(raw.get("fields", ()))})


def _column(raw: dict[str, Any], where: str) -> ColumnSpec:
    key = raw.get("name") or f"{raw.get('prefix')}*"
    unknown = set(raw) - _KNOWN_COLUMN_KEYS
    if unknown:
        raise ValueError(f"{where}: column {key!r} has unknown keys {sorted(unknown)}")
    if ("name" in raw) == ("prefix" in raw):
        raise ValueError(f"{where}: column {key!r} needs exactly one of name and prefix")
    if raw.get("role") not in COLUMN_ROLES:
        raise ValueError(f"{where}: column {key!r} has unknown role {raw.get('role')!r}")
    if raw.get("type") not in COLUMN_TYPES:
        raise ValueError(f"{where}: column {key!r} has unknown type {raw.get('type')!r}")
    if raw.get("level") is not None and raw["level"] not in WILAYAH_LEVELS:
        raise ValueError(f"{where}: column {key!r} has unknown level {raw['level']!r}")
    return ColumnSpec(**{**raw, "aliases": tuple(raw.get("aliases", ())),
                         "constraints": dict(raw.get("constraints") or {})})


def standard_path(version: str = DEFAULT_VERSION) -> Path:
    return standards_dir() / "metadata" / f"satudata-banten-{version}.yaml"


@cache
def load_standard(version: str = DEFAULT_VERSION) -> Standard:
    """Read and check the declaration of one version of the standard."""
    path = standard_path(version)
    with path.open(encoding="utf-8") as fh:
        raw = yamlio.load(fh)
    head = raw["standard"]
    return Standard(
        id=head["id"],
        version=str(head["version"]),
        title=head["title"],
        description=head["description"],
        namespace=head["namespace"],
        effective_date=str(head["effective_date"]),
        groups=tuple((g["name"], g["label"]) for g in raw.get("groups", [])),
        fields=tuple(_field(f, path.name) for f in raw["fields"]),
        rules=tuple(_rule(r, path.name) for r in raw.get("rules", [])),
        source=path,
        columns=tuple(_column(c, path.name) for c in raw.get("columns", [])),
    )
