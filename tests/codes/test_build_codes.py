"""scripts/build_codes.py: the committed wilayah files are exactly what the script makes.

Regenerating from the npm registry would need the network, so the tests work from the
committed files themselves:

1. every file matches the SHA-256 the script recorded in ``manifest.json``;
2. the package's raw CSVs rebuilt from the committed lists hash to the input checksums the
   script recorded when it read the real package (so no name or code was changed by hand,
   nothing dropped, nothing added);
3. the script run on those rebuilt inputs reproduces every committed file byte for byte
   (transform, crosswalk and metadata are current and deterministic);
4. when the real sources are at hand (``../shared/data/bps-mfd-2018``, npm's offline cache)
   they are checked against the recorded checksums too.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from satudata_meta.codes.wilayah import wilayah_dir

ROOT = Path(__file__).resolve().parents[2]
FOLDER = wilayah_dir()


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_codes", ROOT / "scripts" /
                                                  "build_codes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


BUILD = load_script()
MANIFEST: dict[str, Any] = json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))[1:]


def csv_text(rows: list[list[str]], end: str) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=end).writerows(rows)
    return buf.getvalue().encode("utf-8")


def rebuilt_kemendagri(folder: Path = FOLDER) -> dict[str, bytes]:
    """The idn-area-data CSVs as the package ships them, from the committed lists."""
    kem = folder / "kemendagri"
    villages = sorted(row for f in sorted((kem / "desa_kelurahan").glob("*.csv"))
                      for row in read_rows(f))

    def with_parent(rows: list[list[str]]) -> list[list[str]]:
        return [[code, code.rsplit(".", 1)[0], name] for code, name in rows]

    return {
        "provinces.csv": csv_text([["code", "name"], *read_rows(kem / "provinsi.csv")], "\n"),
        "regencies.csv": csv_text([["code", "province_code", "name"],
                                   *with_parent(read_rows(kem / "kabupaten_kota.csv"))], "\n"),
        "districts.csv": csv_text([["code", "regency_code", "name"],
                                   *with_parent(read_rows(kem / "kecamatan.csv"))], "\n"),
        "villages.csv": csv_text([["code", "district_code", "name"], *with_parent(villages)],
                                 "\n"),
    }


def rebuilt_bps(folder: Path = FOLDER) -> dict[str, bytes]:
    """Banten's lines of the BPS MFD CSVs (no header, CRLF), from the committed lists."""
    bps = folder / "bps"
    parent_len = {4: 2, 7: 4, 10: 7}

    def with_parent(rows: list[list[str]]) -> list[list[str]]:
        return [[code, code[: parent_len[len(code)]], name] for code, name in rows]

    return {
        "provinces.csv": csv_text(read_rows(bps / "provinsi.csv"), "\r\n"),
        "regencies.csv": csv_text(with_parent(read_rows(bps / "kabupaten_kota.csv")), "\r\n"),
        "districts.csv": csv_text(with_parent(read_rows(bps / "kecamatan.csv")), "\r\n"),
        "villages.csv": csv_text(with_parent(read_rows(bps / "desa_kelurahan.csv")), "\r\n"),
    }


def write_inputs(tmp: Path) -> tuple[Path, Path]:
    pkg = tmp / "package"
    (pkg / "data").mkdir(parents=True)
    for name, data in rebuilt_kemendagri().items():
        (pkg / "data" / name).write_bytes(data)
    version = MANIFEST["inputs"]["kemendagri"]["version"]
    (pkg / "package.json").write_text(json.dumps({"name": "idn-area-data", "version": version}))
    bps = tmp / "bps"
    bps.mkdir()
    for name, data in rebuilt_bps().items():
        (bps / name).write_bytes(data)
    return pkg, bps


def committed_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_file_matches_the_manifest() -> None:
    files = committed_files(FOLDER)
    outputs = MANIFEST["outputs"]
    assert set(files) == set(outputs) | {"manifest.json"}
    for name, digest in outputs.items():
        assert sha(files[name]) == digest, name


def test_lists_are_the_package_unchanged() -> None:
    recorded = MANIFEST["inputs"]["kemendagri"]["sha256"]
    rebuilt = rebuilt_kemendagri()
    assert set(rebuilt) == set(recorded)
    for name, data in rebuilt.items():
        assert sha(data) == recorded[name], f"{name} differs from the package's file"


def test_bps_lists_are_the_source_unchanged() -> None:
    recorded = MANIFEST["inputs"]["bps"]["sha256_of_province_lines"]
    for name, data in rebuilt_bps().items():
        assert sha(data) == recorded[name], f"BPS {name} differs from the MFD extract"


