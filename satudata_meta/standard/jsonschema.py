"""JSON Schema 2020-12 of the metadata, generated from the standard.

Non-Python portals and forms validate the same rules with it. It accepts canonical values only
(the library's normaliser maps variants first). Two rules cannot be said in JSON Schema and are
named in ``$comment``: date order and level-versus-coverage; the library checks them.
"""

from __future__ import annotations

from typing import Any

from satudata_meta.codes import codelist
from satudata_meta.standard.spec import FieldSpec, Standard, load_standard

WILAYAH_PATTERN = r"^\d{2}(\.\d{2}(\.\d{2}(\.[123]\d{3})?)?)?$"
_PERIOD = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
_YEAR_INT = {"type": "integer", "minimum": 1900, "maximum": 2199}


def _text(spec: FieldSpec, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"title": spec.label.get(lang, spec.name)}
    if spec.description.get(lang):
        out["description"] = spec.description[lang].strip()
    return out


def field_schema(spec: FieldSpec, lang: str = "en") -> dict[str, Any]:
    s: dict[str, Any] = _text(spec, lang) if spec.name != "*" else {}
    t = spec.type
    if t in ("slug", "string", "text"):
        s["type"] = "string"
        s["minLength"] = 1
        if spec.pattern:
            s["pattern"] = spec.pattern
        if spec.max_length:
            s["maxLength"] = spec.max_length
    elif t == "email":
        s.update(type="string", format="email", pattern=r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
    elif t == "url":
        s.update(type="string", format="uri", pattern=r"^https?://")
    elif t == "date":
        s.update(type="string", format="date", pattern=r"^\d{4}-\d{2}-\d{2}$")
    elif t == "period":
        s["anyOf"] = [{"type": "string", "pattern": _PERIOD}, _YEAR_INT]
    elif t == "year":
        s["anyOf"] = [{"type": "string", "pattern": r"^(19|20|21)\d{2}$"}, _YEAR_INT]
    elif t == "boolean":
        s["type"] = "boolean"
    elif t == "code":
        assert spec.codelist is not None
        s["x-codelist"] = spec.codelist
        if spec.codelist == "wilayah":
            s.update(type="string", pattern=WILAYAH_PATTERN)
        else:
            codes = codelist(spec.codelist)
            if codes.extensible:
                s.update(type="string", minLength=1, examples=[c.code for c in codes][:10])
            else:
                s["enum"] = [c.code for c in codes]
    elif t == "list":
        s["type"] = "array"
        if spec.min_items:
            s["minItems"] = spec.min_items
        if spec.items is not None:
            s["items"] = field_schema(spec.items, lang)
    elif t == "object":
        s["type"] = "object"
        if spec.fields:
            s["properties"] = {f.name: field_schema(f, lang) for f in spec.fields}
            required = [f.name for f in spec.fields if f.obligation == "wajib"]
            if required:
                s["required"] = required
    return s


def build(standard: Standard | None = None, lang: str = "en") -> dict[str, Any]:
    standard = standard or load_standard()
    major_minor = ".".join(standard.version.split(".")[:2])
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://satudata.bantenprov.go.id/standar/metadata/{major_minor}/schema.json",
        "title": f"{standard.title[lang]} {standard.version}",
        "description": standard.description[lang].strip(),
        "type": "object",
        "properties": {f.name: field_schema(f, lang) for f in standard.fields},
        "required": [f.name for f in standard.fields if f.obligation == "wajib"],
    }
    all_of: list[dict[str, Any]] = []
    comments: list[str] = []
    for rule in standard.rules:
        if rule.when is not None and rule.then is not None:
            cond = {"properties": {rule.when["field"]: {"const": rule.when["equals"]}},
                    "required": [rule.when["field"]]}
            target = rule.then["field"]
            then: dict[str, Any] = (
                {"required": [target]} if rule.then.get("required")
                else {"properties": {target: {"not": {"const": rule.then["not_equals"]}}}}
            )
            all_of.append({"$comment": rule.id, "if": cond, "then": then})
        elif rule.check == "one_of_required":
            assert rule.field is not None
            items = schema["properties"][rule.field]["items"]
            items["anyOf"] = [{"required": [name]} for name in rule.fields]
            items["$comment"] = rule.id
        else:
            comments.append(f"{rule.id}: {rule.message[lang].strip()}")
    if all_of:
        schema["allOf"] = all_of
    if comments:
        schema["$comment"] = ("Checked by satudata-meta, not expressible here: "
                              + " | ".join(comments))
    return schema
