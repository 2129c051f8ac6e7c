"""Wilayah codes: Kemendagri (all of Indonesia) and BPS (Banten), their crosswalk, lookup,
name search and conversion.

The tables are in ``standards/codes/wilayah/``, built by ``scripts/build_codes.py``. They are
read lazily, one level at a time (villages one province at a time), and kept, so a kab/kota
lookup reads two small files and never the 83,762 villages.

Code notation. Kemendagri writes codes with dots (``36``, ``36.03``, ``36.03.01``,
``36.03.01.2001``); BPS without (``36``, ``3603``, ``3603010``, ``3603010001``). Province and
kab/kota numbers coincide, kecamatan and desa numbers do not (BPS ``3673010`` is Curug,
Kemendagri ``36.73.01`` is Serang), so those are converted only through the crosswalk.
"""

from __future__ import annotations

import bisect
import csv
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

from satudata_meta import yamlio
from satudata_meta.codes import search as names
from satudata_meta.codes.codelist import Code, CodeList, Match, codelist
from satudata_meta.paths import standards_dir

LEVELS = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")
SYSTEMS = ("kemendagri", "bps")
LIST_NAMES = {"kemendagri": "wilayah", "bps": "wilayah_bps"}
CROSSWALK_PROVINCE = "36"  # the crosswalk (and the BPS list) cover Banten

# A name normalises to a code only from this score on, and only when it is not ambiguous.
NORMALIZE_MIN = 0.9
# Two candidates of the same level closer than this are reported as ambiguous.
AMBIGUITY_MARGIN = 0.05
# Scopes up to this many units are compared with every name (catches several typos);
# larger ones go through indexes (equal names and aliases, names of similar length sharing
# their start, end or first-and-last letters, short forms, prefixes).
BRUTE_FORCE_MAX = 2500

_KEMENDAGRI = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.[123]\d{3})?)?)?$")
_EXCEL_KABKOTA = re.compile(r"^\d{2}\.\d$")  # "36.10" typed into Excel shows as 36.1
_FLOAT_ZERO = re.compile(r"^(\d+)\.0+$")  # "3603.0": a code that went through a float
_BPS_LEVEL = {2: "provinsi", 4: "kabupaten_kota", 7: "kecamatan", 10: "desa_kelurahan"}
_BPS_PARENT = {4: 2, 7: 4, 10: 7}
_VILLAGE_KIND = {"1": "kelurahan", "2": "desa", "3": "desa_adat"}
_LEVEL_RANK = {level: i for i, level in enumerate(LEVELS)}
_FILES = {"provinsi": "provinsi.csv", "kabupaten_kota": "kabupaten_kota.csv",
          "kecamatan": "kecamatan.csv"}

# Well-known names that no rule derives: code -> aliases (Kemendagri list only).
ALIASES: dict[str, tuple[str, ...]] = {
    "31": ("Jakarta", "DKI", "DKI Jakarta", "Daerah Khusus Jakarta"),
    "34": ("Yogyakarta", "DIY", "Jogja", "Jogjakarta", "Yogya", "DI Yogyakarta"),
    "19": ("Babel", "Bangka Belitung"),
    "11": ("NAD", "Nanggroe Aceh Darussalam"),
}


def wilayah_dir() -> Path:
    """The folder of the wilayah tables."""
    return standards_dir() / "codes" / "wilayah"


class WilayahError(LookupError):
    """Base of the errors a wilayah lookup or conversion can end in."""


class UnknownCodeError(WilayahError):
    """The value is not a code of the list (or not a code at all)."""


class NoEquivalentError(WilayahError):
    """The unit exists but the other system has no known counterpart (see the reason)."""

    def __init__(self, message: str, reason: str = "", note: str = "",
                 candidate: str = "") -> None:
        super().__init__(message)
        self.reason = reason  # a reason code of crosswalk-unmatched.csv, or outside_crosswalk
        self.note = note
        self.candidate = candidate


class AmbiguousCodeError(WilayahError):
    """An undotted value reads as two different existing units."""


# --- code formats ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeReading:
    """One way to read a typed code: its system, level and canonical form."""

    system: str
    level: str
    code: str
    form: str  # dotted | undotted | bps | mangled

    @property
    def mangled(self) -> bool:
        return self.form == "mangled"


