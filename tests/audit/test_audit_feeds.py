"""Every real feed audits without a crash, and the numbers hold together.

Invariants, not pinned numbers (the hand-checked datasets pin those): a dataset per feed entry,
points never above their maximum, dimension and total sums, the rating band of each total,
aggregates that are the means of the datasets, and all four output formats render.
"""

from __future__ import annotations

import csv
import io
import json
import statistics

import pytest

from satudata_meta.audit import csvout, html, report, text, vocab
from satudata_meta.importers.datajson import read_feed
from tests.audit.conftest import FEED_NAMES, audited, feed


@pytest.mark.parametrize("name", FEED_NAMES)
def test_feed_audits_and_adds_up(name: str) -> None:
    _, doc = audited(name)
    catalog, _ = read_feed(feed(name))
    assert len(doc["datasets"]) == len(catalog["dataset"]) > 0
    assert len({d["id"] for d in doc["datasets"]}) == len(doc["datasets"])  # ids unique
    method = vocab.method()
    for d in doc["datasets"]:
        dims = d["mqa"]["dimensions"]
        assert set(dims) == {dim.id for dim in method.dimensions}
        for dim in method.dimensions:
            inds = dims[dim.id]["indicators"]
            assert set(inds) == {i.id for i in dim.indicators}
            for ind in dim.indicators:
                got = inds[ind.id]
                assert 0 <= got["points"] <= got["max"] == ind.points
                assert got["passed"] == (got["status"] == "passed")
                if got["status"] == "not_checked":
                    assert got["points"] == 0 and ind.needs == "urls"
            assert dims[dim.id]["points"] == pytest.approx(
                sum(v["points"] for v in inds.values()))
        total = d["mqa"]["total"]
        assert total == pytest.approx(sum(v["points"] for v in dims.values()), abs=0.02)
        assert 0 <= total <= 325  # no URL check: 80 points cannot be earned
        assert d["mqa"]["rating"] == method.rating(total).id
        comp = d["compliance"]
        assert 0 <= comp["score"] <= 100
        # the score is rounded to 0.1 from the exact components, which show 0.01
        assert comp["score"] == pytest.approx(
            sum(c["points"] for c in comp["components"].values()), abs=0.07)
    totals = [d["mqa"]["total"] for d in doc["datasets"]]
    assert doc["catalog"]["mqa"]["mean"] == pytest.approx(statistics.fmean(totals), abs=0.01)
    assert sum(doc["catalog"]["ratings"].values()) == len(totals)
    assert sum(p["datasets"] for p in doc["publishers"]) == len(totals)


@pytest.mark.parametrize("name", FEED_NAMES)
def test_every_format_renders(name: str) -> None:
    _, doc = audited(name)
    assert json.loads(report.to_json(doc)) == json.loads(json.dumps(doc))
    rows = list(csv.DictReader(io.StringIO(csvout.render(doc))))
    assert len(rows) == len(doc["datasets"])
    for lang in ("id", "en"):
        page = html.render(doc, lang)
        assert page.startswith("<!DOCTYPE html>") and "<svg" in page
        words = text.render(doc, lang)
        assert doc["source"] in words


def test_the_feed_with_control_characters_says_so() -> None:
    _, doc = audited("sulbar")
    assert any("kendali" in w for w in doc["warnings"])  # read leniently, and reported


def test_empty_periods_and_objects_say_nothing() -> None:
    """padangpanjang writes temporal as a PeriodOfTime with both bounds null, kemenaker
    writes publisher and contactPoint as {}: neither earns the presence points."""
    _, pp = audited("padangpanjangkota")
    entries, _ = read_feed(feed("padangpanjangkota"))
    bounded = [e for e in entries["dataset"] if isinstance(e.get("temporal"), dict) and (
        e["temporal"].get("startDate") or e["temporal"].get("endDate"))]
    assert 0 < len(bounded) < len(entries["dataset"])  # the feed has both kinds
    assert pp["catalog"]["indicators"]["temporal"]["passed"] == len(bounded)
    _, km = audited("kemenaker")
    assert km["catalog"]["indicators"]["publisher"]["passed"] == 0
    assert km["catalog"]["indicators"]["contact_point"]["passed"] == 0
