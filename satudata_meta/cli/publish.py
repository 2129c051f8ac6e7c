"""``satudata publish PATH... --to local|ckan``: validate, then publish what is valid.

Nothing invalid is sent: each dataset is validated with every installed check first and refused
with its report when it has errors. A batch goes on past a failed dataset and says what
happened to each; because publishers are idempotent, a rerun finishes what is left.
"""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import click

from satudata_meta.cli.common import lang_option

_TEXT = {
    "id": {"created": "dibuat", "updated": "diperbarui", "unchanged": "tidak berubah",
           "refused": "ditolak (tidak valid)", "failed": "gagal",
           "dry": "(uji coba, tidak ada yang diubah)",
           "summary": "{n} dataset: {counts}", "files": "Berkas katalog ditulis: {files}"},
    "en": {"created": "created", "updated": "updated", "unchanged": "unchanged",
           "refused": "refused (invalid)", "failed": "failed", "dry": "(dry run, nothing changed)",
           "summary": "{n} dataset(s): {counts}", "files": "Catalogue files written: {files}"},
}


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--to", "target", default="local", show_default=True,
              help="Tujuan publikasi (nama plugin) / publisher plugin: local, ckan, ...")
@click.option("--dir", "directory", default="catalog", show_default=True,
              help="Folder katalog lokal / local catalogue folder (--to local).")
@click.option("--url", help="Alamat portal CKAN / CKAN portal URL (--to ckan).")
@click.option("--mode", type=click.Choice(["auto", "scheming", "extras"]), default="auto",
              show_default=True, help="CKAN: kolom skema (scheming) atau extras.")
@click.option("--create-orgs", is_flag=True, help="CKAN: buat organisasi OPD yang belum ada.")
@click.option("--base-url", help="Alamat publik katalog untuk tautan unduhan / public base URL.")
@click.option("--dry-run", is_flag=True, help="Tampilkan rencana tanpa mengubah apa pun.")
@click.option("--jobs", type=click.IntRange(1, 16), default=1, show_default=True,
              help="Jumlah dataset yang diproses bersamaan / datasets in parallel.")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON / JSON output.")
@lang_option
def publish(paths: tuple[str, ...], target: str, directory: str, url: str | None, mode: str,
            create_orgs: bool, base_url: str | None, dry_run: bool, jobs: int, as_json: bool,
            lang: str) -> None:
    """Publikasikan dataset yang valid / publish valid datasets.

    Exit code: 0 semua berhasil, 1 ada yang ditolak atau gagal, 2 masukan tidak dapat dibaca.
    """
    from satudata_meta import plugins
    from satudata_meta.dataset import discover
    from satudata_meta.findings import Report
    from satudata_meta.prepared import prepare
    from satudata_meta.publishers import Outcome, PublishResult
    from satudata_meta.report.text import render as render_text
    from satudata_meta.validate import active_checks, validate_dataset

    try:
        publisher = plugins.get("publisher", target)
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0])) from exc
    options: dict[str, Any] = {"dir": directory, "url": url, "mode": mode,
                               "create_orgs": create_orgs, "base_url": base_url, "lang": lang}
    if hasattr(publisher, "configure"):
        try:
            publisher.configure(options)
        except (ValueError, PermissionError) as exc:
            raise click.UsageError(str(exc)) from exc
    checks = active_checks()
    targets: list[Path] = [t for p in paths for t in discover(p)] or [Path(p) for p in paths]
    reports: dict[str, Any] = {}

    def one(path: Path) -> PublishResult:
        report = validate_dataset(path, checks=checks)
        if not report.valid:
            reports[str(path)] = report
            return PublishResult(report.id or str(path), Outcome.REFUSED,
                                 message=render_text(Report(datasets=[report]), lang=lang))
        try:
            result: PublishResult = publisher.publish(prepare(path), dry_run=dry_run,
                                                      options=options)
            return result
        except Exception as exc:  # one dataset's failure must not stop the batch
            return PublishResult(report.id or str(path), Outcome.FAILED,
                                 message=f"{type(exc).__name__}: {exc}")

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(one, targets))
    written = publisher.finish(dry_run=dry_run, options=options) if hasattr(
        publisher, "finish") else []
    t = _TEXT[lang]
    unreadable = any(not r.readable for r in reports.values())
    if as_json:
        click.echo(json.dumps({"dryRun": dry_run, "target": target, "results": [
            {"dataset": r.dataset, "outcome": r.outcome.value, "changes": r.changes,
             "url": r.url, "message": r.message} for r in results], "files": written},
            ensure_ascii=False, indent=2))
    else:
        for r in results:
            click.echo(f"{r.outcome.value:<9} {r.dataset}  {t[r.outcome.value]}"
                       + (f" → {r.url}" if r.url else ""))
            for change in r.changes:
                click.echo(f"          - {change}")
            if r.message and r.outcome in (Outcome.REFUSED, Outcome.FAILED):
                click.echo("          " + r.message.replace("\n", "\n          "))
        counts: dict[str, int] = {}
        for r in results:
            counts[t[r.outcome.value]] = counts.get(t[r.outcome.value], 0) + 1
        click.echo(t["summary"].format(n=len(results),
                                       counts=", ".join(f"{v} {k}" for k, v in counts.items())))
        if dry_run:
            click.echo(t["dry"])
        if written:
            click.echo(t["files"].format(files=", ".join(written)))
    if unreadable:
        sys.exit(2)
    sys.exit(1 if any(r.outcome in (Outcome.REFUSED, Outcome.FAILED) for r in results) else 0)
