"""The scoring rules on small hand-made Records: distribution weighting, the best
distribution, inheritance of dataset values, not-checked URLs, ratings at their bounds, and
the vocabularies read from standards/mqa/."""

from __future__ import annotations

import pytest

from satudata_meta.audit import mqa, vocab
from satudata_meta.audit.model import Distribution, Record
from satudata_meta.audit.mqa import DcatVerdict

OK = DcatVerdict(True, "approximation")


def _points(record: Record, urls: dict[str, bool] | None = None,
            dcat: DcatVerdict = OK) -> dict[str, float]:
    result = mqa.score(record, urls=urls, dcat=dcat)
    return {r.id: r.points for rs in result.dimensions.values() for r in rs}


def test_the_table_adds_up_to_405_with_the_ratings_of_the_method() -> None:
    method = vocab.method()
    assert method.total == 405
    assert {d.id: d.max for d in method.dimensions} == {
        "findability": 100, "accessibility": 100, "interoperability": 110,
        "reusability": 75, "contextuality": 20}
    assert {r.id: r.min for r in method.ratings} == {
        "excellent": 351, "good": 221, "sufficient": 121, "bad": 0}
    # every indicator of the table is scored (and nothing else)
    assert set(_points(Record(id="x"))) == {i.id for i in method.indicators}


@pytest.mark.parametrize(("total", "band"), [
    (0, "bad"), (120, "bad"), (120.5, "bad"), (121, "sufficient"), (220.99, "sufficient"),
    (221, "good"), (350, "good"), (351, "excellent"), (405, "excellent")])
def test_rating_bands(total: float, band: str) -> None:
    assert vocab.method().rating(total).id == band


def test_an_empty_record_scores_zero() -> None:
    result = mqa.score(Record(id="x"), urls=None, dcat=DcatVerdict(False, "approximation"))
    assert result.total == 0 and result.rating == "bad"
    assert result.best_distribution is None


def test_accessibility_weights_distributions_by_share_and_urls_can_be_unchecked() -> None:
    dists = [Distribution(download_url="http://x/a.csv"),
             Distribution(access_url="http://x/page"),
             Distribution(access_url="http://x/b", download_url="http://x/b.csv"),
             Distribution(download_url="http://x/dead.csv")]
    record = Record(id="x", distributions=dists)
    unchecked = mqa.score(record, urls=None, dcat=OK)
    got = {r.id: r for r in unchecked.dimensions["accessibility"]}
    assert got["download_url"].points == 15  # 3 of 4 have one: 20 x 3/4
    assert got["download_url"].detail == "3/4"
    assert got["access_url_status"].status == got["download_url_status"].status == \
        "not_checked"
    assert got["access_url_status"].points == 0
    urls = {"http://x/a.csv": True, "http://x/page": True, "http://x/b": False,
            "http://x/b.csv": True, "http://x/dead.csv": False}
    checked = {r.id: r for r in mqa.score(record, urls=urls, dcat=OK)
               .dimensions["accessibility"]}
    # access URL = accessURL, else the download URL: a.csv ok, page ok, b dead, dead.csv dead
    assert checked["access_url_status"].points == 25
    # download URLs: a.csv ok, (none), b.csv ok, dead.csv dead -> 2 of 4
    assert checked["download_url_status"].points == 15
    assert checked["download_url_status"].status == "partial"


def test_interoperability_counts_only_the_best_distribution() -> None:
    pdf = Distribution(format="PDF", media_type="application/pdf", download_url="u")
    csv = Distribution(format="csv", media_type="text/csv; charset=utf-8", download_url="v")
    one = _points(Record(id="x", distributions=[pdf]))
    assert (one["format"], one["media_type"], one["format_vocabulary"],
            one["non_proprietary"], one["machine_readable"]) == (20, 10, 10, 0, 0)
    both = mqa.score(Record(id="x", distributions=[pdf, csv]), urls=None, dcat=OK)
    assert both.best_distribution == 1
    assert both.dimension_points("interoperability") == 110
    # the pdf does not drag the csv down: no averaging across distributions
    alone = mqa.score(Record(id="x", distributions=[csv]), urls=None, dcat=OK)
    assert alone.dimension_points("interoperability") == 110


def test_format_vocabulary_halves() -> None:
    only_format = _points(Record(id="x", distributions=[Distribution(format="xlsx")]))
    assert only_format["format_vocabulary"] == 5
    unknown_both = _points(Record(id="x", distributions=[
        Distribution(format="spreadsheet", media_type="application/txt")]))
    assert unknown_both["format_vocabulary"] == 0
    assert unknown_both["format"] == 20 and unknown_both["media_type"] == 10


