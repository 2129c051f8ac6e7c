"""The floor under any validator of the benchmark tables on this machine: the rules the
tables exercise written as polars queries over the whole file, with nothing around them.

It is not a validator. It counts rows instead of reporting findings (no row numbers, no
messages, no hints), checks kode/nama by exact official name only (no misspellings, no
suggestions), knows one code column and one period layout (``tahun`` and ``bulan``), and
reads the file as polars does (no sniffing, encodings, title rows, notes blocks, quotes
read again, number conventions, Frictionless' verdict on a flagged cell); an XLSX file's
first sheet is read by calamine and its cells turned into text, nothing more (no hidden
rows, merged cells, sheet choice or size guard). What it measures
is the time polars needs to read the file and evaluate those rules on every row, in a
process of its own: a lower bound for ``satudata validate --engine fast`` (which does all of
the above as well) that ``benchmarks/validate_speed.py`` runs beside it and
``frictionless validate``.

Usage::

    .venv/bin/python benchmarks/floor_query.py /tmp/satudata-bench/desa-1000000
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import polars as pl
import yaml

ROOT = Path(__file__).resolve().parents[1]
DESA = ROOT / "standards" / "codes" / "wilayah" / "kemendagri" / "desa_kelurahan" / "36.csv"
PLAIN = r"^[-+]?[0-9]+(?:\.[0-9]+)?$"


def cell_errors(field: dict[str, object]) -> pl.Expr:
    """Rows whose cell breaks the field's type or constraints (as counted, not worded)."""
    cell = pl.col(str(field["name"]))
    constraints = field.get("constraints") or {}
    assert isinstance(constraints, dict)
    bad = pl.lit(False)
    if field["type"] == "integer":
        value = cell.str.to_integer(strict=False)
        bad = cell.is_not_null() & value.is_null()
    elif field["type"] == "number":
        value = cell.cast(pl.Float64, strict=False)
        bad = cell.is_not_null() & (~cell.str.contains(PLAIN) | value.is_null())
    else:
        value = cell
    if "minimum" in constraints:
        bad = bad | (value < constraints["minimum"])
    if "maximum" in constraints:
        bad = bad | (value > constraints["maximum"])
    if "enum" in constraints:
        bad = bad | (cell.is_not_null() & ~cell.is_in(list(constraints["enum"])))
    if constraints.get("required"):
        bad = bad | cell.is_null()
    return bad.fill_null(True)


def _text(value: object) -> str | None:
    """An XLSX cell as text, numbers in machine form (whole floats without ``.0``)."""
    if value is None or value == "":
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _read(path: Path) -> pl.LazyFrame:
    """The table, every cell as text: polars' CSV reader, or calamine's values of the
    first sheet (an XLSX file) turned into text in Python, as a validator must."""
    if path.suffix != ".xlsx":
        return pl.scan_csv(path, infer_schema=False, truncate_ragged_lines=True)
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as workbook:
        grid = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    header = [str(h) if h not in (None, "") else f"_{i}" for i, h in enumerate(grid[0])]
    columns = zip(*(row + [None] * (len(header) - len(row)) for row in grid[1:]), strict=True)
    return pl.DataFrame({name: pl.Series([_text(v) for v in values], dtype=pl.String)
                         for name, values in zip(header, columns, strict=True)}).lazy()


def main(folder: Path) -> dict[str, object]:
    started = time.perf_counter()
    meta = yaml.safe_load((folder / "datapackage.yaml").read_text(encoding="utf-8"))
    resource = meta["resources"][0]
    schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
    codes = pl.read_csv(DESA, infer_schema=False)
    first, last = (tuple(int(p) for p in str(meta["periode"][k]).split("-"))
                   for k in ("awal", "akhir"))
    months = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    table = _read(folder / resource["path"])
    code, name = pl.col("kode_desa_kelurahan"), pl.col("nama_desa_kelurahan")
    month = (pl.col("tahun").str.to_integer(strict=False) * 12
             + pl.col("bulan").str.to_integer(strict=False))
    rules = [cell_errors(f) for f in schema["fields"]] + [
        ~code.is_in(codes["code"].implode()),  # unknown codes
        code.replace_strict(codes["code"], codes["name"], default=None) != name,  # kode/nama
        ~month.is_between(first[0] * 12 + first[1], last[0] * 12 + last[1]),  # periode
        pl.col("nik").is_not_null(),  # personal data
    ]
    key = pl.concat_str(schema["primaryKey"], separator="\x1f", ignore_nulls=True)
    flagged, repeated, covered = pl.collect_all([
        table.select(pl.any_horizontal(r.fill_null(True) for r in rules).sum()),
        table.select(key.hash().alias("h")).select(pl.col("h").is_duplicated().sum()),
        table.filter(code.is_in(codes["code"].implode()) & month.is_not_null())
        .select(pl.struct(code, month).n_unique()),
    ], engine="streaming")
    return {"seconds": time.perf_counter() - started, "flagged_rows": flagged.item(),
            "rows_with_a_repeated_key": repeated.item(), "code_month_pairs": covered.item(),
            "expected_pairs": codes.height * months}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
