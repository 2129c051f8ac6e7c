"""The content layer: what the rows say, against the reference codes and the metadata.

* wilayah codes exist at the column's level (``unknown-reference-code``), in the Kemendagri
  notation (``code-format`` for 3603 or Excel's 36.1, ``bps-code-used`` for BPS codes), inside
  the dataset's coverage (``wilayah-outside-coverage``), and agree with the name beside them
  (``code-name-mismatch``, tolerant of case and of "Kab."/"Kabupaten");
* every wilayah the metadata promises (``tingkat_penyajian`` under ``cakupan_wilayah``)
  appears for every period of ``periode`` (``incomplete-coverage``), and no period lies outside
  it (``period-out-of-range``);
* no two rows share a key (``duplicate-key``, with both rows); a ``satuan`` column agrees with
  the metadata (``unit-mismatch``); no personal data in the table (``personal-data-detected``).

Findings about a value are grouped: one finding per distinct wrong value in a column, with
every row it occurs in, because a person fixes a value (often with find-and-replace), not a
row. A row whose code is recognised (36.1 -> 36.10) counts as that wilayah for coverage and
duplicates, so one problem gives one finding.
"""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from satudata_meta.checks import CheckContext
from satudata_meta.codes import Code, codelist
from satudata_meta.codes import search as names
from satudata_meta.findings import Finding, Severity
from satudata_meta.standard.check import check_metadata, period_bounds
from satudata_meta.tabular import personal
from satudata_meta.tabular.blocks import rows_text
from satudata_meta.tabular.columns import Column, snake
from satudata_meta.tabular.prepare import Prepared, prepare
from satudata_meta.tabular.read import Table
from satudata_meta.tabular.schema import build

LEVELS = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")
# Period columns from the coarsest; a key is the values of the ones a table has, in this order.
PERIOD_ORDER = ("tahun", "semester", "triwulan", "bulan")
ROWS_KEPT = 1000  # row numbers kept in a finding's params (count has them all)
NAMES_SHOWN = 10
_COMMA_CODE = re.compile(r"^(\d{2}),(\d{1,2})$")  # 36.1 in an Indonesian Excel: "36,1"


# --- wilayah codes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeDiagnosis:
    """What a code cell means: ok, format (Kemendagri in another notation), bps, level (a
    real code of another level), or unknown; ``unit`` is the Kemendagri unit when known."""

    kind: str
    unit: Code | None = None


def _kemendagri() -> Any:
    from satudata_meta.codes.wilayah import wilayah_list

    return wilayah_list("kemendagri")


@lru_cache(maxsize=65536)
def diagnose(value: str, levels: tuple[str, ...]) -> CodeDiagnosis:
    """Read a wilayah code cell for a column whose codes should be at one of ``levels``."""
    from satudata_meta.codes.wilayah import WilayahError, code_readings, conversion

    kem = _kemendagri()
    text = value.strip()
    exact = kem.get(text)
    if exact is not None:
        return CodeDiagnosis("ok" if exact.level in levels else "level", exact)
    text = _COMMA_CODE.sub(r"\1.\2", text)
    found: list[tuple[str, Code]] = []
    for reading in code_readings(text):
        unit: Code | None = None
        if reading.system == "kemendagri":
            unit = kem.get(reading.code)
            kind = "format"
        else:
            try:
                target = conversion(reading.code, "kemendagri", source="bps").target
            except WilayahError:
                continue
            unit = kem.get(target)
            # Province and kab/kota numbers are the same in both systems: only the dot is
            # missing. Kecamatan and desa numbers differ: a BPS code.
            kind = "format" if reading.level in LEVELS[:2] else "bps"
        if unit is not None and (kind, unit) not in found:
            found.append((kind, unit))
    at_level = [f for f in found if f[1].level in levels]
    if at_level:
        preferred = sorted(at_level, key=lambda f: f[0] != "format")[0]
        return CodeDiagnosis(preferred[0], preferred[1])
    if found:
        return CodeDiagnosis("level", found[0][1])
    return CodeDiagnosis("unknown")


def _inside(code: str, coverage: str | None) -> bool:
    """Whether a unit lies in the coverage (or is one of its ancestors, e.g. the province)."""
    if not coverage:
        return True
    return code == coverage or code.startswith(coverage + ".") or coverage.startswith(
        code + ".")