def code_text(value: Any) -> str:
    """A code as text, including the numbers Excel makes of codes (3603 -> "3603",
    3603.0 -> "3603", 36.1 -> "36.1")."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    text = str(value).strip()
    found = _FLOAT_ZERO.match(text)
    return found.group(1) if found else text


def _dotted(digits: str) -> str:
    return ".".join(p for p in (digits[:2], digits[2:4], digits[4:6], digits[6:]) if p)


def code_readings(value: Any) -> list[CodeReading]:
    """Every reading of a typed code, the preferred one first (see ``detect_system``)."""
    text = code_text(value)
    if _KEMENDAGRI.match(text):
        level = LEVELS[text.count(".")]
        found = [CodeReading("kemendagri", level, text, "dotted")]
        if level == "provinsi":
            found.append(CodeReading("bps", level, text, "bps"))
        return found
    if _EXCEL_KABKOTA.match(text):
        return [CodeReading("kemendagri", "kabupaten_kota", text + "0", "mangled")]
    if not text.isdigit() or text.startswith("0"):
        return []
    n = len(text)
    if n == 6:
        return [CodeReading("kemendagri", "kecamatan", _dotted(text), "undotted")]
    if n not in _BPS_LEVEL:
        return []
    level = _BPS_LEVEL[n]
    found = [CodeReading("bps", level, text, "bps")]
    if n == 4 or (n == 10 and text[6] in "123"):
        found.append(CodeReading("kemendagri", level, _dotted(text), "undotted"))
    if n == 2:
        found.insert(0, CodeReading("kemendagri", level, text, "dotted"))
    return found


def detect_system(value: Any) -> str | None:
    """"kemendagri", "bps" or None, from the notation alone (no data is read).

    Dotted codes, 2-digit province codes (the same number in both systems; the standard's
    system is Kemendagri), 6-digit undotted kecamatan codes and Excel-mangled "36.1" are
    Kemendagri; undotted 4-, 7- and 10-digit codes are BPS. A 4-digit kab/kota code is also
    an undotted Kemendagri code for the same unit (the numbers coincide), so reading it as
    BPS loses nothing; a 10-digit code could be an undotted Kemendagri village, which
    ``code_readings`` lists second and ``normalize`` tries when the BPS reading is unknown.
    """
    found = code_readings(value)
    return found[0].system if found else None


def is_mangled(value: Any) -> bool:
    """Whether the value looks like a Kemendagri code whose trailing zero Excel dropped."""
    found = code_readings(value)
    return bool(found) and found[0].mangled


def level_of(code: str) -> str | None:
    """The level of a canonical Kemendagri or BPS code, from its form."""
    found = code_readings(code)
    return found[0].level if found and found[0].code == code else None


def parent_of(code: str, system: str) -> str | None:
    if system == "kemendagri":
        return code.rsplit(".", 1)[0] if "." in code else None
    cut = _BPS_PARENT.get(len(code))
    return code[:cut] if cut else None


def _kind(code: str, name: str, level: str, system: str) -> str | None:
    if level == "provinsi":
        return "provinsi"
    if level == "kabupaten_kota":
        folded = names.words(name)
        if folded and folded[0] in ("kota", "kabupaten"):
            return folded[0]
        return "kota" if int(code.replace(".", "")[2:4]) >= 71 else "kabupaten"
    if level == "kecamatan":
        return "kecamatan"
    if system == "kemendagri":
        return _VILLAGE_KIND.get(code[9])
    return None  # BPS MFD does not say desa or kelurahan


# --- search results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One search hit: the unit, its score (0..1) and how the name matched."""

    code: Code
    score: float
    method: str  # name | alias | abbreviation | fuzzy | prefix


@dataclass(frozen=True)
class SearchResult:
    """Ranked candidates; ``ambiguous`` when the best one has a rival of the same level
    within ``AMBIGUITY_MARGIN`` ("Tangerang": the kabupaten and the kota)."""

    query: str
    candidates: tuple[Candidate, ...]
    ambiguous: bool

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


@dataclass
class _Shard:
    """The search index of one loaded part of a list (a level, or one province's villages).

    ``exact`` finds equal names and aliases; the rest is built on the first fuzzy search:
    ``by_first``/``by_last``/``by_ends`` group keys by length and their first three, last
    three, or first-and-last letters, so a misspelt name is compared only with names of
    about its length that share one of those with it (a name misspelt everywhere is found
    only in parts small enough to compare every name).
    """

    level: str
    codes: list[str]
    targets: dict[str, names.Target]
    exact: dict[str, list[str]]
    by_first: dict[tuple[str, int], list[str]] | None = None
    by_last: dict[tuple[str, int], list[str]] | None = None
    by_ends: dict[tuple[str, int], list[str]] | None = None
    abbreviations: dict[str, list[str]] | None = None
    prefixes: list[tuple[str, str]] | None = None


# --- the list ----------------------------------------------------------------------------------


