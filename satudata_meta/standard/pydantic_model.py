"""Write the Pydantic v2 model of the metadata as Python source, from the standard.

Generated source (``satudata_meta/standard/model.py``) gives developers a typed, importable
model with IDE completion; a test fails when it no longer matches the standard.
"""

from __future__ import annotations

from pydantic import BaseModel

from satudata_meta.standard.spec import FieldSpec, Standard, load_standard

_SCALAR = {
    "slug": "str", "string": "str", "text": "str", "email": "str", "url": "str",
    "date": "datetime.date", "period": "str", "year": "str", "boolean": "bool", "code": "str",
}


def _class_name(path: str) -> str:
    return "".join(part.capitalize() for part in path.replace("[]", "").split("_"))


def _annotation(spec: FieldSpec, classes: list[str], owner: str) -> str:
    if spec.type == "object":
        if not spec.fields:
            return "dict[str, Any]"
        name = _class_name(spec.name) if owner == "" else owner + _class_name(spec.name)
        classes.append(_model(name, spec.fields, classes, name))
        return name
    if spec.type == "list":
        assert spec.items is not None
        item_spec = FieldSpec(name=spec.name.rstrip("s") if spec.items.type == "object"
                              else spec.items.name, type=spec.items.type,
                              obligation="wajib", label={}, description={},
                              fields=spec.items.fields)
        return f"list[{_annotation(item_spec, classes, owner)}]"
    return _SCALAR[spec.type]


def _model(name: str, fields: tuple[FieldSpec, ...], classes: list[str], owner: str) -> str:
    lines = [f"class {name}(BaseModel):",
             '    model_config = ConfigDict(extra="allow", populate_by_name=True)', ""]
    for f in fields:
        ann = _annotation(f, classes, owner if owner else "")
        desc = f.label.get("en", f.name).replace('"', "'")
        # A name BaseModel already uses (e.g. "schema") gets a suffix and keeps its key as alias.
        attr, alias = (f.name + "_", f', alias="{f.name}"') if hasattr(BaseModel, f.name) else (
            f.name, "")
        if f.obligation == "wajib":
            lines.append(f'    {attr}: {ann} = Field(description="{desc}"{alias})')
        else:
            lines.append(
                f'    {attr}: {ann} | None = Field(default=None, description="{desc}"{alias})')
    return "\n".join(lines)


def build(standard: Standard | None = None) -> str:
    standard = standard or load_standard()
    classes: list[str] = []
    root = _model("DatasetMetadata", standard.fields, classes, "")
    header = f'''# ruff: noqa: E501
"""Pydantic model of the {standard.title["en"]} {standard.version}.

GENERATED from {standard.source.name} by satudata_meta.standard.pydantic_model; do not edit.
Validate metadata with ``satudata_meta.standard.check.check_metadata`` first: it reports every
problem in the user's language and normalises variants; this model then types the result.
"""

from __future__ import annotations

import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

STANDARD_VERSION = "{standard.version}"


'''
    return header + "\n\n\n".join([*classes, root]) + "\n"
