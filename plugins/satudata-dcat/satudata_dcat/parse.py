"""Read a DCAT-AP 3 graph written by this plugin back into metadata of the standard.

Used by the round-trip tests (standard -> DCAT -> standard keeps every field DCAT can carry)
and usable to take datasets back from a catalogue this plugin published. It reads what
``graph`` writes; it is not a general DCAT harvester.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS
from rdflib.term import Node

from satudata_dcat import vocab
from satudata_dcat.vocab import SDB, VCARD
from satudata_meta.codes import codelist
from satudata_meta.exporters import ExportContext
from satudata_meta.importers.crosswalk import SDB_EXTRA, sdb_terms
from satudata_meta.standard.spec import load_standard


def _tail(node: Node | None) -> str | None:
    return str(node).rstrip("/").rsplit("/", 1)[-1] if node is not None else None


class _Reader:
    def __init__(self, graph: Graph, context: ExportContext) -> None:
        self.g = graph
        self.context = context

    def one(self, s: Node, p: URIRef) -> Node | None:
        """One value; for language-tagged text, the Indonesian one."""
        values = list(self.g.objects(s, p))
        if not values:
            return None
        tagged = [v for v in values if isinstance(v, Literal) and v.language == "id"]
        return tagged[0] if tagged else values[0]

    def text(self, s: Node, p: URIRef) -> str | None:
        value = self.one(s, p)
        return str(value) if value is not None else None

    def coded(self, list_name: str, scheme: str, node: Node | None) -> str | None:
        tail = _tail(node)
        code = codelist(list_name).by_mapping(scheme, tail) if tail else None
        return code.code if code is not None else None

    def dataset(self, uri: Node) -> dict[str, Any]:
        meta: dict[str, Any] = {}
        for key, prop in (("id", DCTERMS.identifier), ("judul", DCTERMS.title),
                          ("deskripsi", DCTERMS.description),
                          ("tanggal_rilis", DCTERMS.issued),
                          ("tanggal_pemutakhiran", DCTERMS.modified)):
            value = self.text(uri, prop)
            if value is not None:
                meta[key] = value
        tags = sorted(str(k) for k in self.g.objects(uri, DCAT.keyword))
        if tags:
            meta["tag"] = tags
        publisher = self.one(uri, DCTERMS.publisher)
        if publisher is not None:
            ident = self.text(publisher, DCTERMS.identifier)
            name = self.text(publisher, FOAF.name)
            found = codelist("perangkat_daerah").normalize(name) if ident is None and name \
                else None
            meta["produsen_data"] = ident or (found.code.code if found else name)
        contact = self.one(uri, DCAT.contactPoint)
        if contact is not None:
            kontak: dict[str, Any] = {}
            name = self.text(contact, VCARD.fn)
            email = self.text(contact, VCARD.hasEmail)
            if name:
                kontak["nama"] = name
            if email:
                kontak["email"] = email.removeprefix("mailto:")
            meta["kontak"] = kontak
        frequency = self.coded("frekuensi", "eu", self.one(uri, DCTERMS.accrualPeriodicity))
        if frequency:
            meta["frekuensi"] = frequency
        temporal = self.one(uri, DCTERMS.temporal)
        if temporal is not None:
            period = {k: self.text(temporal, p) for k, p in (("awal", DCAT.startDate),
                                                             ("akhir", DCAT.endDate))}
            meta["periode"] = {k: v for k, v in period.items() if v is not None}
        spatial = self.one(uri, DCTERMS.spatial)
        if spatial is not None:
            base = self.context.wilayah_base.rstrip("/") + "/"
            ident = self.text(spatial, DCTERMS.identifier)
            meta["cakupan_wilayah"] = ident or str(spatial).removeprefix(base)
        access = self.coded("akses", "eu", self.one(uri, DCTERMS.accessRights))
        if access:
            meta["akses"] = access
        provenance = self.one(uri, DCTERMS.provenance)
        if provenance is not None and self.text(provenance, RDFS.label):
            meta["sumber"] = self.text(provenance, RDFS.label)
        standard = load_standard()
        for path, local in {**sdb_terms(standard), **SDB_EXTRA}.items():
            node = self.one(uri, SDB[local])
            if node is None:
                continue
            spec = standard.field(path)
            python = node.toPython() if isinstance(node, Literal) else node
            meta[path] = python if spec is not None and spec.type == "boolean" and \
                isinstance(python, bool) else str(node)
        resources = []
        licences = set()
        for dist in self.g.objects(uri, DCAT.distribution):
            resources.append(self.distribution(dist))
            licence = self.one(dist, DCTERMS.license)
            if licence is not None:
                licences.add(licence)
        if resources:
            meta["resources"] = sorted(resources, key=lambda r: str(r.get("name")))
        if len(licences) == 1:
            meta["lisensi"] = self.licence(next(iter(licences)))
        return meta

    @staticmethod
    def licence(node: Node) -> str:
        """The lisensi code of an EU licence NAL URI or a licence URL (else the URI)."""
        lisensi = codelist("lisensi")
        by_eu = lisensi.by_mapping("eu", _tail(node))
        if by_eu is not None:
            return by_eu.code
        match = lisensi.normalize(str(node))
        return match.code.code if match is not None else str(node)

    def distribution(self, dist: Node) -> dict[str, Any]:
        res: dict[str, Any] = {}
        for key, prop in (("name", DCTERMS.identifier), ("title", DCTERMS.title),
                          ("description", DCTERMS.description)):
            value = self.text(dist, prop)
            if value is not None:
                res[key] = value
        url = self.one(dist, DCAT.downloadURL) or self.one(dist, DCAT.accessURL)
        if url is not None:
            res["url"] = str(url)
        file_type = _tail(self.one(dist, DCTERMS["format"]))
        if file_type and file_type in vocab.FORMATS_BY_FILE_TYPE:
            res["format"] = vocab.FORMATS_BY_FILE_TYPE[file_type]
        return res


def from_dcat(data: str | Graph, fmt: str = "turtle",
              context: ExportContext | None = None) -> list[dict[str, Any]]:
    """Every dcat:Dataset of a graph (or its serialisation) as metadata of the standard,
    sorted by id."""
    graph = data if isinstance(data, Graph) else Graph().parse(data=data, format=fmt)
    reader = _Reader(graph, context or ExportContext())
    found = [reader.dataset(s) for s in graph.subjects(RDF.type, DCAT.Dataset)]
    return sorted(found, key=lambda m: str(m.get("id")))
