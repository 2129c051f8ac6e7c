"""Name matching for wilayah: spelling normalisation, query parsing and scores.

Place names reach Satu Data in many spellings ("KAB. TANGERANG", "Kab Tangerang",
"KotaTangerang", "Tangsel", "Tjikoepa"). This module turns a name into comparable keys and
scores a query against a unit's name. It knows nothing about codes; ``wilayah.py`` uses it
for search and ``scripts/build_codes.py`` for the Kemendagri <-> BPS crosswalk, so both use
the same rules.

Scores are in 0..1 (see ``docs/en/reference-codes.md`` for the table):

* 1.0   the normalised name (designator stripped, spaces and punctuation ignored) is equal;
* 1.0   a known alias ("Jogja", "DKI", "Babel"): a curated equivalent counts as the name;
* 0.9   a short form made of the starts of every word ("Tangsel", "Jaksel", "Jak. Sel.");
* 0.95 x similarity  a spelling close enough (similarity >= ``FUZZY_MIN``);
* 0.6..0.9  the query is the start of the name ("Pandeg" -> Pandeglang).

The score is then multiplied by a designator factor: a query that says "Kota" scores a
Kabupaten of the same name at 0.8, because Kota Tangerang and Kabupaten Tangerang are
different units.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Below this similarity a spelling is not offered as a candidate at all.
FUZZY_MIN = 0.75
# Scores of the match kinds (before the designator factor).
SCORE_EQUAL = 1.0
SCORE_ALIAS = 1.0
SCORE_ABBREVIATION = 0.9
FUZZY_WEIGHT = 0.95
PREFIX_MIN_LEN = 4

# Designator words -> the kind of unit they announce.
DESIGNATORS: dict[str, str] = {
    "provinsi": "provinsi",
    "propinsi": "provinsi",
    "prov": "provinsi",
    "prop": "provinsi",
    "kabupaten": "kabupaten",
    "kab": "kabupaten",
    "kabup": "kabupaten",
    "kota": "kota",
    "kotamadya": "kota",
    "kotamadia": "kota",
    "kodya": "kota",
    "kodia": "kota",
    "kecamatan": "kecamatan",
    "kec": "kecamatan",
    "distrik": "kecamatan",
    "desa": "desa",
    "ds": "desa",
    "kelurahan": "kelurahan",
    "kel": "kelurahan",
    "kelur": "kelurahan",
}
# Words that may follow a designator and carry no name ("Kota Administrasi Jakarta Pusat").
_FILLERS = {"adm", "administrasi", "administratif"}
# Designators that are also recognised glued to the name ("KotaTangerang", "KabSerang").
_GLUED = ("kabupaten", "kotamadya", "kecamatan", "kelurahan", "provinsi", "kodya", "kota",
          "desa", "kab", "kec")
# Designators recognised after the name ("Tangerang Kota", "Serang Kab.").
_TRAILING = {"kota", "kab", "kabupaten", "kec", "kecamatan"}

KIND_LEVEL: dict[str, str] = {
    "provinsi": "provinsi",
    "kabupaten": "kabupaten_kota",
    "kota": "kabupaten_kota",
    "kecamatan": "kecamatan",
    "desa": "desa_kelurahan",
    "kelurahan": "desa_kelurahan",
    "desa_adat": "desa_kelurahan",
}

_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7",
          "viii": "8", "ix": "9", "x": "10", "xi": "11", "xii": "12"}
# Old (pre-1972 Van Ophuijsen / Soewandi) spellings -> modern EYD spelling.
_TRANSLIT = {"oe": "u", "dj": "j", "tj": "c", "sj": "sy"}
_TRANSLIT_RE = re.compile("|".join(_TRANSLIT))
# Abbreviated words inside names ("Kmp Melayu Tim", "Pd. Aren", "Gn. Sari"), expanded when
# the name has more than one word.
_WORD_ABBREVIATIONS = {
    "kp": "kampung", "kmp": "kampung", "kpg": "kampung",
    "tim": "timur", "tmr": "timur",
    "brt": "barat", "bar": "barat",
    "sel": "selatan", "slt": "selatan",
    "utr": "utara",
    "tgh": "tengah",
    "pd": "pondok", "pdk": "pondok",
    "tg": "tanjung", "tj": "tanjung", "tjg": "tanjung",
    "gn": "gunung", "gng": "gunung",
    "ps": "pasar", "psr": "pasar",
    "krg": "karang",
    "sg": "sungai", "sei": "sungai",
}
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower case without accents: "Bu Nuapu’u" -> "bu nuapu’u", "Pétak" -> "petak"."""
    text = str(text)
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def translit(word: str) -> str:
    """Old Dutch-era spelling to EYD: "tjikoepa" -> "cikupa", "djati" -> "jati"."""
    return _TRANSLIT_RE.sub(_translit_one, word)


