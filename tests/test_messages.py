"""Every finding code speaks both languages, with the same parameters."""

from __future__ import annotations

import string

import pytest

from satudata_meta.findings import FINDING_TYPES, Finding
from satudata_meta.messages import LANGUAGES, catalog, render, render_hint


def _params(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(FINDING_TYPES))
def test_every_code_has_templates_in_every_language(code: str) -> None:
    for lang in LANGUAGES:
        entry = catalog(lang).get(code)
        assert entry is not None, f"{code} missing in {lang}.yaml"
        assert entry["title"] and entry["message"] and entry.get("fix")


def test_catalogs_agree_on_codes_and_parameters() -> None:
    ids, ens = catalog("id"), catalog("en")
    assert set(ids) == set(ens)
    for code in ids:
        if code.startswith("_"):
            assert set(ids[code]) == set(ens[code])
            continue
        for key in ("message", "hint"):
            assert _params(ids[code].get(key, "")) == _params(ens[code].get(key, "")), (code, key)


def test_render_localises_bilingual_parameters_and_tolerates_missing_ones() -> None:
    params = {"field": "kontak.email", "label": {"id": "Email kontak", "en": "Contact e-mail"},
              "obligation": {"id": "wajib", "en": "required"}}
    assert "Email kontak" in render("metadata-missing-field", "id", params)
    assert "Contact e-mail" in render("metadata-missing-field", "en", params)
    assert "?" in render("metadata-invalid-value", "en", {"field": "x"})


def test_hint_only_when_its_parameters_are_known() -> None:
    assert render_hint("metadata-unknown-code", "id", {"suggestion": None}) is None
    assert render_hint("metadata-unknown-code", "en", {"suggestion": "36.71"}) == (
        "Did you mean '36.71'?")


def test_unknown_code_falls_back_to_its_own_message() -> None:
    f = Finding.of("plugin-specific", params={"message": "third-party text"})
    assert f.message("id") == "third-party text"
