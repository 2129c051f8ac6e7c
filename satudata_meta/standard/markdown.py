"""Markdown reference of the standard (every field and rule) and of every finding code.

Generated, per language, into ``docs/``; a test fails when the committed pages are stale.
"""

from __future__ import annotations

from typing import Any

from satudata_meta.codes import codelist
from satudata_meta.messages import catalog
from satudata_meta.standard.spec import ColumnSpec, FieldSpec, Standard, load_standard

_HEAD: dict[str, dict[str, Any]] = {
    "id": {
        "generated": "Halaman ini dibuat otomatis dari `{source}`; jangan disunting langsung.",
        "version": "Versi", "effective": "Berlaku sejak",
        "cols": ["Kolom", "Label", "Tipe", "Keharusan", "Daftar kode", "CKAN nasional",
                 "DCAT-AP 3", "data.json (POD 1.1)"],
        "details": "Rincian kolom", "rules": "Aturan antar-kolom", "example": "Contoh",
        "default": "Bawaan", "pattern": "Pola", "obligations": (
            "**wajib** = galat bila kosong; **disarankan** = peringatan; **opsional** = info."),
        "findings_title": "Cara memperbaiki setiap temuan",
        "findings_intro": (
            "Setiap temuan punya kode tetap. Cari kodenya di laporan validasi, lalu baca "
            "cara memperbaikinya di bawah."),
        "fix": "Cara memperbaiki", "message": "Pesan",
        "namespace": "Namespace `sdb:` untuk kolom Satu Data tanpa padanan DCAT",
    },
    "en": {
        "generated": "This page is generated from `{source}`; do not edit it by hand.",
        "version": "Version", "effective": "Effective from",
        "cols": ["Field", "Label", "Type", "Obligation", "Code list", "National CKAN",
                 "DCAT-AP 3", "data.json (POD 1.1)"],
        "details": "Field details", "rules": "Cross-field rules", "example": "Example",
        "default": "Default", "pattern": "Pattern", "obligations": (
            "**wajib** (required) = error when empty; **disarankan** (recommended) = warning; "
            "**opsional** (optional) = info."),
        "findings_title": "How to fix each finding",
        "findings_intro": (
            "Every finding has a stable code. Look the code up from your validation report "
            "and read how to fix it below."),
        "fix": "How to fix", "message": "Message",
        "namespace": "Namespace `sdb:` for Satu Data fields without a DCAT home",
    },
}


# Texts of the kolom baku section (apart from _HEAD, whose values are all text or lists).
_COLUMNS: dict[str, dict[str, Any]] = {
    "id": {
        "title": "Kolom baku tabel data",
        "intro": (
            "Tabel data (CSV/XLSX) berbentuk panjang: satu baris per wilayah × periode × "
            "dimensi lain, dengan nilai di kolomnya sendiri. Kolom dengan nama (atau awalan) "
            "di bawah ini diperiksa menurut konvensinya: lapisan tabel memakai tipe dan "
            "batasannya bila sumber daya tidak punya Table Schema; lapisan isi memeriksa kode "
            "wilayah, kecocokan kode dan nama, kelengkapan cakupan, periode dan satuan. Nama "
            "persis menang atas awalan; di antara awalan, yang terpanjang menang. Kode selalu "
            "teks, sehingga `36.01` tidak pernah dibaca sebagai angka."),
        "cols": ["Kolom", "Peran", "Tipe", "Batasan", "Tingkat wilayah", "Arti", "Contoh"],
        "aliases": "Ejaan lain yang dikenali (dilaporkan, lalu dipakai)",
        "roles": {
            "kode_wilayah": "kode wilayah", "nama_wilayah": "nama wilayah",
            "periode": "periode", "satuan": "satuan", "dimensi": "dimensi",
            "ukuran": "ukuran (nilai)", "kode": "kode", "nama": "nama",
        },
        "any_level": "sesuai tingkat_penyajian",
        "codelist": "kode dari daftar `{codelist}`",
        "pair": "berpasangan dengan `{pair}`",
    },
    "en": {
        "title": "Standard columns of data tables",
        "intro": (
            "Data tables (CSV/XLSX) are long: one row per area × period × other dimensions, "
            "with the value in its own column. Columns with the names (or prefixes) below are "
            "checked by their convention: the table layer uses their type and constraints when "
            "a resource has no Table Schema; the content layer checks area codes, that codes "
            "and names agree, coverage, periods and units. An exact name wins over a prefix; "
            "among prefixes the longest wins. Codes are always text, so `36.01` is never read "
            "as a number."),
        "cols": ["Column", "Role", "Type", "Constraints", "Area level", "Meaning", "Example"],
        "aliases": "Other spellings recognised (reported, then used)",
        "roles": {
            "kode_wilayah": "area code", "nama_wilayah": "area name", "periode": "period",
            "satuan": "unit", "dimensi": "dimension", "ukuran": "measure (value)",
            "kode": "code", "nama": "name",
        },
        "any_level": "as tingkat_penyajian says",
        "codelist": "codes from the `{codelist}` list",
        "pair": "pairs with `{pair}`",
    },
}


