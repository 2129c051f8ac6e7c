"""``satudata fix INPUT -o OUTPUT``: safe automatic fixes into a new file, every change listed.

What is fixed, and what is never guessed, is in ``satudata_meta.excel.fix``. The input is
never written; OUTPUT must be another file of the same kind. Exit code: 0 written, 2 the
input cannot be read (or the options are wrong).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from satudata_meta.cli.common import lang_option

_TEXT = {
    "id": {"written": "Ditulis: {files}", "changes": "{n} perubahan:",
           "none": "Tidak ada yang perlu diperbaiki otomatis.",
           "not_fixed": "{n} tidak diperbaiki (periksa sendiri):",
           "metadata": "metadata", "file": "seluruh berkas", "row": "baris",
           "next": "Periksa hasilnya: satudata validate {output}"},
    "en": {"written": "Written: {files}", "changes": "{n} change(s):",
           "none": "Nothing to fix automatically.",
           "not_fixed": "{n} not fixed (check them yourself):",
           "metadata": "metadata", "file": "whole file", "row": "row",
           "next": "Check the result: satudata validate {output}"},
}


def _place(sheet: str | None, row: int | None, column: str, lang: str) -> str:
    t = _TEXT[lang]
    parts = [p for p in (sheet,) if p]
    if row is None:
        parts.append(t["metadata"] if column else t["file"])
    else:
        parts.append(f"{t['row']} {row}")
    if column:
        parts.append(column)
    return " › ".join(parts)


@click.command()
@click.argument("source", metavar="INPUT", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Berkas baru yang ditulis (bukan INPUT) / the new file (not INPUT).")
@click.option("--json", "as_json", is_flag=True, help="Daftar perubahan sebagai JSON.")
@lang_option
def fix(source: str, output: str, as_json: bool, lang: str) -> None:
    """Perbaiki otomatis yang aman ke berkas baru / apply safe fixes into a new file.

    INPUT: CSV atau XLSX (juga buku kerja dari satudata template, dan CSV/XLSX dengan berkas
    <berkas>.metadata.yaml). Kode wilayah (3603 -> 36.03, 36.1 -> 36.10, kode BPS ->
    Kemendagri, nama -> kode), angka format Indonesia, ejaan kode metadata. Yang ambigu tidak
    diubah dan didaftar.
    """
    from satudata_meta.excel.fix import FixError
    from satudata_meta.excel.fix import fix as run

    try:
        result = run(Path(source), Path(output))
    except ValueError as exc:
        raise click.UsageError(f"-o {output}: {exc}") from exc
    except FixError as exc:
        click.echo(exc.message.get(lang, exc.message["en"]), err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(result.to_dict(lang), ensure_ascii=False, indent=2))
        return
    t = _TEXT[lang]
    if result.changes:
        click.echo(t["changes"].format(n=len(result.changes)))
        for c in result.changes:
            reason = c.reason.get(lang, c.reason["id"])
            click.echo(f"  {_place(c.sheet, c.row, c.column, lang)}: {c.old!r} -> {c.new!r}"
                       f"  ({reason})")
    else:
        click.echo(t["none"])
    if result.not_fixed:
        click.echo(t["not_fixed"].format(n=len(result.not_fixed)))
        for n in result.not_fixed:
            reason = n.reason.get(lang, n.reason["id"])
            click.echo(f"  {_place(n.sheet, n.row, n.column, lang)}: {n.value!r}  ({reason})")
    click.echo(t["written"].format(files=", ".join(result.written)))
    click.echo(t["next"].format(output=output))
