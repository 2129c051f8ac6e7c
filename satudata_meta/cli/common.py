"""Options and helpers shared by every command."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from satudata_meta.messages import DEFAULT_LANGUAGE, LANGUAGES

F = TypeVar("F", bound=Callable[..., Any])


def lang_option(func: F) -> F:
    """``--lang id|en``; default from ``SATUDATA_LANG``, else Bahasa Indonesia."""
    return click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default=DEFAULT_LANGUAGE,
        envvar="SATUDATA_LANG",
        show_default=True,
        help="Bahasa laporan / report language.",
    )(func)


def output_option(func: F) -> F:
    return click.option(
        "-o", "--output", type=click.Path(dir_okay=False, writable=True),
        help="Tulis ke berkas / write to this file.",
    )(func)


def emit(text: str, output: str | None) -> None:
    """Print, or write to ``output`` (UTF-8)."""
    if output:
        with open(output, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text if text.endswith("\n") else text + "\n")
    else:
        click.echo(text.rstrip("\n"))
