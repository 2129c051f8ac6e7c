"""The MQA tables as data: indicators and points, ratings, file types and media types.

They live in ``standards/mqa/`` (with their sources) rather than in code, so the docs' table,
the scoring and the tests read one declaration, and a list can be corrected without touching
the scoring logic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from satudata_meta import yamlio
from satudata_meta.paths import standards_dir

FILE_TYPE_BASE = "http://publications.europa.eu/resource/authority/file-type/"
_IANA_BASES = ("https://www.iana.org/assignments/media-types/",
               "http://www.iana.org/assignments/media-types/")


@dataclass(frozen=True)
class Indicator:
    id: str
    dimension: str
    property: str
    level: str  # dataset | distribution
    combine: str  # dataset | share | best | inherit
    points: int
    label: dict[str, str]
    fix: dict[str, str]
    needs: str | None = None  # "urls" | "dcat" | None


@dataclass(frozen=True)
class Dimension:
    id: str
    label: dict[str, str]
    indicators: tuple[Indicator, ...]

    @property
    def max(self) -> int:
        return sum(i.points for i in self.indicators)


@dataclass(frozen=True)
class Rating:
    id: str
    min: int
    label: dict[str, str]


@dataclass(frozen=True)
class Method:
    """The whole MQA point table."""

    total: int
    dimensions: tuple[Dimension, ...]
    ratings: tuple[Rating, ...]
    source: str

    @cached_property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for d in self.dimensions for i in d.indicators)

    @cached_property
    def _by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}

    def indicator(self, ident: str) -> Indicator:
        return self._by_id[ident]

    def dimension(self, ident: str) -> Dimension:
        for dim in self.dimensions:
            if dim.id == ident:
                return dim
        raise KeyError(ident)

    def rating(self, total: float) -> Rating:
        """The band a total falls in: the first whose lower bound it reaches."""
        for band in self.ratings:
            if total >= band.min:
                return band
        return self.ratings[-1]


def _read(name: str) -> dict[str, Any]:
    path = standards_dir() / "mqa" / name
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yamlio.load(fh)
    return data


@cache
def method() -> Method:
    """The indicator table of ``standards/mqa/indicators.yaml`` (checked to add up)."""
    raw = _read("indicators.yaml")
    dims = []
    for d in raw["dimensions"]:
        inds = tuple(Indicator(
            id=str(i["id"]), dimension=str(d["id"]), property=str(i["property"]),
            level=str(i["level"]), combine=str(i["combine"]), points=int(i["points"]),
            label=dict(i["label"]), fix=dict(i["fix"]), needs=i.get("needs"))
            for i in d["indicators"])
        dims.append(Dimension(str(d["id"]), dict(d["label"]), inds))
    ratings = tuple(Rating(str(r["id"]), int(r["min"]), dict(r["label"]))
                    for r in raw["ratings"])
    found = Method(int(raw["total"]), tuple(dims), ratings, " ".join(str(raw["source"]).split()))
    if sum(d.max for d in found.dimensions) != found.total:
        raise RuntimeError("standards/mqa/indicators.yaml: the points do not add up to total")
    return found


@dataclass(frozen=True)
class Formats:
    file_types: frozenset[str]
    non_proprietary: frozenset[str]
    machine_readable: frozenset[str]
    media_types: frozenset[str]
    aliases: dict[str, str]
    source: dict[str, str]


def _alias_key(text: str) -> str:
    text = text.strip().casefold()
    if "/" in text:
        return text.split(";")[0].strip()
    return re.sub(r"[^a-z0-9]", "", text)


@cache
def formats() -> Formats:
    raw = _read("formats.yaml")
    return Formats(
        file_types=frozenset(str(c) for c in raw["file_types"]),
        non_proprietary=frozenset(str(c) for c in raw["non_proprietary"]),
        machine_readable=frozenset(str(c) for c in raw["machine_readable"]),
        media_types=frozenset(str(m).casefold() for m in raw["media_types"]),
        aliases={_alias_key(str(k)): str(v) for k, v in raw["aliases"].items()},
        source={str(k): " ".join(str(v).split()) for k, v in raw["source"].items()},
    )


@cache
def file_type(value: str) -> str | None:
    """The EU file-type code a written format means, or None when it names none.

    Accepts the NAL URI, the code itself in any case ("csv", "Json_Ld") and the aliases.
    """
    text = value.strip()
    if not text:
        return None
    table = formats()
    if "/file-type/" in text:
        code = text.rstrip("/").rsplit("/", 1)[-1].upper()
        return code if code in table.file_types else None
    code = re.sub(r"[\s.-]+", "_", text).upper()
    if code in table.file_types:
        return code
    return table.aliases.get(_alias_key(text))


@cache
def media_type(value: str) -> str | None:
    """A written media type as the registry spells it (lower case, no parameters), if it is one
    of the registered types the audit knows; None otherwise."""
    text = value.strip()
    for base in _IANA_BASES:
        if text.startswith(base):
            text = text[len(base):]
    text = text.split(";")[0].strip().casefold()
    return text if text in formats().media_types else None
