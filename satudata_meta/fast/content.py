"""The content layer on batches: the same findings as ``checks.content``, gathered batch by
batch.

The rules are the content layer's own: this module subclasses its ``_Analysis`` and uses
its methods (levels of a code column, expected periods, period labels, coverage, key
columns, the wording of each finding) and its module functions (``diagnose``,
``name_agreement``, ``_name_search``, ``_near_code``). What changes is how rows are
visited: the period, code, code/name and coverage rules look at the distinct combinations
of a batch's period, code and name cells (``_combos``), the unit rule at the distinct units;
each value is decided once, rows are visited only where something is wrong, and only what
the findings need is kept: the row numbers of each group of rows (the first ``ROWS_KEPT``
and a count), the (code, period) pairs present, and compact ids of each row's key for the
duplicate check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from satudata_meta.checks.content import (
    CODE_LIKE,
    ROWS_KEPT,
    Result,
    _Analysis,
    _inside,
    _int,
    _kemendagri,
    _name_search,
    _near_code,
    diagnose,
    mismatch_verdict,
    name_agreement,
    personal_params,
)
from satudata_meta.codes import Code, codelist
from satudata_meta.fast.source import Rows
from satudata_meta.findings import Finding, Severity
from satudata_meta.tabular import personal
from satudata_meta.tabular.blocks import rows_text
from satudata_meta.tabular.columns import Column, snake

VERDICTS_KEPT = 200_000  # (code, name) pairs whose agreement is remembered


def casefold(cells: pl.Series) -> pl.Series:
    """``str.casefold`` of every cell (polars' lowercase is the same for ASCII text)."""
    lower = cells.str.to_lowercase()
    wide = cells.str.contains(r"[^\x00-\x7f]")
    if not wide.any():
        return lower
    mapping = {v: v.casefold() for v in cells.filter(wide).unique().to_list()}
    return pl.Series(cells.name, [mapping.get(v, lv) if v is not None else None for v, lv in
                                  zip(cells.to_list(), lower.to_list(), strict=True)],
                     dtype=pl.String) if len(mapping) > 1000 else lower.zip_with(
        ~wide, cells.replace(mapping))


@dataclass
class Groups:
    """Rows grouped by a key, in the order each key first appears."""

    rows: dict[Any, Rows] = field(default_factory=dict)
    first_cell: dict[Any, str] = field(default_factory=dict)

    def add(self, key: Any, numbers: list[int], cell: str | None = None) -> None:
        if key not in self.rows:
            self.rows[key] = Rows()
            if cell is not None:
                self.first_cell[key] = cell
        self.rows[key].add(numbers)


def _row_at(chunks: list[tuple[int, pl.DataFrame]], at: int) -> pl.DataFrame:
    """Row ``at`` of the frames one after the other."""
    for _, c in chunks:
        if at < c.height:
            return c.slice(at, 1)
        at -= c.height
    raise IndexError(at)


def _with_rows(start: int, chunk: pl.DataFrame) -> pl.DataFrame:
    """A chunk of ``key_parts`` with its rows (``_row``)."""
    if "_row" in chunk.columns:
        return chunk
    return chunk.with_columns(pl.int_range(start, start + chunk.height, dtype=pl.UInt32,
                                           eager=True).alias("_row"))


class Analysis(_Analysis):
    """``checks.content._Analysis`` over batches (see the module docstring)."""

    def __init__(self, context: Any, view: Any, result: Result, plan: Any) -> None:
        self._setup(context, view, view.table, result, plan)
        self.view_table: Any = view.table  # a fast.engine.TableView (rows are numbered)
        self.wilayah = True
        width = len(self.table.header)
        self.code_columns = [c for c in self.columns if c.role == "kode_wilayah" and
                             c.index < width]
        self.levels = {c.index: self._levels(c) for c in self.code_columns}
        self.pairs = {c.index: self.by_name.get(c.spec.pair) if c.spec and c.spec.pair
                      else None for c in self.code_columns}
        self.code_groups: dict[int, Groups] = {c.index: Groups() for c in self.code_columns}
        self.name_groups: dict[int, Groups] = {c.index: Groups() for c in self.code_columns}
        self.units_seen: dict[str, Code] = {}
        self._value_info: dict[tuple[int, str], tuple[str, str | None, Any]] = {}
        self._pair_info: dict[tuple[int, str, str], tuple[str | None, Any]] = {}
        self._agrees: dict[tuple[str, str], bool] = {}  # (code, name) -> the name fits
        self.period_columns = [c for c in self._period_columns() if c.index < width]
        expected = (self._expected_periods(self.period_columns) if self.period_columns
                    else [()])
        self.expected = expected
        self.in_range = set(expected) if expected is not None else None
        self.outside = Groups()
        self._period_of: dict[tuple[str, ...], tuple[int, ...] | None] = {}
        self.present: set[tuple[str, int]] = set()  # (code, index in ``period_keys``)
        self.period_keys: list[tuple[int, ...]] = []  # the periods rows count for
        self._period_id: dict[tuple[int, ...], int] = {}
        self.also_present: set[tuple[str, tuple[int, ...]]] = set()
        self.keys_seen: set[tuple[int, ...]] = set()
        self.presentation = self._presentation_column() if self.tingkat else None
        self.key_columns = [c for c in self._key_columns() if c.index < width]
        # each key column's cells as ids: polars numbers the distinct cells in the order
        # they come (``to_series`` lists them by id); polars keeps the numbering while a
        # column of the type lives, hence the anchors
        self.key_ids = [pl.Categories.random() for _ in self.key_columns]
        self._anchors = [pl.Series([""], dtype=pl.Categorical(c)) for c in self.key_ids]
        # (first row, key ids and row hashes; ``_row``, the rows, only where some are left out)
        self.key_parts: list[tuple[int, pl.DataFrame]] = []
        self.key_overrides: dict[int, dict[int, str]] = {}  # row -> key column -> part
        self.key_index = {c.index: k for k, c in enumerate(self.key_columns)}
        self._start = 0
        satuan = next((c for c in self.columns if c.role == "satuan" and c.index < width),
                      None)
        expected_unit = self.meta.get("satuan")
        self.unit_column = satuan if isinstance(expected_unit, str) and expected_unit else None
        self.unit_groups = Groups()
        self._unit_ok: dict[str, bool] = {}
        self.personal_columns = [c for c in self.columns if c.index < width and c.role not in (
            "periode", "kode_wilayah", "ukuran")]
        self.samples: dict[int, list[tuple[int, str]]] = {c.index: [] for c in
                                                           self.personal_columns}

    # -- the findings ---------------------------------------------------------------------
    def finding(self, kind: str, column: Column | None, rows: list[int], cell: str | None,
                severity: Severity | None = None, /, **params: Any) -> Finding:
        """As the content layer's, with ``rows`` already row numbers (a ``Rows``)."""
        numbers = rows
        if len(numbers):
            params.setdefault("rows", list(numbers[:ROWS_KEPT]))
            params.setdefault("at", rows_text(numbers))
            params.setdefault("count", len(numbers))
        if column is not None:
            params.setdefault("field", column.label)
        return self.prepared.where.finding(
            kind, severity=severity, row_number=numbers[0] if len(numbers) else None,
            field_name=column.label if column else None,
            field_number=column.number if column else None, cell=cell, params=params)

    # -- per batch ------------------------------------------------------------------------
    def prepare(self, frame: pl.DataFrame, start: int, blank: pl.Series,
                extra: dict[int, list[str]]) -> tuple[pl.DataFrame, pl.DataFrame | None]:
        """What ``feed`` starts from, computed from the batch's cells alone (the engine does
        it on a helper thread, batch after batch): the combinations and the key ids."""
        return self._combos(frame), self._key_block(frame, start, blank, extra)

    def feed(self, frame: pl.DataFrame, start: int, blank: pl.Series,
             prepared: tuple[pl.DataFrame, pl.DataFrame | None]
             ) -> dict[tuple[int, int], Any]:
        """Look at one batch; returns the cells it explains: (local row, column) -> the
        group whose finding replaces a type or constraint error there."""
        explained: dict[tuple[int, int], Any] = {}
        number0 = self.view_table.row_number(start)
        self._start = start
        self._personal_sample(frame, start)
        combos, keys = prepared
        periods = self._periods(frame, combos, number0, explained)
        canonical: dict[int, pl.Series] = {}  # code column -> each combination's code
        if self.wilayah:
            try:
                for column in self.code_columns:
                    canonical[column.index] = self._codes(frame, combos, number0, column,
                                                          explained)
            except OSError:  # no wilayah tables: the metadata layer says so
                self.wilayah = False
                canonical = {}
        self._presence(combos, periods, canonical, blank)
        if keys is not None:
            self.key_parts.append((start, keys))
        self._units(frame, number0)
        return explained

    def _combos(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The distinct combinations of the period, code and name cells of a batch: the
        rules on those columns look at each once (a batch has far fewer than rows)."""
        used = {c.index: c for c in [*self.period_columns, *self.code_columns,
                                     *(p for p in self.pairs.values() if p is not None)]}
        return pl.DataFrame([self._cells(frame, used[j]) for j in sorted(used)]).unique()

    def _cells(self, frame: pl.DataFrame, column: Column) -> pl.Series:
        cells = frame.get_column(f"c{column.index}")
        return cells.fill_null("") if cells.null_count() else cells  # filling copies

    def _personal_sample(self, frame: pl.DataFrame, start: int) -> None:
        for column in self.personal_columns:
            sample = self.samples[column.index]
            need = personal.SAMPLE - len(sample)
            if need <= 0:
                continue
            cells = self._cells(frame, column)
            rows = (cells != "").arg_true()[:need]
            if rows.len():
                values = cells.gather(rows).to_list()
                sample.extend(zip((start + r for r in rows.to_list()), values, strict=True))

    def _codes(self, frame: pl.DataFrame, combos: pl.DataFrame, number0: int, column: Column,
               explained: dict[tuple[int, int], Any]) -> pl.Series:
        """The Kemendagri code each combination stands for (null when none); groups of rows
        whose code is wrong, as ``_code_column`` makes them."""
        levels = self.levels[column.index]
        cells = self._cells(frame, column)
        distinct = combos.get_column(cells.name)
        info: dict[str, tuple[str, str | None, Any]] = {}
        empty = False
        for value in distinct.unique().to_list():
            if not value:
                empty = True
                continue
            key = (column.index, value)
            found = self._value_info.get(key)
            if found is None:
                found = self._value_info[key] = self._classify(value, levels)
            info[value] = found
        # most cells are their own code: only the rows of the other cells are visited
        special = [v for v, i in info.items() if i[0] != "ok" or i[1] != v]
        if empty:
            special.append("")
        hits_found: list[tuple[int, Any]] = []  # (row, group), added in row order
        canon = cells
        pair = self.pairs[column.index]
        if special:
            at = cells.is_in(special).arg_true()
            names = self._cells(frame, pair) if pair is not None else None
            fixed: list[str | None] = []
            updates: dict[int, str] = {}
            for r, v, name in zip(at.to_list(), cells.gather(at).to_list(),
                                  names.gather(at).to_list() if names is not None
                                  else [""] * len(at), strict=True):
                kind, code, group = self._meaning(column, info, v, name, levels)
                fixed.append(code)
                if group is not None:
                    hits_found.append((r, group))
                if kind == "name" and code is not None:
                    updates[r] = code
            if updates and column.index in self.key_index:
                k = self.key_index[column.index]
                for r, code in updates.items():
                    self.key_overrides.setdefault(self._start + r, {})[k] = code
            canon = cells.clone().scatter(at, pl.Series(fixed, dtype=pl.String))
        for r, group in sorted(hits_found, key=lambda f: f[0]):
            self.code_groups[column.index].add(group, [number0 + r])
            explained[(r, column.index)] = ("code", column.index, group)
        combo_canon = distinct
        if special:  # the same for each combination
            at = distinct.is_in(special).arg_true()
            combo_names = (combos.get_column(f"c{pair.index}").gather(at).to_list()
                           if pair is not None else [""] * len(at))
            codes = [self._meaning(column, info, v, name, levels)[1] for v, name in
                     zip(distinct.gather(at).to_list(), combo_names, strict=True)]
            combo_canon = distinct.clone().scatter(at, pl.Series(codes, dtype=pl.String))
        if pair is not None:
            self._batch_names(frame, combos, combo_canon, number0, column, pair, canon)
        return combo_canon

    def _meaning(self, column: Column, info: dict[str, tuple[str, str | None, Any]],
                 value: str, name: str, levels: tuple[str, ...]
                 ) -> tuple[str | None, str | None, Any]:
        """(kind, the code a cell stands for or None, the group of its finding or None) for
        a code cell and the name beside it: a wrong code's meaning comes from the name."""
        found = info.get(value)
        if found is None:  # an empty cell stands for no code
            return None, None, None
        kind, code, group = found
        if kind != "name":
            return kind, code, group
        key = (column.index, value, name)
        meant = self._pair_info.get(key)
        if meant is None:
            meant = self._pair_info[key] = self._suggest(value, name, levels)
        return kind, meant[0], meant[1]

    def _classify(self, value: str, levels: tuple[str, ...]) -> tuple[str, str | None, Any]:
        """("ok" | "group" | "name", canonical code, group key) for a code cell."""
        diag = diagnose(value, levels)
        unit = diag.unit
        if diag.kind in ("ok", "format", "bps") and unit is not None:
            self.units_seen[unit.code] = unit
            if not _inside(unit.code, self.coverage):
                return "group", unit.code, ("outside", value, unit.code)
            if diag.kind != "ok":
                return "group", unit.code, (diag.kind, value, unit.code)
            return "ok", unit.code, None
        return "name", None, None

    def _suggest(self, value: str, name: str, levels: tuple[str, ...]
                 ) -> tuple[str | None, Any]:
        """A wrong code's suggestion (from the name beside it, or one keystroke away) and
        its group, as ``_code_column`` decides them."""
        diag = diagnose(value, levels)
        unit = diag.unit
        level = levels[-1]
        suggestion = None
        if name:
            suggestion = _name_search(name, level, self.coverage)
        if suggestion is None and diag.kind == "unknown" and CODE_LIKE.fullmatch(value):
            suggestion = _near_code(value, level, self.coverage)
        if suggestion is not None:
            self.units_seen[suggestion.code] = suggestion
        if diag.kind == "level" and unit is not None:
            self.units_seen[unit.code] = unit
            return (suggestion.code if suggestion else None), (
                "level", value, unit.code + "|" + (suggestion.code if suggestion else ""))
        return (suggestion.code if suggestion else None), (
            "unknown", value, suggestion.code if suggestion else "")

    def _batch_names(self, frame: pl.DataFrame, combos: pl.DataFrame, combo_canon: pl.Series,
                     number0: int, column: Column, pair: Column, canon: pl.Series) -> None:
        """Code/name pairs that disagree, judged once per distinct pair."""
        pairs = pl.DataFrame({"code": combo_canon, "name": combos.get_column(f"c{pair.index}")})
        bad = []
        for code, name in pairs.filter(pl.col("code").is_not_null() & (pl.col("name") != "")
                                       ).unique().iter_rows():
            ok = self._agrees.get((code, name))
            if ok is None:
                ok = name_agreement(code, name)[0] == "ok"
                if len(self._agrees) < VERDICTS_KEPT:
                    self._agrees[(code, name)] = ok
            if not ok:
                bad.append((code, name))
        if not bad:
            return
        names = self._cells(frame, pair)
        valid = canon.is_not_null() & (names != "")
        wrong = pl.DataFrame({"code": canon, "name": names}).with_row_index("_r").filter(
            valid).join(pl.DataFrame(bad, schema={"code": pl.String, "name": pl.String},
                                     orient="row"),
                        on=["code", "name"], how="semi", maintain_order="left")
        groups = self.name_groups[column.index]
        for r, code, name in wrong.iter_rows():
            groups.add((code, name), [number0 + r])
            other = self._other(code, name, column)
            if other is not None:
                key = self._valid_key(tuple(str(frame.get_column(f"c{c.index}")[r] or "")
                                            for c in self.period_columns))
                if key is not None:
                    self.also_present.add((other, key))

    def _other(self, code: str, name: str, column: Column) -> str | None:
        unit = _kemendagri().get(code)
        level = column.spec.level if column.spec else None
        other = _name_search(name, level or unit.level, self.coverage)
        return other.code if other is not None and other.code != code else None

    def _periods(self, frame: pl.DataFrame, combos: pl.DataFrame, number0: int,
                 explained: dict[tuple[int, int], Any]) -> pl.DataFrame:
        """The rows outside ``periode``; returns the period cells of the batch that count
        for a period, with the period's index in ``period_keys`` (``_k``)."""
        columns = self.period_columns
        names = [f"c{c.index}" for c in columns]
        outside = []
        counted: list[tuple[Any, ...]] = []
        for values in combos.select(names).unique().iter_rows() if names else [()]:
            key = self._valid_key(values)
            if key is not None:
                counted.append((*values, self._period_index(key)))
            elif (self._period_of[values] is not None and self.in_range is not None
                  and columns):
                outside.append(values)
        periods = pl.DataFrame(counted, schema={**{n: pl.String for n in names},
                                                "_k": pl.UInt32}, orient="row")
        if not outside:
            return periods
        cells = pl.DataFrame([self._cells(frame, c) for c in columns])
        hits = cells.with_row_index("_r").join(
            pl.DataFrame(outside, schema=names, orient="row"), on=names, how="semi",
            maintain_order="left")
        for r, *cells_of in hits.iter_rows():
            key = self._period_of[tuple(cells_of)]
            self.outside.add(key, [number0 + r], str(cells_of[0]))
            explained[(r, columns[0].index)] = ("period", key)
        return periods

    def _period_index(self, key: tuple[int, ...]) -> int:
        found = self._period_id.get(key)
        if found is None:
            found = self._period_id[key] = len(self.period_keys)
            self.period_keys.append(key)
        return found

    def _valid_key(self, values: tuple[str, ...]) -> tuple[int, ...] | None:
        """The period key of a row's period cells when it counts for a period (inside
        ``periode``), else None."""
        if values not in self._period_of:
            self._period_of[values] = self._key(values)
        key = self._period_of[values]
        if key is None or (self.in_range is not None and self.period_columns
                           and key not in self.in_range):
            return None
        return key

    def _key(self, values: tuple[str, ...]) -> tuple[int, ...] | None:
        key = []
        for column, text in zip(self.period_columns, values, strict=True):
            value = _int(text)
            if value is None or not self._natural(column, value):
                return None
            key.append(value)
        return tuple(key)

    def _presence(self, combos: pl.DataFrame, periods: pl.DataFrame,
                  canonical: dict[int, pl.Series], blank: pl.Series) -> None:
        """The (code, period) pairs present, for the coverage check."""
        if self.expected is None or self.coverage_unit is None or self.tingkat is None:
            return
        names = [f"c{c.index}" for c in self.period_columns]
        column = self.presentation
        if column is None:
            if names or not blank.all():  # without period columns: any row not blank
                self.keys_seen.update(self.period_keys[k] for k in periods.get_column("_k"))
            return
        codes = canonical.get(column.index)
        if codes is None:
            return
        with_codes = combos.select(names).with_columns(codes.alias("_code")) if names else (
            codes.to_frame("_code").with_columns(pl.lit(0, dtype=pl.UInt32).alias("_k")))
        if names:
            with_codes = with_codes.join(periods, on=names, how="inner")
        self.present.update(with_codes.select("_code", "_k").drop_nulls("_code").unique(
            ).iter_rows())

    def _key_block(self, frame: pl.DataFrame, start: int, blank: pl.Series,
                   extra: dict[int, list[str]]) -> pl.DataFrame | None:
        """Each row's key cells as small ids (and a hash of the whole row), kept for the
        duplicate check; its groups are made at the end, when every row has been seen."""
        if not self.key_columns:
            return None
        def ids(dtype: Any) -> pl.DataFrame:  # one query for every key column
            return frame.select(
                pl.col(f"c{c.index}").fill_null("").cast(pl.Categorical(self.key_ids[k]))
                .to_physical().cast(dtype, strict=False).alias(f"k{k}")
                for k, c in enumerate(self.key_columns))

        block = ids(pl.UInt16)  # compact while the ids fit
        if any(block.null_count().row(0)):
            block = ids(pl.UInt32)
        gaps = [n for n, count in zip(frame.columns, frame.null_count().row(0), strict=True)
                if count and n != "_n"]  # filling copies a column: only where needed
        raw = frame.with_columns(pl.col(gaps).fill_null("\x00")) if gaps else frame
        hashes = raw.select(pl.all().exclude("_n"), pl.col("_n")).hash_rows(seed=7)
        if extra:  # rows longer than the header: their whole cells decide "identical"
            hashes = hashes.scatter(list(extra), [hash(tuple(c)) & 0xFFFFFFFFFFFFFFFF
                                                  for c in extra.values()])
        block = block.with_columns(hashes.alias("_hash"))
        if not blank.any():
            return block  # the rows are ``start`` on: no column needed
        return block.with_columns(pl.int_range(start, start + frame.height, dtype=pl.UInt32,
                                               eager=True).alias("_row")).filter(~blank)

    def _units(self, frame: pl.DataFrame, number0: int) -> None:
        column = self.unit_column
        if column is None:
            return
        expected = self.meta.get("satuan")
        satuan = codelist("satuan")
        cells = self._cells(frame, column)
        for value in cells.unique().to_list():
            if value and value not in self._unit_ok:
                match = satuan.normalize(value)
                self._unit_ok[value] = match is not None and match.code.code == expected
        bad = [v for v, ok in self._unit_ok.items() if not ok]
        if not bad:
            return
        hits = cells.is_in(bad).arg_true().to_list()
        for r, v in zip(hits, cells.gather(hits).to_list(), strict=True):
            self.unit_groups.add(v, [number0 + r])

    # -- at the end -------------------------------------------------------------------------
    def finish(self) -> list[tuple[Any, Finding]]:
        """Every content finding, in the content layer's order, each with the group it
        stands for (``explained`` tokens name groups)."""
        out: list[tuple[Any, Finding]] = []
        out += self._personal_findings()
        for column in self.code_columns if self.wilayah else []:
            levels = self.levels[column.index]
            for (kind, value, key), rows in self.code_groups[column.index].rows.items():
                out.append((("code", column.index, (kind, value, key)), self._code_finding(
                    kind, value, key, rows, column, levels, self.units_seen)))
            pair = self.pairs[column.index]
            if pair is not None:
                out += [(None, f) for f in self._name_findings(column, pair)]
        out += self._period_findings()
        out += [(None, f) for f in self._duplicate_findings()]
        out += [(None, f) for f in self._unit_findings()]
        return out

    def _personal_findings(self) -> list[tuple[Any, Finding]]:
        akses = self.meta.get("akses")
        severity = Severity.ERROR if akses == "terbuka" else Severity.WARNING
        out = []
        for column in self.personal_columns:
            sample = self.samples[column.index]
            found = personal.detect(snake(column.label), [v for _, v in sample])
            if found is None:
                continue
            self.result.personal.add(column.index)
            number = self.view_table.row_number(sample[found.first][0])
            out.append((None, self.prepared.where.finding(
                "personal-data-detected", severity=severity, row_number=number,
                field_name=column.label, field_number=column.number, cell=found.example,
                params={**personal_params(found, akses, number), "field": column.label})))
        return out

    def _name_findings(self, column: Column, pair: Column) -> list[Finding]:
        groups = self.name_groups[column.index]
        level = column.spec.level if column.spec else None
        out = []
        for (code, name), rows in sorted(groups.rows.items(), key=lambda g: g[1][0]):
            unit, _, hint, severity = mismatch_verdict(code, name, level, self.coverage)
            out.append(self.finding("code-name-mismatch", pair, rows, name, severity,
                                    code=code, official=unit.name, name=name,
                                    code_field=column.label, suggestion=hint))
        return out

    def _period_findings(self) -> list[tuple[Any, Finding]]:
        columns = self.period_columns
        out: list[tuple[Any, Finding]] = []
        periode = self.meta.get("periode") if isinstance(self.meta.get("periode"), dict) else {}
        assert isinstance(periode, dict)
        for key, rows in sorted(self.outside.rows.items()):
            label = self._period_label(columns, key)
            out.append((("period", key), self.finding(
                "period-out-of-range", columns[0], rows, self.outside.first_cell[key],
                period=label, start=str(periode.get("awal")), end=str(periode.get("akhir")))))
        if self.expected is not None:
            before = len(self.result.findings)
            present = {(code, self.period_keys[k]) for code, k in self.present}
            self._coverage(columns, list(self.expected), dict(enumerate(self.keys_seen)),
                           present | self.also_present)
            out += [(None, f) for f in self.result.findings[before:]]
            del self.result.findings[before:]
        return out

    def _part(self, column: Column, value: str) -> str:
        """A key cell as the duplicate check compares it: the Kemendagri code the cell
        stands for, or the text without case."""
        info = self._value_info.get((column.index, value))
        if info is not None and info[0] != "name" and info[1] is not None:
            return info[1]
        return value.casefold()

    def _duplicate_findings(self) -> list[Finding]:
        """Rows sharing a key: each row's key ids packed into one integer (exact while the
        product of the id counts fits in 63 bits), so finding the repeated ones is one
        pass over one column."""
        if not self.key_parts:
            return []
        chunks = self.key_parts
        self.key_parts = []
        names = [f"k{k}" for k in range(len(self.key_columns))]
        raw_values: list[list[str]] = []
        part_exprs = []
        empty_ids = []
        sizes = []
        overrides: dict[int, dict[int, int]] = {}
        for k, c in enumerate(self.key_columns):
            values = self.key_ids[k].to_series().to_list()
            raw_values.append(values)
            part_ids: dict[str, int] = {}
            mapping = {i: part_ids.setdefault(self._part(c, v), len(part_ids))
                       for i, v in enumerate(values)}
            empty_ids.append(part_ids.setdefault("", len(part_ids)))
            for row, parts_of in self.key_overrides.items():
                if k in parts_of:
                    part = parts_of[k]
                    overrides.setdefault(row, {})[k] = part_ids.setdefault(part, len(part_ids))
            sizes.append(len(part_ids))
            if all(i == p for i, p in mapping.items()):  # no two cells mean the same key
                part_exprs.append(pl.col(f"k{k}").cast(pl.UInt64))
            else:
                # (widened first: a batch may keep its ids in 16 bits, the mapping not)
                part_exprs.append(pl.col(f"k{k}").cast(pl.UInt64).replace_strict(
                    mapping, return_dtype=pl.UInt64))
        packed = 1
        for size in sizes:
            packed *= max(size, 1)
        empty = pl.all_horizontal([e == empty for e, empty in zip(part_exprs, empty_ids,
                                                                  strict=True)])
        if packed < 2 ** 63:
            key_expr = part_exprs[0]
            for e, size in zip(part_exprs[1:], sizes[1:], strict=True):
                key_expr = key_expr * size + e
            if packed < 2 ** 32:  # half the memory for the keys and their sorted copy
                key_expr = key_expr.cast(pl.UInt32)
        else:
            key_expr = pl.struct(part_exprs).hash(seed=3)  # checked exactly below
        # one batch at a time: the packed keys are the only full-length column made here
        key = pl.concat([ch.select(pl.when(~empty).then(key_expr).alias("_key")).to_series()
                         for _, ch in chunks])
        if overrides:
            rows = pl.concat([_with_rows(s, ch).get_column("_row") for s, ch in chunks])
            for row, fixed in overrides.items():
                at = int(rows.search_sorted(row))
                if at >= len(rows) or rows[at] != row:
                    continue
                ids = [int(v) for v in _row_at(chunks, at).select(part_exprs).row(0)]
                for k2, p2 in fixed.items():
                    ids[k2] = p2
                value = ids[0]
                for v, size in zip(ids[1:], sizes[1:], strict=True):
                    value = value * size + v
                key = key.scatter(at, value if packed < 2 ** 63 else hash(tuple(ids)))
        # by sorting: a hash table of every key would cost several times the keys' memory
        ordered = key.drop_nulls().sort()
        twice = ordered.filter(ordered.diff(null_behavior="ignore") == 0).unique()
        del ordered
        if not twice.len():
            return []
        repeated = key.is_in(twice.implode()).fill_null(False)
        picked, at = [], 0
        for start, chunk in chunks:
            mask = repeated.slice(at, chunk.height)
            if mask.any():
                picked.append(_with_rows(start, chunk).filter(mask).with_columns(
                    key.slice(at, chunk.height).filter(mask)))
            at += chunk.height
        dup = pl.concat(picked, how="vertical_relaxed")  # ids of 16 and 32 bits
        if packed >= 2 ** 63:  # hashes: group by the ids themselves
            dup = dup.with_columns([e.alias(f"p{k}") for k, e in enumerate(part_exprs)])
            pnames = [f"p{k}" for k in range(len(part_exprs))]
        else:
            pnames = ["_key"]
        groups = dup.sort("_row").group_by(pnames, maintain_order=True).agg(
            pl.col("_row"), pl.col("_hash"), *[pl.col(n).first() for n in names]).filter(
            pl.col("_row").list.len() > 1)
        out = []
        for group in groups.iter_rows(named=True):
            rows = group["_row"]
            hashes = group["_hash"]
            first = rows[0]
            identical = all(h == hashes[0] for h in hashes[1:])
            cells = [raw_values[k][group[n]] for k, n in enumerate(names)]
            shown = ", ".join(
                f"{c.label}={personal.mask(v) if c.index in self.result.personal else v}"
                for c, v in zip(self.key_columns, cells, strict=True))
            detail = ({"id": "seluruh isi barisnya sama; hapus yang berlebih",
                       "en": "the whole rows are the same; delete the extra ones"}
                      if identical else
                      {"id": "nilainya berbeda; tentukan mana yang benar",
                       "en": "the values differ; decide which one is right"})
            repeats = Rows()
            repeats.add([self.view_table.row_number(r) for r in rows[1:]])
            out.append(self.finding(
                "duplicate-key", None, repeats, None, first_row=self.view_table.row_number(first),
                key=shown, detail=detail, identical=identical,
                fields=", ".join(c.label for c in self.key_columns)))
        return out

    def _unit_findings(self) -> list[Finding]:
        column = self.unit_column
        if column is None:
            return []
        expected = self.meta.get("satuan")
        satuan = codelist("satuan")
        out = []
        for value, rows in self.unit_groups.rows.items():
            match = satuan.normalize(value)
            severity = Severity.ERROR if match is not None else Severity.WARNING
            out.append(self.finding("unit-mismatch", column, rows, value, severity, value=value,
                                    expected=expected,
                                    known=match.code.code if match is not None else None))
        return out
