"""Which standard column convention (kolom baku) each header label stands for.

A label is taken as written when it is a convention's name (``kode_kabupaten_kota``).
Otherwise it is compared without case, spaces and punctuation with the conventions' names
and known other spellings ("Kode Kab/Kota", "KODE_KAB_KOTA", "nama_kec", "Tahun"); a match
is used, and reported so the file can be fixed. Then a label that starts with a prefix
(``jumlah_penduduk``, also written "Jumlah Penduduk") takes the prefix's convention.
Labels that match nothing are ordinary columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from satudata_meta.standard.spec import ColumnSpec, Standard

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def snake(label: str) -> str:
    """The snake_case form of a header label: "Kode Kab/Kota" -> "kode_kab_kota"."""
    return _NON_ALNUM.sub("_", label.casefold()).strip("_")


@dataclass(frozen=True)
class Column:
    """One column of a table as the checks see it."""

    index: int  # 0-based position
    label: str  # as written in the file
    name: str  # the standard's name for it (the label itself, or what it was recognised as)
    spec: ColumnSpec | None

    @property
    def number(self) -> int:
        """1-based, as frictionless' fieldNumber."""
        return self.index + 1

    @property
    def renamed(self) -> bool:
        return self.name != self.label

    @property
    def role(self) -> str | None:
        return self.spec.role if self.spec is not None else None


def _spellings(standard: Standard) -> dict[str, str]:
    """Compact spelling -> the convention name it means (names and aliases)."""
    found: dict[str, str] = {}
    for spec in standard.columns:
        if spec.name is None:
            continue
        for text in (spec.name, *spec.aliases):
            found.setdefault(snake(text).replace("_", ""), spec.name)
    return found


def resolve(header: list[str], standard: Standard) -> list[Column]:
    """The columns of a header, each with its convention (see the module docstring)."""
    spellings = _spellings(standard)
    columns: list[Column] = []
    taken: set[str] = set(header)
    for i, label in enumerate(header):
        spec = standard.column(label)
        if spec is not None and spec.name is not None:  # a convention's own name
            columns.append(Column(i, label, label, spec))
            continue
        key = snake(label)
        name = spellings.get(key.replace("_", ""))  # another spelling of a named column
        if name is None and spec is None and key and key != label:
            name = key if standard.column(key) is not None else None  # "Jumlah Penduduk"
        if name is not None and name != label and name not in taken:
            taken.add(name)
            columns.append(Column(i, label, name, standard.column(name)))
        else:
            columns.append(Column(i, label, label, spec))  # a prefix (jumlah_x) or nothing
    return columns
