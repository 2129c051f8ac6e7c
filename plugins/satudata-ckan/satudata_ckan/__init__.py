"""Publish Satu Data Banten datasets to CKAN, and pull them back (a satudata-meta plugin)."""
