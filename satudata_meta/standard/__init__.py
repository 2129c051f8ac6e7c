"""The Standar Metadata Satu Data Banten, read from ``standards/metadata/``."""

from satudata_meta.standard.spec import FieldSpec, Rule, Standard, load_standard

__all__ = ["FieldSpec", "Rule", "Standard", "load_standard"]
