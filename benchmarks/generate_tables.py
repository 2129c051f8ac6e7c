"""Realistic Banten tables for the validation benchmarks, from the real wilayah codes.

One row per desa/kelurahan of Banten (1,552, Kemendagri codes and names), month, sex and age
group, with population-style indicator columns; the number of years and age groups is chosen
so the row count is close to ``--rows``. About ``--error-rate`` of the rows carry one
injected error, spread over every kind the validator knows (a log of what was injected is
written beside the data as ``injected.json``):

bad types, constraint violations (minimum, maximum, enum, required), unknown codes, codes
without dots, kode/nama mismatches, duplicate keys (identical rows and rows with other
values), years outside ``periode``, a desa missing for a whole month (incomplete coverage),
NIK-like values, rows with a missing or an extra cell, and blank rows.

Everything is deterministic for a seed. Output (never committed; ``/tmp`` by default)::

    <out>/desa-<rows>/datapackage.yaml   the dataset as ``satudata validate`` takes it
    <out>/desa-<rows>/data/desa.csv      (or desa.xlsx with --xlsx)
    <out>/desa-<rows>/schema.json        the same Table Schema, for ``frictionless validate``
    <out>/desa-<rows>/injected.json      kind -> number of injected errors

Usage::

    .venv/bin/python benchmarks/generate_tables.py --rows 1000000 --out /tmp/satudata-bench
    .venv/bin/python benchmarks/generate_tables.py --rows 100000 --xlsx
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIRST_YEAR = 2010
AGE_GROUPS = ("0-4", "5-14", "15-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+",
              "75-79", "80-84", "85+", "0-1", "2-4", "5-9", "10-14")
SEXES = ("laki-laki", "perempuan")
HEADER = ["kode_desa_kelurahan", "nama_desa_kelurahan", "tahun", "bulan", "jenis_kelamin",
          "kelompok_umur", "jumlah_penduduk", "jumlah_kelahiran", "jumlah_kematian",
          "persentase_penduduk_miskin", "nik"]
KINDS = ("bad-integer", "bad-number", "below-minimum", "above-maximum", "not-in-enum",
         "required-empty", "unknown-code", "code-without-dots", "name-mismatch",
         "duplicate-identical", "duplicate-different", "year-out-of-period",
         "missing-coverage", "nik-value", "missing-cell", "extra-cell", "blank-row")
BAD_INTEGERS = ("n/a", "-", "12.5", "abc", "1 000", "#REF!", "5%")
BAD_NUMBERS = ("12,5%", "n/a", "x", "--")


@dataclass(frozen=True)
class Shape:
    years: int
    ages: int
    rows: int


def shape_for(rows: int, desa: int) -> Shape:
    """Years x age groups whose row count is nearest to ``rows`` (ties: nine age groups)."""
    per = desa * 12 * len(SEXES)
    best = min(((y, k) for y in range(1, 31) for k in range(1, len(AGE_GROUPS) + 1)),
               key=lambda yk: (abs(yk[0] * yk[1] * per - rows), abs(yk[1] - 9)))
    return Shape(best[0], best[1], best[0] * best[1] * per)


def _desa() -> list[tuple[str, str]]:
    from satudata_meta.codes.wilayah import wilayah_list

    units = wilayah_list("kemendagri").units(level="desa_kelurahan", within="36")
    out = [(u.code, u.name) for u in units]
    assert all("," not in n and '"' not in n for _, n in out)  # plain CSV without quoting
    return out


def _nik(rng: random.Random, code: str) -> str:
    """A NIK with the structure the personal-data check recognises (province, kab/kota,
    kecamatan, a birth date, a serial)."""
    day = rng.randint(1, 28) + (40 if rng.random() < 0.5 else 0)
    return (code.replace(".", "")[:6] + f"{day:02d}{rng.randint(1, 12):02d}"
            f"{rng.randint(50, 99):02d}{rng.randint(1, 9999):04d}")


def rows(shape: Shape, seed: int, error_rate: float,
         injected: Counter[str]) -> Iterator[list[str]]:
    """The data rows (header excluded), errors injected as they are produced."""
    rng = random.Random(seed)
    desa = _desa()
    names = [n for _, n in desa]
    ages = AGE_GROUPS[:shape.ages]
    last_year = FIRST_YEAR + shape.years - 1
    for year in range(FIRST_YEAR, last_year + 1):
        for month in range(1, 13):
            for code, name in desa:
                # a desa missing for a whole month: all its rows of that month dropped
                if rng.random() < error_rate / len(KINDS):
                    injected["missing-coverage"] += 1
                    continue
                base = rng.randint(200, 5000)
                for sex in SEXES:
                    for age in ages:
                        pop = base + rng.randint(0, 400)
                        row = [code, name, str(year), str(month), sex, age, str(pop),
                               str(rng.randint(0, 40)), str(rng.randint(0, 30)),
                               f"{rng.uniform(1, 30):.2f}", ""]
                        if rng.random() >= error_rate:
                            yield row
                            continue
                        kind = rng.choice([k for k in KINDS if k != "missing-coverage"])
                        injected[kind] += 1
                        yield from _inject(kind, row, rng, names, last_year)


def _inject(kind: str, row: list[str], rng: random.Random, names: list[str],
            last_year: int) -> Iterator[list[str]]:
    if kind == "bad-integer":
        row[rng.choice((6, 7, 8))] = rng.choice(BAD_INTEGERS)
    elif kind == "bad-number":
        row[9] = rng.choice(BAD_NUMBERS)
    elif kind == "below-minimum":
        row[rng.choice((6, 7, 8))] = str(-rng.randint(1, 50))
    elif kind == "above-maximum":
        if rng.random() < 0.5:
            row[9] = f"{rng.uniform(100.5, 400):.2f}"
        else:
            row[3] = "13"  # bulan 13
    elif kind == "not-in-enum":
        if rng.random() < 0.5:
            row[4] = rng.choice(("L", "P", "Laki-laki", "pria"))
        else:
            row[5] = rng.choice(("5-9x", "semua", "15 - 24"))
    elif kind == "required-empty":
        row[rng.choice((0, 2, 4, 6))] = ""
    elif kind == "unknown-code":
        row[0] = row[0][:-4] + str(rng.randint(5000, 9999))
    elif kind == "code-without-dots":
        row[0] = row[0].replace(".", "")
    elif kind == "name-mismatch":
        row[1] = rng.choice(names)
    elif kind == "duplicate-identical":
        yield list(row)
    elif kind == "duplicate-different":
        yield list(row)
        row[6] = str(int(row[6]) + rng.randint(1, 9))
    elif kind == "year-out-of-period":
        row[2] = str(rng.choice((FIRST_YEAR - rng.randint(1, 5), last_year + rng.randint(1, 5))))
    elif kind == "nik-value":
        row[10] = _nik(rng, row[0])
    elif kind == "missing-cell":
        row = row[:-1]
    elif kind == "extra-cell":
        row = [*row, rng.choice(("x", "catatan", "0"))]
    elif kind == "blank-row":
        yield [""] * len(row)
    yield row


def schema(ages: tuple[str, ...]) -> dict[str, Any]:
    required = {"required": True}
    fields: list[dict[str, Any]] = [
        {"name": "kode_desa_kelurahan", "type": "string", "constraints": dict(required)},
        {"name": "nama_desa_kelurahan", "type": "string", "constraints": dict(required)},
        {"name": "tahun", "type": "integer",
         "constraints": {"required": True, "minimum": 1900, "maximum": 2100}},
        {"name": "bulan", "type": "integer",
         "constraints": {"required": True, "minimum": 1, "maximum": 12}},
        {"name": "jenis_kelamin", "type": "string",
         "constraints": {"required": True, "enum": list(SEXES)}},
        {"name": "kelompok_umur", "type": "string",
         "constraints": {"required": True, "enum": list(ages)}},
        {"name": "jumlah_penduduk", "type": "integer",
         "constraints": {"required": True, "minimum": 0}},
        {"name": "jumlah_kelahiran", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "jumlah_kematian", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "persentase_penduduk_miskin", "type": "number",
         "constraints": {"minimum": 0, "maximum": 100}},
        {"name": "nik", "type": "string"},
    ]
    return {"fields": fields, "primaryKey": ["kode_desa_kelurahan", "tahun", "bulan",
                                            "jenis_kelamin", "kelompok_umur"]}


def metadata(shape: Shape, data_path: str, fmt: str) -> dict[str, Any]:
    """The penduduk example's metadata, made to describe the generated table."""
    base: dict[str, Any] = yaml.safe_load(
        (ROOT / "examples" / "penduduk-kabupaten-kota" / "datapackage.yaml").read_text(
            encoding="utf-8"))
    last = FIRST_YEAR + shape.years - 1
    base.update(
        id=f"benchmark-penduduk-desa-{shape.rows}",
        judul=f"Penduduk menurut Desa/Kelurahan, Bulan, Jenis Kelamin dan Kelompok Umur di "
              f"Provinsi Banten, {FIRST_YEAR}-{last} (data bangkitan untuk benchmark)",
        frekuensi="bulanan", periode={"awal": f"{FIRST_YEAR}-01", "akhir": f"{last}-12"},
        tingkat_penyajian="desa_kelurahan", cakupan_wilayah="36")
    base["resources"] = [{
        "name": "desa", "title": "Penduduk per desa/kelurahan", "path": data_path,
        "format": fmt, "schema": schema(AGE_GROUPS[:shape.ages])}]
    return base


