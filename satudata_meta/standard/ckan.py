"""The standard in CKAN's terms: field names, and a ckanext-scheming schema CKAN enforces.

Field names come from each field's ``mapping.ckan`` (the national Satu Data portal's names).
This module only computes names and YAML; it never imports CKAN, so the core stays free of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from satudata_meta.codes import codelist
from satudata_meta.standard.spec import FieldSpec, Standard, load_standard

# Package keys CKAN itself owns; everything else is a scheming field or an extra.
CKAN_CORE = frozenset({
    "name", "title", "notes", "owner_org", "license_id", "author", "author_email",
    "maintainer", "maintainer_email", "tags", "resources", "url", "version", "private",
    "state", "type", "groups", "extras",
})
# Where a standard field's national mapping is not a plain package key, the name we store.
_RENAMED = {"groups": "topik"}  # topics stay a field: groups need portal-side set-up
_STRUCTURAL = {"tags", "resources"}  # converted by the publisher, not stored as a field
# The national portal's "Tipe Instansi" (apteksdi/ckanext-scheming metadata_dataset.yaml).
PUBLISHER_TYPES = ("pusat", "daerah-provinsi", "daerah-kota", "daerah-kabupaten")


@dataclass(frozen=True)
class CkanField:
    path: str  # dotted path in our metadata, e.g. "kontak.email"
    name: str  # CKAN package key
    spec: FieldSpec

    @property
    def core(self) -> bool:
        return self.name in CKAN_CORE


def ckan_fields(standard: Standard | None = None) -> list[CkanField]:
    """Every scalar metadata field with its CKAN package key (objects flattened)."""
    standard = standard or load_standard()
    out: list[CkanField] = []
    for spec in standard.fields:
        name = spec.mapping.get("ckan", spec.name)
        if name in _STRUCTURAL:
            continue
        if spec.type == "object" and spec.fields:
            for child in spec.fields:
                out.append(CkanField(f"{spec.name}.{child.name}",
                                     child.mapping.get("ckan", f"{spec.name}_{child.name}"), child))
            continue
        out.append(CkanField(spec.name, _RENAMED.get(name, name), spec))
    return out


def _label(spec: FieldSpec) -> dict[str, str]:
    return {"en": spec.label.get("en", spec.name), "id": spec.label.get("id", spec.name)}


def _choices(spec: FieldSpec) -> list[dict[str, Any]] | None:
    if spec.type == "boolean":
        return [{"value": "true", "label": {"id": "Ya", "en": "Yes"}},
                {"value": "false", "label": {"id": "Tidak", "en": "No"}}]
    if spec.type != "code" or spec.codelist in (None, "wilayah"):
        return None
    codes = codelist(spec.codelist or "")
    if codes.extensible:
        return None
    return [{"value": c.code, "label": {"id": c.label_in("id"), "en": c.label_in("en")}}
            for c in codes]


def _required(field: CkanField, standard: Standard) -> bool:
    top = standard.field(field.path.split(".")[0])
    return field.spec.obligation == "wajib" and (top is None or top.obligation == "wajib")


def scheming_schema(standard: Standard | None = None) -> dict[str, Any]:
    """A ckanext-scheming dataset schema: choices from the code lists, wajib -> required."""
    standard = standard or load_standard()
    by_name = {f.name: f for f in ckan_fields(standard)}
    fields: list[dict[str, Any]] = [
        {"field_name": "title", "label": _label(by_name["title"].spec), "preset": "title",
         "required": True},
        {"field_name": "name", "label": _label(by_name["name"].spec), "preset": "dataset_slug"},
        {"field_name": "notes", "label": _label(by_name["notes"].spec),
         "form_snippet": "markdown.html", "required": True},
        {"field_name": "tag_string", "label": {"id": "Kata kunci", "en": "Keywords"},
         "preset": "tag_string_autocomplete"},
        {"field_name": "owner_org", "label": _label(by_name["owner_org"].spec),
         "preset": "dataset_organization"},
        {"field_name": "license_id", "label": _label(by_name["license_id"].spec),
         "form_snippet": "license.html"},
    ]
    done = {"title", "name", "notes", "owner_org", "license_id"}
    for field in ckan_fields(standard):
        if field.name in done:
            continue
        entry: dict[str, Any] = {"field_name": field.name, "label": _label(field.spec)}
        help_text = field.spec.description
        if help_text:
            entry["help_text"] = {k: v.strip() for k, v in help_text.items()}
        choices = _choices(field.spec)
        if choices:
            entry.update(preset="select", choices=choices)
        elif field.spec.type == "text":
            entry["form_snippet"] = "markdown.html"
        if field.spec.type in ("date",):
            entry["preset"] = "date"
        if _required(field, standard):
            entry["required"] = True
        fields.append(entry)
    fields += [
        {"field_name": "publisher_type", "label": {"id": "Tipe Instansi", "en": "Publisher type"},
         "preset": "select", "choices": [{"value": v, "label": v} for v in PUBLISHER_TYPES]},
        {"field_name": "satudata_standard",
         "label": {"id": "Versi standar metadata", "en": "Metadata standard version"}},
    ]
    resource_fields: list[dict[str, Any]] = [
        {"field_name": "url", "label": {"id": "Berkas atau tautan", "en": "File or link"},
         "preset": "resource_url_upload"},
        {"field_name": "name", "label": {"id": "Nama", "en": "Name"}},
        {"field_name": "description", "label": {"id": "Deskripsi", "en": "Description"},
         "form_snippet": "markdown.html"},
        {"field_name": "format", "label": {"id": "Format", "en": "Format"},
         "preset": "resource_format_autocomplete"},
        {"field_name": "title", "label": {"id": "Judul", "en": "Title"}},
        {"field_name": "schema", "label": {"id": "Skema tabel (Table Schema)",
                                           "en": "Table Schema"}},
    ]
    return {
        "scheming_version": 2,
        "dataset_type": "dataset",
        "about": f"{standard.title['id']} {standard.version} (generated by satudata-meta)",
        "about_url": standard.namespace.rstrip("#"),
        "dataset_fields": fields,
        "resource_fields": resource_fields,
    }
