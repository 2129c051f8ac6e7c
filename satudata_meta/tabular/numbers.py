"""Number formats: ``1.234.567`` and ``12,5`` (Indonesian) against ``1234567`` and ``12.5``.

A file is written in one convention, the one of the PC that saved it, so the convention is
decided per file from the cells that can only be read one way:

* Indonesian ("id"): ``1.234.567`` (two or more dot groups), ``12,5`` (a decimal comma that
  is not a thousands group), ``1.234,5``; and ``1.234`` in a whole-number column.
* English ("en"): ``1,234,567``, ``1,234.5``; and ``1,234`` in a whole-number column.
* plain: ``12.5`` or ``99.30`` (a decimal point), the machine form the standard asks for.

``1.234`` and ``1,234`` alone could be either (1234, or one point two three four); when
no cell of the file decides, they are reported as ambiguous and read as decimals (the dot,
or the Indonesian decimal comma).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

PLAIN, ID, EN = "plain", "id", "en"

_INT = re.compile(r"^[-+]?\d+$")
_DOT_GROUPS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+$")
_COMMA_GROUPS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+$")
_COMMA_DECIMAL = re.compile(r"^[-+]?\d+,\d+$")
_DOT_DECIMAL = re.compile(r"^[-+]?\d*\.\d+$")
_ID_FULL = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+,\d+$")
_EN_FULL = re.compile(r"^[-+]?\d{1,3}(,\d{3})+\.\d+$")


def shape(text: str) -> str | None:
    """What a cell's number looks like: int, dot-groups-1, dot-groups, comma-groups-1,
    comma-groups, comma-decimal, dot-decimal, id-full, en-full; None if not a number."""
    if _INT.match(text):
        return "int"
    if _DOT_GROUPS.match(text):
        return "dot-groups" if text.count(".") > 1 else "dot-groups-1"
    if _COMMA_GROUPS.match(text):
        return "comma-groups" if text.count(",") > 1 else "comma-groups-1"
    if _COMMA_DECIMAL.match(text):
        return "comma-decimal"
    if _DOT_DECIMAL.match(text):
        return "dot-decimal"
    if _ID_FULL.match(text):
        return "id-full"
    if _EN_FULL.match(text):
        return "en-full"
    return None


# Shapes that decide the convention, whatever the column (dot-decimal: a dot is decimal).
_DECIDES = {"dot-groups": ID, "comma-decimal": ID, "id-full": ID,
            "comma-groups": EN, "en-full": EN, "dot-decimal": PLAIN}
# In a whole-number column one group decides too: 1.234 cannot be a decimal there.
_DECIDES_INTEGER = {**_DECIDES, "dot-groups-1": ID, "comma-groups-1": EN}
AMBIGUOUS = ("dot-groups-1", "comma-groups-1")


@dataclass
class Evidence:
    """The shapes seen in a file, and examples of each, per column."""

    votes: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # conv -> cells
    ambiguous: dict[str, list[str]] = field(default_factory=dict)  # column -> cells

    def add(self, column: str, cells: Iterable[str], integer: bool) -> None:
        table = _DECIDES_INTEGER if integer else _DECIDES
        for text in cells:
            kind = shape(text)
            if kind is None or kind == "int":
                continue
            conv = table.get(kind)
            if conv is not None:
                self.votes[conv] += 1
                examples = self.examples.setdefault(conv, [])
                if len(examples) < 3 and column not in [c for c, _ in examples]:
                    examples.append((column, text))
            elif kind in AMBIGUOUS:
                self.ambiguous.setdefault(column, []).append(text)

    @property
    def decided(self) -> bool:
        """Whether any cell could be read only one way."""
        return any(self.votes.values())

    def convention(self) -> str:
        """The file's convention (see the module docstring).

        Indonesian when its cells outnumber the others; English when comma groups were seen,
        or when a decimal point was seen beside ``1,234`` (the dot being the decimal mark,
        the comma can only group thousands); plain otherwise.
        """
        id_votes, en_votes, plain_votes = self.votes[ID], self.votes[EN], self.votes[PLAIN]
        if id_votes and id_votes >= max(en_votes, plain_votes):
            return ID
        commas = any(c for cells in self.ambiguous.values() for c in cells if "," in c)
        if en_votes or (plain_votes and commas):
            return EN
        return PLAIN

    def mixed(self, convention: str) -> bool:
        """Whether cells of another convention than the chosen one were seen."""
        others = {ID: (EN, PLAIN), EN: (ID,), PLAIN: (ID, EN)}[convention]
        return any(self.votes[o] for o in others)


def to_machine(text: str, convention: str, integer: bool = False) -> str | None:
    """The machine form of a number cell ("1.234.567" -> "1234567"), or None when the cell
    does not read as a number in that convention (left for the type check to report)."""
    kind = shape(text)
    if kind is None:
        return None
    if kind == "int":
        return text
    if convention == ID:
        if kind in ("dot-groups", "dot-groups-1"):
            return text.replace(".", "")
        if kind in ("comma-decimal", "comma-groups-1", "id-full"):
            return text.replace(".", "").replace(",", ".")
        return None
    if convention == EN:
        if kind in ("comma-groups", "comma-groups-1", "en-full"):
            return text.replace(",", "")
        if kind in ("dot-decimal", "dot-groups-1"):
            return text
        return None
    # plain: only the decimal point is machine form; the two ambiguous shapes are read the
    # way the ambiguous-number-format finding says.
    if kind in ("dot-decimal",):
        return text
    if kind == "dot-groups-1":
        return text.replace(".", "") if integer else text
    if kind == "comma-groups-1":
        return text.replace(",", "") if integer else text.replace(",", ".")
    return None
