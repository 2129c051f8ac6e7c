"""DCAT-AP 3 exporters for satudata-meta (Turtle, JSON-LD, RDF/XML) and a reader back.

A distribution of its own so the core never imports rdflib; it registers its exporters in the
``satudata_meta.exporters`` entry-point group exactly as a third party would.
"""

__version__ = "0.1.0"
