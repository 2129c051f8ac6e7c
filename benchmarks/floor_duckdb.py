"""The floor query of ``floor_query.py`` written for DuckDB: the same rules, the same counts,
to show the floor does not come from polars alone.

DuckDB is not a dependency of satudata-meta (its casts read ``1.234`` as 1 and its CSV
reader sniffs its own dialect: see docs/en/benchmarks-validate.md, "Choosing the library"),
so this script runs in an environment of its own, by hand::

    python3 -m venv /tmp/duckenv && /tmp/duckenv/bin/pip install duckdb pyyaml
    /tmp/duckenv/bin/python benchmarks/floor_duckdb.py /tmp/satudata-bench/desa-5000000

It prints the same JSON as ``floor_query.py`` (CSV files only). The file is read once into a
table, and the rules run as one statement over it.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DESA = ROOT / "standards" / "codes" / "wilayah" / "kemendagri" / "desa_kelurahan" / "36.csv"
PLAIN = r"[-+]?[0-9]+(\.[0-9]+)?"
INTEGER = r"[-+]?[0-9]+"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text(value: Any) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def cell_errors(field: dict[str, Any]) -> str:
    """SQL true where the cell breaks the field's type or constraints (as counted)."""
    cell = _quoted(str(field["name"]))
    constraints = field.get("constraints") or {}
    bad = ["false"]
    value = cell
    if field["type"] == "integer":
        value = f"try_cast({cell} as bigint)"
        bad.append(f"({cell} is not null and not regexp_full_match({cell}, '{INTEGER}'))")
    elif field["type"] == "number":
        value = f"try_cast({cell} as double)"
        bad.append(f"({cell} is not null and not regexp_full_match({cell}, '{PLAIN}'))")
    if "minimum" in constraints:
        bad.append(f"coalesce({value} < {constraints['minimum']}, false)")
    if "maximum" in constraints:
        bad.append(f"coalesce({value} > {constraints['maximum']}, false)")
    if "enum" in constraints:
        options = ", ".join(_text(v) for v in constraints["enum"])
        bad.append(f"({cell} is not null and {cell} not in ({options}))")
    if constraints.get("required"):
        bad.append(f"{cell} is null")
    return "(" + " or ".join(bad) + ")"


def main(folder: Path) -> dict[str, object]:
    started = time.perf_counter()
    import duckdb

    meta = yaml.safe_load((folder / "datapackage.yaml").read_text(encoding="utf-8"))
    schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
    first, last = (tuple(int(p) for p in str(meta["periode"][k]).split("-"))
                   for k in ("awal", "akhir"))
    months = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    path = str(folder / meta["resources"][0]["path"])
    con = duckdb.connect()
    con.execute(f"create temp table codes as select * from read_csv({_text(DESA)}, "
                "all_varchar = true, header = true)")
    con.execute(f"create temp table t as select * from read_csv({_text(path)}, "
                "all_varchar = true, header = true, delim = ',', quote = '\"', "
                "strict_mode = false, null_padding = true)")
    month = "(try_cast(tahun as bigint) * 12 + try_cast(bulan as bigint))"
    rules = [cell_errors(f) for f in schema["fields"]] + [
        "c.code is null",  # unknown codes (an empty code too)
        "coalesce(c.name <> t.nama_desa_kelurahan, false)",  # kode/nama
        f"coalesce({month} not between {first[0] * 12 + first[1]} and "
        f"{last[0] * 12 + last[1]}, true)",  # periode
        "t.nik is not null",  # personal data
    ]
    key = ", ".join(_quoted(k) for k in schema["primaryKey"])
    flagged, repeated, covered = con.execute(f"""
        select
          (select count(*) from t left join codes c on c.code = t.kode_desa_kelurahan
           where {' or '.join(rules)}),
          (select coalesce(sum(n), 0) from (select count(*) as n from t group by {key}
                                              having count(*) > 1)),
          (select count(*) from (select distinct kode_desa_kelurahan, {month} from t
                                 where kode_desa_kelurahan in (select code from codes)
                                 and {month} is not null))
    """).fetchone()
    return {"seconds": time.perf_counter() - started, "flagged_rows": flagged,
            "rows_with_a_repeated_key": repeated, "code_month_pairs": covered,
            "expected_pairs": con.execute("select count(*) from codes").fetchone()[0] * months}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
