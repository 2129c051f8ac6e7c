"""Publish N example-sized datasets to the dev CKAN, then republish them unchanged; run
``ckanapi load datasets`` (the reference tool) on the same data in the same run.

Usage (CKAN from scripts/ckan-dev):
    eval "$(scripts/ckan-dev up)"
    .venv/bin/python benchmarks/publish_ckan.py --count 200 --markdown docs/en/benchmarks-publish.md

What is measured: wall time of each whole command as a user runs it, requests-level effects
(datasets whose ``metadata_modified`` changed on the unchanged rerun). ckanapi gets the same
package dicts (from our mapping) with resources pointing at a loopback HTTP server, because
``--upload-resources`` fetches files by URL.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import requests
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def make_datasets(folder: Path, count: int, tag: str) -> list[Path]:
    src = ROOT / "examples" / "penduduk-kabupaten-kota"
    meta = yaml.safe_load((src / "datapackage.yaml").read_text(encoding="utf-8"))
    paths = []
    for i in range(count):
        dst = folder / f"ds-{i:04d}"
        shutil.copytree(src, dst)
        m = dict(meta, id=f"bench-{tag}-{i:04d}")
        (dst / "datapackage.yaml").write_text(yaml.safe_dump(m, allow_unicode=True), "utf-8")
        paths.append(dst)
    return paths


def timed(cmd: list[str], env: dict[str, str], stdin: bytes | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, input=stdin, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0,):
        sys.stderr.write(proc.stderr.decode()[-2000:])
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd[:4])}")
    return elapsed, proc.stdout.decode()


def modified(url: str, token: str, names: list[str]) -> dict[str, str]:
    out = {}
    with requests.Session() as s:
        s.headers["Authorization"] = token
        for name in names:
            r = s.get(f"{url}/api/3/action/package_show", params={"id": name}, timeout=60)
            out[name] = r.json()["result"]["metadata_modified"]
    return out


def ckanapi_lines(paths: list[Path], file_base: str) -> bytes:
    from satudata_ckan.mapping import package_dict, resource_dict
    from satudata_meta.prepared import prepare

    lines = []
    for p in paths:
        prepared = prepare(p)
        pkg: dict[str, Any] = package_dict(prepared, "extras")
        pkg["name"] = pkg["name"].replace("bench-", "bench-ref-")
        pkg["resources"] = []
        for res in prepared.resources:
            entry = resource_dict(res)
            assert res.path is not None
            entry["url"] = f"{file_base}/{p.name}/data/{res.path.name}"
            entry["url_type"] = "upload"
            # ckanapi load expects dumps from another CKAN: resources carry their ids.
            entry["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, pkg["name"] + "/" + res.name))
            pkg["resources"].append(entry)
        lines.append(json.dumps(pkg))
    return ("\n".join(lines) + "\n").encode()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--markdown", type=Path)
    args = ap.parse_args()
    url, token = os.environ["CKAN_URL"], os.environ["CKAN_API_TOKEN"]
    # ckanapi starts its workers as "ckanapi" from PATH.
    env = {**os.environ, "SATUDATA_CKAN_TOKEN": token,
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    tag = uuid.uuid4().hex[:6]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = make_datasets(folder, args.count, tag)
        names = [f"bench-{tag}-{i:04d}" for i in range(args.count)]
        publish = [str(BIN / "satudata"), "publish", str(folder), "--to", "ckan", "--url", url,
                   "--create-orgs", "--jobs", str(args.jobs), "--json"]
        t1, out = timed(publish, env)
        outcomes = [r["outcome"] for r in json.loads(out)["results"]]
        assert outcomes.count("created") == args.count, outcomes[:5]
        before = modified(url, token, names)
        t2, out = timed(publish, env)
        outcomes2 = [r["outcome"] for r in json.loads(out)["results"]]
        after = modified(url, token, names)
        changed = sum(before[n] != after[n] for n in names)
        rows.append(("satudata publish (validate + publish)", t1, t2, changed,
                     outcomes2.count("unchanged")))

        server, base = serve(folder)
        try:
            data = ckanapi_lines(paths, base)
            ref_names = [n.replace("bench-", "bench-ref-") for n in names]
            load = [str(BIN / "ckanapi"), "load", "datasets", "--upload-resources", "-r", url,
                    "-a", token, "-p", str(args.jobs)]
            r1, _ = timed(load, env, stdin=data)
            before = modified(url, token, ref_names)
            r2, _ = timed(load, env, stdin=data)
            after = modified(url, token, ref_names)
            ref_changed = sum(before[n] != after[n] for n in ref_names)
            rows.append(("ckanapi load datasets --upload-resources (no validation)", r1, r2,
                         ref_changed, args.count - ref_changed))
        finally:
            server.shutdown()
    table = [
        f"Publishing {args.count} example-sized datasets (one CSV of {paths_size(ROOT)} bytes "
        f"each) to the dev CKAN 2.11 (`scripts/ckan-dev`), {args.jobs} worker(s), on "
        f"{platform.machine()} with {os.cpu_count()} cores, "
        f"{time.strftime('%Y-%m-%d')}. Command: `python benchmarks/publish_ckan.py "
        f"--count {args.count} --jobs {args.jobs}`.",
        "",
        "| tool | first publish (s) | republish unchanged (s) | datasets modified by the "
        "rerun | reported unchanged |",
        "|---|---|---|---|---|",
    ]
    for name, a, b, changed, unchanged in rows:
        table.append(f"| {name} | {a:.1f} | {b:.1f} | {changed} of {args.count} | {unchanged} |")
    text = "\n".join(table) + "\n"
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    return 0


def paths_size(root: Path) -> int:
    return (root / "examples" / "penduduk-kabupaten-kota" / "data" / "penduduk.csv").stat().st_size


if __name__ == "__main__":
    sys.exit(main())
