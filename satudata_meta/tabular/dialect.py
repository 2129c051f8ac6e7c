"""Which character separates the columns of a CSV file.

Excel writes ``,`` or ``;`` depending on the PC's regional settings (Indonesian Windows uses
``;`` because ``,`` is the decimal mark), "Unicode Text" uses tabs, and some systems use
``|``. Excel may also put a ``sep=;`` line first. The delimiter that splits the first rows
into the most consistent number of columns (more than one) wins; ties go to ``,``.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

CANDIDATES = (",", ";", "\t", "|")
SAMPLE_CHARS = 65536
SAMPLE_ROWS = 100
_SEP_LINE = re.compile(r'^"?sep=(.)"?\r?\n', re.IGNORECASE)


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    sep_line: bool  # the file starts with Excel's "sep=X" line


def _score(sample: str, delimiter: str) -> tuple[float, int]:
    """(share of rows with the most common width, that width) for one delimiter."""
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
    widths: list[int] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                widths.append(len(row))
            if len(widths) >= SAMPLE_ROWS:
                break
    except csv.Error:
        return 0.0, 0
    if not widths:
        return 0.0, 0
    width, count = Counter(widths).most_common(1)[0]
    return count / len(widths), width


def sniff(text: str) -> Dialect:
    """The dialect of a CSV text (see the module docstring for the rule)."""
    found = _SEP_LINE.match(text)
    if found and found.group(1) in CANDIDATES:
        return Dialect(found.group(1), True)
    sample = text[:SAMPLE_CHARS]
    if len(text) > SAMPLE_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ",", (0.0, 0)
    for delimiter in CANDIDATES:
        if delimiter not in sample:
            continue
        share, width = _score(sample, delimiter)
        if width > 1 and share > best_score[0]:
            best, best_score = delimiter, (share, width)
    return Dialect(best, False)


def strip_sep_line(text: str) -> str:
    found = _SEP_LINE.match(text)
    return text[found.end():] if found else text
