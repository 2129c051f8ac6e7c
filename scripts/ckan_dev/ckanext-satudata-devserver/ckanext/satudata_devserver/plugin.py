"""The ``satudata_devserver`` CKAN plugin (TEST/DEV ONLY, never in production).

CKAN 2.11 assumes a Solr server: it indexes every dataset on create/update,
serves ``package_search`` from Solr, and counts the datasets of each
organization/group through Solr facets. No registry this project can reach
ships Solr, so ``scripts/ckan-dev`` runs CKAN with ``solr_url`` pointing at a
closed port and enables this plugin, which puts PostgreSQL in Solr's place.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.lib.dictization.model_dictize as model_dictize
import ckan.lib.search as search
import ckan.plugins as plugins
from ckan.lib.search.index import NoopSearchIndex
from ckanext.satudata_devserver import pgsearch


def install_solr_less_patches() -> None:
    """Swap CKAN's Solr hooks for PostgreSQL/no-op ones (idempotent).

    * ``_INDICES['package']`` -> ``NoopSearchIndex``: dataset
      create/update/delete would otherwise fail while trying to index the
      dataset in Solr (the database row is written, the call returns 500).
    * ``_QUERIES['package']`` -> ``NoSolrPackageSearchQuery``: lets
      ``package_show`` skip its Solr cache lookup without a network call and
      makes the remaining Solr-only paths fail with a clear message.
    * ``model_dictize.get_group_dataset_counts`` -> SQL counts: used by
      ``organization_list``/``group_list`` with ``all_fields``; the Solr
      version makes them return 500.
    """
    search._INDICES['package'] = NoopSearchIndex
    search._QUERIES['package'] = pgsearch.NoSolrPackageSearchQuery
    model_dictize.get_group_dataset_counts = pgsearch.group_dataset_counts


class SatudataDevserverPlugin(plugins.SingletonPlugin):
    """Solr-less CKAN for tests: see the module docstring."""

    plugins.implements(plugins.IConfigurable)
    plugins.implements(plugins.IActions)

    def configure(self, config: Any) -> None:
        # Runs once the plugins are loaded, before any request or CLI
        # command touches the search index.
        install_solr_less_patches()

    def get_actions(self) -> dict[str, Callable[..., Any]]:
        # package_search is the only action that needs replacing outright:
        # core sends it to Solr. organization_show/_create reach it through
        # get_action (dataset counts), so they are fixed by this as well.
        return {'package_search': pgsearch.package_search}
