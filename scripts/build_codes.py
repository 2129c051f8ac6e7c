#!/usr/bin/env python3
"""Build the wilayah code lists in ``standards/codes/wilayah/``.

Sources:

* Kemendagri codes for all of Indonesia: the npm package ``idn-area-data`` (data ODbL-1.0),
  fetched with ``npm pack`` into a temporary folder, or read from ``--from DIR`` (a folder
  holding the package's ``data/*.csv``, e.g. the ``package/`` of an unpacked tarball).
* BPS codes for Banten: the BPS Master File Desa (MFD) 2018 extract of
  edwardsamuel/Wilayah-Administratif-Indonesia (ODbL-1.0), read from ``--bps DIR``
  (default ``../shared/data/bps-mfd-2018`` next to the repository).

Outputs (deterministic: the same inputs give byte-identical files):

* ``kemendagri/{provinsi,kabupaten_kota,kecamatan}.csv`` and
  ``kemendagri/desa_kelurahan/<province>.csv`` (one per province, so a village lookup reads
  one small file), columns ``code,name``;
* ``bps/{provinsi,kabupaten_kota,kecamatan,desa_kelurahan}.csv`` for Banten;
* ``crosswalk-banten.csv`` and ``crosswalk-unmatched.csv`` (names matched inside their
  parent, never guessed);
* ``wilayah.meta.yaml``, ``wilayah_bps.meta.yaml``, ``LICENSE.md`` and ``manifest.json``
  (SHA-256 of every input and output, so a test can tell whether the files are current).

Run: ``.venv/bin/python scripts/build_codes.py`` (add ``--package-version X`` for a new
decree; see docs/en/reference-codes.md, "Updating").
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from satudata_meta.codes.search import match_key, similarity  # noqa: E402

PACKAGE = "idn-area-data"
DEFAULT_PACKAGE_VERSION = "4.0.1"
DEFAULT_LIST_VERSION = "2025.1"
DEFAULT_OUT = REPO / "standards" / "codes" / "wilayah"
DEFAULT_BPS = REPO.parent / "shared" / "data" / "bps-mfd-2018"
PROVINCE = "36"  # Banten: the BPS list and the crosswalk cover this province

# Crosswalk: a spelling counts as the same unit from this similarity on (0..1, see
# satudata_meta.codes.search.similarity), when it is also the best candidate on both sides
# by at least FUZZY_MARGIN. Below REPORT_MIN a candidate is not even mentioned.
CROSSWALK_FUZZY_MIN = 0.8
FUZZY_MARGIN = 0.05
REPORT_MIN = 0.6

LEVELS = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")
KEMENDAGRI_FILES = {  # package file -> (level, expected header)
    "provinces.csv": ("provinsi", ["code", "name"]),
    "regencies.csv": ("kabupaten_kota", ["code", "province_code", "name"]),
    "districts.csv": ("kecamatan", ["code", "regency_code", "name"]),
    "villages.csv": ("desa_kelurahan", ["code", "district_code", "name"]),
}
BPS_FILES = {
    "provinces.csv": "provinsi",
    "regencies.csv": "kabupaten_kota",
    "districts.csv": "kecamatan",
    "villages.csv": "desa_kelurahan",
}
KEMENDAGRI_CODE = {
    "provinsi": re.compile(r"^\d{2}$"),
    "kabupaten_kota": re.compile(r"^\d{2}\.\d{2}$"),
    "kecamatan": re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
    "desa_kelurahan": re.compile(r"^\d{2}\.\d{2}\.\d{2}\.[123]\d{3}$"),
}
BPS_DIGITS = {"provinsi": 2, "kabupaten_kota": 4, "kecamatan": 7, "desa_kelurahan": 10}
# BPS code length -> its parent code (4 -> 2, 7 -> 4, 10 -> 7 digits).
BPS_PARENT_LEN = {4: 2, 7: 4, 10: 7}

ATTRIBUTION_KEMENDAGRI = (
    "Kode dan nama wilayah: idn-area-data {version} (c) Fityan (fityannugroho) dan "
    "kontributor, https://github.com/fityannugroho/idn-area-data, berdasarkan Keputusan "
    "Menteri Dalam Negeri Nomor 300.2.2-2138 Tahun 2025; dilisensikan dengan Open Database "
    "License (ODbL) 1.0."
)
ATTRIBUTION_BPS = (
    "Kode wilayah BPS: Badan Pusat Statistik, Master File Desa (MFD) 2018, melalui "
    "Wilayah-Administratif-Indonesia (c) Edward Samuel Pasaribu, "
    "https://github.com/edwardsamuel/Wilayah-Administratif-Indonesia; dilisensikan dengan "
    "Open Database License (ODbL) 1.0."
)
ODBL_URL = "https://opendatacommons.org/licenses/odbl/1-0/"


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: str
    parent: str | None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def npm_pack(version: str, workdir: Path) -> Path:
    """Fetch the package tarball with the npm client and unpack its data files."""
    spec = f"{PACKAGE}@{version}"
    try:
        subprocess.run(["npm", "pack", spec, "--silent"], cwd=workdir, check=True,
                       stdout=subprocess.DEVNULL)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(f"npm pack {spec} failed ({exc}); use --from DIR instead") from exc
    tarball = next(workdir.glob(f"{PACKAGE}-*.tgz"))
    with tarfile.open(tarball) as tar:
        wanted = [m for m in tar.getmembers()
                  if m.isfile() and (m.name == "package/package.json"
                                     or m.name.startswith("package/data/"))]
        tar.extractall(workdir, members=wanted, filter="data")
    return workdir / "package"


def package_data_dir(root: Path) -> Path:
    """``root/data`` for an unpacked package, else ``root`` itself."""
    return root / "data" if (root / "data" / "provinces.csv").is_file() else root


def package_version(root: Path, fallback: str) -> str:
    meta = root / "package.json"
    if meta.is_file():
        info = json.loads(meta.read_text(encoding="utf-8"))
        if info.get("name") != PACKAGE:
            raise SystemExit(f"{meta}: not the {PACKAGE} package")
        return str(info["version"])
    return fallback


def read_kemendagri(data_dir: Path) -> tuple[dict[str, list[Unit]], dict[str, str]]:
    """All units per level, checked (format, parent, no duplicate), and input checksums."""
    units: dict[str, list[Unit]] = {}
    hashes: dict[str, str] = {}
    known: set[str] = set()
    for filename, (level, header) in KEMENDAGRI_FILES.items():
        raw = (data_dir / filename).read_bytes()
        hashes[filename] = sha256(raw)
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
        if rows[0] != header:
            raise SystemExit(f"{filename}: unexpected header {rows[0]}")
        found: list[Unit] = []
        for row in rows[1:]:
            code, name = row[0], row[-1]
            parent = row[1] if len(row) == 3 else None
            if not KEMENDAGRI_CODE[level].match(code):
                raise SystemExit(f"{filename}: bad {level} code {code!r}")
            if parent is not None and (parent not in known or code.rsplit(".", 1)[0] != parent):
                raise SystemExit(f"{filename}: {code} has an unknown or wrong parent {parent}")
            if not name.strip():
                raise SystemExit(f"{filename}: {code} has no name")
            found.append(Unit(code, name, level, parent))
        codes = [u.code for u in found]
        if len(set(codes)) != len(codes):
            raise SystemExit(f"{filename}: duplicate codes")
        known.update(codes)
        units[level] = sorted(found, key=lambda u: u.code)
    return units, hashes


def read_bps(bps_dir: Path, province: str) -> tuple[dict[str, list[Unit]], dict[str, str]]:
    """One province's BPS units per level; checksums are of that province's source lines."""
    units: dict[str, list[Unit]] = {}
    hashes: dict[str, str] = {}
    for filename, level in BPS_FILES.items():
        raw = (bps_dir / filename).read_bytes()
        lines = [ln for ln in raw.splitlines(keepends=True) if ln.startswith(province.encode())]
        hashes[filename] = sha256(b"".join(lines))
        found: list[Unit] = []
        for row in csv.reader(io.StringIO(b"".join(lines).decode("utf-8"), newline="")):
            code, name = row[0], row[-1]
            parent = row[1] if len(row) == 3 else None
            if len(code) != BPS_DIGITS[level] or not code.isdigit():
                raise SystemExit(f"BPS {filename}: bad {level} code {code!r}")
            if parent is not None and not code.startswith(parent):
                raise SystemExit(f"BPS {filename}: {code} does not start with parent {parent}")
            found.append(Unit(code, name, level, parent))
        units[level] = sorted(found, key=lambda u: u.code)
    return units, hashes


# --- crosswalk ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    kemendagri: Unit
    bps: Unit
    method: str  # exact | normalised | fuzzy
    score: float


@dataclass(frozen=True)
class Unmatched:
    system: str
    unit: Unit
    reason: str
    candidate: Unit | None = None
    candidate_score: float | None = None
    note: str = ""


def plain(name: str) -> str:
    """Case and spacing only: the test for an "exact" match."""
    return " ".join(name.casefold().split())


def _unique_by(units: Iterable[Unit], key: Any) -> dict[str, Unit | None]:
    """key -> unit, or None when two units share the key (then neither can match by it)."""
    out: dict[str, Unit | None] = {}
    for unit in units:
        k = key(unit.name)
        out[k] = None if k in out else unit
    return out


def match_units(kem: list[Unit], bps: list[Unit]) -> tuple[list[Pair], list[Unit], list[Unit]]:
    """Pair the children of one parent by name: exact, then normalised, then fuzzy.

    A name shared by two units on one side is never matched by that name. A fuzzy pair must be
    each other's best candidate, score at least CROSSWALK_FUZZY_MIN, and lead the runner-up on
    both sides by FUZZY_MARGIN; anything else is left unmatched for a person to decide.
    """
    pairs: list[Pair] = []
    left_k, left_b = list(kem), list(bps)
    level = kem[0].level if kem else None

    def normalised(name: str) -> str:
        return match_key(name, level)

    for method, key in (("exact", plain), ("normalised", normalised)):
        by_k, by_b = _unique_by(left_k, key), _unique_by(left_b, key)
        for name_key, unit in by_k.items():
            other = by_b.get(name_key)
            if unit is not None and other is not None:
                pairs.append(Pair(unit, other, method, 1.0))
        done = {p.kemendagri.code for p in pairs} | {p.bps.code for p in pairs}
        left_k = [u for u in left_k if u.code not in done]
        left_b = [u for u in left_b if u.code not in done]
    while left_k and left_b:
        sims = {(ku.code, bu.code): similarity(normalised(ku.name), normalised(bu.name))
                for ku in left_k for bu in left_b}

        def ranked(code: str, side: int, sims: dict[tuple[str, str], float] = sims
                   ) -> list[tuple[float, str]]:
            return sorted(((s, pair[1 - side]) for pair, s in sims.items()
                           if pair[side] == code), reverse=True)

        accepted: list[Pair] = []
        for kem_unit in left_k:
            best_k = ranked(kem_unit.code, 0)
            score, b_code = best_k[0]
            if score < CROSSWALK_FUZZY_MIN:
                continue
            if len(best_k) > 1 and score - best_k[1][0] < FUZZY_MARGIN:
                continue
            best_b = ranked(b_code, 1)
            if best_b[0][1] != kem_unit.code or (
                    len(best_b) > 1 and score - best_b[1][0] < FUZZY_MARGIN):
                continue
            b_unit = next(b for b in left_b if b.code == b_code)
            accepted.append(Pair(kem_unit, b_unit, "fuzzy", round(score, 3)))
        if not accepted:
            break
        pairs.extend(accepted)
        done = {p.kemendagri.code for p in accepted} | {p.bps.code for p in accepted}
        left_k = [u for u in left_k if u.code not in done]
        left_b = [u for u in left_b if u.code not in done]
    return pairs, left_k, left_b


def bps_gaps(siblings: list[Unit]) -> list[str]:
    """Sequence numbers missing among BPS siblings (desa numbers run 001, 002, ...): the
    extract, or the 2018 file, lacks those units."""
    numbers = sorted(int(u.code[-3:]) for u in siblings)
    if not numbers:
        return []
    present = set(numbers)
    return [f"{n:03d}" for n in range(1, numbers[-1]) if n not in present]


def explain(unit: Unit, system: str, others: list[Unit], siblings: list[Unit],
            cousins: list[Unit], other_parent: str) -> Unmatched:
    """Why a unit has no counterpart, with the best hint for a person to decide on.

    In order: the same name under another parent of the same kab/kota (moved?); several
    same-named candidates (ambiguous); one name contained in the other (renamed or split?);
    the closest name, when it is at least REPORT_MIN similar; otherwise nothing similar.
    ``others`` are the unmatched units of the other system under the paired parent,
    ``siblings`` all of them.
    """
    level = unit.level
    key = match_key(unit.name, level)
    other_system = "BPS" if system == "kemendagri" else "Kemendagri"
    where = f"{other_system} {other_parent}"
    same_name = [c for c in cousins if match_key(c.name, level) == key]
    if same_name:
        c = same_name[0]
        return Unmatched(system, unit, "name_under_other_parent", c, 1.0,
                         f"same name under {other_system} {c.parent}, not under {other_parent}:"
                         " moved between kecamatan? check before pairing")
    if sum(match_key(o.name, level) == key for o in others) > 1:
        return Unmatched(system, unit, "ambiguous_name", None, None,
                         f"several units under {where} have this name")
    partial = [o for o in others
               if key and (match_key(o.name, level).startswith(key)
                           or key.startswith(match_key(o.name, level)))]
    if len(partial) == 1:
        return Unmatched(system, unit, "partial_name", partial[0], None,
                         f"one name contains the other under {where}: renamed or split?")
    scored = sorted(((similarity(key, match_key(o.name, level), REPORT_MIN), o.code, o)
                     for o in others), reverse=True)
    if scored and scored[0][0] >= REPORT_MIN:
        s, _, best = scored[0]
        return Unmatched(system, unit, "below_threshold", best, round(s, 3),
                         f"closest name under {where} is not close enough "
                         f"(threshold {CROSSWALK_FUZZY_MIN}, margin {FUZZY_MARGIN})")
    if system == "kemendagri":
        note = f"no similar name under {where}"
        gaps = bps_gaps(siblings) if level == "desa_kelurahan" else []
        if gaps:
            note += (f"; the BPS 2018 numbers {', '.join(gaps)} are absent there, so the unit"
                     " may be missing from the extract rather than new")
        else:
            note += "; probably formed or renamed after BPS MFD 2018"
        return Unmatched(system, unit, "no_bps_counterpart", None, None, note)
    note = f"no similar name under {where}: merged, renamed or moved after 2018?"
    return Unmatched(system, unit, "no_kemendagri_counterpart", None, None, note)


def build_crosswalk(kem: dict[str, list[Unit]], bps: dict[str, list[Unit]]
                    ) -> tuple[list[Pair], list[Unmatched]]:
    """Pair Banten's units level by level, each inside its already paired parent."""
    kem_prov = [u for u in kem["provinsi"] if u.code == PROVINCE]
    pairs: list[Pair] = []
    unmatched: list[Unmatched] = []
    parents: dict[str, str] = {}  # kemendagri parent code -> bps parent code
    for k in kem_prov:
        b = next(u for u in bps["provinsi"] if u.code == k.code)
        pairs.append(Pair(k, b, name_method(k.name, b.name), 1.0))
    bps_reg = {u.code: u for u in bps["kabupaten_kota"]}
    for k in kem["kabupaten_kota"]:
        if not k.code.startswith(PROVINCE + "."):
            continue
        b_or_none = bps_reg.pop(k.code.replace(".", ""), None)
        if b_or_none is None:  # kab/kota are paired by code: the numbers coincide
            unmatched.append(Unmatched("kemendagri", k, "no_bps_counterpart", None, None,
                                       "no BPS kab/kota with the same number"))
            continue
        if match_key(k.name, k.level) != match_key(b_or_none.name, k.level):
            raise SystemExit(f"kab/kota {k.code}: names differ ({k.name} / {b_or_none.name})")
        pairs.append(Pair(k, b_or_none, name_method(k.name, b_or_none.name), 1.0))
        parents[k.code] = b_or_none.code
    unmatched += [Unmatched("bps", b, "no_kemendagri_counterpart", None, None,
                            "no Kemendagri kab/kota with the same number")
                  for b in bps_reg.values()]
    for level in ("kecamatan", "desa_kelurahan"):
        kem_by_parent: dict[str, list[Unit]] = defaultdict(list)
        bps_by_parent: dict[str, list[Unit]] = defaultdict(list)
        for u in kem[level]:
            if u.code.startswith(PROVINCE + ".") and u.parent:
                kem_by_parent[u.parent].append(u)
        for u in bps[level]:
            if u.parent:
                bps_by_parent[u.parent].append(u)
        paired_bps_parents = set(parents.values())
        next_parents: dict[str, str] = {}
        for k_parent in sorted(kem_by_parent):
            b_parent = parents.get(k_parent)
            if b_parent is None:
                unmatched += [Unmatched("kemendagri", u, "parent_unmatched", None, None,
                                        f"Kemendagri parent {k_parent} has no BPS counterpart")
                              for u in kem_by_parent[k_parent]]
                continue
            found, left_k, left_b = match_units(kem_by_parent[k_parent],
                                                bps_by_parent.get(b_parent, []))
            pairs += found
            next_parents.update({p.kemendagri.code: p.bps.code for p in found})
            grand_k, grand_b = k_parent.rsplit(".", 1)[0], b_parent[: BPS_PARENT_LEN[len(b_parent)]]
            cousins_b = [u for p, us in bps_by_parent.items()
                         if p != b_parent and p.startswith(grand_b) for u in us]
            cousins_k = [u for p, us in kem_by_parent.items()
                         if p != k_parent and p.startswith(grand_k) for u in us]
            bps_siblings = bps_by_parent.get(b_parent, [])
            unmatched += [explain(u, "kemendagri", left_b, bps_siblings, cousins_b, b_parent)
                          for u in left_k]
            unmatched += [explain(u, "bps", left_k, kem_by_parent[k_parent], cousins_k,
                                  k_parent) for u in left_b]
        for b_parent in sorted(set(bps_by_parent) - paired_bps_parents):
            unmatched += [Unmatched("bps", u, "parent_unmatched", None, None,
                                    f"BPS parent {b_parent} has no Kemendagri counterpart")
                          for u in bps_by_parent[b_parent]]
        parents = next_parents
    return pairs, unmatched


