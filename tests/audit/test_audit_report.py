"""Outputs and run comparison: the JSON document, CSV rows, text sections, the HTML page
(self-contained, escaped), and ``--compare`` finding improvements and regressions per dataset,
per publisher and per indicator."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from satudata_meta.audit import csvout, html, report, text
from tests.audit.conftest import run_cli, write_feed

GOOD = {
    "identifier": "baik", "title": "Dataset baik", "description": "Definisi.",
    "keyword": ["penduduk"], "theme": ["Kependudukan"], "spatial": "36", "temporal": "2019/2023",
    "accessLevel": "public", "license": "https://creativecommons.org/licenses/by/4.0/",
    "contactPoint": {"fn": "Bidang", "hasEmail": "mailto:a@b.go.id"},
    "publisher": {"name": "Dinas Kesehatan"}, "issued": "2024-01-01", "modified": "2024-02-01",
    "distribution": [{"downloadURL": "https://x.go.id/a.csv", "format": "csv",
                      "mediaType": "text/csv", "byteSize": 100}]}
POOR = {"identifier": "kurang", "title": "Dataset <script>alert(1)</script>",
        "description": "", "publisher": {"name": "Dinas Kesehatan"},
        "distribution": [{"accessURL": "https://x.go.id/page", "format": "pdf"}]}
OTHER = {"identifier": "lain", "title": "Lain", "description": "d",
         "publisher": {"name": "Dinas Sosial"}, "keyword": ["sosial"]}


def _doc(tmp_path: Path, entries: list[dict[str, Any]], *extra: str,
         name: str = "data.json") -> dict[str, Any]:
    path = write_feed(tmp_path / name, entries)
    result = run_cli("audit", str(path), "-f", "json", *extra)
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_json_document(tmp_path: Path) -> None:
    doc = _doc(tmp_path, [GOOD, POOR, OTHER])
    assert doc["format"] == report.FORMAT_ID
    assert doc["method"] == {**doc["method"], "urls_checked": False, "points_not_checked": 80,
                             "reachable_max": 325, "dcat_ap": "approximation"}
    ids = {d["id"]: d for d in doc["datasets"]}
    assert ids["baik"]["mqa"]["total"] == 320  # all but URL checks (80) and rights (5)
    assert ids["baik"]["mqa"]["rating"] == "good"
    assert ids["kurang"]["mqa"]["dimensions"]["interoperability"]["indicators"]["dcat_ap"][
        "detail"] == "dct:description"
    assert doc["catalog"]["datasets"] == 3
    pubs = {p["name"]: p for p in doc["publishers"]}
    assert pubs["Dinas Kesehatan"]["datasets"] == 2
    assert pubs["Dinas Kesehatan"]["mqa_mean"] == pytest.approx(
        (ids["baik"]["mqa"]["total"] + ids["kurang"]["mqa"]["total"]) / 2, abs=0.01)
    assert doc["publishers"][0]["mqa_mean"] <= doc["publishers"][-1]["mqa_mean"]  # worst first
    gaps = {g["key"]: g for g in doc["gaps"]}
    assert gaps["mqa:rights"]["datasets"] == 3
    assert gaps["mqa:theme"]["datasets"] == 2 and gaps["mqa:theme"]["points_lost"] == 60
    assert gaps["mqa:theme"]["fix"]  # every gap says how to fix it
    for d in doc["datasets"]:  # every dataset gap has its wording at the top
        assert all(g["key"] in gaps for g in d["gaps"])


def test_csv_one_row_per_dataset_with_not_checked_left_empty(tmp_path: Path) -> None:
    doc = _doc(tmp_path, [GOOD, POOR])
    rows = list(csv.DictReader(io.StringIO(csvout.render(doc))))
    assert [r["id"] for r in rows] == [d["id"] for d in doc["datasets"]]
    good = rows[0]
    assert good["mqa_total"] == "320" and good["mqa_rating"] == "good"
    assert good["ind_keyword"] == "30" and good["ind_access_url_status"] == ""
    assert good["compliance_score"] == str(doc["datasets"][0]["compliance"]["score"]).rstrip(
        "0").rstrip(".")


def test_text_report_sections_in_both_languages(tmp_path: Path) -> None:
    doc = _doc(tmp_path, [GOOD, POOR, OTHER])
    indonesian = text.render(doc, "id")
    for heading in ("Ringkasan katalog", "Per perangkat daerah", "Kekurangan paling umum",
                    "Dataset terburuk dulu", "Perbaikan", "tidak diperiksa"):
        assert heading in indonesian
    english = text.render(doc, "en")
    for heading in ("Catalogue summary", "By agency", "Most common gaps", "worst first",
                    "Fix:", "not checked"):
        assert heading in english
    # worst first: the poor dataset comes before the good one
    assert english.index("kurang —") < english.index("baik —")
    assert "Isi `tag`" in indonesian or "Isi `topik`" in indonesian


def test_html_is_self_contained_and_escaped(tmp_path: Path) -> None:
    doc = _doc(tmp_path, [GOOD, POOR, OTHER])
    page = html.render(doc, "id")
    assert "<script" not in page  # the title's <script> is escaped, and there is none of ours
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<svg") >= 5  # histogram, dimensions, compliance x2, OPD, gaps
    for remote in (r'src="http', r'href="http', r"url\(", r"@import"):
        assert not re.search(remote, page)
    assert "Sebaran skor MQA" in page and "Dataset terburuk dulu" in page


def test_compare_two_runs(tmp_path: Path) -> None:
    old = _doc(tmp_path, [GOOD, POOR, OTHER], name="old.json")
    old_path = tmp_path / "old-audit.json"
    old_path.write_text(json.dumps(old), encoding="utf-8")
    better = copy.deepcopy(POOR)
    better.update(description="Sekarang ada definisinya.", keyword=["kesehatan"])
    worse = {k: v for k, v in GOOD.items() if k != "license"}
    new_entry = {"identifier": "baru", "title": "Baru", "description": "d",
                 "publisher": {"name": "Dinas Sosial"}}
    path = write_feed(tmp_path / "new.json", [worse, better, new_entry])
    result = run_cli("audit", str(path), "-f", "json", "--compare", str(old_path))
    assert result.exit_code == 0, result.output
    cmp = json.loads(result.stdout)["comparison"]
    changes = {d["id"]: d for d in cmp["datasets"]}
    assert changes["baik"]["indicators"]["licence"] == [20, 0, -20]
    assert changes["baik"]["indicators"]["licence_vocabulary"] == [10, 0, -10]
    assert changes["baik"]["mqa"][2] == -30
    assert changes["kurang"]["indicators"]["keyword"] == [0, 30, 30]
    assert changes["kurang"]["indicators"]["dcat_ap"] == [0, 30, 30]
    assert cmp["added"] == ["baru"] and cmp["removed"] == ["lain"]
    health = next(p for p in cmp["publishers"] if p["name"] == "Dinas Kesehatan")
    assert health["indicators"]["keyword"] == [15, 30, 15]  # mean over its two datasets
    assert cmp["catalog"]["datasets"] == [3, 3]
    assert not cmp["method_changed"]
    # the same comparison in words
    words = run_cli("audit", str(path), "--compare", str(old_path), "--lang", "en").stdout
    assert "Compared with the previous audit" in words
    assert "Regressed (1)" in words and "Improved (1)" in words
    assert "New datasets (1): baru" in words
    rows = list(csv.DictReader(io.StringIO(run_cli(
        "audit", str(path), "-f", "csv", "--compare", str(old_path)).stdout)))
    assert {r["id"]: r["mqa_change"] for r in rows} == {"baik": "-30", "kurang": "60",
                                                         "baru": ""}


def test_compare_refuses_something_else(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"dataset": []}', encoding="utf-8")
    path = write_feed(tmp_path / "data.json", [GOOD])
    result = run_cli("audit", str(path), "--compare", str(other))
    assert result.exit_code == 2
    assert "satudata audit --format json" in result.output
