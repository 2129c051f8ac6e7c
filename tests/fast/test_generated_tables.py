"""Differential tests over generated tables: random Table Schemas and cells drawn from the
texts that trip parsers (signs, spaces, thousands separators, decimal commas, missing-value
markers, booleans, dates, quotes, Unicode digits and spaces), validated by both engines."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from satudata_meta.codes.search import distance, one_edit
from satudata_meta.fast.plan import classify_columns
from satudata_meta.fast.source import ends_in_quotes, quote_lines
from tests.fast.conftest import assert_same

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TRICKY = ["", " ", "5", "+5", " 5", "-0", "007", "1.234", "1,234", "1.234,5", "12,5", "12.5",
          "1e3", "NaN", "inf", "1_000", "٣", "²", "true", "FALSE", "1", "0", "yes", "-",
          "NA", "n/a", "2023-01-31", "2023-02-30", "31/01/2023", "2023", "99999", "x",
          "\u00a0 7\u00a0", "36.01", "3601", "36.01.01", '"q"', "a,b", "laki-laki", "Perempuan",
          "12345678901234567890", "0.1", "100", "100.0", "-1.5", "3601014501900001"]
CODE_CHARS = "0123456789."
TYPES = ["string", "integer", "number", "boolean", "date", "year", "any"]


@st.composite
def fields(draw: Any, name: str) -> dict[str, Any]:
    type_ = draw(st.sampled_from(TYPES))
    constraints: dict[str, Any] = {}
    if draw(st.booleans()):
        constraints["required"] = True
    if type_ in ("integer", "number") and draw(st.booleans()):
        constraints["minimum"] = draw(st.sampled_from([0, -1, 5]))
    if type_ in ("integer", "number") and draw(st.booleans()):
        constraints["maximum"] = draw(st.sampled_from([10, 100, 2100]))
    if type_ == "string" and draw(st.booleans()):
        constraints[draw(st.sampled_from(["minLength", "maxLength"]))] = 2
    if type_ == "string" and draw(st.booleans()):
        constraints["enum"] = ["laki-laki", "perempuan", "5"]
    if type_ == "string" and draw(st.booleans()):
        constraints["pattern"] = r"\d+(\.\d+)?"
    if draw(st.integers(0, 9)) == 0:
        constraints["unique"] = True
    out: dict[str, Any] = {"name": name, "type": type_}
    if constraints:
        out["constraints"] = constraints
    if type_ == "number" and draw(st.integers(0, 4)) == 0:
        out.update(decimalChar=",", groupChar=".")
    return out


NAMES = ["kode_kabupaten_kota", "tahun", "jumlah_penduduk", "persentase_aps", "jenis_kelamin",
         "keterangan", "nilai"]


@st.composite
def tables(draw: Any) -> tuple[dict[str, Any] | None, list[list[str]]]:
    width = draw(st.integers(1, 5))
    names = draw(st.lists(st.sampled_from(NAMES), min_size=width, max_size=width,
                          unique=True))
    declared = draw(st.booleans())
    schema = {"fields": [draw(fields(n)) for n in names]} if declared else None
    if schema is not None and draw(st.integers(0, 3)) == 0:
        schema["missingValues"] = ["", "-", "NA"]
    cell = st.one_of(st.sampled_from(TRICKY), st.text(
        alphabet=st.sampled_from(list("0123456789.,-+ eEaZ\u00a0\u2007")), max_size=6))
    row = st.lists(cell, min_size=max(width - 1, 1), max_size=width + 1)
    rows = draw(st.lists(row, min_size=1, max_size=40))
    return schema, [names, *rows]


def _write(folder: Path, schema: dict[str, Any] | None, rows: list[list[str]]) -> Path:
    meta: dict[str, Any] = yaml.safe_load(
        (EXAMPLES / "penduduk-kabupaten-kota" / "datapackage.yaml").read_text(encoding="utf-8"))
    resource: dict[str, Any] = {"name": "data", "path": "data.csv", "format": "csv"}
    if schema is not None:
        resource["schema"] = schema
    meta["resources"] = [resource]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "datapackage.json").write_text(json.dumps(meta, default=str), encoding="utf-8")
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    (folder / "data.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return folder


@pytest.mark.usefixtures("tiny_blocks")
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(table=tables())
# found by hypothesis: the last data row's cells beyond the labels make it a full row above
# a notes block ("5" under a blank row)
@example(table=({"fields": [{"name": "kode_kabupaten_kota", "type": "boolean"},
                            {"name": "tahun", "type": "boolean"}]},
                [["kode_kabupaten_kota", "tahun"], ["", "5", "5"], [""], ["5"]]))
def test_generated_tables_give_the_same_findings(tmp_path_factory: pytest.TempPathFactory,
                                                 table: tuple[dict[str, Any] | None,
                                                              list[list[str]]]) -> None:
    schema, rows = table
    folder = _write(tmp_path_factory.mktemp("t"), schema, rows)
    # Same findings; their order may differ when a notes block under the table is found
    # (the stream learns of it at the end, the whole-file reader at the start).
    assert_same(folder, order=False)


@given(a=st.text(alphabet="36.012", max_size=8), b=st.text(alphabet="36.0129", max_size=8))
def test_one_edit_is_distance_one(a: str, b: str) -> None:
    """The codes ``_near_code`` looks up are exactly those at distance one."""
    assert (b in one_edit(a, CODE_CHARS)) == (distance(a, b) == 1)
    assert all(distance(a, v) == 1 for v in one_edit(a, CODE_CHARS))


@given(a=st.text(alphabet="36.012", min_size=1, max_size=13), data=st.data())
def test_every_keystroke_is_a_variant(a: str, data: Any) -> None:
    """One edit made at random (typed over, added, dropped, swapped) is always found."""
    i = data.draw(st.integers(0, len(a) - 1))
    c = data.draw(st.sampled_from("0123456789."))
    edit = data.draw(st.sampled_from(["over", "add", "drop", "swap"]))
    b = {"over": a[:i] + c + a[i + 1:], "add": a[:i] + c + a[i:], "drop": a[:i] + a[i + 1:],
         "swap": a[:i] + a[i + 1:i + 2] + a[i] + a[i + 2:]}[edit]
    assert (b in one_edit(a, CODE_CHARS)) == (b != a)


@given(text=st.text(alphabet=st.sampled_from(list('ab,"\n\r')), max_size=30))
def test_ends_in_quotes_agrees_with_the_csv_module(text: str) -> None:
    """A text that ends outside quotes parses the same alone as followed by more rows."""
    if ends_in_quotes(text, ","):
        return
    alone = list(csv.reader(io.StringIO(text, newline="")))
    more = list(csv.reader(io.StringIO(text + "z,z\n", newline="")))
    if text and not text.endswith(("\n", "\r")):
        return  # the next row would continue the last line
    assert more[:len(alone)] == alone


def _shape_by_expression(cell: str | None) -> str:
    """What ``classify`` must say of one cell, by the definitions alone."""
    if not cell:
        return "absent"
    if re.fullmatch(r"[-+]?[0-9]+", cell):
        return "whole"
    if re.fullmatch(r"[-+]?[0-9]+\.[0-9]+", cell) and not re.fullmatch(
            r"[-+]?\d{1,3}\.\d{3}", cell):
        return "decimal"
    return "other"


@given(columns=st.integers(1, 60).flatmap(lambda n: st.lists(
    st.lists(st.one_of(st.none(), st.sampled_from(TRICKY), st.text(alphabet=st.sampled_from(
        list("0123456789.-+ e\u0663")), max_size=22)), min_size=n, max_size=n),
    min_size=1, max_size=4)))
def test_classify_agrees_with_the_definitions(columns: list[list[str | None]]) -> None:
    """Number shapes of the columns of a frame, classified together (the integer parser's
    shortcut included): every cell as the expressions define it, whether few or most cells
    of a column need the expressions."""
    frame = pl.DataFrame({f"c{j}": pl.Series(cells, dtype=pl.String)
                          for j, cells in enumerate(columns)})
    found = classify_columns(frame, list(range(len(columns))))
    for j, cells in enumerate(columns):
        shapes = found[j]
        got = ["whole" if w else "decimal" if d else "other" if o else "absent"
               for w, d, o in zip(shapes.whole, shapes.decimal, shapes.others, strict=True)]
        assert got == [_shape_by_expression(c) for c in cells]
        assert shapes.integers.to_list() == [int(c) if c is not None and re.fullmatch(
            r"[-+]?[0-9]+", c) and -2 ** 63 <= int(c) < 2 ** 63 else None for c in cells]


@given(st.lists(st.text(alphabet=st.sampled_from(list('ab,"\r\n')), max_size=8), max_size=30))
def test_quote_lines_agree_with_the_lines(parts: list[str]) -> None:
    """The lines holding a quote, from a block's bytes: the lines Arrow splits (at every
    line feed) that hold one; no answer where a carriage return also ends lines."""
    text = "\n".join(parts)
    found = quote_lines(text.encode())
    if "\r" in text:
        assert found is None
    else:
        assert found == [i for i, line in enumerate(text.split("\n")) if '"' in line]
