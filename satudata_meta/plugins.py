"""Plugins: checks, exporters and publishers found through entry points.

The built-in plugins register in this package's own ``pyproject.toml`` exactly as a third
party's would in theirs, so the core has no privileged path (compare ckanext-dcat's
``ckan.rdf.profiles`` and datasette's hooks).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from typing import Any

GROUPS: dict[str, str] = {
    "check": "satudata_meta.checks",
    "exporter": "satudata_meta.exporters",
    "publisher": "satudata_meta.publishers",
}


@dataclass(frozen=True)
class PluginInfo:
    kind: str
    name: str
    target: str  # "module:attribute"
    distribution: str
    version: str


def _entry_points(kind: str) -> list[EntryPoint]:
    return sorted(entry_points(group=GROUPS[kind]), key=lambda ep: ep.name)


def describe() -> list[PluginInfo]:
    """Every installed plugin and the distribution it comes from."""
    infos = []
    for kind in GROUPS:
        for ep in _entry_points(kind):
            dist = ep.dist
            infos.append(PluginInfo(kind, ep.name, ep.value,
                                    dist.name if dist else "?", dist.version if dist else "?"))
    return infos


@cache
def load(kind: str) -> dict[str, Any]:
    """Name -> plugin object (an instance when the entry point names a class)."""
    plugins: dict[str, Any] = {}
    for ep in _entry_points(kind):
        obj = ep.load()
        plugins[ep.name] = obj() if isinstance(obj, type) else obj
    return plugins


def get(kind: str, name: str) -> Any:
    """One plugin by name; KeyError lists what is installed."""
    plugins = load(kind)
    if name not in plugins:
        raise KeyError(f"no {kind} plugin {name!r}; installed: {', '.join(plugins) or 'none'}")
    return plugins[name]
