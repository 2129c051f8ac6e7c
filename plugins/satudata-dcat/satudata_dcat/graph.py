"""DCAT-AP 3 graph of a catalogue: dcat:Catalog, dcat:Dataset, dcat:Distribution.

What goes where is driven by the standard's ``dcat`` mappings: every field mapped to
``sdb:<name>`` (Satu Data fields without a DCAT home: konsep, satuan, tingkat penyajian, the
MS-Ind block, ...) is written as that property, the rest by the functions below. Choices the
profile leaves open, and why:

* licence: the EU licence NAL URI (``.../licence/CC_BY_4_0``), typed ``dct:LicenseDocument``
  and linked to the licence's own URL with ``rdfs:seeAlso``. Both that and the plain licence
  URL pass the shapes (they only ask for an IRI of class ``dct:LicenseDocument``); the NAL
  URI is what data.europa.eu's quality assessment scores as "licence from vocabulary".
* ``sumber`` (free text) as ``dct:provenance``: ``dct:source`` must be a ``dcat:Dataset``.
* dates keep their precision: a ``periode`` of "2019" is ``xsd:gYear``, "2019-06"
  ``xsd:gYearMonth``, a full date ``xsd:date`` (all allowed by the shapes), so reading the
  graph back gives the same values.
* ``dcat:byteSize`` as ``xsd:decimal``: the DCAT-AP 3.0.0 shapes require that datatype.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from satudata_dcat import vocab
from satudata_dcat.vocab import SDB, SPDX, VCARD
from satudata_meta.codes import Code, codelist
from satudata_meta.exporters import ExportContext
from satudata_meta.importers.crosswalk import SDB_EXTRA, sdb_terms
from satudata_meta.prepared import PreparedDataset, ResourceInfo
from satudata_meta.standard.spec import load_standard

Node = URIRef | BNode


def catalog_uri(context: ExportContext) -> URIRef:
    """The catalogue: ``<base>/catalog`` (its homepage is the portal itself)."""
    return URIRef(context.base_url.rstrip("/") + "/catalog")


def dataset_uri(dataset_id: str, context: ExportContext) -> URIRef:
    return URIRef(context.dataset_url(dataset_id) + "#dataset")


def wilayah_uri(code: str, context: ExportContext) -> URIRef:
    return URIRef(context.wilayah_base.rstrip("/") + "/" + code)


def wilayah_label(code: Code) -> str:
    """A region's name as people write it: "Provinsi Banten", "Kabupaten Pandeglang"."""
    name = code.name
    kind = str(code.extra.get("kind") or code.level or "")
    designator = {"provinsi": "Provinsi", "kecamatan": "Kecamatan", "desa": "Desa",
                  "kelurahan": "Kelurahan", "desa_adat": "Desa"}.get(kind)
    if designator and not name.casefold().startswith(designator.casefold()):
        return f"{designator} {name}"
    return name


def period_literal(value: Any) -> Literal:
    """A period bound with its precision: gYear, gYearMonth or date."""
    text = str(value)
    if len(text) == 4:
        return Literal(text, datatype=XSD.gYear)
    if len(text) == 7:
        return Literal(text, datatype=XSD.gYearMonth)
    return Literal(text, datatype=XSD.date)