def test_licence_and_rights_are_inherited_from_the_dataset() -> None:
    dists = [Distribution(download_url="a"), Distribution(download_url="b")]
    dataset_level = _points(Record(id="x", licence="https://creativecommons.org/licenses/"
                                                   "by/4.0/", rights="CC-BY", distributions=dists))
    assert dataset_level["licence"] == 20 and dataset_level["licence_vocabulary"] == 10
    assert dataset_level["rights"] == 5
    own = _points(Record(id="x", distributions=[
        Distribution(download_url="a", licence="cc-by"), Distribution(download_url="b")]))
    assert own["licence"] == 10 and own["licence_vocabulary"] == 5  # one of two
    unknown = _points(Record(id="x", licence="Domain Publik"))
    assert unknown["licence"] == 20 and unknown["licence_vocabulary"] == 0


@pytest.mark.parametrize(("value", "known"), [
    ("https://creativecommons.org/licenses/by/4.0/", True), ("cc-by", True),
    ("CC-BY-4.0", True), ("http://publications.europa.eu/resource/authority/licence/CC0", True),
    ("Terbuka", False), ("other-closed", False)])
def test_licence_vocabulary(value: str, known: bool) -> None:
    assert mqa.licence_known(value) is known


@pytest.mark.parametrize(("value", "known"), [
    ("public", True), ("restricted public", True), ("non-public", True), ("terbuka", True),
    ("Tertutup", True), ("http://publications.europa.eu/resource/authority/access-right/PUBLIC",
                         True), ("private", False), ("Informasi Publik", False)])
def test_access_rights_vocabulary(value: str, known: bool) -> None:
    assert mqa.access_rights_known(value) is known


@pytest.mark.parametrize(("written", "code"), [
    ("csv", "CSV"), ("CSV", "CSV"), ("Json-LD", "JSON_LD"), ("jpg", "JPEG"),
    ("http://publications.europa.eu/resource/authority/file-type/GEOJSON", "GEOJSON"),
    ("text/csv", "CSV"), ("application/vnd.ms-excel", "XLS"), ("ESRI Shapefile", "SHP"),
    ("excel", None), ("", None), ("http://publications.europa.eu/resource/authority/"
                                 "file-type/NOPE", None)])
def test_file_types(written: str, code: str | None) -> None:
    assert vocab.file_type(written) == code


@pytest.mark.parametrize(("written", "known"), [
    ("text/csv", "text/csv"), ("TEXT/CSV; charset=utf-8", "text/csv"),
    ("https://www.iana.org/assignments/media-types/application/json", "application/json"),
    ("application/txt", None), ("application/x-excel", None)])
def test_media_types(written: str, known: str | None) -> None:
    assert vocab.media_type(written) == known


def test_format_lists_are_subsets_of_the_file_type_table() -> None:
    table = vocab.formats()
    assert table.non_proprietary <= table.file_types
    assert table.machine_readable <= table.file_types
    assert set(table.aliases.values()) <= table.file_types
    # the two EDP lists disagree where they should: XLSX readable but proprietary, HTML the
    # other way round, PDF neither
    assert "XLSX" in table.machine_readable and "XLSX" not in table.non_proprietary
    assert "HTML" in table.non_proprietary and "HTML" not in table.machine_readable
    assert "PDF" not in table.machine_readable | table.non_proprietary
    assert table.source["non_proprietary"] and table.source["machine_readable"]


def test_dcat_verdict_is_reported_with_its_method() -> None:
    record = Record(id="x", title="t", description="d")
    failing = mqa.score(record, urls=None, dcat=DcatVerdict(False, "shacl", ("a: b",)))
    dcat = failing.indicator("dcat_ap")
    assert dcat.points == 0 and dcat.detail == "a: b" and failing.dcat_method == "shacl"


@pytest.mark.parametrize("doc", ["en/audit.md", "id/audit.md"])
def test_the_docs_point_table_is_the_data(doc: str) -> None:
    """The indicator table in the docs lists the indicators of standards/mqa/indicators.yaml,
    in order, with their points and dimension maxima."""
    from tests.conftest import ROOT

    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    section = text.split("| **", 1)[1].split("**405**", 1)[0]
    rows = [line for line in ("| **" + section).splitlines() if line.startswith("|")]
    points = [int(line.rstrip(" |").rsplit("|", 1)[-1]) for line in rows[:-1]]
    method = vocab.method()
    assert points == [i.points for i in method.indicators]
    maxima = [int(line.split("(")[1].split(")")[0]) for line in rows if line.startswith("| **")
              and "(" in line]
    assert maxima == [d.max for d in method.dimensions]