@lru_cache(maxsize=65536)
def name_agreement(code: str, name: str) -> tuple[str, float]:
    """("ok" | "spelling" | "other", score) for a name written beside a code."""
    unit = _kemendagri().get(code)
    if unit is None or not name.strip():
        return "ok", 1.0
    target = names.target(unit.name, unit.extra.get("kind"))
    best: tuple[float, str] | None = None
    for reading in names.readings(name):
        hit = names.score(reading, target)
        if hit is not None and (best is None or hit[0] > best[0]):
            best = hit
    if best is None:
        return "other", 0.0
    score, method = best
    if method in ("name", "alias", "abbreviation") and score >= 0.9:
        return "ok", score
    return ("spelling" if score >= 0.7 else "other"), score


@lru_cache(maxsize=16384)
def _name_search(name: str, level: str, within: str | None) -> Code | None:
    """The unit a name unambiguously means at a level, inside the coverage."""
    from satudata_meta.codes.wilayah import WilayahError

    try:
        unit: Code | None = _kemendagri().named(name, level, within)
    except (WilayahError, ValueError):
        return None
    return unit


_CODE_CHARS = "0123456789."  # what Kemendagri codes are written with
CODE_LIKE = re.compile(r"[\d.]+")  # a cell that may be a mistyped code


@lru_cache(maxsize=64)
def _codes_at(level: str, within: str | None) -> dict[str, Code]:
    return {u.code: u for u in _kemendagri().units(level=level, within=within)}


@lru_cache(maxsize=16384)
def _near_code(value: str, level: str, within: str | None) -> Code | None:
    """The only unit at ``level`` in the coverage whose code is one keystroke from
    ``value`` (a typo such as 36.07 for 36.01 has several; 36.701 for 36.71 has one)."""
    codes = _codes_at(level, within)
    near = [codes[v] for v in names.one_edit(value, _CODE_CHARS) if v in codes]
    return near[0] if len(near) == 1 else None


def personal_params(found: personal.Detection, akses: Any, number: int) -> dict[str, Any]:
    """The parameters of a personal-data-detected finding (both engines word it alike)."""
    return {"kind": personal.KINDS[found.kind], "example": found.example,
            "matches": found.matches, "total": found.total,
            "by": ({"id": "nama kolom", "en": "the column name"} if found.by_name else
                   {"id": "isi kolom", "en": "the column's values"}),
            "akses": str(akses or "?"), "rows": [number], "at": rows_text([number]),
            "count": found.matches}


def unit_text(unit: Code) -> str:
    return f"{unit.code} {unit.name}"


def level_label(level: str) -> dict[str, str]:
    """"kabupaten/kota" / "regency/city", from the tingkat_penyajian list's labels."""
    code = codelist("tingkat_penyajian").get(level)
    if code is None:
        return {"id": level, "en": level}
    return {"id": code.label_in("id").lower(), "en": code.label_in("en").lower()}


# --- helpers ----------------------------------------------------------------------------------


def _list_text(items: list[str]) -> dict[str, str]:
    shown = ", ".join(items[:NAMES_SHOWN])
    more = len(items) - NAMES_SHOWN
    return {"id": shown + (f" dan {more} lainnya" if more > 0 else ""),
            "en": shown + (f" and {more} more" if more > 0 else "")}


def _int(text: str) -> int | None:
    text = text.strip()
    if re.fullmatch(r"[-+]?\d+", text):
        return int(text)
    if re.fullmatch(r"[-+]?\d+\.0+", text):
        return int(text.split(".")[0])
    return None


@dataclass
class Result:
    """The content layer's findings for one resource, and the cells they explain (which the
    table layer then leaves alone)."""

    findings: list[Finding] = field(default_factory=list)
    # (row number, column index) -> the findings (indexes) that explain that cell
    explained: dict[tuple[int | None, int], list[int]] = field(default_factory=dict)
    personal: set[int] = field(default_factory=set)  # columns holding personal data
    emitted: set[int] = field(default_factory=set)  # findings already given to a layer

    def take(self, indexes: Iterable[int] | None = None) -> list[Finding]:
        """Findings (all, or the given ones) not handed out yet: whichever layer asks first
        reports them, so running the table layer alone loses nothing."""
        wanted = range(len(self.findings)) if indexes is None else indexes
        out = []
        for i in wanted:
            if i not in self.emitted:
                self.emitted.add(i)
                out.append(self.findings[i])
        return out