def _translit_one(found: re.Match[str]) -> str:
    return _TRANSLIT[found.group()]


def words(text: str) -> list[str]:
    """The comparable words of a name: folded, punctuation as spaces, old spelling updated,
    Roman numerals as digits (except a lone word)."""
    raw = [w for w in _NON_ALNUM.split(fold(text)) if w]
    if len(raw) > 1:
        raw = [_WORD_ABBREVIATIONS.get(w, w) for w in raw]
    out = [translit(w) for w in raw]
    if len(out) > 1:
        out = [out[0]] + [_ROMAN.get(w, w) for w in out[1:]]
    return out


def compact(parts: list[str] | tuple[str, ...]) -> str:
    """Words joined without spaces, so "Ci Kupa" and "Cikupa" compare equal."""
    return "".join(parts)


@dataclass(frozen=True)
class Reading:
    """One way to read a query: the kind its designator announces and the name's words."""

    kind: str | None
    words: tuple[str, ...]

    @property
    def key(self) -> str:
        return compact(self.words)


def split_designators(parts: list[str], level: str | None = None
                      ) -> tuple[str | None, list[str]]:
    """Leading and trailing designators off a name: ["kab", "tangerang"] -> kabupaten.

    With ``level``, only that level's designators are removed, so a village called
    "Kota Baru" keeps its "Kota".
    """

    def known(word: str) -> bool:
        kind = DESIGNATORS.get(word)
        return kind is not None and (level is None or KIND_LEVEL[kind] == level)

    kind: str | None = None
    rest = list(parts)
    while len(rest) > 1 and (known(rest[0]) or (kind and rest[0] in _FILLERS)):
        kind = kind or DESIGNATORS[rest[0]]
        rest.pop(0)
    if kind is None and len(rest) > 1 and rest[-1] in _TRAILING and known(rest[-1]):
        kind = DESIGNATORS[rest.pop()]
    return kind, rest


def readings(text: str) -> list[Reading]:
    """Every plausible reading of a query, most literal first.

    "KotaTangerang" reads as the name "kotatangerang" and as Kota + "tangerang"; the caller
    scores each and keeps the best per unit, so a real name that starts like a designator
    ("Kotabumi", "Kelapa Dua") still matches itself.
    """
    parts = words(text)
    if not parts:
        return []
    found = [Reading(None, tuple(parts))]
    kind, rest = split_designators(parts)
    if kind is not None:
        found.append(Reading(kind, tuple(rest)))
    first = rest[0]
    for glued in _GLUED:
        if first.startswith(glued) and len(first) - len(glued) >= 3:
            found.append(Reading(kind or DESIGNATORS[glued], (first[len(glued):], *rest[1:])))
            break
    unique: dict[Reading, None] = dict.fromkeys(found)
    return list(unique)


def match_key(name: str, level: str | None = None) -> str:
    """The key two names of one level must share to count as the same spelling (the
    crosswalk's "normalised" match): "Desa Ci Kupa" and "CIKUPA" give "cikupa"."""
    return compact(split_designators(words(name), level)[1])