class _Builder:
    def __init__(self, context: ExportContext) -> None:
        self.context = context
        self.graph = Graph()
        for prefix, ns in vocab.PREFIXES.items():
            self.graph.bind(prefix, ns, override=True)
        self.standard = load_standard()
        self.lang = "id"  # the metadata's own language

    def add(self, s: Node, p: URIRef, o: Node | Literal) -> None:
        self.graph.add((s, p, o))

    def text(self, value: Any) -> Literal:
        return Literal(str(value), lang=self.lang)

    # -- vocabularies ------------------------------------------------------------------------
    def concept(self, uri: URIRef, kind: URIRef, scheme: str | None = None,
                label: str | None = None) -> URIRef:
        """A controlled-vocabulary concept with the minimal triples the shapes look for:
        its class (range.ttl) and its ``skos:inScheme`` (mdr-vocabularies.shape.ttl)."""
        self.add(uri, RDF.type, kind)
        if scheme is not None:
            self.add(uri, SKOS.inScheme, URIRef(scheme))
        if label is not None:
            self.add(uri, SKOS.prefLabel, Literal(label, lang="en"))
        return uri

    def language(self, code: str) -> URIRef | None:
        eu = vocab.LANGUAGES.get(code)
        if eu is None:
            return None
        return self.concept(vocab.LANGUAGE[eu], DCTERMS.LinguisticSystem,
                            vocab.AUTHORITY + "language")

    def licence(self, value: Any) -> URIRef | None:
        code = codelist("lisensi").get(str(value))
        if code is None:
            return None
        eu, url = code.mappings.get("eu"), code.mappings.get("url")
        uri = vocab.LICENCE[str(eu)] if eu else URIRef(str(url)) if url else None
        if uri is None:
            return None
        self.add(uri, RDF.type, DCTERMS.LicenseDocument)
        if url and eu:
            self.add(uri, RDFS.seeAlso, URIRef(str(url)))
        for kind in vocab.LICENCE_TYPES.get(code.code, ()):
            self.add(uri, DCTERMS.type, self.concept(
                vocab.LICENCE_TYPE[kind], SKOS.Concept, str(vocab.LICENCE_TYPE_SCHEME),
                vocab.LICENCE_TYPE_LABELS[kind]))
            self.scheme(vocab.LICENCE_TYPE_SCHEME, "Licence type")
        return uri

    def scheme(self, uri: URIRef, title: str) -> None:
        """A concept scheme the shapes check by class (skos:ConceptScheme needs a title)."""
        self.add(uri, RDF.type, SKOS.ConceptScheme)
        self.add(uri, DCTERMS.title, Literal(title, lang="en"))

    def agent(self, code_value: Any) -> URIRef | BNode:
        """A perangkat daerah as foaf:Agent: its CKAN organisation URL, official names."""
        code = codelist("perangkat_daerah").get(str(code_value))
        if code is None:
            node: URIRef | BNode = BNode()
            self.add(node, RDF.type, FOAF.Agent)
            self.add(node, FOAF.name, self.text(code_value))
            return node
        org = str(code.extra.get("ckan_org") or code.code)
        node = URIRef(f"{self.context.base_url.rstrip('/')}/organization/{org}")
        self.add(node, RDF.type, FOAF.Agent)
        self.add(node, RDF.type, FOAF.Organization)
        for lang, name in code.label.items():
            self.add(node, FOAF.name, Literal(name, lang=lang))
        self.add(node, DCTERMS.identifier, Literal(code.code))
        self.add(node, DCTERMS.type, self.concept(
            vocab.REGIONAL_AUTHORITY, SKOS.Concept, str(vocab.PUBLISHER_TYPE_SCHEME),
            "Regional authority"))
        self.scheme(vocab.PUBLISHER_TYPE_SCHEME, "Publisher type")
        return node

    def location(self, code_value: Any) -> URIRef:
        uri = wilayah_uri(str(code_value), self.context)
        self.add(uri, RDF.type, DCTERMS.Location)
        self.add(uri, DCTERMS.identifier, Literal(str(code_value)))
        try:
            code = codelist("wilayah").get(str(code_value))
        except (KeyError, OSError, RuntimeError):  # wilayah tables not installed
            code = None
        if code is not None:
            self.add(uri, SKOS.prefLabel, self.text(wilayah_label(code)))
        return uri

    # -- dataset -----------------------------------------------------------------------------
    def dataset(self, ds: PreparedDataset) -> URIRef:
        meta = ds.metadata
        # The dataset itself and its landing page (a foaf:Document) are two things: the
        # dataset is the fragment of the page that describes it.
        uri = dataset_uri(ds.id, self.context)
        g = self.add
        g(uri, RDF.type, DCAT.Dataset)
        g(uri, DCTERMS.identifier, Literal(ds.id))
        g(uri, DCTERMS.title, self.text(meta["judul"]))
        g(uri, DCTERMS.description, self.text(meta["deskripsi"]))
        for tag in meta.get("tag") or []:
            g(uri, DCAT.keyword, self.text(tag))
        landing = URIRef(self.context.dataset_url(ds.id))
        g(uri, DCAT.landingPage, landing)
        g(landing, RDF.type, FOAF.Document)
        standard = URIRef(self.standard.namespace.rstrip("#/"))
        g(uri, DCTERMS.conformsTo, standard)
        g(standard, RDF.type, DCTERMS.Standard)
        g(standard, DCTERMS.title, Literal(self.standard.title["id"], lang="id"))
        language = self.language(str(self.context.catalog.get("language") or "id"))
        if language is not None:
            g(uri, DCTERMS.language, language)
        topic = codelist("topik").get(str(meta.get("topik")))
        if topic is not None and topic.mappings.get("eu"):
            eu = str(topic.mappings["eu"])
            g(uri, DCAT.theme, self.concept(vocab.DATA_THEME[eu], SKOS.Concept,
                                            vocab.AUTHORITY + "data-theme",
                                            vocab.DATA_THEME_LABELS.get(eu, eu)))
        if meta.get("produsen_data"):
            g(uri, DCTERMS.publisher, self.agent(meta["produsen_data"]))
        contact = meta.get("kontak")
        if isinstance(contact, dict) and contact:
            node = BNode()
            g(uri, DCAT.contactPoint, node)
            g(node, RDF.type, VCARD.Kind)
            if contact.get("nama"):
                g(node, VCARD.fn, self.text(contact["nama"]))
            if contact.get("email"):
                g(node, VCARD.hasEmail, URIRef(f"mailto:{contact['email']}"))
        frequency = codelist("frekuensi").get(str(meta.get("frekuensi")))
        if frequency is not None and frequency.mappings.get("eu"):
            g(uri, DCTERMS.accrualPeriodicity, self.concept(
                vocab.FREQUENCY[str(frequency.mappings["eu"])], DCTERMS.Frequency,
                vocab.AUTHORITY + "frequency"))
        access = codelist("akses").get(str(meta.get("akses")))
        if access is not None and access.mappings.get("eu"):
            g(uri, DCTERMS.accessRights, self.concept(
                vocab.ACCESS_RIGHT[str(access.mappings["eu"])], DCTERMS.RightsStatement,
                vocab.AUTHORITY + "access-right"))
        period = meta.get("periode")
        if isinstance(period, dict) and (period.get("awal") or period.get("akhir")):
            node = BNode()
            g(uri, DCTERMS.temporal, node)
            g(node, RDF.type, DCTERMS.PeriodOfTime)
            if period.get("awal"):
                g(node, DCAT.startDate, period_literal(period["awal"]))
            if period.get("akhir"):
                g(node, DCAT.endDate, period_literal(period["akhir"]))
        if meta.get("cakupan_wilayah"):
            g(uri, DCTERMS.spatial, self.location(meta["cakupan_wilayah"]))
        for key, prop in (("tanggal_rilis", DCTERMS.issued),
                          ("tanggal_pemutakhiran", DCTERMS.modified)):
            if meta.get(key):
                g(uri, prop, Literal(str(meta[key]), datatype=XSD.date))
        if meta.get("sumber"):
            node = BNode()
            g(uri, DCTERMS.provenance, node)
            g(node, RDF.type, DCTERMS.ProvenanceStatement)
            g(node, RDFS.label, self.text(meta["sumber"]))
        self.sdb_fields(uri, meta)
        licence = self.licence(meta.get("lisensi"))
        for res in ds.resources:
            g(uri, DCAT.distribution, self.distribution(ds, res, licence))
        return uri

    def sdb_fields(self, uri: URIRef, meta: dict[str, Any]) -> None:
        """Every field the standard maps to ``sdb:``, typed by the field's type."""
        for path, local in {**sdb_terms(self.standard), **SDB_EXTRA}.items():
            value = meta.get(path)
            spec = self.standard.field(path)
            if value is None or value == "" or spec is None:
                continue
            if spec.type == "boolean" and isinstance(value, bool):
                literal = Literal(value)
            elif spec.type == "year":
                literal = Literal(str(value), datatype=XSD.gYear)
            elif spec.type == "text":
                literal = self.text(value)
            else:
                literal = Literal(str(value))
            self.add(uri, SDB[local], literal)

    def distribution(self, ds: PreparedDataset, res: ResourceInfo,
                     licence: URIRef | None) -> URIRef:
        uri = URIRef(f"{self.context.dataset_url(ds.id)}/resource/{res.name}")
        g = self.add
        g(uri, RDF.type, DCAT.Distribution)
        g(uri, DCTERMS.identifier, Literal(res.name))
        raw = res.descriptor
        if raw.get("title"):
            g(uri, DCTERMS.title, self.text(raw["title"]))
        if raw.get("description"):
            g(uri, DCTERMS.description, self.text(raw["description"]))
        raw_path = raw.get("path")
        if res.path is not None or (raw_path and not res.url):
            filename = PurePosixPath(str(raw_path)).name if raw_path else res.name
            download = URIRef(self.context.download_url(ds.id, res.name, filename))
            g(uri, DCAT.downloadURL, download)
            g(uri, DCAT.accessURL, download)
        if res.url:
            g(uri, DCAT.accessURL, URIRef(res.url))
        file_type = vocab.FILE_TYPES.get(res.format)
        if file_type:
            g(uri, DCTERMS["format"], self.concept(
                vocab.FILE_TYPE[file_type], DCTERMS.MediaTypeOrExtent,
                vocab.AUTHORITY + "file-type"))
        media = URIRef(vocab.IANA_MEDIA_TYPES + res.media_type)
        g(uri, DCAT.mediaType, media)
        g(media, RDF.type, DCTERMS.MediaType)
        if res.bytes is not None:
            # the canonical xsd:decimal form ("3779.0"), which every serialiser keeps as is
            g(uri, DCAT.byteSize, Literal(f"{res.bytes}.0", datatype=XSD.decimal))
        if res.sha256:
            node = BNode()
            g(uri, SPDX.checksum, node)
            g(node, RDF.type, SPDX.Checksum)
            g(node, SPDX.algorithm, vocab.CHECKSUM_SHA256)
            g(vocab.CHECKSUM_SHA256, RDF.type, SPDX.ChecksumAlgorithm)
            g(node, SPDX.checksumValue, Literal(res.sha256, datatype=XSD.hexBinary))
        if licence is not None:
            g(uri, DCTERMS.license, licence)
        return uri

    # -- catalogue ---------------------------------------------------------------------------
    def catalog(self, datasets: Sequence[PreparedDataset]) -> URIRef:
        cat = self.context.catalog
        uri = catalog_uri(self.context)
        g = self.add
        g(uri, RDF.type, DCAT.Catalog)
        for prop, key in ((DCTERMS.title, "title"), (DCTERMS.description, "description")):
            value = cat.get(key)
            if isinstance(value, dict):
                for lang, text in value.items():
                    g(uri, prop, Literal(str(text), lang=lang))
            elif value:
                g(uri, prop, self.text(value))
        if cat.get("publisher"):
            g(uri, DCTERMS.publisher, self.agent(cat["publisher"]))
        homepage = cat.get("homepage")
        if homepage:
            g(uri, FOAF.homepage, URIRef(str(homepage)))
            g(URIRef(str(homepage)), RDF.type, FOAF.Document)
        language = self.language(str(cat.get("language") or "id"))
        if language is not None:
            g(uri, DCTERMS.language, language)
        area = cat.get("spatial") or (self.standard.field("cakupan_wilayah") or _NoSpec).default
        if area:
            g(uri, DCTERMS.spatial, self.location(area))
        taxonomy = URIRef(vocab.AUTHORITY + "data-theme")
        g(uri, DCAT.themeTaxonomy, taxonomy)
        self.scheme(taxonomy, "Data theme")
        dates = [str(d.metadata.get("tanggal_pemutakhiran") or d.metadata.get("tanggal_rilis"))
                 for d in datasets if d.metadata.get("tanggal_pemutakhiran")
                 or d.metadata.get("tanggal_rilis")]
        if dates:
            g(uri, DCTERMS.modified, Literal(max(dates), datatype=XSD.date))
        if cat.get("issued"):
            issued = cat["issued"]
            text = issued.isoformat() if isinstance(issued, dt.date) else str(issued)
            g(uri, DCTERMS.issued, Literal(text, datatype=XSD.date))
        licence = self.licence(cat.get("license"))
        if licence is not None:
            g(uri, DCTERMS.license, licence)
        for ds in datasets:
            g(uri, DCAT.dataset, self.dataset(ds))
        return uri


class _NoSpec:
    default = None


def build_graph(datasets: Sequence[PreparedDataset], context: ExportContext) -> Graph:
    """The catalogue graph of ``datasets`` (always with a dcat:Catalog around them)."""
    builder = _Builder(context)
    builder.catalog(datasets)
    return builder.graph
