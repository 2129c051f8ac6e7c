"""Satu Data compliance of one dataset: a 0-100 score from the metadata check's findings.

Three components, so a score says *what* is missing, not only how much:

* ``wajib`` (50): the standard's required fields present and valid (a field also counts as
  required when a rule of the standard requires it for this dataset, e.g. ``lisensi`` for open
  data);
* ``kode`` (20): the coded fields (OPD, region, unit, frequency, ...) hold codes of their lists;
  the denominator is the required coded fields plus the optional ones that are filled in;
* ``standar_data`` (30): the five elements of the Standar Data of Perpres 39/2019 art. 4 --
  konsep, definisi (``deskripsi``), klasifikasi, ukuran and satuan -- present and valid.

The findings come from ``check_metadata``, so the audit never disagrees with ``satudata
validate`` about what is wrong. It runs with the standard restricted to the fields the score
reads (``scored_standard``): field checks are independent of each other, so those fields get
exactly the findings a full check gives them, while the optional fields the score ignores no
longer cost a finding object each (half the check's time on a real catalogue).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from satudata_meta.audit.model import ComplianceResult
from satudata_meta.findings import Finding, Severity
from satudata_meta.standard.check import is_missing
from satudata_meta.standard.spec import Rule, Standard, load_standard

STANDAR_DATA = ("konsep", "deskripsi", "klasifikasi", "ukuran", "satuan")
WEIGHTS = {"wajib": 50, "kode": 20, "standar_data": 30}
CODE_FINDINGS = frozenset({"metadata-unknown-code", "metadata-invalid-value"})


def _top(path: str | None) -> str:
    """The top-level field a finding's path belongs to: "kontak.email" -> "kontak"."""
    text = path or ""
    for sep in (".", "["):
        text = text.split(sep, 1)[0]
    return text


def _rule_target(rule: Rule) -> str | None:
    """The field a rule's finding lands on."""
    if rule.then is not None:
        return str(rule.then.get("field"))
    return rule.field


def _rule_inputs(rule: Rule) -> set[str]:
    names = {rule.field, rule.other, (rule.when or {}).get("field"),
             (rule.then or {}).get("field")}
    return {_top(str(n)) for n in names if n}


# id(standard) -> (that standard, its cut-down copy, the kept names); the standard is kept in
# the entry so a recycled id can never return another standard's copy.
_SCORED: dict[int, tuple[Standard, Standard, frozenset[str]]] = {}


def scored_standard(standard: Standard | None = None) -> tuple[Standard, frozenset[str]]:
    """The standard cut down to what the compliance score reads, and those top-level names:
    required fields, coded fields, the Standar Data elements, the rules that land on one of
    them and the fields those rules read. Resources keep their required item fields plus the
    ones a rule names (path/url)."""
    std = standard or load_standard()
    cached = _SCORED.get(id(std))
    if cached is not None and cached[0] is std:
        return cached[1], cached[2]
    keep = {s.name for s in std.fields if s.obligation == "wajib" or s.type == "code"}
    keep |= set(STANDAR_DATA)
    rules = tuple(r for r in std.rules if _top(str(_rule_target(r))) in keep)
    for rule in rules:
        keep |= _rule_inputs(rule)
    nested = {_top(str(r.field)): set(r.fields) for r in rules if r.fields}
    fields = []
    for spec in std.fields:
        if spec.name not in keep:
            continue
        if spec.items is not None and spec.items.fields:
            wanted = nested.get(spec.name, set())
            items = tuple(c for c in spec.items.fields if c.obligation == "wajib" or
                          c.name in wanted)
            spec = replace(spec, items=replace(spec.items, fields=items))
        fields.append(spec)
    cut = replace(std, fields=tuple(fields), rules=rules)
    _SCORED[id(std)] = (std, cut, frozenset(keep))
    return cut, frozenset(keep)


def check(metadata: dict[str, Any], standard: Standard | None = None
          ) -> tuple[dict[str, Any], list[Finding]]:
    """``check_metadata`` on the scored fields only (see the module docstring)."""
    from satudata_meta.standard.check import check_metadata

    std, keep = scored_standard(standard)
    subset = {k: v for k, v in metadata.items() if k in keep}
    return check_metadata(subset, std)


def _exact(name: str, fields: list[str], passed: list[str]) -> float:
    return WEIGHTS[name] * len(passed) / len(fields) if fields else 0.0


def _component(name: str, fields: list[str], passed: list[str]) -> dict[str, Any]:
    return {"points": round(_exact(name, fields, passed), 2), "max": WEIGHTS[name],
            "passed": len(passed), "total": len(fields),
            "failing": [f for f in fields if f not in passed]}


def assess(metadata: dict[str, Any], findings: list[Finding],
           standard: Standard | None = None) -> ComplianceResult:
    """Score ``metadata`` (as written, in the standard's terms) from its check findings."""
    std = standard or load_standard()
    errors: dict[str, list[Finding]] = {}
    for f in findings:
        if f.severity is Severity.ERROR:
            errors.setdefault(_top(f.path), []).append(f)
    bad_codes = {_top(f.path) for f in findings if f.code in CODE_FINDINGS}

    required = [s.name for s in std.fields if s.obligation == "wajib"]
    for f in findings:  # a rule made an optional field required for this dataset
        top = _top(f.path)
        if f.severity is Severity.ERROR and f.params.get("rule") and top not in required and \
                f.code == "metadata-missing-field":
            required.append(top)
    wajib_ok = [n for n in required if not is_missing(metadata.get(n)) and n not in errors]

    coded = [s.name for s in std.fields if s.type == "code" and (
        s.obligation == "wajib" or not is_missing(metadata.get(s.name)))]
    kode_ok = [n for n in coded if not is_missing(metadata.get(n)) and n not in bad_codes]

    elements = [n for n in STANDAR_DATA if std.field(n) is not None]
    sd_ok = [n for n in elements if not is_missing(metadata.get(n)) and n not in errors]

    components = {"wajib": _component("wajib", required, wajib_ok),
                  "kode": _component("kode", coded, kode_ok),
                  "standar_data": _component("standar_data", elements, sd_ok)}
    score = round(_exact("wajib", required, wajib_ok) + _exact("kode", coded, kode_ok)
                  + _exact("standar_data", elements, sd_ok), 1)
    order = {s.name: i for i, s in enumerate(std.fields)}
    _, scored = scored_standard(std)
    failing = [f for f in findings if _top(f.path) in scored and (
        f.severity is Severity.ERROR or f.code == "metadata-unknown-code")]
    failing.sort(key=lambda f: (order.get(_top(f.path), len(order)), f.path or ""))
    return ComplianceResult(score=score, components=components, failing=failing)
