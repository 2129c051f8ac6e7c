"""The three DCAT-AP 3 exporter plugins: one graph, three serialisations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from satudata_dcat.graph import build_graph
from satudata_dcat.vocab import PREFIXES
from satudata_meta.exporters import ExportContext
from satudata_meta.prepared import PreparedDataset


class _DcatExporter:
    name = ""
    media_type = ""
    extension = ""
    rdflib_format = ""

    def options(self) -> dict[str, Any]:
        return {}

    def export(self, datasets: Sequence[PreparedDataset], context: ExportContext) -> str:
        graph = build_graph(datasets, context)
        text: str = graph.serialize(format=self.rdflib_format, **self.options())
        return text if text.endswith("\n") else text + "\n"


class TurtleExporter(_DcatExporter):
    """``--format dcat-turtle``."""

    name = "dcat-turtle"
    media_type = "text/turtle"
    extension = "ttl"
    rdflib_format = "turtle"


class JsonLdExporter(_DcatExporter):
    """``--format dcat-jsonld``: compacted with the prefixes as context, so keys read
    ``dct:title`` instead of full IRIs."""

    name = "dcat-jsonld"
    media_type = "application/ld+json"
    extension = "jsonld"
    rdflib_format = "json-ld"

    def options(self) -> dict[str, Any]:
        return {"context": {p: str(ns) for p, ns in PREFIXES.items()}, "indent": 2,
                "auto_compact": True}


class RdfXmlExporter(_DcatExporter):
    """``--format dcat-rdfxml``."""

    name = "dcat-rdfxml"
    media_type = "application/rdf+xml"
    extension = "rdf"
    rdflib_format = "pretty-xml"
