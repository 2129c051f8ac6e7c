"""Check metadata against the standard: every field, every code, every cross-field rule.

Returns the findings and a normalised copy of the metadata in which known variants were replaced
by their canonical codes (each replacement is reported as ``metadata-normalized``; nothing is
changed silently).
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import difflib
import re
from collections.abc import Callable
from typing import Any

from satudata_meta.codes import codelist
from satudata_meta.findings import Finding, Severity
from satudata_meta.messages import catalog
from satudata_meta.standard.spec import FieldSpec, Rule, Standard, load_standard

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_URL = re.compile(r"^https?://[^\s/$.?#].[^\s]*$", re.IGNORECASE)
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_SEVERITY = {"wajib": Severity.ERROR, "disarankan": Severity.WARNING, "opsional": Severity.INFO}
_TRUE = {"ya", "y", "true", "benar", "1", "yes"}
_FALSE = {"tidak", "t", "false", "salah", "0", "no", "bukan"}

# Data Package properties that may sit beside the standard's fields without being reported.
PACKAGE_KEYS = frozenset({
    "$schema", "profile", "name", "title", "description", "homepage", "version", "created",
    "licenses", "sources", "contributors", "keywords", "image",
})

REASONS: dict[str, dict[str, str]] = {
    "type-text": {"id": "harus berupa teks", "en": "must be text"},
    "type-list": {"id": "harus berupa daftar", "en": "must be a list"},
    "type-object": {"id": "harus berupa kumpulan kolom (objek)", "en": "must be an object"},
    "type-boolean": {"id": "harus ya/tidak (true/false)", "en": "must be yes/no (true/false)"},
    "pattern": {
        "id": "tidak sesuai pola {pattern}",
        "en": "does not match the pattern {pattern}",
    },
    "max-length": {"id": "lebih dari {max} karakter", "en": "longer than {max} characters"},
    "min-items": {"id": "minimal {min} isian", "en": "needs at least {min} entries"},
    "email": {"id": "bukan alamat email yang valid", "en": "not a valid e-mail address"},
    "url": {"id": "bukan URL http(s) yang valid", "en": "not a valid http(s) URL"},
    "date": {"id": "bukan tanggal YYYY-MM-DD", "en": "not a YYYY-MM-DD date"},
    "period": {
        "id": "bukan tahun (2023), bulan (2023-06) atau tanggal (2023-06-30)",
        "en": "not a year (2023), month (2023-06) or date (2023-06-30)",
    },
    "year": {"id": "bukan tahun empat angka", "en": "not a four-digit year"},
    "rule": {"id": "melanggar aturan standar", "en": "breaks a rule of the standard"},
}


def _reason(key: str, **params: Any) -> dict[str, str]:
    return {lang: text.format(**params) for lang, text in REASONS[key].items()}


def _obligation(ob: str) -> dict[str, str]:
    return {lang: catalog(lang)["_ui"][f"obligation-{ob}"] for lang in ("id", "en")}


def is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and len(value) == 0) or (
        isinstance(value, str) and not value.strip()
    )


def period_bounds(value: Any) -> tuple[dt.date, dt.date] | None:
    """First and last day a period value covers: "2019" -> 2019-01-01 .. 2019-12-31."""
    if isinstance(value, dt.date):
        return value, value
    m = _PERIOD.match(str(value).strip())
    if not m:
        return None
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if day:
            d = dt.date(year, int(month), int(day))
            return d, d
        if month:
            last = calendar.monthrange(year, int(month))[1]
            return dt.date(year, int(month), 1), dt.date(year, int(month), last)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None


class _Checker:
    def __init__(self, standard: Standard, file: str | None) -> None:
        self.standard = standard
        self.file = file
        self.findings: list[Finding] = []

    def add(
        self, kind: str, path: str, severity: Severity | None = None, /, **params: Any
    ) -> None:
        self.findings.append(Finding.of(kind, severity, params=params, file=self.file, path=path))

    # -- fields -----------------------------------------------------------------------------
    def field(self, spec: FieldSpec, value: Any, path: str) -> Any:
        """Check one value; return it normalised (or unchanged when it cannot be)."""
        if is_missing(value):
            self.add("metadata-missing-field", path, _SEVERITY[spec.obligation],
                     field=path, label=spec.label, obligation=_obligation(spec.obligation))
            return value
        check: Callable[[FieldSpec, Any, str], Any] = getattr(self, f"type_{spec.type}")
        return check(spec, value, path)

    def invalid(self, spec: FieldSpec, value: Any, path: str, reason: dict[str, str]) -> None:
        self.add("metadata-invalid-value", path, field=path, value=_show(value), reason=reason,
                 label=spec.label)

    def type_string(self, spec: FieldSpec, value: Any, path: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.invalid(spec, value, path, _reason("type-text"))
            return value
        text = str(value)
        if spec.max_length and len(text) > spec.max_length:
            self.invalid(spec, value, path, _reason("max-length", max=spec.max_length))
        if spec.pattern and not re.match(spec.pattern, text):
            self.invalid(spec, value, path, _reason("pattern", pattern=spec.pattern))
        return text

    type_text = type_string
    type_slug = type_string

    def type_email(self, spec: FieldSpec, value: Any, path: str) -> Any:
        if not isinstance(value, str) or not _EMAIL.match(value.strip()):
            self.invalid(spec, value, path, _reason("email"))
            return value
        return value.strip()

    def type_url(self, spec: FieldSpec, value: Any, path: str) -> Any:
        if not isinstance(value, str) or not _URL.match(value.strip()):
            self.invalid(spec, value, path, _reason("url"))
            return value
        return value.strip()

    def type_date(self, spec: FieldSpec, value: Any, path: str) -> Any:
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            self.invalid(spec, value, path, _reason("date"))
            return value

    def type_period(self, spec: FieldSpec, value: Any, path: str) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, bool) or period_bounds(value) is None:
            self.invalid(spec, value, path, _reason("period"))
            return value
        return str(value).strip()

    def type_year(self, spec: FieldSpec, value: Any, path: str) -> Any:
        text = str(value).strip()
        if isinstance(value, bool) or not re.fullmatch(r"(19|20|21)\d{2}", text):
            self.invalid(spec, value, path, _reason("year"))
            return value
        return text

    def type_boolean(self, spec: FieldSpec, value: Any, path: str) -> Any:
        if isinstance(value, bool):
            return value
        key = str(value).strip().casefold()
        if key in _TRUE | _FALSE:
            result = key in _TRUE
            self.add("metadata-normalized", path, field=path, value=_show(value),
                     code=str(result).lower())
            return result
        self.invalid(spec, value, path, _reason("type-boolean"))
        return value

    def type_code(self, spec: FieldSpec, value: Any, path: str) -> Any:
        assert spec.codelist is not None
        codes = codelist(spec.codelist)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.invalid(spec, value, path, _reason("type-text"))
            return value
        match = codes.normalize(value)
        if match is None:
            suggestions = codes.suggest(value, 1)
            severity = Severity.WARNING if codes.extensible else Severity.ERROR
            self.add("metadata-unknown-code", path, severity, field=path, value=_show(value),
                     codelist=spec.codelist,
                     suggestion=f"{suggestions[0].code} ({suggestions[0].name})"
                     if suggestions else None)
            return value
        if not match.exact:
            self.add("metadata-normalized", path, field=path, value=_show(value),
                     code=match.code.code)
        return match.code.code

    def type_list(self, spec: FieldSpec, value: Any, path: str) -> Any:
        if isinstance(value, str) and spec.items is not None and spec.items.type == "string":
            # "a, b, c" in a keyword field: split, and say so.
            parts = [p.strip() for p in value.split(",") if p.strip()]
            self.add("metadata-normalized", path, field=path, value=_show(value),
                     code=", ".join(parts))
            value = parts
        if not isinstance(value, list):
            self.invalid(spec, value, path, _reason("type-list"))
            return value
        if spec.min_items and len(value) < spec.min_items:
            self.invalid(spec, value, path, _reason("min-items", min=spec.min_items))
        if spec.items is None:
            return value
        return [self.field(spec.items, item, f"{path}[{i}]") for i, item in enumerate(value)]

    def type_object(self, spec: FieldSpec, value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            self.invalid(spec, value, path, _reason("type-object"))
            return value
        if not spec.fields:  # an opaque object (e.g. a Table Schema): checked elsewhere
            return value
        return self.fields(spec.fields, value, path + ".")

    def fields(self, specs: tuple[FieldSpec, ...], data: dict[str, Any], prefix: str) -> Any:
        result = dict(data)
        for spec in specs:
            result[spec.name] = self.field(spec, data.get(spec.name), prefix + spec.name)
            if spec.name not in data:
                del result[spec.name]
        return result

    # -- rules ------------------------------------------------------------------------------
    def rule(self, rule: Rule, data: dict[str, Any]) -> None:
        if rule.when is not None and rule.then is not None:
            self._when_then(rule, data)
        elif rule.check == "not_before":
            self._not_before(rule, data)
        elif rule.check == "level_not_coarser":
            self._level_not_coarser(rule, data)
        elif rule.check == "one_of_required":
            self._one_of_required(rule, data)
        else:
            raise ValueError(f"standard rule {rule.id}: unknown check {rule.check!r}")

    def _when_then(self, rule: Rule, data: dict[str, Any]) -> None:
        assert rule.when is not None and rule.then is not None
        if _get(data, rule.when["field"]) != rule.when["equals"]:
            return
        target = rule.then["field"]
        value = _get(data, target)
        spec = self.standard.field(target)
        label = spec.label if spec else target
        if rule.then.get("required") and is_missing(value):
            # One finding per problem: the field check's warning becomes the rule's error.
            self.findings = [f for f in self.findings
                             if not (f.code == "metadata-missing-field" and f.path == target)]
            self.add("metadata-missing-field", target, Severity.ERROR, field=target,
                     label=label, obligation=_obligation("wajib"), rule=rule.id,
                     rule_message=rule.message)
        elif "not_equals" in rule.then and value == rule.then["not_equals"]:
            self.add("metadata-invalid-value", target, field=target, value=_show(value),
                     reason=_reason("rule"), rule=rule.id, rule_message=rule.message)

    def _not_before(self, rule: Rule, data: dict[str, Any]) -> None:
        assert rule.field and rule.other
        late, early = _get(data, rule.field), _get(data, rule.other)
        late_b = None if is_missing(late) else period_bounds(late)
        early_b = None if is_missing(early) else period_bounds(early)
        if late_b and early_b and late_b[1] < early_b[0]:
            self.add("metadata-invalid-value", rule.field, field=rule.field, value=_show(late),
                     reason=_reason("rule"), rule=rule.id, rule_message=rule.message)

    def _level_not_coarser(self, rule: Rule, data: dict[str, Any]) -> None:
        assert rule.field and rule.other
        level_code = codelist("tingkat_penyajian").get(str(_get(data, rule.field)))
        area = codelist("wilayah").get(str(_get(data, rule.other)))
        if level_code is None or area is None:
            return  # reported by the field checks already
        area_level = codelist("tingkat_penyajian").get(area.level or "")
        if area_level is None or level_code.rank is None or area_level.rank is None:
            return
        if level_code.rank < area_level.rank:
            self.add("metadata-invalid-value", rule.field, field=rule.field,
                     value=level_code.code, reason=_reason("rule"), rule=rule.id,
                     rule_message=rule.message)

    def _one_of_required(self, rule: Rule, data: dict[str, Any]) -> None:
        assert rule.field
        items = _get(data, rule.field)
        if not isinstance(items, list):
            return
        for i, item in enumerate(items):
            if isinstance(item, dict) and all(is_missing(item.get(k)) for k in rule.fields):
                path = f"{rule.field}[{i}].{'|'.join(rule.fields)}"
                self.add("metadata-missing-field", path, Severity.ERROR, field=path,
                         label=" / ".join(rule.fields), obligation=_obligation("wajib"),
                         rule=rule.id, rule_message=rule.message)


def _get(data: dict[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _show(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def check_metadata(
    metadata: dict[str, Any], standard: Standard | None = None, *, file: str | None = None
) -> tuple[dict[str, Any], list[Finding]]:
    """Check ``metadata`` (a descriptor's top level); return (normalised copy, findings)."""
    standard = standard or load_standard()
    checker = _Checker(standard, file)
    normalised: dict[str, Any] = checker.fields(standard.fields, copy.deepcopy(metadata), "")
    known = {f.name for f in standard.fields}
    for key in metadata:
        if key not in known and key not in PACKAGE_KEYS:
            close = difflib.get_close_matches(key, sorted(known), 1, 0.75)
            checker.add("metadata-unknown-field", key, field=key,
                        suggestion=close[0] if close else None)
    for rule in standard.rules:
        checker.rule(rule, normalised)
    return normalised, checker.findings
