"""Every file generated from the standard, and the check that the committed copies are current.

``python -m satudata_meta.standard.generate`` rewrites them; ``--check`` lists stale ones and
exits 1 (the test suite runs the same check).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from satudata_meta.paths import repo_root


def _jsonschema() -> str:
    from satudata_meta.standard.jsonschema import build

    return json.dumps(build(), ensure_ascii=False, indent=2) + "\n"


def _markdown(lang: str) -> Callable[[], str]:
    def render() -> str:
        from satudata_meta.standard.markdown import standard_page

        return standard_page(lang)

    return render


def _findings(lang: str) -> Callable[[], str]:
    def render() -> str:
        from satudata_meta.standard.markdown import findings_page

        return findings_page(lang)

    return render


def _scheming() -> str:
    import yaml

    from satudata_meta.standard.ckan import scheming_schema

    header = ("# ckanext-scheming dataset schema, GENERATED from the Satu Data Banten standard by\n"
              "# satudata_meta.standard.ckan; do not edit. Regenerate: "
              "python -m satudata_meta.standard.generate\n")
    return header + yaml.safe_dump(scheming_schema(), allow_unicode=True, sort_keys=False,
                                   width=100)


def _interop(lang: str, rel: str) -> Callable[[], str]:
    """The interoperability page: hand-written prose around a generated mapping block."""

    def render() -> str:
        from satudata_meta.importers.crosswalk import with_generated_section

        root = repo_root()
        assert root is not None
        return with_generated_section((root / rel).read_text(encoding="utf-8"), lang)

    return render


def _model() -> str:
    from satudata_meta.standard.pydantic_model import build

    return build()


# Repository path -> function producing its content.
GENERATED: dict[str, Callable[[], str]] = {
    "standards/dist/satudata-banten-1.0.schema.json": _jsonschema,
    "standards/dist/ckan-scheming-1.0.yaml": _scheming,
    "satudata_meta/standard/model.py": _model,
    "docs/id/standar-metadata.md": _markdown("id"),
    "docs/en/metadata-standard.md": _markdown("en"),
    "docs/id/cara-memperbaiki-temuan.md": _findings("id"),
    "docs/en/how-to-fix-findings.md": _findings("en"),
    "docs/id/interoperabilitas.md": _interop("id", "docs/id/interoperabilitas.md"),
    "docs/en/interoperability.md": _interop("en", "docs/en/interoperability.md"),
}


def stale(root: Path) -> list[str]:
    """Generated files whose committed content differs from what the standard gives now."""
    out = []
    for rel, render in GENERATED.items():
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != render():
            out.append(rel)
    return out


def write_all(root: Path) -> list[str]:
    written = []
    for rel, render in GENERATED.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        content = render()
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8", newline="\n")
            written.append(rel)
    return written


def main(argv: list[str]) -> int:
    root = repo_root()
    if root is None:
        print("generate: run from a source checkout", file=sys.stderr)
        return 2
    if "--check" in argv:
        bad = stale(root)
        for rel in bad:
            print(f"stale: {rel}")
        return 1 if bad else 0
    for rel in write_all(root):
        print(f"wrote {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