def _metadata(context: CheckContext) -> dict[str, Any]:
    if context.metadata:
        return context.metadata
    normalised, _ = check_metadata(context.dataset.metadata)  # run without the metadata layer
    return normalised


class ContentCheck:
    name = "content"
    order = 20

    def run(self, context: CheckContext) -> Iterable[Finding]:
        from satudata_meta import fast

        if fast.available() and fast.chosen(context):  # from batches (satudata_meta.fast)
            return list(fast.content_findings(context))
        out: list[Finding] = []
        for resource in context.dataset.resources:
            prepared = prepare(context, context.dataset, resource)
            out.extend(prepared.take_notes())  # when the table layer did not run
            if prepared.table is None or not prepared.table.rows:
                continue
            out.extend(analyse(context, prepared).take())
        return out


def analyse(context: CheckContext, prepared: Prepared) -> Result:
    """The content findings of one resource (computed once, cached on ``prepared``)."""
    cached = prepared.derived.get("content")
    if isinstance(cached, Result):
        return cached
    result = Result()
    prepared.derived["content"] = result
    if prepared.table is None or not prepared.table.rows:
        return result
    _Analysis(context, prepared, result).run()
    return result


def mismatch_verdict(code: str, name: str, level: str | None, coverage: Any
                     ) -> tuple[Code, Code | None, dict[str, str], Severity]:
    """How a kode/nama pair disagrees: the unit the name means instead (if another), the
    hint, and the severity (a mere spelling difference is a warning). Shared by both engines."""
    unit = _kemendagri().get(code)
    assert unit is not None
    verdict, _ = name_agreement(code, name)
    other = _name_search(name, level or unit.level, coverage)
    if other is not None and other.code != code:
        return unit, other, {
            "id": f"'{name}' adalah {unit_text(other)}; kode {code} adalah {unit.name}. "
                  "Perbaiki kodenya atau namanya.",
            "en": f"'{name}' is {unit_text(other)}; code {code} is {unit.name}. "
                  "Fix the code or the name."}, Severity.ERROR
    if verdict == "spelling":
        return unit, None, {"id": f"ejaan baku: {unit.name}",
                            "en": f"official spelling: {unit.name}"}, Severity.WARNING
    return unit, None, {"id": f"kode {code} adalah {unit.name}",
                        "en": f"code {code} is {unit.name}"}, Severity.ERROR


