"""The audit's own wording, per language (indicator labels and fixes live with the indicator
table in ``standards/mqa/indicators.yaml``; finding messages come from the locales)."""

from __future__ import annotations

import re
from typing import Any

from satudata_meta.audit import vocab
from satudata_meta.findings import Finding
from satudata_meta.standard.spec import load_standard

TEXT: dict[str, dict[str, str]] = {
    "id": {
        "title": "Audit mutu metadata katalog",
        "source": "Sumber",
        "source-type-datajson": "feed data.json",
        "source-type-ckan": "portal CKAN (Action API)",
        "source-type-folder": "folder paket lokal (dinilai seperti ekspor data.json-nya)",
        "datasets": "dataset",
        "generated": "Dibuat",
        "method": "Metode",
        "method-mqa": "EU Metadata Quality Assessment (MQA data.europa.eu), maksimum {max} poin",
        "urls-not-checked": "URL tidak diperiksa (tanpa --check-urls): {points} poin "
                            "keteraksesan dihitung 0 sesuai MQA, jadi maksimum yang dapat "
                            "dicapai {reachable}.",
        "urls-checked": "URL diperiksa: {ok} dari {count} URL dapat dibuka (HTTP 2xx).",
        "dcat-approximation": "Kesesuaian DCAT-AP: perkiraan struktural (judul, deskripsi, URL "
                              "akses tiap distribusi), bukan SHACL; pakai --shacl untuk "
                              "validasi penuh.",
        "dcat-shacl": "Kesesuaian DCAT-AP: validasi SHACL (shapes resmi DCAT-AP 3) atas "
                      "graf yang diekspor plugin satudata-dcat.",
        "summary": "Ringkasan katalog",
        "mqa-mean": "Skor MQA rata-rata",
        "median": "median",
        "range": "rentang",
        "ratings": "Peringkat",
        "by-dimension": "Per dimensi (rata-rata)",
        "compliance": "Kepatuhan Satu Data",
        "compliance-mean": "Kepatuhan Satu Data rata-rata",
        "component-wajib": "kolom wajib",
        "component-kode": "kode referensi",
        "component-standar_data": "Standar Data (5 unsur)",
        "publishers": "Per perangkat daerah (OPD), terburuk dulu",
        "publisher": "Penerbit / OPD",
        "no-publisher": "(tanpa penerbit)",
        "mean": "rata-rata",
        "gaps": "Kekurangan paling umum",
        "gap-line": "{label}: {count} dari {total} dataset ({share}), {lost} poin hilang",
        "gap-compliance-line": "{label}: {count} dari {total} dataset ({share})",
        "fix": "Perbaikan",
        "worst": "Dataset terburuk dulu",
        "worst-limited": "{shown} dari {total} ditampilkan (--limit)",
        "not-checked": "tidak diperiksa",
        "not-checked-note": "tidak diperiksa (--check-urls)",
        "mqa": "MQA",
        "rating": "peringkat",
        "points": "poin",
        "warnings": "Peringatan",
        "failing-fields": "Kolom bermasalah",
        "field-missing": "`{field}` ({label}) kosong",
        "field-unknown-code": "`{field}` bukan kode daftar {codelist}",
        "field-invalid": "`{field}` tidak sah",
        "fix-field-missing": "Isi `{field}` ({label}).",
        "fix-field-unknown-code": "Pakai kode dari daftar {codelist} (`satudata codes list "
                                  "{codelist}`).",
        "fix-field-invalid": "Perbaiki `{field}` sesuai standar (lihat `satudata validate`).",
        "group-metadata-missing-field": "Kolom kosong: {fields}",
        "group-metadata-unknown-code": "Bukan kode daftar: {fields}",
        "group-metadata-invalid-value": "Nilai tidak sah: {fields}",
        "group-other": "Temuan lain: {fields}",
        "fix-group-metadata-missing-field": "Isi kolom ini (`satudata standard show` "
                                            "menjelaskan tiap kolom).",
        "fix-group-metadata-unknown-code": "Pakai kode dari daftarnya (`satudata codes "
                                           "list <daftar>`).",
        "fix-group-metadata-invalid-value": "Perbaiki nilainya; `satudata validate` "
                                            "menyebut aturannya.",
        "fix-group-other": "Lihat `satudata validate`.",
        "compare": "Perbandingan dengan audit sebelumnya",
        "compare-old": "Audit lama",
        "improved": "Membaik",
        "regressed": "Memburuk",
        "unchanged": "tidak berubah",
        "added": "Dataset baru",
        "removed": "Dataset hilang",
        "changed-indicators": "Indikator berubah",
        "histogram": "Sebaran skor MQA",
        "opd-bars": "Skor MQA rata-rata per OPD",
        "gap-bars": "Kekurangan paling umum (persen dataset)",
        "dimension-bars": "Poin rata-rata per dimensi",
        "compliance-histogram": "Sebaran kepatuhan Satu Data",
        "compliance-components": "Kepatuhan rata-rata per komponen",
        "publishers-shown": "{shown} dari {total} OPD ditampilkan (yang datasetnya terbanyak); "
                            "semua ada di tabel di bawah.",
        "how-scored": "Cara penilaian",
        "n-datasets": "{count} dataset",
        "none": "tidak ada",
        "all-ok": "Tidak ada kekurangan.",
        "id": "ID",
        "dataset": "Dataset",
        "gaps-of": "Kekurangan",
        "weakest": "Indikator terlemah",
        "elapsed": "Waktu audit: {seconds} detik",
        "delta": "selisih",
        "footer": "Dibuat dengan satudata-meta {version}. Skor MQA mengikuti metodologi "
                  "data.europa.eu; daftar format dan kosakata: standards/mqa/.",
    },
    "en": {
        "title": "Catalogue metadata quality audit",
        "source": "Source",
        "source-type-datajson": "data.json feed",
        "source-type-ckan": "CKAN portal (Action API)",
        "source-type-folder": "folder of local packages (scored like its data.json export)",
        "datasets": "datasets",
        "generated": "Generated",
        "method": "Method",
        "method-mqa": "EU Metadata Quality Assessment (data.europa.eu MQA), at most {max} points",
        "urls-not-checked": "URLs not checked (no --check-urls): {points} accessibility points "
                            "count 0 as in MQA, so the reachable maximum is {reachable}.",
        "urls-checked": "URLs checked: {ok} of {count} URLs answer (HTTP 2xx).",
        "dcat-approximation": "DCAT-AP compliance: structural approximation (title, "
                              "description, access URL of every distribution), not SHACL; use "
                              "--shacl for full validation.",
        "dcat-shacl": "DCAT-AP compliance: SHACL validation (official DCAT-AP 3 shapes) of the "
                      "graph the satudata-dcat plugin exports.",
        "summary": "Catalogue summary",
        "mqa-mean": "Mean MQA score",
        "median": "median",
        "range": "range",
        "ratings": "Ratings",
        "by-dimension": "By dimension (mean)",
        "compliance": "Satu Data compliance",
        "compliance-mean": "Mean Satu Data compliance",
        "component-wajib": "required fields",
        "component-kode": "reference codes",
        "component-standar_data": "Standar Data (5 elements)",
        "publishers": "By agency (OPD), worst first",
        "publisher": "Publisher / OPD",
        "no-publisher": "(no publisher)",
        "mean": "mean",
        "gaps": "Most common gaps",
        "gap-line": "{label}: {count} of {total} datasets ({share}), {lost} points lost",
        "gap-compliance-line": "{label}: {count} of {total} datasets ({share})",
        "fix": "Fix",
        "worst": "Datasets, worst first",
        "worst-limited": "{shown} of {total} shown (--limit)",
        "not-checked": "not checked",
        "not-checked-note": "not checked (--check-urls)",
        "mqa": "MQA",
        "rating": "rating",
        "points": "points",
        "warnings": "Warnings",
        "failing-fields": "Failing fields",
        "field-missing": "`{field}` ({label}) is empty",
        "field-unknown-code": "`{field}` is not a code of the {codelist} list",
        "field-invalid": "`{field}` is invalid",
        "fix-field-missing": "Fill in `{field}` ({label}).",
        "fix-field-unknown-code": "Use a code of the {codelist} list (`satudata codes list "
                                  "{codelist}`).",
        "fix-field-invalid": "Correct `{field}` as the standard says (see `satudata validate`).",
        "group-metadata-missing-field": "Empty fields: {fields}",
        "group-metadata-unknown-code": "Not a code of its list: {fields}",
        "group-metadata-invalid-value": "Invalid values: {fields}",
        "group-other": "Other findings: {fields}",
        "fix-group-metadata-missing-field": "Fill them in (`satudata standard show` explains "
                                            "each field).",
        "fix-group-metadata-unknown-code": "Use codes of their lists (`satudata codes list "
                                           "<list>`).",
        "fix-group-metadata-invalid-value": "Correct the values; `satudata validate` names "
                                            "the rule.",
        "fix-group-other": "See `satudata validate`.",
        "compare": "Compared with the previous audit",
        "compare-old": "Previous audit",
        "improved": "Improved",
        "regressed": "Regressed",
        "unchanged": "unchanged",
        "added": "New datasets",
        "removed": "Datasets gone",
        "changed-indicators": "Indicators changed",
        "histogram": "MQA score distribution",
        "opd-bars": "Mean MQA score per OPD",
        "gap-bars": "Most common gaps (share of datasets)",
        "dimension-bars": "Mean points per dimension",
        "compliance-histogram": "Satu Data compliance distribution",
        "compliance-components": "Mean compliance per component",
        "publishers-shown": "{shown} of {total} agencies shown (those with most datasets); all "
                            "are in the table below.",
        "how-scored": "How it is scored",
        "n-datasets": "{count} datasets",
        "none": "none",
        "all-ok": "No gaps.",
        "id": "ID",
        "dataset": "Dataset",
        "gaps-of": "Gaps",
        "weakest": "Weakest indicators",
        "elapsed": "Audit time: {seconds} s",
        "delta": "change",
        "footer": "Made with satudata-meta {version}. MQA scores follow the data.europa.eu "
                  "methodology; format lists and vocabularies: standards/mqa/.",
    },
}


