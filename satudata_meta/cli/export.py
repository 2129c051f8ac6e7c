"""``satudata export PATH... --format F``: metadata in DCAT-AP 3, data.json or Data Package.

Only valid metadata is exported: a catalogue built from metadata with errors would spread them
to every portal that harvests it, so the command refuses and prints the findings instead.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from satudata_meta.cli.common import emit, lang_option, output_option

_TEXT = {
    "id": {
        "refused": "Ekspor dibatalkan: {count} dataset punya galat metadata. Perbaiki dulu "
                   "(lihat di atas), lalu ekspor lagi.",
        "unreadable": "Ekspor dibatalkan: ada masukan yang tidak dapat dibaca.",
        "none": "Tidak ada dataset di {path}.",
        "written": "{count} dataset diekspor sebagai {fmt} ke {path}.",
    },
    "en": {
        "refused": "Export refused: {count} dataset(s) have metadata errors. Fix them first "
                   "(see above), then export again.",
        "unreadable": "Export refused: some input cannot be read.",
        "none": "No dataset found in {path}.",
        "written": "{count} dataset(s) exported as {fmt} to {path}.",
    },
}


def _text(key: str, lang: str, **params: Any) -> str:
    return _TEXT.get(lang, _TEXT["id"])[key].format(**params)


def _exporter(name: str) -> Any:
    """The exporter plugin called ``name``, loading only that entry point: a data.json export
    never imports the DCAT plugin (and rdflib) just because it is installed."""
    from importlib.metadata import entry_points

    from satudata_meta.plugins import GROUPS

    found = {ep.name: ep for ep in entry_points(group=GROUPS["exporter"])}
    if name not in found:
        raise click.UsageError(f"no exporter plugin {name!r}; installed: "
                               f"{', '.join(sorted(found)) or 'none'}")
    obj = found[name].load()
    return obj() if isinstance(obj, type) else obj


def _catalog(path: Path) -> dict[str, Any]:
    """The catalogue description to merge over the default (a YAML mapping)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise click.BadParameter(f"{path}: {exc}", param_hint="--catalog") from exc
    if not isinstance(data, dict):
        raise click.BadParameter(f"{path}: not a YAML mapping", param_hint="--catalog")
    return data


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", required=True,
              help="Format keluaran (plugin ekspor): dcat-turtle, dcat-jsonld, dcat-rdfxml, "
                   "datajson, datapackage / output format (exporter plugin).")
@output_option
@click.option("--base-url", help="Alamat portal; URL dataset dan unduhan dimulai di sini / "
                                 "portal address that dataset and download URLs start with.")
@click.option("--wilayah-base", help="Awalan URI wilayah (bawaan: <base-url>/wilayah/) / "
                                     "URI base for regions.")
@click.option("--catalog", "catalog_file", type=click.Path(exists=True, dir_okay=False),
              help="YAML keterangan katalog (title, description, publisher, homepage, language, "
                   "issued, license) / catalogue description.")
@lang_option
def export(paths: tuple[str, ...], fmt: str, output: str | None, base_url: str | None,
           wilayah_base: str | None, catalog_file: str | None, lang: str) -> None:
    """Ekspor metadata dataset: satu dataset atau satu katalog (beberapa PATH / folder).

    Export dataset metadata, for one dataset or a whole catalogue.

    Exit code: 0 diekspor, 1 metadata tidak valid (tidak ada yang ditulis), 2 masukan tidak
    dapat dibaca.
    """
    from satudata_meta.dataset import discover
    from satudata_meta.errors import InputError
    from satudata_meta.exporters import ExportContext
    from satudata_meta.findings import DatasetReport, Finding, Report, Severity
    from satudata_meta.prepared import PreparedDataset, prepare
    from satudata_meta.report import renderer

    exporter = _exporter(fmt)

    context = ExportContext(lang=lang)
    if base_url:
        context.base_url = base_url.rstrip("/") + "/"
        context.wilayah_base = context.base_url + "wilayah/"
    if wilayah_base:
        context.wilayah_base = wilayah_base.rstrip("/") + "/"
    if catalog_file:
        context.catalog.update(_catalog(Path(catalog_file)))

    report = Report()
    prepared: list[PreparedDataset] = []
    for path in paths:
        targets = discover(path) if Path(path).exists() else [Path(path)]
        if not targets:
            report.datasets.append(DatasetReport(source=path, findings=[Finding.of(
                "source-unsupported", file=path,
                params={"source": path, "reason": _text("none", lang, path=path)})]))
        for target in targets:
            try:
                ds = prepare(target)
            except InputError as exc:
                report.datasets.append(DatasetReport(source=str(target),
                                                     findings=[exc.finding]))
                continue
            findings = [*ds.dataset.findings, *ds.findings]
            report.datasets.append(DatasetReport(source=str(target), id=ds.dataset.id,
                                                 title=ds.dataset.title, findings=findings))
            prepared.append(ds)

    if report.exit_code:
        # Only what blocks the export: errors, not the warnings of otherwise valid datasets.
        blocking = Report(datasets=[
            d.model_copy(update={"findings": [f for f in d.findings
                                              if f.severity is Severity.ERROR]})
            for d in report.datasets if not d.valid])
        click.echo(renderer("text")(blocking, lang=lang), err=True)
        unreadable = report.exit_code == 2
        click.echo(_text("unreadable", lang) if unreadable else
                   _text("refused", lang, count=len(blocking.datasets)), err=True)
        sys.exit(report.exit_code)

    emit(exporter.export(prepared, context), output)
    if output:
        click.echo(_text("written", lang, count=len(prepared), fmt=fmt, path=output), err=True)
