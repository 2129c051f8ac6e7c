"""Test-only CKAN plugin that lets scripts/ckan-dev run CKAN without Solr."""