def t(key: str, lang: str, **params: Any) -> str:
    table = TEXT.get(lang, TEXT["id"])
    template = table.get(key) or TEXT["id"].get(key, key)
    return template.format(**params) if params else template


def indicator_label(ident: str, lang: str) -> str:
    return vocab.method().indicator(ident).label.get(lang, ident)


def indicator_fix(ident: str, lang: str) -> str:
    return vocab.method().indicator(ident).fix.get(lang, "")


def dimension_label(ident: str, lang: str) -> str:
    return vocab.method().dimension(ident).label.get(lang, ident)


def rating_label(ident: str, lang: str) -> str:
    for band in vocab.method().ratings:
        if band.id == ident:
            return band.label.get(lang, ident)
    return ident


def compliance_group(code: str, fields: list[str], lang: str) -> tuple[str, str]:
    """(what, fix) for a group of fields failing the same way."""
    kind = code if f"group-{code}" in TEXT["id"] else "other"
    shown = ", ".join(f"`{f}`" for f in fields)
    return t(f"group-{kind}", lang, fields=shown), t(f"fix-group-{kind}", lang)


def field_label(path: str, lang: str) -> str:
    spec = load_standard().field(path.replace("[]", ""))
    return spec.label.get(lang, path) if spec is not None else path


def field_gap(f: Finding, lang: str) -> tuple[str, str]:
    """A failing finding as (what is wrong, how to fix it), short enough for a table cell."""
    field = re.sub(r"\[\d+\]", "[]", f.path or "?")
    label = field_label(field, lang)
    if f.code == "metadata-missing-field":
        return t("field-missing", lang, field=field, label=label), \
            t("fix-field-missing", lang, field=field, label=label)
    if f.code == "metadata-unknown-code":
        codelist = str(f.params.get("codelist") or "?")
        return t("field-unknown-code", lang, field=field, codelist=codelist), \
            t("fix-field-unknown-code", lang, codelist=codelist)
    return t("field-invalid", lang, field=field), t("fix-field-invalid", lang, field=field)
