"""``satudata audit SOURCE``: metadata quality (EU MQA) and Satu Data compliance of a catalogue.

SOURCE is a data.json feed (file or URL), a CKAN portal URL or a folder of packages. Exit code
0 when the catalogue was audited (whatever its scores), 2 when it cannot be read.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

import click

from satudata_meta.cli.common import emit, lang_option, output_option

FORMATS = ("text", "json", "csv", "html")


def _progress() -> Any:
    """A stderr progress line for long runs on a terminal; silent when piped."""
    if not sys.stderr.isatty():
        return None
    shown: dict[str, int] = {}

    def report(stage: str, done: int, total: int | None) -> None:
        if total is None or total < 200 or done == shown.get(stage):
            return
        shown[stage] = done
        end = "\n" if done >= total else ""
        click.echo(f"\r{stage}: {done}/{total}", err=True, nl=False)
        if end:
            click.echo("", err=True)

    return report


@click.command()
@click.argument("source")
@click.option("--source-type", type=click.Choice(["auto", "datajson", "ckan", "folder"]),
              default="auto", show_default=True,
              help="Jenis sumber (auto: dari SOURCE) / kind of source.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Bentuk laporan / report format.")
@output_option
@lang_option
@click.option("--check-urls", is_flag=True,
              help="Periksa URL akses dan unduhan (HTTP) / check access and download URLs.")
@click.option("--url-timeout", type=click.FloatRange(min=0.5), default=10.0, show_default=True,
              help="Batas waktu per URL (detik) / timeout per URL (s).")
@click.option("--url-concurrency", type=click.IntRange(1, 64), default=16, show_default=True,
              help="Permintaan URL serentak / concurrent URL requests.")
@click.option("--shacl", is_flag=True,
              help="Validasi DCAT-AP 3 dengan SHACL (lambat) / validate DCAT-AP 3 with SHACL "
                   "(slow).")
@click.option("--shapes", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder shapes DCAT-AP 3 untuk --shacl / folder of the DCAT-AP 3 shapes.")
@click.option("--include", multiple=True,
              help="Hanya dataset ini (ID atau pola glob; boleh berulang) / only these "
                   "datasets (id or glob; repeatable).")
@click.option("--publisher", "publishers", multiple=True,
              help="Hanya OPD ini (kode, organisasi CKAN atau nama; boleh berulang) / only "
                   "this publisher (repeatable).")
@click.option("--fq", help="Filter package_search tambahan (CKAN) / extra CKAN search filter.")
@click.option("--include-private", is_flag=True,
              help="CKAN: sertakan dataset privat (perlu SATUDATA_CKAN_TOKEN) / include "
                   "private datasets.")
@click.option("--base-url", help="Folder: alamat portal untuk URL ekspor / folder: portal "
                                 "address the export's URLs start with.")
@click.option("--wilayah-base", help="data.json: awalan URI wilayah di spatial (bawaan: "
                                     "URI ekspor satudata) / URI base of regions in spatial.")
@click.option("--timeout", type=click.FloatRange(min=1), default=30.0, show_default=True,
              help="Batas waktu membaca feed/API (detik) / feed or API timeout (s).")
@click.option("--limit", type=click.IntRange(min=1),
              help="Dataset terburuk yang ditampilkan (text: 20, html: 100) / worst datasets "
                   "shown.")
@click.option("--compare", "compare_path", type=click.Path(exists=True, dir_okay=False),
              help="Bandingkan dengan laporan JSON audit sebelumnya / compare with an earlier "
                   "JSON report.")
def audit(source: str, source_type: str, fmt: str, output: str | None, lang: str,
          check_urls: bool, url_timeout: float, url_concurrency: int, shacl: bool,
          shapes: Path | None, include: tuple[str, ...], publishers: tuple[str, ...],
          fq: str | None, include_private: bool, base_url: str | None,
          wilayah_base: str | None, timeout: float,
          limit: int | None, compare_path: str | None) -> None:
    """Audit mutu metadata katalog: skor EU MQA (405 poin) dan kepatuhan Satu Data per dataset,
    per OPD dan untuk seluruh katalog.

    Audit a catalogue: EU MQA score (405 points) and Satu Data compliance per dataset, per
    agency and for the whole catalogue.

    SOURCE: feed data.json (berkas atau URL), URL portal CKAN, atau folder paket dataset.

    Exit code: 0 diaudit (apa pun skornya), 2 sumber tidak dapat dibaca / 0 audited (whatever
    the scores), 2 source unreadable.
    """
    from satudata_meta.audit import csvout, html, report, text
    from satudata_meta.audit.run import Options, run
    from satudata_meta.audit.sources import AuditSourceError

    old = None
    if compare_path:
        try:
            old = report.load(compare_path)
        except report.CompareError as exc:
            raise click.BadParameter(str(exc), param_hint="--compare") from exc
    options = Options(source_type=source_type, check_urls=check_urls, url_timeout=url_timeout,
                      url_concurrency=url_concurrency, shacl=shacl, shapes=shapes,
                      include=include, publishers=publishers, fq=fq,
                      include_private=include_private, base_url=base_url,
                      wilayah_base=wilayah_base, timeout=timeout,
                      lang=lang)
    # The run allocates millions of small objects and frees almost none of them before the
    # end: the cyclic collector would only rescan them (a third of the time on 10,000
    # datasets). Reference counting still frees everything; cycles are collected after.
    gc.disable()
    try:
        try:
            result = run(source, options, progress=_progress())
        except AuditSourceError as exc:
            click.echo(f"✗ {exc.message(lang)}", err=True)
            sys.exit(2)
        if not result.datasets and result.warnings:  # nothing could be read at all
            for warning in result.warnings:
                click.echo(f"✗ {warning}", err=True)
            sys.exit(2)
        doc = report.document(result, lang)
        if old is not None:
            doc["comparison"] = report.compare(old, doc)
        if fmt == "json":
            out = report.to_json(doc)
        elif fmt == "csv":
            out = csvout.render(doc)
        elif fmt == "html":
            out = html.render(doc, lang, limit=limit)
        else:
            out = text.render(doc, lang, limit=limit)
    finally:
        gc.enable()
    for warning in result.warnings if fmt != "text" else ():
        click.echo(f"! {warning}", err=True)
    emit(out, output)