def generate(out: Path, target_rows: int, seed: int = 20240601, error_rate: float = 0.001,
             xlsx: bool = False) -> Path:
    """Write one benchmark dataset; returns its folder."""
    desa = _desa()
    shape = shape_for(target_rows, len(desa))
    folder = out / f"desa-{'xlsx-' if xlsx else ''}{target_rows}"
    (folder / "data").mkdir(parents=True, exist_ok=True)
    injected: Counter[str] = Counter()
    data_path = f"data/desa.{'xlsx' if xlsx else 'csv'}"
    written = 0
    if xlsx:
        import openpyxl  # type: ignore[import-untyped]

        wb = openpyxl.Workbook()  # not write-only: the sheet gets its size (<dimension>), as
        ws = wb.active  # Excel writes it, and readers pad rows to it
        ws.title = "Data"
        ws.append(HEADER)
        for row in rows(shape, seed, error_rate, injected):
            ws.append([_xlsx_cell(i, c) for i, c in enumerate(row)])
            written += 1
        wb.save(folder / data_path)
    else:
        with (folder / data_path).open("w", encoding="utf-8", newline="") as fh:
            fh.write(",".join(HEADER) + "\n")
            buffer: list[str] = []
            for row in rows(shape, seed, error_rate, injected):
                # quoted as a spreadsheet writes it when a cell holds the delimiter ("12,5%")
                buffer.append(",".join(f'"{c}"' if "," in c else c for c in row))
                written += 1
                if len(buffer) >= 100_000:
                    fh.write("\n".join(buffer) + "\n")
                    buffer.clear()
            if buffer:
                fh.write("\n".join(buffer) + "\n")
    meta = metadata(shape, data_path, "xlsx" if xlsx else "csv")
    (folder / "datapackage.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True,
                                                            sort_keys=False), encoding="utf-8")
    (folder / "schema.json").write_text(json.dumps(meta["resources"][0]["schema"], indent=1),
                                        encoding="utf-8")
    (folder / "injected.json").write_text(json.dumps(
        {"rows": written, "years": shape.years, "ageGroups": shape.ages, "seed": seed,
         "errorRate": error_rate, "injected": dict(sorted(injected.items()))}, indent=1),
        encoding="utf-8")
    return folder


def _xlsx_cell(index: int, text: str) -> Any:
    """Numbers as Excel numbers (as an agency's sheet has them), the rest as text."""
    if index in (2, 3, 6, 7, 8) and text.lstrip("-").isdigit():
        return int(text)
    if index == 9:
        try:
            return float(text)
        except ValueError:
            return text
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/satudata-bench"))
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--error-rate", type=float, default=0.001)
    parser.add_argument("--xlsx", action="store_true", help="write an XLSX instead of a CSV")
    args = parser.parse_args()
    folder = generate(args.out, args.rows, args.seed, args.error_rate, args.xlsx)
    print(folder)
    print((folder / "injected.json").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