def _flatten(fields: tuple[FieldSpec, ...], prefix: str = "") -> list[tuple[str, FieldSpec]]:
    rows: list[tuple[str, FieldSpec]] = []
    for f in fields:
        rows.append((prefix + f.name, f))
        children = f.items.fields if f.items is not None else f.fields
        if children:
            rows.extend(_flatten(children, prefix + f.name + ("[]." if f.items else ".")))
    return rows


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").strip() if text is not None else ""


def standard_page(lang: str, standard: Standard | None = None) -> str:
    standard = standard or load_standard()
    h = _HEAD[lang]
    source = standard.source.relative_to(standard.source.parents[2]).as_posix()
    out = [
        f"# {standard.title[lang]} {standard.version}", "",
        f"<!-- {h['generated'].format(source=source)} -->", "",
        standard.description[lang].strip(), "",
        f"- {h['version']}: `{standard.version}`",
        f"- {h['effective']}: {standard.effective_date}",
        f"- {h['namespace']}: `{standard.namespace}`", "",
        h["obligations"], "",
    ]
    groups: dict[str | None, list[tuple[str, FieldSpec]]] = {}
    top_group = {f.name: f.group for f in standard.fields}
    for path, spec in _flatten(standard.fields):
        groups.setdefault(top_group[path.split(".")[0].split("[")[0]], []).append((path, spec))
    for group, rows in groups.items():
        out += [f"## {standard.group_label(group or '', lang)}", "",
                "| " + " | ".join(h["cols"]) + " |", "|" + "---|" * len(h["cols"])]
        for path, f in rows:
            cl = f.codelist or (f.items.codelist if f.items else None)
            out.append("| " + " | ".join(_cell(x) for x in (
                f"`{path}`", f.label.get(lang, ""), f.type, f.obligation,
                f"`{cl}`" if cl else "", f.mapping.get("ckan", ""), f.mapping.get("dcat", ""),
                f.mapping.get("pod", ""))) + " |")
        out.append("")
    out += [f"## {h['details']}", ""]
    for path, f in _flatten(standard.fields):
        out += [f"### `{path}`: {f.label.get(lang, '')}", "", f.description.get(lang, "").strip()]
        extra = []
        if f.codelist:
            codes = codelist(f.codelist)
            extra.append(f"{h['cols'][4]}: `{f.codelist}` ({codes.title(lang)}, {len(codes)})")
        if f.pattern:
            extra.append(f"{h['pattern']}: `{f.pattern}`")
        if f.default is not None:
            extra.append(f"{h['default']}: `{f.default}`")
        if f.example is not None:
            extra.append(f"{h['example']}: `{f.example}`")
        if extra:
            out += [""] + [f"- {e}" for e in extra]
        out.append("")
    out += [f"## {h['rules']}", ""]
    for rule in standard.rules:
        out.append(f"- `{rule.id}`: {rule.message[lang].strip()}")
    out.append("")
    if standard.columns:
        out += _columns_section(standard.columns, lang)
    return "\n".join(out)


def _constraints(column: ColumnSpec, lang: str) -> str:
    h = _COLUMNS[lang]
    parts = []
    for key, value in column.constraints.items():
        if key == "enum":
            parts.append("enum: " + ", ".join(f"`{v}`" for v in value))
        else:
            parts.append(f"{key}: `{value}`")
    if column.codelist:
        parts.append(str(h["codelist"]).format(codelist=column.codelist))
    if column.pair:
        parts.append(str(h["pair"]).format(pair=column.pair))
    return "; ".join(parts)


def _columns_section(columns: tuple[ColumnSpec, ...], lang: str) -> list[str]:
    """The kolom baku table and the alternative spellings the validator recognises."""
    h = _COLUMNS[lang]
    out = [f"## {h['title']}", "", str(h["intro"]), "",
           "| " + " | ".join(h["cols"]) + " |", "|" + "---|" * len(h["cols"])]
    for c in columns:
        wilayah = c.role in ("kode_wilayah", "nama_wilayah")
        level = c.level or (h["any_level"] if wilayah else "")
        out.append("| " + " | ".join(_cell(x) for x in (
            f"`{c.key}`", h["roles"][c.role], c.type, _constraints(c, lang), level,
            c.description.get(lang, "").strip(),
            f"`{c.example}`" if c.example is not None else "")) + " |")
    out.append("")
    aliased = [c for c in columns if c.aliases]
    if aliased:
        out += [f"{h['aliases']}:", ""]
        out += [f"- `{c.key}`: " + ", ".join(f"`{a}`" for a in c.aliases) for c in aliased]
        out.append("")
    return out


def findings_page(lang: str) -> str:
    h = _HEAD[lang]
    cat = catalog(lang)
    out = [f"# {h['findings_title']}", "",
           f"<!-- {h['generated'].format(source=f'satudata_meta/locales/{lang}.yaml')} -->", "",
           h["findings_intro"], ""]
    for code in sorted(k for k in cat if not k.startswith("_")):
        entry = cat[code]
        out += [f"## `{code}`: {entry['title']}", "",
                f"{h['message']}: _{entry['message'].strip()}_", "",
                f"{h['fix']}: {entry.get('fix', '').strip()}", ""]
    return "\n".join(out)