@lru_cache(maxsize=65536)
def distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps
    of neighbours each cost one ("Pandegelang" -> "Pandeglang" = 1)."""
    if a == b:
        return 0
    if not a or not b:
        return max(len(a), len(b))
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def similarity(a: str, b: str, floor: float = FUZZY_MIN) -> float:
    """1 - distance / longer length: 1.0 equal, 0.8 for one letter wrong in five.

    Pairs that provably stay under ``floor`` score 0 without the quadratic work.
    """
    if not a or not b:
        return 0.0
    longest = max(len(a), len(b))
    budget = longest * (1 - floor)  # the most edits that still reach the floor
    if abs(len(a) - len(b)) > budget:
        return 0.0
    # One edit changes the set of letters used by at most two, so a larger difference in
    # letters proves the distance is over budget without computing it.
    if len(set(a) ^ set(b)) > 2 * budget:
        return 0.0
    return 1 - distance(a, b) / longest


def is_abbreviation(query: str, target: tuple[str, ...]) -> bool:
    """Whether ``query`` is the starts of every word of ``target`` in order.

    "tangsel" = "tang" + "sel" of Tangerang Selatan; "jakut" = "jak" + "ut" of Jakarta Utara;
    "ntb" = initials of Nusa Tenggara Barat. Each piece takes at least two letters, except
    when every piece is one letter (an acronym of three or more words).
    """
    if len(target) < 2 or len(query) < 3 or query == compact(target):
        return False
    if len(target) >= 3 and query == "".join(w[0] for w in target):
        return True

    def fits(q: str, i: int) -> bool:
        if i == len(target):
            return not q
        word = target[i]
        for n in range(min(len(word), len(q)), 1, -1):
            if word[:n] == q[:n] and fits(q[n:], i + 1):
                return True
        return False

    return fits(query, 0)


def kind_factor(query_kind: str | None, entry_kind: str | None) -> float:
    """How much a designator in the query agrees with the unit's kind."""
    if query_kind is None or entry_kind is None or query_kind == entry_kind:
        return 1.0
    if {query_kind, entry_kind} <= {"desa", "kelurahan", "desa_adat"}:
        return 0.95  # desa and kelurahan are often mixed up; the status also changes
    if {query_kind, entry_kind} == {"kabupaten", "kota"}:
        return 0.8  # Kota Tangerang is not Kabupaten Tangerang
    return 0.75


class Target:
    """What a unit's name is compared with: its kind, name words, keys and aliases.

    A plain class with slots: one is made per unit searched (83,762 for all villages).
    """

    __slots__ = ("aliases", "full", "initials", "key", "kind", "words")

    def __init__(self, kind: str | None, parts: tuple[str, ...], full: str,
                 aliases: tuple[str, ...] = ()) -> None:
        self.kind = kind
        self.words = parts
        self.key = compact(parts)
        self.full = full
        self.aliases = aliases
        # The acronym of a name of three or more words ("ntb"), for the index.
        self.initials = "".join(w[0] for w in parts) if len(parts) >= 3 else ""


def target(name: str, kind: str | None, aliases: tuple[str, ...] = ()) -> Target:
    """The comparison form of a unit's official name (designator words removed for
    kabupaten/kota and provinsi; kecamatan and desa names are kept whole)."""
    parts = words(name)
    core = parts
    if kind in ("kabupaten", "kota", "provinsi"):
        core = split_designators(parts, KIND_LEVEL[kind])[1]
    alias_keys = tuple(compact(words(a)) for a in aliases) if aliases else ()
    return Target(kind, tuple(core), compact(parts), alias_keys)


def score(reading: Reading, unit: Target) -> tuple[float, str] | None:
    """Score of one reading against one unit, and how it matched; None if not at all."""
    key = reading.key
    if not key:
        return None
    factor = kind_factor(reading.kind, unit.kind)
    if key == unit.key or (reading.kind is None and key == unit.full):
        return SCORE_EQUAL * factor, "name"
    if key in unit.aliases:
        return SCORE_ALIAS * factor, "alias"
    if is_abbreviation(key, unit.words):
        return SCORE_ABBREVIATION * factor, "abbreviation"
    sim = similarity(key, unit.key)
    if sim >= FUZZY_MIN:
        return FUZZY_WEIGHT * sim * factor, "fuzzy"
    if len(key) >= PREFIX_MIN_LEN and unit.key.startswith(key):
        return (0.6 + 0.3 * len(key) / len(unit.key)) * factor, "prefix"
    return None


def one_edit(text: str, alphabet: str) -> set[str]:
    """Every text at ``distance`` 1 from ``text`` (one insertion, deletion, substitution or
    swap of neighbours) whose new characters come from ``alphabet``: looking these up in a
    set finds the near entries without comparing ``text`` with every entry."""
    n = len(text)
    found = {text[:i] + text[i + 1:] for i in range(n)}
    found |= {text[:i] + text[i + 1] + text[i] + text[i + 2:] for i in range(n - 1)}
    for c in alphabet:
        found |= {text[:i] + c + text[i + 1:] for i in range(n)}
        found |= {text[:i] + c + text[i:] for i in range(n + 1)}
    found.discard(text)
    return found


def deletions(key: str) -> set[str]:
    """The key with one letter removed, each way: the index that finds one-edit typos
    without comparing the query with every name."""
    return {key[:i] + key[i + 1:] for i in range(len(key))}
