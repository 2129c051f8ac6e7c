"""``satudata standard show|export``: the standard itself, for people and for other systems."""

from __future__ import annotations

import json

import click

from satudata_meta.cli.common import emit, lang_option, output_option

EXPORT_FORMATS = ("jsonschema", "markdown", "findings-markdown", "pydantic", "ckan-scheming")


@click.group()
def standard() -> None:
    """Standar Metadata Satu Data Banten: tampilkan atau ekspor / show or export."""


@standard.command()
@lang_option
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON / JSON output.")
def show(lang: str, as_json: bool) -> None:
    """Daftar kolom standar beserta keharusannya / list the standard's fields."""
    from satudata_meta.standard import load_standard

    std = load_standard()
    if as_json:
        rows = [{"name": f.name, "label": f.label.get(lang), "type": f.type,
                 "obligation": f.obligation, "codelist": f.codelist, "group": f.group,
                 "mapping": f.mapping} for f in std.fields]
        click.echo(json.dumps({"id": std.id, "version": std.version, "fields": rows,
                               "rules": [r.id for r in std.rules]}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{std.title[lang]} {std.version}")
    current = None
    for f in std.fields:
        if f.group != current:
            current = f.group
            click.echo(f"\n{std.group_label(f.group or '', lang)}")
        codes = f" [{f.codelist}]" if f.codelist else ""
        click.echo(f"  {f.name:<24} {f.obligation:<11} {f.type:<8} {f.label.get(lang, '')}{codes}")
    click.echo("")
    for r in std.rules:
        click.echo(f"  • {r.message[lang].strip()}")


@standard.command()
@click.option("-f", "--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@output_option
@lang_option
def export(fmt: str, output: str | None, lang: str) -> None:
    """Ekspor standar: JSON Schema, Markdown, model Pydantic, skema ckanext-scheming."""
    if fmt == "jsonschema":
        from satudata_meta.standard.jsonschema import build

        text = json.dumps(build(lang=lang), ensure_ascii=False, indent=2)
    elif fmt == "markdown":
        from satudata_meta.standard.markdown import standard_page

        text = standard_page(lang)
    elif fmt == "findings-markdown":
        from satudata_meta.standard.markdown import findings_page

        text = findings_page(lang)
    elif fmt == "ckan-scheming":
        import yaml

        from satudata_meta.standard.ckan import scheming_schema

        text = yaml.safe_dump(scheming_schema(), allow_unicode=True, sort_keys=False, width=100)
    else:
        from satudata_meta.standard.pydantic_model import build as build_model

        text = build_model()
    emit(text, output)
