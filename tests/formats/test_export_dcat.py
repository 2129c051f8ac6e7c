"""DCAT-AP 3 export (the satudata-dcat plugin) against the official SHACL shapes.

Mandatory checks: ``shapes.ttl`` + ``range.ttl`` + ``mdr-vocabularies.shape.ttl``; zero
violations for every example and for the whole catalogue. One shape of the 3.0.0 vocabulary
file is left out: ``:Checksum_ShapeCV`` requires checksum algorithm IRIs to start with
``https://spdx.org/rdf/terms``, while the SPDX namespace (and the prefix the same release's
``shapes.ttl`` declares) is ``http://spdx.org/rdf/terms#``; no correct IRI can pass it. A
separate test pins that this is the only thing that shape objects to.

Recommended checks (``shapes_recommended.ttl``) and the vocabulary warnings are reported as
pytest warnings and must match the table in docs/en/interoperability.md.
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from satudata_meta.codes import codelist
from satudata_meta.exporters import ExportContext
from satudata_meta.importers.crosswalk import NOT_CARRIED, sdb_terms
from satudata_meta.prepared import PreparedDataset, prepare
from tests.conftest import ROOT
from tests.formats.conftest import needs_shared, run_cli
from tests.formats.test_export_datajson import lost_fields

pytest.importorskip("satudata_dcat", reason="plugin not installed: pip install -e "
                    "plugins/satudata-dcat")
pyshacl = pytest.importorskip("pyshacl")

from rdflib import Graph, Literal, URIRef  # noqa: E402
from rdflib import namespace as ns  # noqa: E402
from rdflib.compare import isomorphic  # noqa: E402

from satudata_dcat import vocab  # noqa: E402
from satudata_dcat.exporters import JsonLdExporter, RdfXmlExporter, TurtleExporter  # noqa: E402
from satudata_dcat.graph import build_graph, dataset_uri  # noqa: E402
from satudata_dcat.parse import from_dcat  # noqa: E402

MDR = URIRef("http://data.europa.eu/r5r#")
DEFECTIVE_SHAPE = URIRef(str(MDR) + "Checksum_ShapeCV")
DOCS_EN = ROOT / "docs" / "en" / "interoperability.md"


class DcatRecommendation(UserWarning):
    """A recommended DCAT-AP 3 property the export does not fill (reported, not an error)."""


@dataclass(frozen=True)
class Result:
    severity: str  # Violation | Warning | Info
    focus_class: str  # the focus node's class(es), e.g. "dcat:Distribution"
    path: str | None
    component: str
    detail_components: tuple[str, ...]


def _shapes(*names: str) -> Graph:
    folder = needs_shared("reference", "dcat-ap-3.0.0")
    graph = Graph()
    for name in names:
        graph.parse(folder / name, format="turtle")
    return graph


@pytest.fixture(scope="session")
def mandatory_shapes() -> Graph:
    """shapes + range + controlled vocabularies, without the one defective shape."""
    graph = _shapes("shapes.ttl", "range.ttl", "mdr-vocabularies.shape.ttl")
    assert (DEFECTIVE_SHAPE, ns.SH.targetClass, vocab.SPDX.Checksum) in graph
    graph.remove((DEFECTIVE_SHAPE, ns.SH.targetClass, None))
    return graph


@pytest.fixture(scope="session")
def vocabulary_shapes() -> Graph:
    return _shapes("mdr-vocabularies.shape.ttl")


@pytest.fixture(scope="session")
def recommended_shapes() -> Graph:
    return _shapes("shapes_recommended.ttl")


_NAMES = Graph()
for _prefix, _namespace in vocab.PREFIXES.items():
    _NAMES.bind(_prefix, _namespace, override=True)


def qname(node: object) -> str:
    """A compact name with the plugin's prefixes, whatever the data graph binds."""
    return _NAMES.qname(str(node))


