"""Kode Referensi: the standard's code lists, looked up and normalised.

Small curated lists are YAML files in ``standards/codes/<name>.yaml``; the wilayah lists are
large tables with their own loader (``satudata_meta.codes.wilayah``). Every list is read once,
lazily, and cached.
"""

from satudata_meta.codes.codelist import Code, CodeList, Match, codelist, codelist_names, norm_key

__all__ = ["Code", "CodeList", "Match", "codelist", "codelist_names", "norm_key"]
