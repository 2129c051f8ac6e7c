"""``satudata import datajson FEED -o DIR``: a data.json catalogue as packages of the standard.

One folder per dataset with ``datapackage.yaml``; resources stay links (nothing is
downloaded). The per-dataset mapping report says what could not be mapped, so the producer
knows what to fill in before the packages validate.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from satudata_meta.cli.common import emit, lang_option
from satudata_meta.exporters import ExportContext
from satudata_meta.importers.datajson import DEFAULT_TIMEOUT, SCOPES


@click.group(name="import")
def import_group() -> None:
    """Impor katalog dari format lain / import catalogues from other formats."""


@import_group.command("datajson")
@click.argument("feed")
@click.option("-o", "--output-dir", "out_dir", type=click.Path(file_okay=False),
              help="Folder tujuan; satu subfolder per dataset / target folder, one subfolder "
                   "per dataset.")
@click.option("--dry-run", is_flag=True,
              help="Hanya laporan, tanpa menulis berkas / report only, write nothing.")
@click.option("--json", "as_json", is_flag=True,
              help="Laporan pemetaan sebagai JSON / mapping report as JSON.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, writable=True),
              help="Tulis laporan ke berkas / write the report to this file.")
@click.option("--scope", type=click.Choice(SCOPES), default="auto", show_default=True,
              help="Feed milik Banten? auto: dari alamat feed / is this Banten's own feed?")
@click.option("--wilayah-base", default=ExportContext().wilayah_base, show_default=True,
              help="Awalan URI wilayah di spatial / URI base of regions in spatial.")
@click.option("--timeout", type=click.FloatRange(min=1), default=DEFAULT_TIMEOUT,
              show_default=True, help="Batas waktu unduh feed (detik) / download timeout (s).")
@lang_option
def datajson(feed: str, out_dir: str | None, dry_run: bool, as_json: bool,
             report_path: str | None, scope: str, wilayah_base: str, timeout: float,
             lang: str) -> None:
    """Impor FEED (berkas atau URL http/https data.json POD 1.1) menjadi paket standar.

    Import FEED (a data.json file or http(s) URL) as packages of the standard.

    Exit code: 0 diimpor (nilai tak terpetakan ada di laporan), 2 feed tidak dapat dibaca.
    """
    from satudata_meta.importers.datajson import (
        FeedError,
        detect_scope,
        import_catalog,
        read_feed,
        render_json,
        render_text,
        write_package,
    )

    if out_dir is None and not dry_run:
        raise click.UsageError("-o/--output-dir wajib kecuali --dry-run / "
                               "required unless --dry-run")
    try:
        catalog, warnings = read_feed(feed, timeout=timeout)
    except FeedError as exc:
        click.echo(f"✗ {exc.message(lang)}", err=True)
        sys.exit(2)
    chosen = detect_scope(catalog) if scope == "auto" else scope
    items = import_catalog(catalog, scope=chosen, wilayah_base=wilayah_base)
    if not dry_run:
        assert out_dir is not None
        target = Path(out_dir)
        try:
            for item in items:
                write_package(item, target, feed)
        except OSError as exc:
            click.echo(f"✗ {target}: {exc.strerror or exc}", err=True)
            sys.exit(2)
    if as_json:
        for w in warnings:  # also on stderr, so a piped JSON report does not hide them
            click.echo(f"! {w.message(lang)}", err=True)
        text = render_json(feed, items, warnings, lang, chosen)
    else:
        text = render_text(feed, items, warnings, lang, chosen)
    emit(text, report_path)
