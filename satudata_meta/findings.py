"""Findings are data: one model for every problem the library reports.

A finding has a stable kebab-case ``code`` (frictionless' own codes such as ``type-error`` keep
their names), a severity, the parameters its message template needs, and its position. The
message itself is rendered late, in the reader's language, from ``satudata_meta/locales``; the
same objects feed the text, JSON, HTML and JUnit reports and the Python API.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

from satudata_meta import messages


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class FindingType:
    """What a code means: its default severity and whether it stops reading the input."""

    code: str
    severity: Severity
    fatal: bool = False  # the input could not be read: exit code 2


_TYPES = [
    # Input that cannot be read (exit code 2).
    FindingType("source-not-found", Severity.ERROR, fatal=True),
    FindingType("source-unreadable", Severity.ERROR, fatal=True),
    FindingType("source-unsupported", Severity.ERROR, fatal=True),
    FindingType("descriptor-invalid", Severity.ERROR, fatal=True),
    FindingType("path-outside-package", Severity.ERROR, fatal=True),
    # A check plugin failed unexpectedly (a bug): reported, and the other checks still run.
    FindingType("check-failed", Severity.ERROR),
    # Metadata against the standard.
    FindingType("metadata-missing-field", Severity.ERROR),
    FindingType("metadata-invalid-value", Severity.ERROR),
    FindingType("metadata-unknown-code", Severity.ERROR),
    FindingType("metadata-unknown-field", Severity.INFO),
    FindingType("metadata-normalized", Severity.WARNING),
    # Reading table files (the table layer; satudata_meta.tabular).
    FindingType("engine-unavailable", Severity.ERROR, fatal=True),
    FindingType("utf8-bom", Severity.INFO),
    FindingType("non-utf8-encoding", Severity.WARNING),
    FindingType("csv-dialect", Severity.INFO),
    FindingType("number-format", Severity.WARNING),
    FindingType("ambiguous-number-format", Severity.WARNING),
    FindingType("leading-rows-skipped", Severity.WARNING),
    FindingType("trailing-blank-rows", Severity.WARNING),
    FindingType("trailing-blank-columns", Severity.WARNING),
    FindingType("column-name-not-standard", Severity.WARNING),
    FindingType("schema-error", Severity.ERROR),
    FindingType("schema-convention-mismatch", Severity.WARNING),
    FindingType("no-data-rows", Severity.ERROR),
    FindingType("resource-not-checked", Severity.INFO),
    # Frictionless' own codes (names kept; messages translated in the locales).
    FindingType("type-error", Severity.ERROR),
    FindingType("constraint-error", Severity.ERROR),
    FindingType("missing-cell", Severity.ERROR),
    FindingType("extra-cell", Severity.ERROR),
    FindingType("blank-row", Severity.WARNING),  # no value is wrong; reported, not failed
    FindingType("duplicate-label", Severity.ERROR),
    FindingType("blank-label", Severity.ERROR),
    FindingType("incorrect-label", Severity.ERROR),
    FindingType("missing-label", Severity.ERROR),
    FindingType("extra-label", Severity.ERROR),
    FindingType("blank-header", Severity.ERROR),
    FindingType("primary-key", Severity.ERROR),
    FindingType("unique-error", Severity.ERROR),
    FindingType("foreign-key", Severity.ERROR),
    FindingType("encoding-error", Severity.ERROR, fatal=True),
    FindingType("source-error", Severity.ERROR, fatal=True),
    FindingType("scheme-error", Severity.ERROR, fatal=True),
    FindingType("format-error", Severity.ERROR, fatal=True),
    # Table content against the reference codes and the metadata (the content layer).
    FindingType("unknown-reference-code", Severity.ERROR),
    FindingType("code-format", Severity.ERROR),
    FindingType("bps-code-used", Severity.ERROR),
    FindingType("wilayah-outside-coverage", Severity.ERROR),
    FindingType("code-name-mismatch", Severity.ERROR),  # warning for a spelling variant
    FindingType("incomplete-coverage", Severity.ERROR),
    FindingType("period-out-of-range", Severity.ERROR),
    FindingType("duplicate-key", Severity.ERROR),
    FindingType("unit-mismatch", Severity.ERROR),  # warning when the unit is unknown
    FindingType("personal-data-detected", Severity.ERROR),  # warning unless akses terbuka
    FindingType("missing-wilayah-column", Severity.WARNING),
    # Reading Excel workbooks as agencies make them (satudata_meta.tabular.xlsx, .excel).
    FindingType("xlsx-limit-exceeded", Severity.ERROR, fatal=True),  # a zip bomb, a huge grid
    FindingType("sheet-chosen", Severity.WARNING),
    FindingType("header-rows-combined", Severity.WARNING),
    FindingType("notes-rows-skipped", Severity.WARNING),
    FindingType("footnote-marker", Severity.WARNING),
    FindingType("merged-cells-filled", Severity.WARNING),
    FindingType("hidden-rows", Severity.WARNING),
    FindingType("hidden-columns", Severity.WARNING),
    FindingType("number-stored-as-text", Severity.WARNING),
    FindingType("workbook-duplicate-field", Severity.WARNING),
]
FINDING_TYPES: dict[str, FindingType] = {t.code: t for t in _TYPES}


def register(*types: FindingType) -> None:
    """Add finding types (a check plugin registers its own codes here)."""
    for t in types:
        FINDING_TYPES[t.code] = t


class Finding(BaseModel):
    """One problem, with everything needed to find and fix it."""

    model_config = ConfigDict(populate_by_name=True)

    code: str
    severity: Severity
    params: dict[str, Any] = Field(default_factory=dict)
    file: str | None = None
    resource: str | None = None
    sheet: str | None = None
    row_number: int | None = Field(default=None, alias="rowNumber")
    field_name: str | None = Field(default=None, alias="fieldName")
    field_number: int | None = Field(default=None, alias="fieldNumber")
    path: str | None = None  # metadata path, e.g. "kontak.email" or "resources[0].format"
    cell: str | None = None

    @classmethod
    def of(cls, code: str, severity: Severity | None = None, **kwargs: Any) -> Finding:
        """Build a finding with its type's default severity."""
        if severity is None:
            severity = FINDING_TYPES[code].severity if code in FINDING_TYPES else Severity.ERROR
        return cls(code=code, severity=severity, **kwargs)

    @property
    def fatal(self) -> bool:
        t = FINDING_TYPES.get(self.code)
        return bool(t and t.fatal)

    def message(self, lang: str = "id") -> str:
        return messages.render(self.code, lang, self.params)

    def hint(self, lang: str = "id") -> str | None:
        return messages.render_hint(self.code, lang, self.params)

    def location(self, lang: str = "id") -> str:
        """Where the problem is, in the terms an officer sees: file, sheet, row, column, field."""
        parts = [p for p in (self.file, self.resource and f"[{self.resource}]", self.sheet) if p]
        if self.row_number is not None:
            parts.append(messages.text("row", lang, n=self.row_number))
        if self.field_name is not None:
            parts.append(messages.text("column", lang, name=self.field_name))
        if self.path is not None:
            parts.append(self.path)
        return " › ".join(str(p) for p in parts)

    def to_dict(self, lang: str = "id") -> dict[str, Any]:
        data = self.model_dump(by_alias=True, exclude_none=True, mode="json")
        data["message"] = self.message(lang)
        hint = self.hint(lang)
        if hint:
            data["hint"] = hint
        if not data.get("params"):
            data.pop("params", None)
        return data


class DatasetReport(BaseModel):
    """The outcome for one dataset (one path given to ``validate``)."""

    source: str
    id: str | None = None
    title: str | None = None
    engine: str | None = None
    findings: list[Finding] = Field(default_factory=list)
    stats: dict[str, Any] = Field(default_factory=dict)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def valid(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def readable(self) -> bool:
        return not any(f.fatal for f in self.findings)


class Report(BaseModel):
    """Everything one run found, across datasets; the CLI renders it, the API returns it."""

    datasets: list[DatasetReport] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def valid(self) -> bool:
        return all(d.valid for d in self.datasets)

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.datasets for f in d.findings]

    def counts(self) -> dict[str, int]:
        c = Counter(f.severity.value for f in self.findings)
        return {s.value: c.get(s.value, 0) for s in Severity}

    def by_code(self) -> dict[str, int]:
        return dict(Counter(f.code for f in self.findings).most_common())

    @property
    def exit_code(self) -> int:
        """0 valid (warnings allowed), 1 errors, 2 some input could not be read."""
        if any(not d.readable for d in self.datasets):
            return 2
        return 0 if self.valid else 1
