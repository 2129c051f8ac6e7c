"""``satudata plugins list``: what is installed, and which distribution brought it."""

from __future__ import annotations

import json
from dataclasses import asdict

import click


@click.group()
def plugins() -> None:
    """Plugin pemeriksaan, ekspor dan publikasi / check, export and publish plugins."""


@plugins.command("list")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON / JSON output.")
def list_plugins(as_json: bool) -> None:
    """Daftar plugin yang terpasang / list installed plugins."""
    from satudata_meta.plugins import describe

    infos = describe()
    if as_json:
        click.echo(json.dumps([asdict(i) for i in infos], indent=2))
        return
    for info in infos:
        click.echo(f"{info.kind:<10} {info.name:<14} {info.distribution} {info.version}"
                   f"  ({info.target})")