class _Analysis:
    """One resource's content checks; ``codes`` records the unit each row stands for, so the
    coverage and duplicate checks count a recognised 3603 as 36.03."""

    def __init__(self, context: CheckContext, prepared: Prepared, result: Result) -> None:
        assert prepared.table is not None
        self._setup(context, prepared, prepared.table, result, build(prepared))

    def _setup(self, context: Any, prepared: Any, table: Any, result: Result, plan: Any
               ) -> None:
        """The state every engine's analysis starts from (the fast engine passes a view of
        its batches as ``prepared`` and ``table``)."""
        self.prepared: Prepared = prepared
        self.table: Table = table
        self.result = result
        self.meta = _metadata(context)
        self.plan = plan
        self.columns = prepared.columns
        self.by_name: dict[str, Column] = {}
        for col in self.columns:
            self.by_name.setdefault(col.name, col)
        cakupan = self.meta.get("cakupan_wilayah")
        self.coverage: str | None = None
        self.coverage_unit: Code | None = None
        tingkat = self.meta.get("tingkat_penyajian")
        self.tingkat: str | None = tingkat if tingkat in LEVELS else None
        if isinstance(cakupan, str):
            try:
                self.coverage_unit = _kemendagri().get(cakupan)
            except OSError:  # the wilayah tables are missing: no wilayah checks
                self.coverage_unit = None
            self.coverage = cakupan if self.coverage_unit is not None else None
        # row index -> column index -> the Kemendagri code the row means (recognised codes)
        self.codes: dict[int, dict[int, str]] = defaultdict(dict)
        # row index -> other codes the row may stand for (a name pointing elsewhere)
        self.also: dict[int, set[str]] = defaultdict(set)

    # -- utilities ------------------------------------------------------------------------
    def finding(self, kind: str, column: Column | None, rows: list[int], cell: str | None,
                severity: Severity | None = None, /, **params: Any) -> Finding:
        """A finding at the first of ``rows`` (row indexes), listing all of them."""
        numbers = [self.table.row_numbers[r] for r in rows]
        if numbers:
            params.setdefault("rows", numbers[:ROWS_KEPT])
            params.setdefault("at", rows_text(numbers))
            params.setdefault("count", len(numbers))
        if column is not None:
            params.setdefault("field", column.label)
        return self.prepared.where.finding(
            kind, severity=severity, row_number=numbers[0] if numbers else None,
            field_name=column.label if column else None,
            field_number=column.number if column else None, cell=cell, params=params)

    def explain(self, finding: Finding, column: Column, rows: Iterable[int]) -> None:
        """Add a finding that explains these cells (the table layer leaves them alone)."""
        self.add(finding)
        index = len(self.result.findings) - 1
        for r in rows:
            key = (self.table.row_numbers[r], column.index)
            self.result.explained.setdefault(key, []).append(index)

    def cell(self, row: int, column: Column) -> str:
        values = self.table.rows[row]
        return values[column.index] if column.index < len(values) else ""

    def add(self, finding: Finding) -> None:
        self.result.findings.append(finding)

    # -- the checks -----------------------------------------------------------------------
    def run(self) -> None:
        self.personal_data()
        with contextlib.suppress(OSError):  # no wilayah tables: the metadata layer says so
            self.wilayah_codes()
        self.periods_and_coverage()
        self.duplicates()
        self.units()

    def _levels(self, column: Column) -> tuple[str, ...]:
        assert column.spec is not None
        if column.spec.level:
            return (column.spec.level,)
        if self.tingkat is None:
            return LEVELS
        finest = LEVELS.index(self.tingkat)
        coarsest = LEVELS.index(self.coverage_unit.level) if (
            self.coverage_unit is not None and self.coverage_unit.level in LEVELS) else 0
        return LEVELS[min(coarsest, finest):finest + 1]

    def wilayah_codes(self) -> None:
        for column in self.columns:
            if column.role == "kode_wilayah":
                self._code_column(column)

    def _code_column(self, column: Column) -> None:
        assert column.spec is not None
        levels = self._levels(column)
        pair = self.by_name.get(column.spec.pair) if column.spec.pair else None
        groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        units: dict[str, Code] = {}
        for r in range(len(self.table.rows)):
            value = self.cell(r, column)
            if not value:
                continue
            diag = diagnose(value, levels)
            unit = diag.unit
            if diag.kind in ("ok", "format", "bps") and unit is not None:
                self.codes[r][column.index] = unit.code
                units[unit.code] = unit
                if not _inside(unit.code, self.coverage):
                    groups[("outside", value, unit.code)].append(r)
                elif diag.kind != "ok":
                    groups[(diag.kind, value, unit.code)].append(r)
                continue
            suggestion = None
            name = self.cell(r, pair) if pair is not None else ""
            level = levels[-1]
            within = self.coverage
            if name:
                suggestion = _name_search(name, level, within)
            if suggestion is None and diag.kind == "unknown" and CODE_LIKE.fullmatch(value):
                suggestion = _near_code(value, level, within)
            if suggestion is not None:
                units[suggestion.code] = suggestion
                self.codes[r][column.index] = suggestion.code  # counts for coverage
            if diag.kind == "level" and unit is not None:
                units[unit.code] = unit
                groups[("level", value, unit.code + "|" + (suggestion.code if suggestion
                                                            else ""))].append(r)
            else:
                groups[("unknown", value, suggestion.code if suggestion else "")].append(r)
        for (kind, value, key), rows in groups.items():
            self.explain(self._code_finding(kind, value, key, rows, column, levels, units),
                         column, rows)
        if pair is not None:
            self._names(column, pair)

    def _code_finding(self, kind: str, value: str, key: str, rows: list[int], column: Column,
                      levels: tuple[str, ...], units: dict[str, Code]) -> Finding:
        level = level_label(levels[-1]) if len(levels) == 1 else {
            "id": "/".join(level_label(lv)["id"] for lv in levels),
            "en": "/".join(level_label(lv)["en"] for lv in levels)}
        if kind in ("format", "bps", "outside"):
            unit = units[key]
            params: dict[str, Any] = {"value": value, "code": unit.code, "name": unit.name}
            if kind == "outside":
                assert self.coverage_unit is not None
                params["coverage"] = unit_text(self.coverage_unit)
                return self.finding("wilayah-outside-coverage", column, rows, value, **params)
            code = "code-format" if kind == "format" else "bps-code-used"
            return self.finding(code, column, rows, value, **params)
        unit_code, _, suggested = key.partition("|") if kind == "level" else ("", "", key)
        reason = {"id": f"tidak ada dalam daftar kode wilayah Kemendagri tingkat {level['id']}",
                  "en": f"is not in the Kemendagri area code list at {level['en']} level"}
        if kind == "level":
            actual = units[unit_code]
            actual_level = level_label(actual.level or "")
            reason = {
                "id": f"adalah kode {actual_level['id']} ({actual.name}), bukan kode "
                      f"{level['id']}",
                "en": f"is a {actual_level['en']} code ({actual.name}), not a {level['en']} "
                      "code"}
        suggestion = unit_text(units[suggested]) if suggested else None
        return self.finding("unknown-reference-code", column, rows, value, value=value,
                            reason=reason, level=level, suggestion=suggestion)

    def _names(self, column: Column, pair: Column) -> None:
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for r, codes in self.codes.items():
            code = codes.get(column.index)
            name = self.cell(r, pair)
            if code is None or not name:
                continue
            verdict, _ = name_agreement(code, name)
            if verdict != "ok":
                groups[(code, name)].append(r)
        level = column.spec.level if column.spec else None
        for (code, name), rows in sorted(groups.items(), key=lambda g: g[1][0]):
            unit, other, hint, severity = mismatch_verdict(code, name, level, self.coverage)
            if other is not None:
                for r in rows:
                    self.also[r].add(other.code)
            self.add(self.finding("code-name-mismatch", pair, rows, name, severity,
                                  code=code, official=unit.name, name=name,
                                  code_field=column.label, suggestion=hint))

    # -- periods and coverage -------------------------------------------------------------
    def _period_columns(self) -> list[Column]:
        found = [self.by_name[n] for n in PERIOD_ORDER if n in self.by_name
                 and self.by_name[n].role == "periode"]
        return found

    def _expected_periods(self, columns: list[Column]) -> list[tuple[int, ...]] | None:
        periode = self.meta.get("periode")
        if not isinstance(periode, dict):
            return None
        start = period_bounds(periode.get("awal")) if periode.get("awal") is not None else None
        end = period_bounds(periode.get("akhir")) if periode.get("akhir") is not None else None
        if start is None or end is None or end[1] < start[0]:
            return None
        first, last = start[0], end[1]
        if (last.year - first.year) > 200:
            return None
        keys: dict[tuple[int, ...], None] = {}
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            keys[self._key_of(columns, year, month)] = None
            month += 1
            if month > 12:
                year, month = year + 1, 1
        return list(keys)

    @staticmethod
    def _key_of(columns: list[Column], year: int, month: int) -> tuple[int, ...]:
        parts = {"tahun": year, "semester": (month - 1) // 6 + 1,
                 "triwulan": (month - 1) // 3 + 1, "bulan": month}
        return tuple(parts[c.name] for c in columns)

    @staticmethod
    def _period_label(columns: list[Column], key: tuple[int, ...]) -> dict[str, str]:
        if not columns:
            return {"id": "", "en": ""}
        values = dict(zip((c.name for c in columns), key, strict=True))
        words = {"semester": ("semester", "half"), "triwulan": ("triwulan", "quarter"),
                 "bulan": ("bulan", "month")}
        if set(values) == {"tahun", "bulan"}:
            text = f"{values['tahun']}-{values['bulan']:02d}"
            return {"id": text, "en": text}
        out_id, out_en = [], []
        for name, value in values.items():
            if name == "tahun":
                out_id.append(str(value))
                out_en.append(str(value))
            else:
                out_id.append(f"{words[name][0]} {value}")
                out_en.append(f"{words[name][1]} {value}")
        return {"id": " ".join(out_id), "en": " ".join(out_en)}

    def _natural(self, column: Column, value: int) -> bool:
        spec = column.spec
        if spec is None:
            return True
        low, high = spec.constraints.get("minimum"), spec.constraints.get("maximum")
        return (low is None or value >= low) and (high is None or value <= high)

    def _row_period(self, r: int, columns: list[Column]) -> tuple[int, ...] | None:
        key = []
        for column in columns:
            value = _int(self.cell(r, column))
            if value is None or not self._natural(column, value):
                return None  # blank or not a number: the table layer reports it
            key.append(value)
        return tuple(key)

    def _presentation_column(self) -> Column | None:
        if self.tingkat is None:
            return None
        wilayah = [c for c in self.columns if c.role == "kode_wilayah" and c.spec is not None]
        exact = [c for c in wilayah if c.spec is not None and c.spec.level == self.tingkat]
        generic = [c for c in wilayah if c.spec is not None and c.spec.level is None]
        found = exact or generic
        return found[0] if found else None

    def periods_and_coverage(self) -> None:
        columns = self._period_columns()
        expected: list[tuple[int, ...]] | None = (
            self._expected_periods(columns) if columns else [()])
        in_range: set[tuple[int, ...]] | None = set(expected) if expected is not None else None
        keys: dict[int, tuple[int, ...]] = {}
        outside: dict[tuple[int, ...], list[int]] = defaultdict(list)
        for r, row in enumerate(self.table.rows):
            if not any(row):
                continue
            key = self._row_period(r, columns) if columns else ()
            if key is None:
                continue
            if in_range is not None and columns and key not in in_range:
                outside[key].append(r)
                continue
            keys[r] = key
        periode = self.meta.get("periode") if isinstance(self.meta.get("periode"), dict) else {}
        assert isinstance(periode, dict)
        for key, rows in sorted(outside.items()):
            label = self._period_label(columns, key)
            self.explain(self.finding(
                "period-out-of-range", columns[0], rows, self.cell(rows[0], columns[0]),
                period=label, start=str(periode.get("awal")), end=str(periode.get("akhir"))),
                columns[0], rows)
        if expected is not None:
            self._coverage(columns, expected, keys)

    def _coverage(self, columns: list[Column], expected: list[tuple[int, ...]],
                  keys: dict[int, tuple[int, ...]],
                  present: set[tuple[str, tuple[int, ...]]] | None = None) -> None:
        """Units or periods without rows. ``keys``: row -> period key; ``present``: the
        (code, period) pairs present when known already (the fast engine's)."""
        if self.coverage_unit is None or self.tingkat is None:
            return
        column = self._presentation_column()
        coverage_level = self.coverage_unit.level
        if column is None:
            if coverage_level != self.tingkat:
                self.add(self.finding(
                    "missing-wilayah-column", None, [], None, level=level_label(self.tingkat),
                    expected_column=f"kode_{self.tingkat}", tingkat=self.tingkat))
                return
            units = [self.coverage_unit]
            present = {(self.coverage_unit.code, key) for key in keys.values()}
        else:
            try:
                units = list(_kemendagri().units(level=self.tingkat, within=self.coverage))
            except OSError:
                return
            if present is None:
                present = set()
                for r, key in keys.items():
                    code = self.codes.get(r, {}).get(column.index)
                    for c in ({code} if code else set()) | self.also.get(r, set()):
                        present.add((c, key))
        if not units or not present:
            return  # no row to compare (all outside the period, or no code recognised)
        missing: dict[str, list[tuple[int, ...]]] = defaultdict(list)
        for unit in units:
            for key in expected:
                if (unit.code, key) not in present:
                    missing[unit.code].append(key)
        if not missing:
            return
        level = level_label(self.tingkat)
        by_code = {u.code: u for u in units}
        whole: list[str] = []
        if len(expected) > 1:
            whole = [code for code, keys_missing in missing.items()
                     if len(keys_missing) == len(expected)]
        all_periods = {"id": "semua periode", "en": "every period"}
        if columns and expected:
            first = self._period_label(columns, expected[0])
            last = self._period_label(columns, expected[-1])
            all_periods = {"id": f"semua periode ({first['id']} sampai {last['id']})",
                           "en": f"every period ({first['en']} to {last['en']})"}
        if whole:  # absent from every period: one finding (often a wrong cakupan_wilayah)
            self.add(self.finding(
                "incomplete-coverage", column, [], None, period=all_periods,
                missing_count=len(whole), expected=len(units), level=level,
                missing=_list_text([unit_text(by_code[c]) for c in whole]),
                missing_codes=whole))
        per_period: dict[tuple[int, ...], list[str]] = defaultdict(list)
        for code, keys_missing in missing.items():
            if code in whole:
                continue
            for key in keys_missing:
                per_period[key].append(code)
        for key in expected:
            codes = per_period.get(key)
            if not codes:
                continue
            label = self._period_label(columns, key) if columns else all_periods
            self.add(self.finding(
                "incomplete-coverage", column, [], None, period=label,
                missing_count=len(codes), expected=len(units), level=level,
                missing=_list_text([unit_text(by_code[c]) for c in codes]),
                missing_codes=codes))

    # -- duplicates -----------------------------------------------------------------------
    def _key_columns(self) -> list[Column]:
        if self.plan.primary_key:
            by_label = {c.label: c for c in self.columns}
            return [by_label[k] for k in self.plan.primary_key if k in by_label]
        present = {c.name for c in self.columns}
        out = []
        for c in self.columns:
            if c.role == "ukuran" or (c.spec is None and self.plan.numeric(c.index)):
                continue
            if c.role == "nama_wilayah" and any(
                    o.spec is not None and o.spec.pair == c.name for o in self.columns
                    if o.name in present):
                continue  # the name follows from the code beside it
            out.append(c)
        return out

    def duplicates(self) -> None:
        key_columns = self._key_columns()
        if not key_columns:
            return
        groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for r, row in enumerate(self.table.rows):
            if not any(row):
                continue
            parts = []
            for c in key_columns:
                code = self.codes.get(r, {}).get(c.index)
                parts.append(code if code is not None else self.cell(r, c).casefold())
            if any(parts):
                groups[tuple(parts)].append(r)
        for rows in groups.values():
            if len(rows) < 2:
                continue
            first, repeats = rows[0], rows[1:]
            shown = ", ".join(
                f"{c.label}={personal.mask(v) if c.index in self.result.personal else v}"
                for c, v in zip(key_columns, (self.cell(first, c) for c in key_columns),
                                strict=True))
            identical = all(self.table.rows[r] == self.table.rows[first] for r in repeats)
            detail = ({"id": "seluruh isi barisnya sama; hapus yang berlebih",
                       "en": "the whole rows are the same; delete the extra ones"}
                      if identical else
                      {"id": "nilainya berbeda; tentukan mana yang benar",
                       "en": "the values differ; decide which one is right"})
            self.add(self.finding(
                "duplicate-key", None, repeats, None, first_row=self.table.row_numbers[first],
                key=shown, detail=detail, identical=identical,
                fields=", ".join(c.label for c in key_columns)))

    # -- units ----------------------------------------------------------------------------
    def units(self) -> None:
        column = next((c for c in self.columns if c.role == "satuan"), None)
        expected = self.meta.get("satuan")
        if column is None or not isinstance(expected, str) or not expected:
            return
        satuan = codelist("satuan")
        groups: dict[str, list[int]] = defaultdict(list)
        for r in range(len(self.table.rows)):
            value = self.cell(r, column)
            if not value:
                continue
            match = satuan.normalize(value)
            if match is not None and match.code.code == expected:
                continue
            groups[value].append(r)
        for value, rows in groups.items():
            match = satuan.normalize(value)
            severity = Severity.ERROR if match is not None else Severity.WARNING
            self.add(self.finding("unit-mismatch", column, rows, value, severity, value=value,
                                  expected=expected,
                                  known=match.code.code if match is not None else None))

    # -- personal data --------------------------------------------------------------------
    def personal_data(self) -> None:
        akses = self.meta.get("akses")
        severity = Severity.ERROR if akses == "terbuka" else Severity.WARNING
        for column in self.columns:
            if column.role in ("periode", "kode_wilayah", "ukuran"):
                continue
            found = personal.detect(snake(column.label), self.table.column(column.index))
            if found is None:
                continue
            self.result.personal.add(column.index)
            self.add(self.finding(
                "personal-data-detected", column, [found.first], found.example, severity,
                **personal_params(found, akses, self.table.row_numbers[found.first])))