def test_script_reproduces_every_file(tmp_path: Path) -> None:
    pkg, bps = write_inputs(tmp_path)
    out = tmp_path / "out"
    meta = yaml.safe_load((FOLDER / "wilayah.meta.yaml").read_text(encoding="utf-8"))
    args = ["--from", str(pkg), "--bps", str(bps), "--out", str(out),
            "--retrieved", MANIFEST["retrieved"], "--list-version", str(meta["version"])]
    assert BUILD.main(args) == 0
    first = committed_files(out)
    assert first == committed_files(FOLDER)
    assert BUILD.main(args) == 0  # a rerun over its own output changes nothing
    assert committed_files(out) == first


def test_check_mode_detects_a_stale_file(tmp_path: Path) -> None:
    pkg, bps = write_inputs(tmp_path)
    meta = yaml.safe_load((FOLDER / "wilayah.meta.yaml").read_text(encoding="utf-8"))
    base = ["--from", str(pkg), "--bps", str(bps), "--retrieved", MANIFEST["retrieved"],
            "--list-version", str(meta["version"]), "--check"]
    assert BUILD.main([*base, "--out", str(FOLDER)]) == 0
    copy = tmp_path / "copy"
    shutil.copytree(FOLDER, copy)
    path = copy / "kemendagri" / "kabupaten_kota.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Kabupaten Lebak", "Kab Lebak"),
                    encoding="utf-8")
    (copy / "stray.txt").write_text("x")
    assert BUILD.main([*base, "--out", str(copy)]) == 1


def test_script_refuses_a_foreign_folder(tmp_path: Path) -> None:
    pkg, bps = write_inputs(tmp_path)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("x")
    with pytest.raises(SystemExit):
        BUILD.main(["--from", str(pkg), "--bps", str(bps), "--out", str(foreign)])
    assert (foreign / "keep.txt").read_text() == "x"


def test_crosswalk_matcher_is_deterministic() -> None:
    kem = {"kecamatan": [BUILD.Unit("36.99.01", "Ci Kupa", "kecamatan", "36.99"),
                         BUILD.Unit("36.99.02", "Sukamaju", "kecamatan", "36.99"),
                         BUILD.Unit("36.99.03", "Baru", "kecamatan", "36.99")]}
    bps = [BUILD.Unit("3699010", "CIKUPA", "kecamatan", "3699"),
           BUILD.Unit("3699020", "SUKAMAJU", "kecamatan", "3699"),
           BUILD.Unit("3699030", "LAMA", "kecamatan", "3699")]
    pairs, left_k, left_b = BUILD.match_units(kem["kecamatan"], bps)
    assert {(p.kemendagri.code, p.bps.code, p.method) for p in pairs} == {
        ("36.99.01", "3699010", "normalised"), ("36.99.02", "3699020", "exact")}
    assert [u.code for u in left_k] == ["36.99.03"] and [u.code for u in left_b] == ["3699030"]
    again = BUILD.match_units(list(reversed(kem["kecamatan"])), list(reversed(bps)))
    assert {(p.kemendagri.code, p.bps.code) for p in again[0]} == {
        (p.kemendagri.code, p.bps.code) for p in pairs}


def test_duplicate_names_are_not_matched_by_name() -> None:
    kem = [BUILD.Unit("36.99.01.2001", "Sukamaju", "desa_kelurahan", "36.99.01"),
           BUILD.Unit("36.99.01.2002", "Sukamaju", "desa_kelurahan", "36.99.01")]
    bps = [BUILD.Unit("3699010001", "SUKAMAJU", "desa_kelurahan", "3699010")]
    pairs, left_k, left_b = BUILD.match_units(kem, bps)
    assert pairs == [] and len(left_k) == 2 and len(left_b) == 1


def test_real_bps_source_matches_when_present() -> None:
    if not BUILD.DEFAULT_BPS.is_dir():
        pytest.skip(f"{BUILD.DEFAULT_BPS} is not here")
    _, hashes = BUILD.read_bps(BUILD.DEFAULT_BPS, "36")
    assert hashes == MANIFEST["inputs"]["bps"]["sha256_of_province_lines"]


def test_real_package_matches_when_in_npm_cache(tmp_path: Path) -> None:
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed")
    version = MANIFEST["inputs"]["kemendagri"]["version"]
    try:
        subprocess.run(["npm", "pack", f"idn-area-data@{version}", "--offline", "--silent"],
                       cwd=tmp_path, check=True, capture_output=True, timeout=120)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        pytest.skip("idn-area-data is not in npm's offline cache")
    tarball = next(tmp_path.glob("idn-area-data-*.tgz"))
    with tarfile.open(tarball) as tar:
        for name, digest in MANIFEST["inputs"]["kemendagri"]["sha256"].items():
            member = tar.extractfile(f"package/data/{name}")
            assert member is not None
            assert sha(member.read()) == digest, name
