"""Message templates per language, keyed by finding code.

Templates live in ``satudata_meta/locales/<lang>.yaml`` (``id`` is the default language, ``en``
the second). A template names its parameters in braces; a missing parameter renders as ``?``
rather than failing, because a report must never crash on its own wording.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path
from typing import Any

from satudata_meta import yamlio

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
_LOCALES = Path(__file__).resolve().parent / "locales"


@cache
def catalog(lang: str) -> dict[str, dict[str, str]]:
    """All templates of one language: ``{code: {"title", "message", "hint"?, "fix"?}}``."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    with (_LOCALES / f"{lang}.yaml").open(encoding="utf-8") as fh:
        data: dict[str, dict[str, str]] = yamlio.load(fh)
    return data


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def _localise(value: Any, lang: str) -> Any:
    """A parameter may itself be bilingual (``{"id": ..., "en": ...}``): pick the language."""
    if isinstance(value, dict) and lang in value:
        return value[lang]
    return value


def _format(template: str, params: dict[str, Any], lang: str) -> str:
    local = _Params({k: _localise(v, lang) for k, v in params.items()})
    return string.Formatter().vformat(template, (), local)


def _needs(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def render(code: str, lang: str, params: dict[str, Any]) -> str:
    entry = catalog(lang).get(code)
    if entry is None:
        # A code from a third-party check or a frictionless error without our translation:
        # fall back to the message it brought with it.
        return str(params.get("message") or params.get("note") or code)
    return _format(entry["message"], params, lang)


def render_hint(code: str, lang: str, params: dict[str, Any]) -> str | None:
    """The hint, only when every parameter it names is known (e.g. a suggested code)."""
    template = catalog(lang).get(code, {}).get("hint")
    if not template or not _needs(template) <= {k for k, v in params.items() if v is not None}:
        return None
    return _format(template, params, lang)


def text(key: str, lang: str, **params: Any) -> str:
    """A UI string (report headings, CLI messages) from the ``_ui`` section of a catalog."""
    ui = catalog(lang).get("_ui", {})
    return _format(ui.get(key, key), params, lang)