def validate(data: Graph, shapes: Graph) -> list[Result]:
    """Top-level SHACL results (details of sh:node failures are attached, not counted)."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                    allow_warnings=True, advanced=True)
    results = []
    for node in report.objects(None, ns.SH.result):
        focus = report.value(node, ns.SH.focusNode)
        path = report.value(node, ns.SH.resultPath)
        classes = sorted(qname(c) for c in data.objects(focus, ns.RDF.type)
                         if c in (ns.DCAT.Catalog, ns.DCAT.Dataset, ns.DCAT.Distribution) or
                         not any(k in (ns.DCAT.Catalog, ns.DCAT.Dataset, ns.DCAT.Distribution)
                                 for k in data.objects(focus, ns.RDF.type)))
        details = tuple(sorted(str(report.value(d, ns.SH.sourceConstraintComponent)).split("#")[-1]
                               for d in report.objects(node, ns.SH.detail)))
        results.append(Result(
            severity=str(report.value(node, ns.SH.resultSeverity)).split("#")[-1],
            focus_class=",".join(classes),
            path=qname(path) if isinstance(path, URIRef) else None,
            component=str(report.value(node, ns.SH.sourceConstraintComponent)).split("#")[-1],
            detail_components=details))
    return results


def _cases(prepared: dict[str, PreparedDataset]) -> dict[str, list[PreparedDataset]]:
    cases = {name: [ds] for name, ds in prepared.items()}
    cases["(catalogue of all examples)"] = list(prepared.values())
    return cases


def test_every_example_has_zero_violations(prepared_examples: dict[str, PreparedDataset],
                                           mandatory_shapes: Graph,
                                           context: ExportContext) -> None:
    for name, datasets in _cases(prepared_examples).items():
        results = validate(build_graph(datasets, context), mandatory_shapes)
        violations = [r for r in results if r.severity == "Violation"]
        assert violations == [], f"{name}: {violations}"


def _warnings_table() -> set[tuple[str, str]]:
    """(class, property) rows of the SHACL warning table in the English docs."""
    text = DOCS_EN.read_text("utf-8")
    start, end = "<!-- shacl-warnings:start -->", "<!-- shacl-warnings:end -->"
    assert start in text and end in text, "docs lack the SHACL warning table"
    rows = set()
    for line in text.split(start)[1].split(end)[0].splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0] not in ("Shapes", "") and not set(cells[0]) <= {"-"}:
            rows.add((cells[1], cells[2]))
    return rows


def test_recommended_and_vocabulary_warnings_are_reported_and_documented(
        prepared_examples: dict[str, PreparedDataset], mandatory_shapes: Graph,
        recommended_shapes: Graph, context: ExportContext) -> None:
    seen: Counter[tuple[str, str]] = Counter()
    for name, datasets in _cases(prepared_examples).items():
        graph = build_graph(datasets, context)
        found = [r for r in validate(graph, recommended_shapes) + validate(
            graph, mandatory_shapes) if r.severity != "Violation"]
        by_property = Counter((r.focus_class, r.path or r.component) for r in found)
        for key, count in sorted(by_property.items()):
            seen[key] += count
        warnings.warn(DcatRecommendation(
            f"{name}: {len(found)} SHACL warnings: " + "; ".join(
                f"{c} {p} ×{n}" for (c, p), n in sorted(by_property.items()))), stacklevel=1)
    assert set(seen) == _warnings_table()


def test_the_only_vocabulary_violation_is_the_spdx_namespace_pattern(
        prepared_examples: dict[str, PreparedDataset], vocabulary_shapes: Graph,
        context: ExportContext) -> None:
    graph = build_graph(list(prepared_examples.values()), context)
    violations = [r for r in validate(graph, vocabulary_shapes) if r.severity == "Violation"]
    checksums = sum(1 for ds in prepared_examples.values() for r in ds.resources if r.sha256)
    assert len(violations) == checksums > 0
    for r in violations:
        assert (r.focus_class, r.path, r.component) == (
            "spdx:Checksum", "spdx:algorithm", "NodeConstraintComponent")
        # the class part of the restriction passes; only the https pattern fails
        assert r.detail_components == ("PatternConstraintComponent",)


@pytest.mark.parametrize("damage,expected", [
    (lambda g, ds: g.remove((ds, ns.DCTERMS.title, None)), "dct:title"),
    (lambda g, ds: [g.remove((d, ns.DCAT.accessURL, None))
                    for d in g.objects(ds, ns.DCAT.distribution)], "dcat:accessURL"),
    (lambda g, ds: g.set((ds, ns.DCTERMS.accrualPeriodicity, URIRef("urn:x:tahunan"))),
     "dct:accrualPeriodicity"),
    (lambda g, ds: [g.set((d, ns.DCAT.byteSize, Literal(3779)))
                    for d in g.objects(ds, ns.DCAT.distribution)], "dcat:byteSize"),
    (lambda g, ds: g.add((ds, ns.DCTERMS.publisher, Literal("Dinas"))), "dct:publisher"),
])
def test_the_shapes_catch_broken_output(prepared_examples: dict[str, PreparedDataset],
                                        mandatory_shapes: Graph, context: ExportContext,
                                        damage: Callable[[Graph, URIRef], Any],
                                        expected: str) -> None:
    ds = prepared_examples["penduduk-kabupaten-kota"]
    graph = build_graph([ds], context)
    damage(graph, dataset_uri(ds.id, context))
    paths = {r.path for r in validate(graph, mandatory_shapes) if r.severity == "Violation"}
    assert expected in paths


def test_the_three_serialisations_are_the_same_graph(
        prepared_examples: dict[str, PreparedDataset], context: ExportContext) -> None:
    datasets = list(prepared_examples.values())
    graphs = [Graph().parse(data=TurtleExporter().export(datasets, context), format="turtle"),
              Graph().parse(data=JsonLdExporter().export(datasets, context), format="json-ld"),
              Graph().parse(data=RdfXmlExporter().export(datasets, context), format="xml")]
    assert len(graphs[0]) > 100
    assert isomorphic(graphs[0], graphs[1]) and isomorphic(graphs[0], graphs[2])


def test_mapping_details(prepared_examples: dict[str, PreparedDataset],
                         context: ExportContext) -> None:
    ds = prepared_examples["produksi-padi-kecamatan"]
    meta = ds.metadata
    g = build_graph([ds], context)
    uri = dataset_uri(ds.id, context)
    topic = codelist("topik").get(meta["topik"])
    assert topic is not None
    theme = URIRef("http://publications.europa.eu/resource/authority/data-theme/"
                   + topic.mappings["eu"])
    assert (uri, ns.DCAT.theme, theme) in g and (theme, ns.SKOS.prefLabel, None) in g
    spatial = URIRef(context.wilayah_base + meta["cakupan_wilayah"])
    assert (uri, ns.DCTERMS.spatial, spatial) in g
    assert str(g.value(spatial, ns.SKOS.prefLabel)) == "Kabupaten Pandeglang"
    temporal = g.value(uri, ns.DCTERMS.temporal)
    assert g.value(temporal, ns.DCAT.startDate) == Literal(meta["periode"]["awal"],
                                                        datatype=ns.XSD.gYear)
    assert g.value(uri, ns.DCTERMS.issued) == Literal(meta["tanggal_rilis"], datatype=ns.XSD.date)
    for path, local in sdb_terms().items():  # every sdb: field the example fills
        if meta.get(path) not in (None, ""):
            assert (uri, vocab.SDB[local], None) in g, path
    dist = g.value(uri, ns.DCAT.distribution)
    checksum = g.value(dist, vocab.SPDX.checksum)
    assert str(g.value(checksum, vocab.SPDX.checksumValue)) == ds.resources[0].sha256
    size = g.value(dist, ns.DCAT.byteSize)
    assert isinstance(size, Literal) and size.datatype == ns.XSD.decimal
    assert size.toPython() == ds.resources[0].bytes
    licence = g.value(dist, ns.DCTERMS.license)
    assert str(licence).endswith("/licence/CC_BY_4_0")
    assert str(g.value(uri, ns.DCTERMS.accrualPeriodicity)).endswith("/frequency/ANNUAL")
    assert str(g.value(uri, ns.DCTERMS.accessRights)).endswith("/access-right/PUBLIC")
    contact = g.value(uri, ns.DCAT.contactPoint)
    assert g.value(contact, URIRef("http://www.w3.org/2006/vcard/ns#hasEmail")) == URIRef(
        "mailto:" + meta["kontak"]["email"])


def test_round_trip_keeps_everything_dcat_can_carry(
        prepared_examples: dict[str, PreparedDataset], context: ExportContext) -> None:
    lost: set[str] = set()
    for ds in prepared_examples.values():
        for exporter, fmt in ((TurtleExporter(), "turtle"), (JsonLdExporter(), "json-ld"),
                              (RdfXmlExporter(), "xml")):
            back = from_dcat(exporter.export([ds], context), fmt, context)
            assert len(back) == 1
            lost |= lost_fields(ds.metadata, back[0])
    assert lost == set(NOT_CARRIED["dcat"])  # pinned: it can neither grow nor shrink silently


def test_round_trip_of_every_code_value(write_package: Callable[..., Path],
                                        context: ExportContext) -> None:
    """Each frequency and access level maps to an EU concept and back."""
    for list_name in ("frekuensi", "akses"):
        for code in codelist(list_name):
            def edit(meta: dict[str, Any], c: str = code.code, n: str = list_name) -> None:
                meta[n] = c
            ds = prepare(write_package(edit))
            back = from_dcat(TurtleExporter().export([ds], context), "turtle", context)[0]
            assert back[list_name] == code.code


def test_cli_exports_each_dcat_format(tmp_path: Path) -> None:
    from tests.conftest import EXAMPLES

    for fmt, parser in (("dcat-turtle", "turtle"), ("dcat-jsonld", "json-ld"),
                        ("dcat-rdfxml", "xml")):
        target = tmp_path / f"catalog.{fmt}"
        result = run_cli("export", str(EXAMPLES), "--format", fmt, "-o", str(target))
        assert result.exit_code == 0, result.output
        graph = Graph().parse(target, format=parser)
        assert len(list(graph.subjects(ns.RDF.type, ns.DCAT.Dataset))) >= 3


def test_core_never_imports_rdflib(tmp_path: Path) -> None:
    """The core, its exporters, the importer and a data.json export run without rdflib."""
    code = (
        "import sys\n"
        "from satudata_meta.cli.main import main\n"
        "import satudata_meta.exporters.datajson, satudata_meta.exporters.datapackage\n"
        "import satudata_meta.importers.datajson, satudata_meta.cli.import_\n"
        f"try:\n    main(['export', {str(ROOT / 'examples')!r}, '--format', 'datajson',"
        f" '-o', {str(tmp_path / 'data.json')!r}])\n"
        "except SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        "assert 'rdflib' not in sys.modules, 'rdflib imported'\n"
        "print('ok')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, cwd=ROOT)
    assert result.returncode == 0 and "ok" in result.stdout, result.stdout + result.stderr


def test_catalogue_description_fills_the_catalogue_warnings(
        prepared_examples: dict[str, PreparedDataset], recommended_shapes: Graph,
        tmp_path: Path) -> None:
    from tests.conftest import EXAMPLES

    description = tmp_path / "katalog.yaml"
    description.write_text("issued: 2026-11-28\nlicense: CC-BY-4.0\n", "utf-8")
    target = tmp_path / "catalog.ttl"
    result = run_cli("export", str(EXAMPLES), "--format", "dcat-turtle", "--catalog",
                     str(description), "-o", str(target))
    assert result.exit_code == 0, result.output
    graph = Graph().parse(target, format="turtle")
    paths = {(r.focus_class, r.path) for r in validate(graph, recommended_shapes)}
    assert ("dcat:Catalog", "dct:issued") not in paths
    assert ("dcat:Catalog", "dct:license") not in paths
    assert ("dcat:Distribution", "dcatap:availability") in paths  # the rest unchanged
