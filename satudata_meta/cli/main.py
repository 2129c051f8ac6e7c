"""Entry point of the ``satudata`` command.

Subcommands are imported only when run, so ``satudata --help`` and a plain ``validate`` start
fast and a command's heavy dependencies never load for another command.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from typing import Any

import click

from satudata_meta import __version__

# name -> "module:attribute" of a click command or group.
COMMANDS: dict[str, str] = {
    "validate": "satudata_meta.cli.validate:validate",
    "standard": "satudata_meta.cli.standard:standard",
    "codes": "satudata_meta.cli.codes:codes",
    "export": "satudata_meta.cli.export:export",
    "import": "satudata_meta.cli.import_:import_group",
    "publish": "satudata_meta.cli.publish:publish",
    "pull": "satudata_meta.cli.pull:pull",
    "plugins": "satudata_meta.cli.plugins:plugins",
    "audit": "satudata_meta.cli.audit:audit",
    "template": "satudata_meta.cli.template:template",
    "fix": "satudata_meta.cli.fix:fix",
}

_SHORT_HELP = {
    "validate": "Validasi dataset terhadap standar / Validate datasets against the standard.",
    "standard": "Tampilkan atau ekspor standar / Show or export the standard.",
    "codes": "Kode referensi: cari, lihat, konversi / Reference codes: list, look up, convert.",
    "export": "Ekspor metadata: DCAT-AP 3, data.json, Data Package / Export metadata.",
    "import": "Impor katalog data.json menjadi dataset / Import a data.json catalogue.",
    "publish": "Publikasikan dataset valid ke katalog atau CKAN / Publish valid datasets.",
    "pull": "Ambil dataset dari CKAN sebagai paket lokal / Pull datasets from CKAN.",
    "plugins": "Plugin yang terpasang / Installed plugins.",
    "audit": "Audit mutu katalog (MQA, kepatuhan Satu Data) / Catalogue quality audit.",
    "template": "Buat templat Excel dataset / Generate the Excel dataset template.",
    "fix": "Perbaiki otomatis yang aman / Apply safe automatic fixes.",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(n for n, t in COMMANDS.items() if importlib.util.find_spec(t.split(":")[0]))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        try:
            command: click.Command = getattr(importlib.import_module(module), attr)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            return None  # declared but not built in this version
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, _SHORT_HELP.get(name, "")) for name in self.list_commands(ctx)]
        with formatter.section("Perintah / Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="satudata")
def cli() -> None:
    """satudata: standar metadata Satu Data Banten.

    Validasi, ekspor dan publikasi dataset menurut Standar Metadata Satu Data Banten.
    Validate, export and publish datasets under the Satu Data Banten metadata standard.
    """


def main(argv: list[str] | None = None) -> Any:
    """Run the CLI; an unexpected error prints one line (the traceback only with --debug)."""
    try:
        return cli.main(args=argv, prog_name="satudata", standalone_mode=True)
    except Exception as exc:  # pragma: no cover - last line of defence
        if os.environ.get("SATUDATA_DEBUG"):
            raise
        click.echo(
            f"Kesalahan internal / internal error: {type(exc).__name__}: {exc}\n"
            "Jalankan ulang dengan SATUDATA_DEBUG=1 untuk detail; laporkan sebagai bug.",
            err=True,
        )
        sys.exit(3)


if __name__ == "__main__":  # pragma: no cover
    main()
