"""The Satu Data compliance score: its three components, rule-required fields, and the cut-down
check being equivalent to the full ``check_metadata`` on the fields it scores."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from satudata_meta.audit import compliance
from satudata_meta.importers.datajson import import_catalog, read_feed
from satudata_meta.standard.check import check_metadata
from satudata_meta.standard.spec import load_standard
from tests.audit.conftest import FEED_NAMES, feed
from tests.conftest import example_metadata


def _score(meta: dict[str, Any]) -> Any:
    _, findings = check_metadata(meta)
    return compliance.assess(meta, findings)


def test_a_complete_example_scores_100() -> None:
    result = _score(example_metadata())
    assert result.score == 100
    assert result.failing == []
    assert result.components["wajib"]["total"] == len(
        [f for f in load_standard().fields if f.obligation == "wajib"])


def test_each_standar_data_element_is_six_points_and_also_counts_when_required() -> None:
    meta = example_metadata()
    del meta["klasifikasi"]  # disarankan: only the Standar Data component notices
    result = _score(meta)
    assert result.components["standar_data"]["points"] == 24
    assert result.components["standar_data"]["failing"] == ["klasifikasi"]
    assert result.components["wajib"]["points"] == 50
    assert result.score == 94
    meta = example_metadata()
    del meta["konsep"]  # wajib and a Standar Data element: both notice
    result = _score(meta)
    assert result.components["standar_data"]["points"] == 24
    assert "konsep" in result.components["wajib"]["failing"]
    assert [f.path for f in result.failing] == ["konsep"]


def test_an_unknown_code_costs_the_code_component() -> None:
    meta = example_metadata()
    meta["produsen_data"] = "dinas-yang-tidak-ada"
    result = _score(meta)
    assert result.components["kode"]["failing"] == ["produsen_data"]
    assert result.components["wajib"]["failing"] == ["produsen_data"]
    # an optional coded field counts only when it is filled in
    filled = result.components["kode"]["total"]
    meta.pop("bidang_urusan")
    assert _score(meta).components["kode"]["total"] == filled - 1


def test_a_rule_makes_the_licence_required_for_open_data() -> None:
    meta = example_metadata()
    assert meta["akses"] == "terbuka"
    del meta["lisensi"]
    result = _score(meta)
    assert "lisensi" in result.components["wajib"]["failing"]
    assert result.components["wajib"]["total"] == _score(example_metadata()) \
        .components["wajib"]["total"] + 1
    closed = copy.deepcopy(meta)
    closed["akses"] = "tertutup"
    assert "lisensi" not in _score(closed).components["wajib"]["failing"]


@pytest.mark.parametrize("name", FEED_NAMES)
def test_the_cut_down_check_scores_like_the_full_check(name: str) -> None:
    """``compliance.check`` runs ``check_metadata`` with the standard cut down to the scored
    fields; on every 5th dataset of every feed it must give the same score, components and
    failing findings as the full check."""
    catalog, _ = read_feed(feed(name))
    standard = load_standard()
    for item in import_catalog(catalog)[::5]:
        full = compliance.assess(item.metadata, check_metadata(item.metadata, standard)[1])
        cut = compliance.assess(item.metadata, compliance.check(item.metadata, standard)[1])
        assert cut.score == full.score
        assert cut.components == full.components
        assert [(f.code, f.path, f.severity) for f in cut.failing] == \
            [(f.code, f.path, f.severity) for f in full.failing]


def test_the_cut_down_standard_keeps_what_the_score_reads() -> None:
    cut, kept = compliance.scored_standard()
    std = load_standard()
    wajib = {f.name for f in std.fields if f.obligation == "wajib"}
    coded = {f.name for f in std.fields if f.type == "code"}
    assert wajib | coded | set(compliance.STANDAR_DATA) <= kept
    assert {f.name for f in cut.fields} == kept
    assert "tag" not in kept and "sumber" not in kept  # not scored
    resources = cut.field("resources")
    assert resources is not None and resources.items is not None
    assert {f.name for f in resources.items.fields} == {"name", "format", "path", "url"}