class WilayahList(CodeList):
    """A wilayah code list (one system) that loads its levels on demand."""

    def __init__(self, name: str, meta: dict[str, Any], system: str, folder: Path) -> None:
        super().__init__(name, meta, [])
        self.system = system
        self.folder = folder
        self._loaded: set[str] = set()  # "provinsi", ..., "desa_kelurahan/36"
        self._names: dict[str, str] = {}  # code -> name of every loaded unit
        self._levels: dict[str, str] = {}
        self._children: dict[str | None, list[str]] = defaultdict(list)
        self._part_codes: dict[str, list[str]] = {}
        self._shards: dict[str, _Shard] = {}

    # loading -----------------------------------------------------------------------------

    def _part_file(self, part: str) -> Path:
        if part in _FILES:
            return self.folder / _FILES[part]
        if self.system == "bps":
            return self.folder / "desa_kelurahan.csv"
        return self.folder / "desa_kelurahan" / f"{part.split('/')[1]}.csv"

    def _village_parts(self) -> list[str]:
        if self.system == "bps":
            return ["desa_kelurahan/" + CROSSWALK_PROVINCE]
        return sorted(f"desa_kelurahan/{p.stem}" for p in
                      (self.folder / "desa_kelurahan").glob("*.csv"))

    def _part_for(self, code: str) -> str | None:
        level = level_of(code) if self._owns(code) else None
        if level is None:
            return None
        if level != "desa_kelurahan":
            return level
        return "desa_kelurahan/" + (CROSSWALK_PROVINCE if self.system == "bps" else code[:2])

    def _village_part(self, area: str) -> str:
        """The villages file of the province of ``area`` (a code of this list)."""
        return "desa_kelurahan/" + (CROSSWALK_PROVINCE if self.system == "bps" else area[:2])

    def _owns(self, code: str) -> bool:
        """Whether a canonical code is in this list's notation."""
        if self.system == "kemendagri":
            return bool(_KEMENDAGRI.match(code))
        return code.isdigit() and len(code) in _BPS_LEVEL

    def _load(self, part: str) -> None:
        """Read one file: names only; ``Code`` objects are made when asked for."""
        if part in self._loaded:
            return
        path = self._part_file(part)
        self._loaded.add(part)
        self._part_codes[part] = []
        if not path.is_file():
            return  # a province without villages in this list
        level = part.split("/")[0]
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))[1:]
        codes = [row[0] for row in rows]
        self._part_codes[part] = codes
        self._names.update((code, name) for code, name in rows)
        self._levels.update(dict.fromkeys(codes, level))
        for code in codes:
            self._children[parent_of(code, self.system)].append(code)

    @property
    def loaded_parts(self) -> frozenset[str]:
        """The files read so far ("provinsi", ..., "desa_kelurahan/36"): shows that a
        lookup stayed lazy."""
        return frozenset(self._loaded)

    def _load_level(self, level: str) -> None:
        if level == "desa_kelurahan":
            for part in self._village_parts():
                self._load(part)
        else:
            self._load(level)

    def _load_all(self) -> None:
        for level in LEVELS:
            self._load_level(level)

    def _unit(self, code: str) -> Code:
        """The ``Code`` of a loaded unit, made once."""
        found = self._by_code.get(code)
        if found is None:
            name, level = self._names[code], self._levels[code]
            extra: dict[str, Any] = {"system": self.system}
            kind = _kind(code, name, level, self.system)
            if kind:
                extra["kind"] = kind
            found = Code(code=code, label={"id": name}, parent=parent_of(code, self.system),
                         level=level, extra=extra)
            self._by_code[code] = found
        return found

    # CodeList interface ------------------------------------------------------------------

    def __len__(self) -> int:
        """The number of units, from the list's metadata (checked by the tests), so that
        counting does not read every village."""
        return int(self.meta.get("count") or 0)

    def __iter__(self) -> Iterator[Code]:
        self._load_all()
        return iter([self._unit(c) for c in sorted(self._names)])

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.get(code) is not None

    def get(self, code: str) -> Code | None:
        """The unit with this canonical code (dotted Kemendagri / digits BPS), else None."""
        if code not in self._names:
            part = self._part_for(code)
            if part is None:
                return None
            self._load(part)
            if code not in self._names:
                return None
        return self._unit(code)

    def children(self, code: str | None) -> list[Code]:
        """The units directly under ``code`` (provinces for None), in code order."""
        if code is None:
            self._load("provinsi")
        else:
            unit = self.get(code)
            if unit is None or unit.level == "desa_kelurahan":
                return []
            child = LEVELS[LEVELS.index(unit.level or "") + 1]
            self._load(self._village_part(code) if child == "desa_kelurahan" else child)
        return [self._unit(c) for c in sorted(self._children.get(code, []))]

    def ancestors(self, code: str) -> list[Code]:
        """The units above ``code``, province first (empty for a province)."""
        chain: list[Code] = []
        parent = parent_of(code, self.system)
        while parent is not None:
            unit = self.get(parent)
            if unit is not None:
                chain.append(unit)
            parent = parent_of(parent, self.system)
        return list(reversed(chain))

    def units(self, level: str | None = None, within: str | None = None) -> list[Code]:
        """Units of one level and/or strictly under one unit, in code order, reading only
        what is needed (``within="36"`` reads Banten's villages, not all of them)."""
        for lv in [level] if level else list(LEVELS):
            if lv == "desa_kelurahan" and within is not None:
                self._load(self._village_part(within))
            else:
                self._load_level(lv)
        found = [c for c, lv in self._levels.items()
                 if (level is None or lv == level)
                 and (within is None or self._is_under(c, within))]
        return [self._unit(c) for c in sorted(found)]

    def _is_under(self, code: str, ancestor: str) -> bool:
        if self.system == "kemendagri":
            return code.startswith(ancestor + ".")
        return code != ancestor and code.startswith(ancestor)

    def normalize(self, value: Any) -> Match | None:
        """The unit a value means: its code (exact), another notation of it (undotted,
        the other system's code through the crosswalk), or an unambiguous name; never a
        mangled code or a guess between two units."""
        text = code_text(value)
        original = str(value).strip()
        exact = self.get(text) if self._owns(text) else None
        if exact is not None and text == original:
            return Match(exact, original, exact=True)
        readings = code_readings(value)
        if readings:
            hits: dict[str, Code] = {}
            for reading in readings:
                if reading.mangled:
                    continue
                unit = self._resolve(reading)
                if unit is not None:
                    hits[unit.code] = unit
            if len(hits) == 1:
                return Match(next(iter(hits.values())), original, exact=False)
            return None
        if not names.words(text) or re.fullmatch(r"[\d.\s]+", text):
            return None
        result = self._name_search(text, min_score=NORMALIZE_MIN)
        best = result.best
        if best is None or result.ambiguous or best.score < NORMALIZE_MIN:
            return None
        return Match(best.code, original, exact=False, score=round(best.score, 3))

    def _resolve(self, reading: CodeReading) -> Code | None:
        """The unit of this list that a reading names, converting between systems."""
        if reading.system == self.system:
            return self.get(reading.code)
        try:
            target = conversion(reading.code, self.system, source=reading.system).target
        except WilayahError:
            return None
        return self.get(target)

    def suggest(self, value: Any, limit: int = 3) -> list[Code]:
        """Likely meant units: the repaired Excel code, or the best names (for hints)."""
        readings = code_readings(value)
        if readings:
            repaired = [self._resolve(CodeReading(r.system, r.level, r.code, "dotted"))
                        for r in readings if r.mangled]
            return [u for u in repaired if u is not None][:limit]
        return [c.code for c in self.search(code_text(value), limit=limit).candidates]

    def by_mapping(self, scheme: str, value: Any) -> Code | None:
        """``by_mapping("bps", "3601010")`` on the Kemendagri list, and the reverse."""
        if scheme not in SYSTEMS or scheme == self.system:
            return None
        return self._resolve(CodeReading(scheme, "", code_text(value), "bps"))

    # search ------------------------------------------------------------------------------

    def search(self, text: str, level: str | None = None, within: str | None = None,
               limit: int = 10) -> SearchResult:
        """Units whose name matches ``text``, best first, with scores.

        ``level`` restricts to one level; ``within`` to the units under a code (any
        notation). "Cikupa, Tangerang" or "Kota Serang, Provinsi Banten" restrict to units
        under what the part after the comma names; a trailing province name ("Serang
        Banten") is tried that way too. Ties are ordered province, kab/kota, kecamatan,
        desa, then by code.
        """
        if level is not None and level not in LEVELS:
            raise ValueError(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")
        root = self._within_code(within) if within is not None else None
        if within is not None and root is None:
            raise UnknownCodeError(f"unknown area {within!r}")
        levels = [level] if level else list(LEVELS)
        return self._search(text, levels, root, limit)

    def named(self, text: str, level: str, within: str | None = None,
              min_score: float = NORMALIZE_MIN) -> Code | None:
        """The unit ``text`` names at ``level`` when one stands out: ``search``'s best, if
        it scores ``min_score`` or more and has no rival of its level.

        An equal name (or alias) of score 1.0 decides without comparing every name: every
        other way of matching scores under 1 - ``AMBIGUITY_MARGIN`` (a short form 0.9, a
        prefix under 0.9, a misspelling 0.95 times a similarity under 1), so only other
        equal names can be its rivals. Validation asks this for every distinct wrong code
        and name of a table; most are real names, and this spares the full comparison.
        """
        if level not in LEVELS:
            raise ValueError(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")
        root = self._within_code(within) if within is not None else None
        if within is not None and root is None:
            raise UnknownCodeError(f"unknown area {within!r}")
        variants = self._query_variants(text)
        if len(variants) == 1 and not variants[0][1]:
            decided = self._equal_names(variants[0][0], level, root)
            if decided is not None:
                return decided[0]
        result = self._search(text, [level], root, 3)
        best = result.best
        if best is None or result.ambiguous or best.score < min_score:
            return None
        return best.code

    def _equal_names(self, text: str, level: str, root: str | None
                     ) -> tuple[Code | None] | None:
        """``named``'s answer from the units whose name or alias equals a reading of
        ``text`` (a one-tuple: the unit, or None when equal names are rivals), or None
        when no name is equal and the full search must decide."""
        roots = [root] if root else None
        scored: dict[str, float] = {}
        readings = names.readings(text)
        for shard in self._shards_for([level], roots):
            for reading in readings:
                for code in shard.exact.get(reading.key, ()):
                    hit = names.score(reading, shard.targets[code])
                    if hit is not None and self._in_roots(code, roots):
                        scored[code] = max(scored.get(code, 0.0), round(hit[0], 4))
        ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
        if not ranked or ranked[0][1] < names.SCORE_EQUAL:
            return None
        if any(ranked[0][1] - score < AMBIGUITY_MARGIN for _, score in ranked[1:]):
            return (None,)
        return (self._unit(ranked[0][0]),)

    def _within_code(self, within: str) -> str | None:
        match = self.normalize(within)
        return match.code.code if match is not None else None

    def _name_search(self, text: str, min_score: float) -> SearchResult:
        """Search every level; villages only when the upper levels found no equal name
        (an equal name above outranks any village, see ``search``)."""
        upper = self._search(text, list(LEVELS[:3]), None, 10)
        if upper.best is not None and upper.best.score >= 1.0:
            return upper
        full = self._search(text, list(LEVELS), None, 10)
        return full if full.best is not None and full.best.score >= min_score else upper

    def _search(self, text: str, levels: list[str], root: str | None,
                limit: int) -> SearchResult:
        scored: dict[str, Candidate] = {}
        for target_text, context in self._query_variants(text):
            allowed = self._context_roots(context, root)
            if allowed is not None and not allowed:
                continue
            for cand in self._score_all(target_text, levels, allowed):
                old = scored.get(cand.code.code)
                if old is None or cand.score > old.score:
                    scored[cand.code.code] = cand
        ranked = sorted(scored.values(), key=lambda c: (-c.score,
                                                        _LEVEL_RANK[c.code.level or ""],
                                                        c.code.code))
        ambiguous = bool(ranked) and any(
            c.code.level == ranked[0].code.level
            and ranked[0].score - c.score < AMBIGUITY_MARGIN for c in ranked[1:])
        return SearchResult(text, tuple(ranked[:limit]), ambiguous)

    def _query_variants(self, text: str) -> list[tuple[str, list[str]]]:
        """The query's target name and its context parts, read a few ways.

        After a comma (or ";", "/", " - ") comes context: "Cikupa, Kab. Tangerang". Text in
        brackets is another name for the same unit: "Kota Tangerang Selatan (Tangsel)".
        """
        aside = re.findall(r"\(([^)]*)\)", text)
        parts = [p.strip() for p in re.split(r"[,;/|]|\s-\s", re.sub(r"\([^)]*\)?", " ", text))
                 if p.strip()]
        if not parts:
            return []
        head, context = parts[0], parts[1:]
        variants = [(head, context)] + [(a.strip(), context) for a in aside if a.strip()]
        tokens = names.words(head)
        for i, tok in enumerate(tokens):
            if i > 0 and names.DESIGNATORS.get(tok) == "provinsi":
                variants.append((" ".join(tokens[:i]), [*context, " ".join(tokens[i:])]))
                break
        else:
            provinces = {names.compact(names.words(p.name)): p.name
                         for p in self.children(None)}
            for n in (3, 2, 1):
                if len(tokens) > n and names.compact(tokens[-n:]) in provinces:
                    variants.append((" ".join(tokens[:-n]),
                                     [*context, provinces[names.compact(tokens[-n:])]]))
                    break
        return variants

    def _context_roots(self, context: list[str], root: str | None) -> list[str] | None:
        """Codes the result must lie under (None: anywhere); an empty list: nowhere."""
        roots = [root] if root else None
        for part in context:
            hits = self._search(part, list(LEVELS[:3]), None, 20)
            good = [c.code.code for c in hits.candidates if c.score >= NORMALIZE_MIN]
            if not good:
                continue  # an unreadable context part restricts nothing
            if roots is None:
                roots = good
            else:  # keep the narrower of each overlapping pair
                roots = sorted({g if (g == r or self._is_under(g, r)) else r
                                for r in roots for g in good
                                if g == r or self._is_under(g, r) or self._is_under(r, g)})
        return roots

    def _in_roots(self, code: str, roots: list[str] | None) -> bool:
        """Strictly under one of the roots: "Serang" within 36.73 is the kecamatan, not
        Kota Serang itself."""
        return roots is None or any(self._is_under(code, r) for r in roots)

    def _scope(self, shard: _Shard, roots: list[str] | None) -> list[str]:
        """The shard's codes strictly under the roots, by binary search (codes are sorted,
        and a code's descendants sort right after it)."""
        if roots is None:
            return shard.codes
        found: list[str] = []
        for root in roots:
            start, end = (root + ".", root + "/") if self.system == "kemendagri" else (
                root, root + ":")
            lo = bisect.bisect_left(shard.codes, start)
            hi = bisect.bisect_left(shard.codes, end, lo)
            found += [c for c in shard.codes[lo:hi] if c != root]
        return found

    def _score_all(self, text: str, levels: list[str], roots: list[str] | None
                   ) -> list[Candidate]:
        readings = names.readings(text)
        if not readings:
            return []
        shards = self._shards_for(levels, roots)
        scoped = {id(shard): self._scope(shard, roots) for shard in shards}
        small = sum(len(codes) for codes in scoped.values()) <= BRUTE_FORCE_MAX
        pool: list[tuple[_Shard, str]] = []
        big: list[_Shard] = []
        for shard in shards:
            # Compare every name of a small scope, and always of the province and kab/kota
            # levels (a few hundred names): that finds several typos, and typos at both
            # ends of a short name ("Kab. Leak").
            if small or shard.level in ("provinsi", "kabupaten_kota"):
                pool += [(shard, code) for code in scoped[id(shard)]]
            else:
                big.append(shard)
        if big:
            pool += [(shard, code) for shard, code in self._indexed(readings, big)
                     if self._in_roots(code, roots)]
        found: list[Candidate] = []
        for shard, code in pool:
            best: tuple[float, str] | None = None
            for reading in readings:
                hit = names.score(reading, shard.targets[code])
                if hit is not None and (best is None or hit[0] > best[0]):
                    best = hit
            if best is not None:
                found.append(Candidate(self._unit(code), round(best[0], 4), best[1]))
        return found

    def _indexed(self, readings: list[names.Reading], shards: list[_Shard]
                 ) -> list[tuple[_Shard, str]]:
        """Candidates from the indexes: equal keys and aliases, names of about the same
        length sharing the first or last letter, short forms, and prefixes."""
        picked: dict[str, _Shard] = {}
        for shard in shards:
            self._full_index(shard)
            assert shard.by_first is not None and shard.by_last is not None
            assert shard.by_ends is not None
            assert shard.abbreviations is not None and shard.prefixes is not None
            for reading in readings:
                key = reading.key
                if not key:
                    continue
                for code in shard.exact.get(key, ()):
                    picked[code] = shard
                spread = max(1, int(len(key) * (1 - names.FUZZY_MIN)) - 1)
                for n in range(len(key) - spread, len(key) + spread + 1):
                    for bucket, probe in ((shard.by_first, key[:3]), (shard.by_last, key[-3:]),
                                          (shard.by_ends, key[0] + key[-1])):
                        for code in bucket.get((probe, n), ()):
                            picked[code] = shard
                for code in shard.abbreviations.get(key[:2], ()):
                    picked[code] = shard
                if len(key) >= names.PREFIX_MIN_LEN:
                    i = bisect.bisect_left(shard.prefixes, (key, ""))
                    while i < len(shard.prefixes) and shard.prefixes[i][0].startswith(key):
                        picked[shard.prefixes[i][1]] = shard
                        i += 1
        return list(((shard, code) for code, shard in picked.items()))

    def _shards_for(self, levels: list[str], roots: list[str] | None) -> list[_Shard]:
        parts: list[str] = []
        for level in levels:
            if level != "desa_kelurahan":
                parts.append(level)
            elif roots is not None:
                parts += sorted({self._village_part(r) for r in roots})
            else:
                parts += self._village_parts()
        return [self._shard(part) for part in parts]

    def _shard(self, part: str) -> _Shard:
        shard = self._shards.get(part)
        if shard is not None:
            return shard
        self._load(part)
        codes = sorted(self._part_codes[part])
        level = part.split("/")[0]
        targets: dict[str, names.Target] = {}
        exact: dict[str, list[str]] = defaultdict(list)
        for code in codes:
            name = self._names[code]
            aliases = ALIASES.get(code, ()) if self.system == "kemendagri" else ()
            tgt = names.target(name, _kind(code, name, level, self.system), aliases)
            targets[code] = tgt
            exact[tgt.key].append(code)
            for key in (tgt.full, *tgt.aliases, tgt.initials):
                if key and key != tgt.key:
                    exact[key].append(code)
        shard = _Shard(level, codes, targets, dict(exact))
        self._shards[part] = shard
        return shard

    def _full_index(self, shard: _Shard) -> None:
        if shard.by_first is not None:
            return
        by_first: dict[tuple[str, int], list[str]] = defaultdict(list)
        by_last: dict[tuple[str, int], list[str]] = defaultdict(list)
        by_ends: dict[tuple[str, int], list[str]] = defaultdict(list)
        abbreviations: dict[str, list[str]] = defaultdict(list)
        prefixes: list[tuple[str, str]] = []
        for code, tgt in shard.targets.items():
            key = tgt.key
            if not key:
                continue
            by_first[(key[:3], len(key))].append(code)
            by_last[(key[-3:], len(key))].append(code)
            by_ends[(key[0] + key[-1], len(key))].append(code)
            if len(tgt.words) >= 2 and self._levels[code] != "desa_kelurahan":
                # Short forms ("Tangsel", "Jaksel") are made of kab/kota, kecamatan and
                # province names; villages are left out to keep the buckets small.
                abbreviations[key[:2]].append(code)
            prefixes.append((key, code))
        shard.by_first, shard.by_last = dict(by_first), dict(by_last)
        shard.by_ends = dict(by_ends)
        shard.abbreviations = dict(abbreviations)
        shard.prefixes = sorted(prefixes)


# --- loading -----------------------------------------------------------------------------------


def _meta(name: str) -> dict[str, Any]:
    with (wilayah_dir() / f"{name}.meta.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yamlio.load(fh)
    return data


def load_kemendagri() -> WilayahList:
    """The Kemendagri list of all of Indonesia (``codelist("wilayah")``)."""
    return WilayahList("wilayah", _meta("wilayah"), "kemendagri", wilayah_dir() / "kemendagri")


def load_bps() -> WilayahList:
    """The BPS list of Banten (``codelist("wilayah_bps")``)."""
    return WilayahList("wilayah_bps", _meta("wilayah_bps"), "bps", wilayah_dir() / "bps")


def wilayah_list(system: str = "kemendagri") -> WilayahList:
    """The cached list of one system."""
    if system not in SYSTEMS:
        raise ValueError(f"unknown system {system!r}; choose one of {', '.join(SYSTEMS)}")
    return cast(WilayahList, codelist(LIST_NAMES[system]))


# --- crosswalk and conversion ------------------------------------------------------------------


@dataclass(frozen=True)
class CrosswalkRow:
    level: str
    kemendagri: str
    bps: str
    name_kemendagri: str
    name_bps: str
    method: str
    score: float


@dataclass(frozen=True)
class UnmatchedRow:
    system: str
    level: str
    code: str
    name: str
    reason: str
    candidate: str
    note: str


@dataclass(frozen=True)
class Crosswalk:
    """Banten's Kemendagri <-> BPS pairs, and the units left unpaired with the reason."""

    by_kemendagri: dict[str, CrosswalkRow]
    by_bps: dict[str, CrosswalkRow]
    unmatched: dict[tuple[str, str], UnmatchedRow]


@cache
def crosswalk() -> Crosswalk:
    """The crosswalk, read once."""
    rows: list[CrosswalkRow] = []
    with (wilayah_dir() / "crosswalk-banten.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            rows.append(CrosswalkRow(r["level"], r["kemendagri"], r["bps"], r["name_kemendagri"],
                                     r["name_bps"], r["method"], float(r["score"])))
    lost: dict[tuple[str, str], UnmatchedRow] = {}
    with (wilayah_dir() / "crosswalk-unmatched.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            lost[(r["system"], r["code"])] = UnmatchedRow(
                r["system"], r["level"], r["code"], r["name"], r["reason"], r["candidate"],
                r["note"])
    return Crosswalk({r.kemendagri: r for r in rows}, {r.bps: r for r in rows}, lost)


@dataclass(frozen=True)
class Conversion:
    """A code converted to the other system, and how."""

    source: str
    source_system: str
    target: str
    target_system: str
    level: str
    method: str  # same | format | crosswalk
    crosswalk: CrosswalkRow | None = None


def _convert_reading(reading: CodeReading, to: str) -> Conversion:
    src = wilayah_list(reading.system)
    level = reading.level
    known = src.get(reading.code)
    if reading.system == to:
        if known is None and not (to == "bps" and level in LEVELS[:2]
                                  and wilayah_list().get(_dotted(reading.code))):
            raise UnknownCodeError(f"unknown {reading.system} code {reading.code}")
        return Conversion(reading.code, reading.system, reading.code, to, level, "same")
    if level in ("provinsi", "kabupaten_kota"):
        # Province and kab/kota numbers coincide: convert by notation. The BPS list only
        # holds Banten, so BPS codes elsewhere are checked through their Kemendagri form.
        kem = reading.code if reading.system == "kemendagri" else _dotted(reading.code)
        if wilayah_list().get(kem) is None:
            raise UnknownCodeError(f"unknown {reading.system} code {reading.code}")
        target = kem if to == "kemendagri" else kem.replace(".", "")
        return Conversion(reading.code, reading.system, target, to, level, "format")
    table = crosswalk()
    row = (table.by_kemendagri if reading.system == "kemendagri" else table.by_bps).get(
        reading.code)
    if row is not None:
        target = row.bps if to == "bps" else row.kemendagri
        return Conversion(reading.code, reading.system, target, to, level, "crosswalk", row)
    if known is None:
        raise UnknownCodeError(f"unknown {reading.system} code {reading.code}")
    lost = table.unmatched.get((reading.system, reading.code))
    if lost is not None:
        raise NoEquivalentError(f"{reading.code} has no {to} counterpart in the crosswalk",
                                lost.reason, lost.note, lost.candidate)
    raise NoEquivalentError(f"the crosswalk covers province {CROSSWALK_PROVINCE} only",
                            "outside_crosswalk")


def conversion(code: Any, to: str, source: str | None = None) -> Conversion:
    """Convert a code to ``to`` ("kemendagri" or "bps"), with the details.

    Province and kab/kota codes convert by notation (36.03 <-> 3603); kecamatan and desa
    codes only through the crosswalk, never by arithmetic. Raises ``UnknownCodeError``,
    ``NoEquivalentError`` (the unit exists but is listed as unmatched, or lies outside
    Banten) or ``AmbiguousCodeError``. ``source`` forces how the code is read.
    """
    if to not in SYSTEMS:
        raise ValueError(f"unknown system {to!r}; choose one of {', '.join(SYSTEMS)}")
    readings = [r for r in code_readings(code)
                if not r.mangled and (source is None or r.system == source)]
    if not readings:
        raise UnknownCodeError(f"not a wilayah code: {code_text(code)!r}")
    errors: list[WilayahError] = []
    # Asking for ``to`` says the code is in the other system: "3601112001" to Kemendagri is
    # the BPS desa, not the undotted Kemendagri 36.01.11.2001. Same-system readings only
    # count when no other-system reading exists.
    for group in ([r for r in readings if r.system != to],
                  [r for r in readings if r.system == to]):
        results: dict[str, Conversion] = {}
        for reading in group:
            try:
                conv = _convert_reading(reading, to)
            except WilayahError as exc:
                errors.append(exc)
                continue
            results.setdefault(conv.target, conv)
        if len(results) > 1:
            raise AmbiguousCodeError(
                f"{code_text(code)!r} reads as {' or '.join(sorted(results))}")
        if results:
            return next(iter(results.values()))
    # "exists but has no counterpart" says more than "unknown".
    telling = [e for e in errors if isinstance(e, NoEquivalentError)] or errors
    raise telling[0]


def convert(code: Any, to: str = "kemendagri") -> str:
    """The code of the same unit in the other system: ``convert("3601010") == "36.01.01"``."""
    return conversion(code, to).target


def lookup(code: Any) -> tuple[Code, CodeReading] | None:
    """The unit a typed code names in either system (the preferred reading first)."""
    for reading in code_readings(code):
        if reading.mangled:
            continue
        unit = wilayah_list(reading.system).get(reading.code)
        if unit is not None:
            return unit, reading
    return None


def search(text: str, level: str | None = None, within: str | None = None, limit: int = 10,
           system: str = "kemendagri") -> SearchResult:
    """Name search in one system's list (see ``WilayahList.search``)."""
    return wilayah_list(system).search(text, level=level, within=within, limit=limit)
