"""Namespaces and the controlled vocabularies DCAT-AP 3 asks for.

The EU authority tables (frequency, access-right, data-theme, file-type, language, licence)
are named by URI only; the code lists of the standard carry the EU code in their ``eu``
mapping. The official SHACL shapes (``mdr-vocabularies.shape.ttl``) check a concept through
its own triples (``skos:inScheme`` of the table), which a validator without the EU tables
loaded does not have, so the export states the minimal typing triples for each concept it
uses (see ``graph._concept``).
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from satudata_meta.standard.spec import load_standard

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
ADMS = Namespace("http://www.w3.org/ns/adms#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
SDB = Namespace(load_standard().namespace)

AUTHORITY = "http://publications.europa.eu/resource/authority/"
FREQUENCY = Namespace(AUTHORITY + "frequency/")
ACCESS_RIGHT = Namespace(AUTHORITY + "access-right/")
DATA_THEME = Namespace(AUTHORITY + "data-theme/")
FILE_TYPE = Namespace(AUTHORITY + "file-type/")
LANGUAGE = Namespace(AUTHORITY + "language/")
LICENCE = Namespace(AUTHORITY + "licence/")
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
PUBLISHER_TYPE_SCHEME = PUBLISHER_TYPE["1.0"]
# Perangkat daerah of a province: ADMS publisher type "Regional authority".
REGIONAL_AUTHORITY = PUBLISHER_TYPE["RegionalAuthority"]

PREFIXES = {
    "dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "vcard": VCARD, "spdx": SPDX, "skos": SKOS,
    "dcatap": DCATAP, "adms": ADMS, "locn": LOCN, "xsd": XSD, "rdfs": RDFS, "rdf": RDF,
    "sdb": SDB,
}

# ISO 639-1 (what the standard and POD write) -> EU language table code.
LANGUAGES = {"id": "IND", "en": "ENG"}

# File format as the standard writes it -> EU file-type table code.
FILE_TYPES = {
    "csv": "CSV", "xlsx": "XLSX", "xls": "XLS", "json": "JSON", "geojson": "GEOJSON",
    "xml": "XML", "pdf": "PDF", "zip": "ZIP", "docx": "DOCX", "doc": "DOC", "ods": "ODS",
    "odt": "ODT", "txt": "TXT", "html": "HTML", "png": "PNG", "jpg": "JPEG", "jpeg": "JPEG",
    "shp": "SHP", "kml": "KML", "gpkg": "GPKG", "parquet": "PARQUET", "ttl": "RDF_TURTLE",
    "rdf": "RDF_XML", "jsonld": "JSON_LD",
}
FORMATS_BY_FILE_TYPE = {v: k for k, v in reversed(list(FILE_TYPES.items()))}

# English labels of the EU data themes (the table's own prefLabels), for skos:prefLabel,
# which the shapes require of every skos:Concept.
DATA_THEME_LABELS = {
    "AGRI": "Agriculture, fisheries, forestry and food",
    "ECON": "Economy and finance",
    "EDUC": "Education, culture and sport",
    "ENER": "Energy",
    "ENVI": "Environment",
    "GOVE": "Government and public sector",
    "HEAL": "Health",
    "INTR": "International issues",
    "JUST": "Justice, legal system and public safety",
    "REGI": "Regions and cities",
    "SOCI": "Population and society",
    "TECH": "Science and technology",
    "TRAN": "Transport",
}

CHECKSUM_SHA256 = SPDX["checksumAlgorithm_sha256"]

# ADMS licence types of each licence of the lisensi code list (SPDX code -> types), for the
# licence's dct:type, which the recommended shapes ask for.
LICENCE_TYPE = Namespace("http://purl.org/adms/licencetype/")
LICENCE_TYPE_SCHEME = LICENCE_TYPE["1.0"]
LICENCE_TYPE_LABELS = {
    "Attribution": "Attribution",
    "PublicDomain": "Public domain",
    "ViralEffect-ShareAlike": "Viral effect (a.k.a. Share-alike)",
}
LICENCE_TYPES = {
    "CC-BY-4.0": ("Attribution",),
    "CC0-1.0": ("PublicDomain",),
    "CC-BY-SA-4.0": ("Attribution", "ViralEffect-ShareAlike"),
    "ODbL-1.0": ("Attribution", "ViralEffect-ShareAlike"),
    "ODC-By-1.0": ("Attribution",),
    "PDDL-1.0": ("PublicDomain",),
}
