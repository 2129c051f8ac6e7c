"""One code list: entries, their variants, and the matching used to normalise values."""

from __future__ import annotations

import difflib
import importlib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from satudata_meta import yamlio
from satudata_meta.paths import standards_dir

_NON_ALNUM = re.compile(r"[^0-9a-z]+")

# Lists too large for YAML are built by their own module: name -> "module:function".
_TABLE_LOADERS: dict[str, str] = {
    "wilayah": "satudata_meta.codes.wilayah:load_kemendagri",
    "wilayah_bps": "satudata_meta.codes.wilayah:load_bps",
}
_ENTRY_KEYS = {"code", "label", "parent", "level", "rank", "variants", "mappings"}


def norm_key(value: str) -> str:
    """Case-, space- and punctuation-insensitive key: "1 Tahun Sekali" -> "1tahunsekali".

    NFKC first, so "km²" keys as "km2" instead of losing its exponent. Symbol-only text ("%")
    keys as "" and is matched on its raw form instead (see ``CodeList._key``).
    """
    return _NON_ALNUM.sub("", unicodedata.normalize("NFKC", str(value)).casefold())


@dataclass(frozen=True)
class Code:
    code: str
    label: dict[str, str]
    parent: str | None = None
    level: str | None = None
    rank: int | None = None
    variants: tuple[str, ...] = ()
    mappings: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # abbreviation, ckan_org, note, ...

    @property
    def name(self) -> str:
        return self.label.get("id") or self.code

    def label_in(self, lang: str) -> str:
        return self.label.get(lang) or self.name


@dataclass(frozen=True)
class Match:
    """The result of normalising a value: the code it means, and how it was found."""

    code: Code
    original: str
    exact: bool  # the value was already the canonical code
    score: float = 1.0


class CodeList:
    """A named, versioned list of codes with metadata about its source."""

    def __init__(self, name: str, meta: dict[str, Any], entries: list[Code]) -> None:
        self.name = name
        self.meta = meta
        self.extensible = bool(meta.get("extensible", False))
        self._by_code: dict[str, Code] = {}
        self._by_key: dict[str, Code] = {}
        self._suggested: dict[tuple[str, int], list[Code]] = {}
        for entry in entries:
            if entry.code in self._by_code:
                raise ValueError(f"code list {name}: duplicate code {entry.code!r}")
            self._by_code[entry.code] = entry
        # Codes win over labels, labels over variants, so a variant cannot shadow a code.
        for entry in entries:
            for text in entry.variants:
                self._by_key.setdefault(self._key(text), entry)
        for entry in entries:
            for text in entry.label.values():
                self._by_key[self._key(text)] = entry
        for entry in entries:
            self._by_key[self._key(entry.code)] = entry
        self._by_key.pop("", None)

    @staticmethod
    def _key(text: str) -> str:
        """The matching key; symbol-only text ("%", "‰") keeps its stripped raw form."""
        return norm_key(text) or str(text).strip()

    @property
    def version(self) -> str:
        return str(self.meta.get("version", ""))

    def title(self, lang: str = "id") -> str:
        title = self.meta.get("title") or {}
        return str(title.get(lang) or self.name)

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Code]:
        return iter(self._by_code.values())

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Code | None:
        return self._by_code.get(code)

    def children(self, code: str | None) -> list[Code]:
        return [c for c in self if c.parent == code]

    def default(self) -> Code | None:
        return next((c for c in self if c.extra.get("default")), None)

    def normalize(self, value: Any) -> Match | None:
        """The code a value means: the code itself, or an unambiguous label or variant."""
        text = str(value).strip()
        exact = self._by_code.get(text)
        if exact is not None:
            return Match(exact, text, exact=True)
        found = self._by_key.get(self._key(text))
        return Match(found, text, exact=False) if found is not None else None

    def suggest(self, value: Any, limit: int = 3) -> list[Code]:
        """Close matches for an unknown value, best first (for "did you mean ...?" hints).

        Memoised: a catalogue repeats the same unknown value many times, and difflib over the
        whole list is the slow part of checking it. Lists never change once loaded.
        """
        memo_key = (str(value), limit)
        if memo_key not in self._suggested:
            keys = difflib.get_close_matches(norm_key(str(value)), list(self._by_key),
                                             limit * 3, 0.6)
            seen: dict[str, Code] = {}
            for key in keys:
                seen.setdefault(self._by_key[key].code, self._by_key[key])
            self._suggested[memo_key] = list(seen.values())[:limit]
        return list(self._suggested[memo_key])

    def by_mapping(self, scheme: str, value: Any) -> Code | None:
        """Reverse lookup through a mapping, e.g. ``by_mapping("ckan", "cc-by")``."""
        wanted = self._key(str(value))
        for entry in self:
            mapped = entry.mappings.get(scheme)
            values = mapped if isinstance(mapped, list) else [mapped]
            if any(v is not None and self._key(str(v)) == wanted for v in values):
                return entry
        return None


def _entry(raw: dict[str, Any]) -> Code:
    return Code(
        code=str(raw["code"]),
        label={k: str(v) for k, v in (raw.get("label") or {}).items()},
        parent=None if raw.get("parent") is None else str(raw["parent"]),
        level=raw.get("level"),
        rank=raw.get("rank"),
        variants=tuple(str(v) for v in raw.get("variants") or ()),
        mappings=dict(raw.get("mappings") or {}),
        extra={k: v for k, v in raw.items() if k not in _ENTRY_KEYS},
    )


def codes_dir() -> Path:
    return standards_dir() / "codes"


def load_yaml_list(path: Path) -> CodeList:
    with path.open(encoding="utf-8") as fh:
        raw = yamlio.load(fh)
    entries = [_entry(e) for e in raw.pop("codes", [])]
    return CodeList(raw.get("name", path.stem), raw, entries)


def codelist_names() -> list[str]:
    """Every list the standard knows, curated and tabular."""
    names = {p.stem for p in codes_dir().glob("*.yaml") if not p.stem.endswith(".meta")}
    return sorted(names | set(_TABLE_LOADERS))


@cache
def codelist(name: str) -> CodeList:
    """The code list called ``name``; raises KeyError for an unknown list."""
    if name in _TABLE_LOADERS:
        module, func = _TABLE_LOADERS[name].split(":")
        loader: Callable[[], CodeList] = getattr(importlib.import_module(module), func)
        return loader()
    path = codes_dir() / f"{name}.yaml"
    if not path.is_file():
        raise KeyError(name)
    return load_yaml_list(path)
