"""Importers: catalogues in other formats turned into packages of the standard.

``datajson`` reads a Project Open Data 1.1 ``data.json`` feed (what data.go.id harvests) and
maps each dataset onto the standard through the code lists, reporting what it cannot map;
``crosswalk`` holds the field mappings every importer and exporter reads.
"""
