"""Time ``satudata validate`` (fast and Frictionless engines) against ``frictionless validate``
and a raw Arrow read, on the tables of ``benchmarks/generate_tables.py``, in one run.

For each dataset (generated first if missing), sequentially, each command as a user runs it
(a new process, start-up included), under ``/usr/bin/time -v`` for the peak RSS:

* ``frictionless validate data.csv --schema schema.json --limit-errors 1000000000 --json``
  (the same file and Table Schema, run in the dataset's folder; the limit is raised because
  frictionless stops at 1000 errors by default, and satudata reports every one);
* ``satudata validate <dataset> --engine fast --format json``;
* ``satudata validate <dataset> --engine frictionless --format json`` (only up to
  ``--frictionless-max-rows``; above it the time is extrapolated linearly from the largest
  dataset measured, and the table says so);
* ``benchmarks/floor_query.py <dataset>``: the rules the table exercises as polars
  queries over the whole file (an XLSX sheet read by calamine first), counting rows
  instead of reporting findings, with none of a validator's work around them; the floor
  under any validator here;
* a raw Arrow read of the CSV (``pyarrow.csv.read_csv``, every column as text), and, in
  process, the fast engine's own time (without start-up and report) for the "validation work
  against Arrow" ratio.

The findings are compared: fast against satudata's Frictionless path (every finding:
code, row, field, parameters, message), and against ``frictionless validate`` (code, row,
field of what Frictionless checks; satudata reports duplicate primary keys as
``duplicate-key`` with every repeated row, and drops the ``required`` error of a cell that
is missing, as documented in docs/en/fast-engine.md).

Usage::

    .venv/bin/python benchmarks/validate_speed.py --rows 1000000 5000000 --xlsx 100000 \\
        --markdown docs/en/benchmarks-validate.md
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_tables import generate  # type: ignore[import-not-found]  # noqa: E402


@dataclass
class Run:
    seconds: float
    rss_mb: float
    load: float
    output: str = ""
    code: int = 0
    spread: tuple[float, float] | None = None  # fastest and slowest of the repeats


@dataclass
class Case:
    name: str
    folder: Path
    rows: int
    data: Path
    runs: dict[str, Run] = field(default_factory=dict)
    extrapolated: dict[str, str] = field(default_factory=dict)
    inproc: dict[str, float] = field(default_factory=dict)
    same: dict[str, str] = field(default_factory=dict)


def timed(cmd: list[str], cwd: Path | None = None) -> Run:
    """One command under /usr/bin/time -v: wall seconds, peak RSS, load before it."""
    load = os.getloadavg()[0]
    with tempfile.NamedTemporaryFile("r", suffix=".time") as times:
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", times.name, *cmd], cwd=cwd,
                              capture_output=True, check=False)
        text = times.read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    assert wall and rss, text
    parts = [float(p) for p in wall.group(1).split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr.decode()[-3000:])
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return Run(seconds, int(rss.group(1)) / 1024, load, proc.stdout.decode(), proc.returncode)


REPEAT = 1  # runs of each command; the median one is reported (``--repeat``)


def repeated(run: Callable[[], Run]) -> Run:
    """The run of median wall time out of ``REPEAT`` (the machine is shared: one run can
    be slowed by others' work), with the fastest and slowest times."""
    runs = sorted((run() for _ in range(REPEAT)), key=lambda r: r.seconds)
    middle = runs[len(runs) // 2]
    middle.output = middle.output or runs[0].output
    if len(runs) > 1:
        middle.spread = (runs[0].seconds, runs[-1].seconds)
    return middle


def satudata(case: Case, engine: str, out: Path) -> Run:
    return timed([str(BIN / "satudata"), "validate", str(case.folder), "--engine", engine,
                  "--format", "json", "-o", str(out)])


def frictionless(case: Case) -> Run:
    """Run in the dataset's folder with relative paths (frictionless refuses absolute ones
    as unsafe)."""
    return timed([str(BIN / "frictionless"), "validate", str(case.data.relative_to(case.folder)),
                  "--schema", "schema.json", "--limit-errors", "1000000000", "--json"],
                 cwd=case.folder)


INPROC = textwrap.dedent("""
    import sys, time, json
    kind, path = sys.argv[1], sys.argv[2]
    if kind == "arrow":
        import pyarrow as pa, pyarrow.csv as pc
        t = time.perf_counter()
        table = pc.read_csv(path, convert_options=pc.ConvertOptions(
            column_types={n: pa.string() for n in open(path).readline().strip().split(",")}),
            parse_options=pc.ParseOptions(invalid_row_handler=lambda r: "skip"))
        print(json.dumps({"seconds": time.perf_counter() - t, "rows": table.num_rows}))
    else:
        from satudata_meta.validate import validate_dataset
        import polars, pyarrow.csv  # imported before timing: start-up is not the work
        t = time.perf_counter()
        report = validate_dataset(path, options={"engine": "fast"})
        print(json.dumps({"seconds": time.perf_counter() - t}))
""")


def inproc(kind: str, path: Path) -> float:
    """Median of ``REPEAT`` runs, each in a new process."""
    times = []
    for _ in range(REPEAT):
        proc = subprocess.run([sys.executable, "-c", INPROC, kind, str(path)],
                              capture_output=True, check=True)
        times.append(float(json.loads(proc.stdout.decode().strip().splitlines()[-1])["seconds"]))
    return sorted(times)[len(times) // 2]


# --- comparing findings ------------------------------------------------------------------

# errors of the header: satudata places them on the header's row, Frictionless on none
LABEL_CODES = {"duplicate-label", "blank-label", "incorrect-label", "missing-label",
               "extra-label", "blank-header"}
FRICTIONLESS_CODES = {"type-error", "constraint-error", "missing-cell", "extra-cell",
                      "blank-row", "unique-error", "duplicate-label", "blank-label",
                      "incorrect-label", "missing-label", "extra-label", "blank-header",
                      "primary-key"}


def ours(path: Path) -> list[dict[str, Any]]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return [f for f in data["findings"] if f.get("resource")]


def same_as_satudata(a: Path, b: Path) -> str:
    fa = sorted(json.dumps(f, sort_keys=True) for f in ours(a))
    fb = sorted(json.dumps(f, sort_keys=True) for f in ours(b))
    if fa == fb:
        return f"identical ({len(fa)} findings)"
    only_a, only_b = set(fa) - set(fb), set(fb) - set(fa)
    return f"DIFFERENT: {len(only_a)} only fast, {len(only_b)} only frictionless path"


def same_as_frictionless(fast_json: Path, report: str, data_file: Path,
                         key_fields: list[int]) -> str:
    theirs: set[tuple[str, int | None, str | None]] = set()
    data = json.loads(report)
    errors = [e for task in data["tasks"] for e in task["errors"]]
    missing = {(e.get("rowNumber"), e.get("fieldName")) for e in errors
               if e["type"] == "missing-cell"}
    blank = {e.get("rowNumber") for e in errors if e["type"] == "blank-row"}
    for e in errors:
        key = (e.get("rowNumber"), e.get("fieldName") or None)
        if e["type"] == "constraint-error" and key in missing and "required" in e["note"]:
            continue  # satudata: one problem, one finding (the missing cell)
        if e["type"] == "primary-key" and e.get("rowNumber") in blank:
            continue  # a blank row's empty key: satudata reports the blank row once
        row = None if e["type"] in LABEL_CODES else e.get("rowNumber")
        theirs.add((e["type"], row, e.get("fieldName") or None))
    mine: set[tuple[str, int | None, str | None]] = set()
    first_of: dict[int, int] = {}
    for f in ours(fast_json):
        if f["code"] in FRICTIONLESS_CODES:
            row = None if f["code"] in LABEL_CODES else f.get("rowNumber")
            mine.add((f["code"], row, f.get("fieldName")))
        elif f["code"] == "duplicate-key":
            mine.update(("primary-key", r, None) for r in f["params"]["rows"])
            first_of.update((r, f["params"]["first_row"]) for r in f["params"]["rows"])
    only_mine, only_theirs = mine - theirs, theirs - mine
    # satudata compares keys without case and by the Kemendagri code a cell stands for
    # ("Laki-laki" = "laki-laki", "3601012001" = "36.01.01.2001"): such repeats are
    # duplicates for satudata only, by design. Checked on the file's own cells.
    variants = {k for k in only_mine if k[0] == "primary-key" and k[1] in first_of and
                _key_variant(data_file, k[1], first_of[k[1]], key_fields)}
    only_mine -= variants
    note = f" (+{len(variants)} repeated keys written differently, by design)" if (
        variants) else ""

    if not only_mine and not only_theirs:
        return f"identical ({len(mine) - len(variants)} code+row+field){note}"
    return (f"DIFFERENT{note}: {len(only_mine)} only satudata "
            f"{sorted(only_mine, key=str)[:3]}, {len(only_theirs)} only frictionless "
            f"{sorted(only_theirs, key=str)[:3]}")


def _rows_of(path: Path, wanted: set[int]) -> dict[int, list[str]]:
    """Some rows of a CSV file by row number (the header is row 1)."""
    found: dict[int, list[str]] = {}
    if not wanted:
        return found
    with path.open(encoding="utf-8", newline="") as fh:
        for number, row in enumerate(csv.reader(fh), start=1):
            if number in wanted:
                found[number] = row
                if len(found) == len(wanted):
                    break
    return found


_CACHE: dict[tuple[Path, int], list[str]] = {}


def _key_variant(path: Path, row: int, first: int, fields: list[int]) -> bool:
    """Whether two rows' key cells differ as written (so only satudata calls them equal)."""
    if path.suffix != ".csv":
        return False
    missing = {n for n in (row, first) if (path, n) not in _CACHE}
    for n, cells in _rows_of(path, missing).items():
        _CACHE[(path, n)] = cells
    a, b = _CACHE.get((path, row), []), _CACHE.get((path, first), [])
    return [a[i] if i < len(a) else "" for i in fields] != [
        b[i] if i < len(b) else "" for i in fields]


# --- the run ---------------------------------------------------------------------------------


def case_for(out: Path, rows: int, xlsx: bool, seed: int) -> Case:
    folder = out / f"desa-{'xlsx-' if xlsx else ''}{rows}"
    data = folder / "data" / f"desa.{'xlsx' if xlsx else 'csv'}"
    if not data.exists():
        print(f"generating {folder} ...", file=sys.stderr)
        generate(out, rows, seed=seed, xlsx=xlsx)
    meta = json.loads((folder / "injected.json").read_text(encoding="utf-8"))
    return Case(folder.name, folder, int(meta["rows"]), data)


def measure(case: Case, fl_max: int, scratch: Path, csv: bool) -> None:
    print(f"== {case.name} ({case.rows} rows)", file=sys.stderr)
    fast_json = scratch / f"{case.name}-fast.json"
    case.runs["frictionless validate"] = repeated(lambda: frictionless(case))
    case.runs["satudata fast"] = repeated(lambda: satudata(case, "fast", fast_json))
    schema = json.loads((case.folder / "schema.json").read_text(encoding="utf-8"))
    names = [f["name"] for f in schema["fields"]]
    key_fields = [names.index(k) for k in schema.get("primaryKey", [])]
    case.same["frictionless validate"] = same_as_frictionless(
        fast_json, case.runs["frictionless validate"].output, case.data, key_fields)
    if case.rows <= fl_max:
        fl_json = scratch / f"{case.name}-frictionless.json"
        case.runs["satudata frictionless"] = repeated(
            lambda: satudata(case, "frictionless", fl_json))
        case.same["satudata frictionless"] = same_as_satudata(fast_json, fl_json)
    case.runs["floor query"] = repeated(lambda: timed(
        [sys.executable, str(ROOT / "benchmarks" / "floor_query.py"), str(case.folder)]))
    if csv:
        case.inproc["arrow read"] = inproc("arrow", case.data)
        case.inproc["fast engine"] = inproc("fast", case.folder)
    for run in case.runs.values():
        run.output = ""
    print({k: (round(v.seconds, 2), round(v.rss_mb)) for k, v in case.runs.items()},
          case.inproc, case.same, file=sys.stderr)


def extrapolate(cases: list[Case]) -> None:
    """satudata's Frictionless path above the measured sizes: linear in rows from the
    largest measured CSV (its time is dominated by per-row work)."""
    measured = [c for c in cases if "satudata frictionless" in c.runs and c.data.suffix == ".csv"]
    if not measured:
        return
    base = max(measured, key=lambda c: c.rows)
    per_row = base.runs["satudata frictionless"].seconds / base.rows
    for c in cases:
        if c.data.suffix == ".csv" and "satudata frictionless" not in c.runs:
            c.runs["satudata frictionless"] = Run(per_row * c.rows, float("nan"), 0.0)
            c.extrapolated["satudata frictionless"] = (
                f"extrapolated linearly from the {base.rows:,}-row file")


def markdown(cases: list[Case], args: argparse.Namespace) -> str:
    cpu = "?"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip() for line in
                   Path("/proc/cpuinfo").read_text().splitlines() if "model name" in line)
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    lines = [
        f"Measured {dt.date.today().isoformat()} on {platform.node() or 'the dev machine'}: "
        f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}. The machine is shared: the load average "
        "before each command is in the table"
        + (f"; each time is the median of {REPEAT} runs (fastest-slowest in brackets)."
           if REPEAT > 1 else "."), "",
        "| file | rows | command | seconds | rows/s | vs `frictionless validate` | "
        "peak RSS (MB) | load | findings |",
        "|---|---:|---|---:|---:|---:|---:|---:|---|"]
    for c in cases:
        fl = c.runs.get("frictionless validate")
        for name, run in c.runs.items():
            ratio = f"{fl.seconds / run.seconds:.1f}x" if fl else ""
            note = c.extrapolated.get(name, "")
            rss = "" if run.rss_mb != run.rss_mb else f"{run.rss_mb:.0f}"
            same = c.same.get(name, "reference") if name != "satudata fast" else (
                "see rows above/below")
            if name == "frictionless validate":
                same = "reference (code+row+field)"
            elif name == "floor query":
                same = "counts only (not a validator)"
            spread = f" ({run.spread[0]:.2f}-{run.spread[1]:.2f})" if run.spread else ""
            lines.append(
                f"| {c.data.name} | {c.rows:,} | {name}{' (' + note + ')' if note else ''} | "
                f"{run.seconds:.2f}{spread} | {c.rows / run.seconds:,.0f} | {ratio} | {rss} | "
                f"{run.load:.2f} | {same} |")
        if c.inproc:
            arrow, work = c.inproc["arrow read"], c.inproc["fast engine"]
            lines.append(
                f"| {c.data.name} | {c.rows:,} | raw Arrow read (in process) | {arrow:.2f} | "
                f"{c.rows / arrow:,.0f} | | | | |")
            lines.append(
                f"| {c.data.name} | {c.rows:,} | fast engine work (in process, no start-up) | "
                f"{work:.2f} | {c.rows / work:,.0f} | | | | "
                f"{arrow / work:.0%} of Arrow's rows/s |")
    lines += ["", "Findings: " + "; ".join(
        f"{c.name}: fast vs `frictionless validate`: {c.same.get('frictionless validate')}"
        + (f", fast vs satudata's Frictionless path: {c.same['satudata frictionless']}"
           if "satudata frictionless" in c.same else "") for c in cases), ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[1_000_000])
    parser.add_argument("--xlsx", type=int, nargs="*", default=[])
    parser.add_argument("--out", type=Path, default=Path("/tmp/satudata-bench"))
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--frictionless-max-rows", type=int, default=1_100_000,
                        help="run satudata's Frictionless path only up to this many rows")
    parser.add_argument("--markdown", type=Path, help="also write the results table here")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each command this many times and report the median")
    args = parser.parse_args()
    global REPEAT
    REPEAT = max(1, args.repeat)
    cases = [case_for(args.out, n, False, args.seed) for n in args.rows]
    cases += [case_for(args.out, n, True, args.seed) for n in args.xlsx]
    with tempfile.TemporaryDirectory() as scratch:
        for case in cases:
            measure(case, args.frictionless_max_rows, Path(scratch),
                    csv=case.data.suffix == ".csv")
    extrapolate(cases)
    table = markdown(cases, args)
    print(table)
    if args.markdown:
        args.markdown.write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