def name_method(a: str, b: str) -> str:
    """How two names of paired-by-code units agree (province and kab/kota rows)."""
    if plain(a) == plain(b):
        return "exact"
    return "normalised" if match_key(a) == match_key(b) else "fuzzy"


# --- writing -----------------------------------------------------------------------------------


def csv_bytes(header: list[str], rows: Iterable[Iterable[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def level_of(code: str, system: str) -> str:
    if system == "kemendagri":
        return LEVELS[code.count(".")]
    return {2: "provinsi", 4: "kabupaten_kota", 7: "kecamatan", 10: "desa_kelurahan"}[len(code)]


def crosswalk_files(pairs: list[Pair], unmatched: list[Unmatched]) -> dict[str, bytes]:
    order = {lv: i for i, lv in enumerate(LEVELS)}
    rows = sorted(pairs, key=lambda p: (order[p.kemendagri.level], p.kemendagri.code))
    walk = csv_bytes(
        ["level", "kemendagri", "bps", "name_kemendagri", "name_bps", "method", "score"],
        ([p.kemendagri.level, p.kemendagri.code, p.bps.code, p.kemendagri.name, p.bps.name,
          p.method, f"{p.score:.3f}"] for p in rows))
    miss = sorted(unmatched, key=lambda m: (m.system != "kemendagri", order[m.unit.level],
                                            m.unit.code))
    lost = csv_bytes(
        ["system", "level", "code", "name", "parent", "reason", "candidate", "candidate_name",
         "candidate_score", "note"],
        ([m.system, m.unit.level, m.unit.code, m.unit.name, m.unit.parent or "", m.reason,
          m.candidate.code if m.candidate else "", m.candidate.name if m.candidate else "",
          "" if m.candidate_score is None else f"{m.candidate_score:.3f}", m.note]
         for m in miss))
    return {"crosswalk-banten.csv": walk, "crosswalk-unmatched.csv": lost}


def list_files(units: dict[str, list[Unit]], system: str) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for level in LEVELS:
        rows = [(u.code, u.name) for u in units[level]]
        if system == "kemendagri" and level == "desa_kelurahan":
            by_province: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for code, name in rows:
                by_province[code[:2]].append((code, name))
            for prov, prov_rows in sorted(by_province.items()):
                out[f"{system}/{level}/{prov}.csv"] = csv_bytes(["code", "name"], prov_rows)
        else:
            out[f"{system}/{level}.csv"] = csv_bytes(["code", "name"], rows)
    return out


def yaml_bytes(header: str, data: dict[str, Any]) -> bytes:
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return (header + body).encode("utf-8")


GENERATED = "# Generated by scripts/build_codes.py: do not edit; rerun the script instead.\n"


def meta_files(kem: dict[str, list[Unit]], bps: dict[str, list[Unit]], version: str,
               list_version: str, retrieved: str, stats: dict[str, Any]) -> dict[str, bytes]:
    kem_counts = {level: len(kem[level]) for level in LEVELS}
    bps_counts = {level: len(bps[level]) for level in LEVELS}
    kemendagri = {
        "name": "wilayah",
        "version": list_version,
        "title": {"id": "Kode Wilayah Administrasi Pemerintahan (Kemendagri)",
                  "en": "Administrative area codes (Ministry of Home Affairs)"},
        "description": {
            "id": "Kode dan nama provinsi, kabupaten/kota, kecamatan dan desa/kelurahan "
                  "seluruh Indonesia menurut Kementerian Dalam Negeri (format PP.KK.CC.XNNN).",
            "en": "Codes and names of every province, regency/city, district and village of "
                  "Indonesia, per the Ministry of Home Affairs (format PP.KK.CC.XNNN).",
        },
        "system": "kemendagri",
        "levels": list(LEVELS),
        "counts": kem_counts,
        "count": sum(kem_counts.values()),
        "decree": {
            "id": "Kepmendagri 300.2.2-2138 Tahun 2025",
            "title": "Keputusan Menteri Dalam Negeri Nomor 300.2.2-2138 Tahun 2025 tentang "
                     "Pemberian dan Pemutakhiran Kode, Data Wilayah Administrasi Pemerintahan, "
                     "dan Pulau",
            "date": "2025-04-25",
            "note": "The package cites this decree (docs/references.md, REF-2025-1, written "
                    "'300.2.2-2L38'). Kepmendagri 300.2.2-2430 Tahun 2025 (23 June 2025) "
                    "amends it; the package does not say whether its data includes that "
                    "amendment.",
        },
        "effective_date": "2025-04-25",
        "source": {
            "name": f"{PACKAGE} (npm package)",
            "package": PACKAGE,
            "package_version": version,
            "repository": "https://github.com/fityannugroho/idn-area-data",
            "files": ["data/provinces.csv", "data/regencies.csv", "data/districts.csv",
                      "data/villages.csv"],
            "retrieved": retrieved,
        },
        "license": {"id": "ODbL-1.0", "url": ODBL_URL,
                    "attribution": ATTRIBUTION_KEMENDAGRI.format(version=version)},
        "extensible": False,
    }
    bps_meta = {
        "name": "wilayah_bps",
        "version": list_version,
        "title": {"id": "Kode Wilayah Kerja Statistik BPS (Provinsi Banten)",
                  "en": "BPS statistical area codes (Banten Province)"},
        "description": {
            "id": "Kode BPS provinsi (2 digit), kabupaten/kota (4), kecamatan (7) dan desa/"
                  "kelurahan (10) di Provinsi Banten, Master File Desa 2018.",
            "en": "BPS codes of the province (2 digits), regencies/cities (4), districts (7) "
                  "and villages (10) of Banten Province, Village Master File 2018.",
        },
        "system": "bps",
        "levels": list(LEVELS),
        "counts": bps_counts,
        "count": sum(bps_counts.values()),
        "coverage": PROVINCE,
        "reference_period": "2018-01",
        "source": {
            "name": "BPS Master File Desa (MFD) 2018, extract by "
                    "edwardsamuel/Wilayah-Administratif-Indonesia",
            "repository": "https://github.com/edwardsamuel/Wilayah-Administratif-Indonesia",
            "commit": "92f52a0",
            "files": ["provinces.csv", "regencies.csv", "districts.csv", "villages.csv"],
        },
        "license": {"id": "ODbL-1.0", "url": ODBL_URL, "attribution": ATTRIBUTION_BPS},
        "crosswalk": {
            "file": "crosswalk-banten.csv",
            "unmatched": "crosswalk-unmatched.csv",
            "fuzzy_min": CROSSWALK_FUZZY_MIN,
            "fuzzy_margin": FUZZY_MARGIN,
            "stats": stats,
        },
        "extensible": False,
    }
    return {"wilayah.meta.yaml": yaml_bytes(GENERATED, kemendagri),
            "wilayah_bps.meta.yaml": yaml_bytes(GENERATED, bps_meta)}


def license_file(version: str) -> bytes:
    text = f"""# Lisensi data wilayah / Licence of the area data

Berkas di folder ini adalah *Derivative Database* dari dua basis data berlisensi Open Database
License (ODbL) 1.0, dan karena itu juga tersedia di bawah ODbL 1.0, bukan di bawah lisensi
kode proyek ini: {ODBL_URL}

The files in this folder are a Derivative Database of two databases licensed under the Open
Database License (ODbL) 1.0, and are therefore also available under ODbL 1.0, not under this
project's code licence: {ODBL_URL}

- {ATTRIBUTION_KEMENDAGRI.format(version=version)}
- {ATTRIBUTION_BPS}

The crosswalk (`crosswalk-banten.csv`, `crosswalk-unmatched.csv`) is produced from both by
`scripts/build_codes.py` and is released under ODbL 1.0 as well.
"""
    return text.encode("utf-8")


def crosswalk_stats(pairs: list[Pair], unmatched: list[Unmatched]) -> dict[str, Any]:
    stats: dict[str, Any] = {}
    for level in ("kecamatan", "desa_kelurahan"):
        methods: dict[str, int] = defaultdict(int)
        for p in pairs:
            if p.kemendagri.level == level:
                methods[p.method] += 1
        reasons: dict[str, int] = defaultdict(int)
        for m in unmatched:
            if m.unit.level == level:
                reasons[f"{m.system}:{m.reason}"] += 1
        stats[level] = {"matched": dict(sorted(methods.items())),
                        "unmatched": dict(sorted(reasons.items()))}
    return stats


def previous_retrieved(out: Path, inputs: dict[str, Any]) -> str | None:
    """The retrieval date already recorded for these exact inputs, so a rerun is identical."""
    manifest = out / "manifest.json"
    if not manifest.is_file():
        return None
    old = json.loads(manifest.read_text(encoding="utf-8"))
    if old.get("inputs") != inputs:
        return None
    retrieved = old.get("retrieved")
    return str(retrieved) if retrieved else None


def build(data_dir: Path, version: str, bps_dir: Path, list_version: str,
          retrieved: str | None, previous: Path) -> dict[str, bytes]:
    """Every output file (relative path -> bytes), the manifest included."""
    kem, kem_hashes = read_kemendagri(data_dir)
    bps, bps_hashes = read_bps(bps_dir, PROVINCE)
    inputs = {
        "kemendagri": {"package": PACKAGE, "version": version, "sha256": kem_hashes},
        "bps": {"province": PROVINCE, "sha256_of_province_lines": bps_hashes},
    }
    retrieved = retrieved or previous_retrieved(previous, inputs) or dt.date.today().isoformat()
    pairs, unmatched = build_crosswalk(kem, bps)
    files: dict[str, bytes] = {}
    files.update(list_files(kem, "kemendagri"))
    files.update(list_files(bps, "bps"))
    files.update(crosswalk_files(pairs, unmatched))
    files.update(meta_files(kem, bps, version, list_version, retrieved,
                            crosswalk_stats(pairs, unmatched)))
    files["LICENSE.md"] = license_file(version)
    manifest = {
        "generator": "scripts/build_codes.py",
        "retrieved": retrieved,
        "inputs": inputs,
        "outputs": {name: sha256(data) for name, data in sorted(files.items())},
    }
    files["manifest.json"] = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
    return files


def write(files: dict[str, bytes], out: Path) -> None:
    """Replace the folder's generated content; files no longer produced are removed.

    Only a folder this script made (it has a manifest.json) or an empty one is cleaned, so
    a mistyped ``--out`` cannot delete unrelated files.
    """
    if out.exists() and any(out.iterdir()) and not (out / "manifest.json").is_file():
        raise SystemExit(f"{out} is not empty and was not made by this script; refusing")
    if out.exists():
        for old in sorted(out.rglob("*"), reverse=True):
            rel = old.relative_to(out).as_posix()
            if old.is_file() and rel not in files:
                old.unlink()
            elif old.is_dir() and not any(old.iterdir()):
                old.rmdir()
    for rel, data in sorted(files.items()):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)


def current_list_version(out: Path) -> str:
    meta = out / "wilayah.meta.yaml"
    if meta.is_file():
        data = yaml.safe_load(meta.read_text(encoding="utf-8"))
        return str(data.get("version") or DEFAULT_LIST_VERSION)
    return DEFAULT_LIST_VERSION


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", type=Path,
                        help="unpacked idn-area-data package (or its data/ folder); "
                             "default: run npm pack into a temporary folder")
    parser.add_argument("--package-version", default=None,
                        help=f"idn-area-data version to fetch (default {DEFAULT_PACKAGE_VERSION},"
                             " or package.json's of --from)")
    parser.add_argument("--bps", type=Path, default=DEFAULT_BPS,
                        help="folder with the BPS MFD 2018 CSVs (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--list-version", default=None,
                        help="version of the lists (default: keep the committed one)")
    parser.add_argument("--retrieved", default=None,
                        help="retrieval date YYYY-MM-DD (default: the recorded date when the "
                             "inputs are unchanged, else today)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if --out differs from what would be built")
    args = parser.parse_args(argv)
    list_version = args.list_version or current_list_version(DEFAULT_OUT)
    with tempfile.TemporaryDirectory(prefix="build-codes-") as tmp:
        if args.source is not None:
            root = args.source
            version = package_version(root, args.package_version or DEFAULT_PACKAGE_VERSION)
            if args.package_version and version != args.package_version:
                raise SystemExit(f"--from holds {PACKAGE} {version}, not {args.package_version}")
        else:
            root = npm_pack(args.package_version or DEFAULT_PACKAGE_VERSION, Path(tmp))
            version = package_version(root, args.package_version or DEFAULT_PACKAGE_VERSION)
        files = build(package_data_dir(root), version, args.bps, list_version, args.retrieved,
                      DEFAULT_OUT)
    if args.check:
        stale = sorted(rel for rel, data in files.items()
                       if not (args.out / rel).is_file() or (args.out / rel).read_bytes() != data)
        extra = sorted(p.relative_to(args.out).as_posix() for p in args.out.rglob("*")
                       if p.is_file() and p.relative_to(args.out).as_posix() not in files)
        for rel in stale:
            print(f"out of date: {rel}")
        for rel in extra:
            print(f"not generated: {rel}")
        return 1 if stale or extra else 0
    write(files, args.out)
    meta = yaml.safe_load(files["wilayah_bps.meta.yaml"].decode("utf-8"))
    print(f"wrote {len(files)} files to {args.out}")
    print("crosswalk:", json.dumps(meta["crosswalk"]["stats"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

