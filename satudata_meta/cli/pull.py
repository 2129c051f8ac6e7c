"""``satudata pull --from ckan --url URL NAME... -o DIR``: datasets back as local packages."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--from", "source", default="ckan", show_default=True,
              help="Plugin sumber / source plugin.")
@click.option("--url", required=True, help="Alamat portal / portal URL.")
@click.option("-o", "--output", "out_dir", default=".", show_default=True,
              type=click.Path(file_okay=False), help="Folder tujuan / target folder.")
def pull(names: tuple[str, ...], source: str, url: str, out_dir: str) -> None:
    """Ambil dataset dari portal sebagai paket lokal / pull datasets as local packages."""
    from satudata_meta import plugins

    try:
        plugin = plugins.get("publisher", source)
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0])) from exc
    if not hasattr(plugin, "pull"):
        raise click.UsageError(f"plugin {source!r} cannot pull")
    options = {"url": url, "mode": "auto"}
    try:
        plugin.configure(options)
        written = plugin.pull(list(names), Path(out_dir), options)
    except (ValueError, PermissionError) as exc:
        raise click.UsageError(str(exc)) from exc
    except Exception as exc:  # NotFound, network: one clear line, exit 1
        click.echo(f"Gagal / failed: {type(exc).__name__}: {exc}", err=True)
        sys.exit(1)
    for folder in written:
        click.echo(str(folder))
