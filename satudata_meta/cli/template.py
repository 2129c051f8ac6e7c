"""``satudata template -o dataset.xlsx``: the Excel workbook an officer fills in.

Generated from the standard (see ``satudata_meta.excel.template``). ``--from`` fills it with
an existing dataset (a data package, a CSV with its metadata file), which turns any dataset
into the workbook form. An existing file is never overwritten without ``--force``: it may be
a workbook someone already filled in.
"""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Berkas XLSX yang ditulis / the XLSX file to write.")
@click.option("--tingkat-penyajian", "tingkat", default=None,
              help="Tingkat penyajian (bawaan kabupaten_kota): provinsi, kabupaten_kota, "
                   "kecamatan, desa_kelurahan / level of the data sheet's rows.")
@click.option("--cakupan", default=None,
              help="Kode wilayah Kemendagri yang dicakup (bawaan 36) / area covered.")
@click.option("--produsen", default=None,
              help="Kode perangkat daerah produsen data, misalnya dp3akkb / producer code.")
@click.option("--from", "source", type=click.Path(exists=True),
              help="Isi dari dataset yang ada (datapackage, CSV + metadata) / fill from a dataset.")
@click.option("--force", is_flag=True, help="Timpa berkas yang sudah ada / overwrite.")
def template(output: str, tingkat: str | None, cakupan: str | None, produsen: str | None,
             source: str | None, force: bool) -> None:
    """Buat templat Excel dataset dari standar / generate the Excel dataset template.

    Lembar 'metadata' (satu baris per isian, dengan daftar pilihan), lembar 'data' (kolom
    baku dan kode wilayah sesuai tingkat penyajian) dan lembar 'petunjuk'.
    """
    from satudata_meta.excel import template as tpl

    target = Path(output)
    if target.suffix.lower() != ".xlsx":
        raise click.UsageError("-o harus berakhiran .xlsx / -o must end in .xlsx")
    if target.exists() and not force:
        raise click.UsageError(f"{output} sudah ada; pakai --force untuk menimpa / "
                               "already exists; use --force to overwrite")
    metadata: dict[str, object] = {}
    header: list[str] = []
    rows: list[list[str]] = []
    if source is not None:
        metadata, header, rows = _dataset(Path(source))
        tingkat = tingkat or str(metadata.get("tingkat_penyajian") or "") or None
        cakupan = cakupan or str(metadata.get("cakupan_wilayah") or "") or None
        produsen = produsen or str(metadata.get("produsen_data") or "") or None
    try:
        wb = tpl.build(tingkat or tpl.DEFAULT_TINGKAT, cakupan or tpl.DEFAULT_CAKUPAN, produsen)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    if source is not None:
        tpl.fill(wb, metadata, header, rows)
    tpl.save(wb, target)
    click.echo(f"Templat ditulis / template written: {target}")


def _dataset(path: Path) -> tuple[dict[str, object], list[str], list[list[str]]]:
    """A dataset's metadata and its first table (header and rows, as text)."""
    from satudata_meta.dataset import load
    from satudata_meta.errors import InputError
    from satudata_meta.tabular.prepare import TABULAR_FORMATS, display_path
    from satudata_meta.tabular.read import ReadError, Where, read_table

    try:
        dataset = load(path)
    except InputError as exc:
        raise click.ClickException(exc.finding.message("id")) from exc
    for resource in dataset.resources:
        if resource.path is None or resource.format not in TABULAR_FORMATS:
            continue
        sheet = resource.descriptor.get("sheet")
        try:
            table = read_table(resource.path, resource.format,
                               Where(display_path(dataset, resource), resource.name),
                               sheet if isinstance(sheet, str) else None)
        except ReadError as exc:
            raise click.ClickException(exc.finding.message("id")) from exc
        return dataset.metadata, table.header, table.rows
    return dataset.metadata, [], []
