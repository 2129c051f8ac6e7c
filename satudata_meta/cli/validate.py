"""``satudata validate PATH...``: check datasets and print the report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from satudata_meta.cli.common import emit, lang_option, output_option
from satudata_meta.report import BINARY_FORMATS, FORMATS, binary_renderer, renderer


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(sorted(FORMATS | BINARY_FORMATS)),
              default="text", show_default=True,
              help="Bentuk laporan / report format (xlsx: salinan buku kerja bertanda, perlu -o).")
@output_option
@lang_option
@click.option("-v", "--verbose", is_flag=True,
              help="Tampilkan juga temuan info / show info findings.")
@click.option("--limit", type=click.IntRange(min=1),
              help="Batasi jumlah temuan yang ditampilkan / show at most N findings.")
@click.option("--check", "check_names", multiple=True,
              help="Jalankan hanya pemeriksaan ini (boleh berulang) / run only these checks.")
@click.option("--engine", type=click.Choice(["auto", "frictionless", "fast"]), default="auto",
              show_default=True, help="Mesin validasi tabel / table validation engine.")
def validate(paths: tuple[str, ...], fmt: str, output: str | None, lang: str, verbose: bool,
             limit: int | None, check_names: tuple[str, ...], engine: str) -> None:
    """Validasi dataset: metadata, struktur tabel dan isi menurut standar.

    PATHS: datapackage.json/.yaml, folder dataset, folder berisi banyak dataset, atau CSV/XLSX
    dengan berkas pendamping <berkas>.metadata.yaml.

    Dengan --format xlsx -o laporan.xlsx, temuan ditulis ke SALINAN buku kerja: sel
    bermasalah diwarnai dan diberi komentar, lembar 'laporan' berisi semua temuan dengan
    tautan ke selnya. Berkas asli tidak diubah.

    Exit code: 0 valid (peringatan boleh), 1 ada galat, 2 masukan tidak dapat dibaca.
    """
    from satudata_meta.validate import active_checks
    from satudata_meta.validate import validate as run

    if fmt in BINARY_FORMATS:
        if not output:
            raise click.UsageError(f"--format {fmt} perlu -o BERKAS / needs -o FILE")
        target = Path(output).resolve()
        if any(Path(p).exists() and Path(p).resolve() == target for p in paths):
            raise click.UsageError("-o tidak boleh sama dengan berkas yang diperiksa / "
                                   "-o must not be the file being checked")
    try:
        checks = active_checks(check_names or None)
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0])) from exc
    bar: Any = None

    def progress(done: int, total: int, current: str) -> None:
        nonlocal bar
        if total < 5 or not sys.stderr.isatty():
            return
        if bar is None:
            bar = click.progressbar(length=total, file=sys.stderr, label="validasi")
            bar.__enter__()
        bar.update(done - bar.pos)
        if done == total:
            bar.__exit__(None, None, None)

    report = run(paths, checks=checks, options={"engine": engine}, progress=progress)
    if fmt in BINARY_FORMATS:
        assert output is not None
        Path(output).write_bytes(binary_renderer(fmt)(report, lang=lang, verbose=verbose,
                                                      limit=limit))
    else:
        emit(renderer(fmt)(report, lang=lang, verbose=verbose, limit=limit), output)
    sys.exit(report.exit_code)
