"""The interoperability pages: their generated tables are current and name every field of the
standard; the crosswalk they come from is the standard's own mapping declarations."""

from __future__ import annotations

import pytest

from satudata_meta.importers.crosswalk import (
    BLOCK_END,
    BLOCK_START,
    NOT_CARRIED,
    field_mappings,
    generated_section,
    mapping_table,
    sdb_terms,
    with_generated_section,
)
from satudata_meta.standard.spec import load_standard
from tests.conftest import ROOT

PAGES = {"id": ROOT / "docs" / "id" / "interoperabilitas.md",
         "en": ROOT / "docs" / "en" / "interoperability.md"}


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_generated_tables_are_current(lang: str) -> None:
    page = PAGES[lang].read_text("utf-8")
    assert with_generated_section(page, lang) == page, (
        "regenerate: with_generated_section(page, lang) from satudata_meta.importers.crosswalk")


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_every_field_of_the_standard_is_in_the_table(lang: str) -> None:
    page = PAGES[lang].read_text("utf-8")
    block = page.split(BLOCK_START)[1].split(BLOCK_END)[0]
    paths = [m.path for m in field_mappings()]
    assert len(paths) > 30
    for path in paths:
        assert f"| `{path}` |" in block, path
    for local in sdb_terms().values():
        assert f"`sdb:{local}`" in block
    for target, fields in NOT_CARRIED.items():
        for path in fields:
            assert f"| {target} | `{path}` |" in block


def test_table_follows_the_declared_mappings() -> None:
    table = mapping_table("en")
    for m in field_mappings():
        row = next(line for line in table.splitlines() if line.startswith(f"| `{m.path}` |"))
        for target in (m.ckan, m.dcat, m.pod):
            if target:
                assert f"`{target}`" in row, (m.path, target)


def test_every_sdb_term_is_declared_in_the_standard_namespace() -> None:
    standard = load_standard()
    assert standard.namespace.startswith("https://")
    for path, local in sdb_terms().items():
        spec = standard.field(path)
        assert spec is not None and spec.mapping["dcat"] == f"sdb:{local}"


def test_generated_section_needs_markers() -> None:
    with pytest.raises(ValueError):
        with_generated_section("no markers here", "en")
    assert generated_section("id") != generated_section("en")
