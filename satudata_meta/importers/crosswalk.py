"""The crosswalk between the standard and the formats around the portal.

Every field of the standard declares ``mapping: {ckan, dcat, pod}``. This module walks those
declarations once, so the data.json importer (reverse lookup of feed keys), the exporters'
documentation and the docs' mapping table all read the same source instead of repeating field
lists. It also records, per target, what an export cannot carry: the round-trip tests pin
those lists, so a loss can never appear silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from satudata_meta.standard.spec import FieldSpec, Standard, load_standard

TARGETS = ("ckan", "dcat", "pod")
SDB_PREFIX = "sdb:"

# Fields whose data.json form is not a plain "key: value" copy (objects, lists of objects,
# code lists with their own POD vocabulary). Everything else is copied under its ``pod`` key.
POD_STRUCTURED = frozenset({
    "topik", "produsen_data", "kontak", "frekuensi", "periode", "cakupan_wilayah", "akses",
    "lisensi", "resources",
})

# Fields the DCAT export writes in ``sdb:`` as well as at their DCAT home, because the DCAT
# value is coarser: several topik share one EU data theme, so ``sdb:topik`` keeps the code.
SDB_EXTRA: dict[str, str] = {"topik": "topik"}

# Where an export deliberately differs from the declared mapping, and why (shown in the docs).
EXPORT_NOTES: dict[str, dict[str, dict[str, str]]] = {
    "dcat": {
        "sumber": {
            "id": "Ditulis sebagai `dct:provenance` [`dct:ProvenanceStatement`, `rdfs:label`]: "
                  "DCAT-AP 3 mensyaratkan nilai `dct:source` berupa `dcat:Dataset`, bukan teks.",
            "en": "Written as `dct:provenance` [`dct:ProvenanceStatement`, `rdfs:label`]: "
                  "DCAT-AP 3 requires a `dcat:Dataset` as the value of `dct:source`, not text.",
        },
        "topik": {
            "id": "Konsep EU Data Theme (pemetaan `eu` daftar topik), ditambah `sdb:topik` = "
                  "kode topik.",
            "en": "The EU Data Theme concept (the topik list's `eu` mapping), plus `sdb:topik` "
                  "= the topik code.",
        },
        "lisensi": {
            "id": "Pada setiap `dcat:Distribution`, sebagai URI EU licence NAL.",
            "en": "On every `dcat:Distribution`, as the EU licence NAL URI.",
        },
        "resources[].name": {
            "id": "`dct:identifier` distribusi.",
            "en": "The distribution's `dct:identifier`.",
        },
    },
    "pod": {
        "akses": {
            "id": "public / restricted public / non-public, ditambah `accessRights` "
                  "(terbuka / terbatas / tertutup, kunci SDI nasional).",
            "en": "public / restricted public / non-public, plus `accessRights` "
                  "(terbuka / terbatas / tertutup, the national SDI key).",
        },
        "cakupan_wilayah": {
            "id": "URI wilayah (`--wilayah-base` + kode Kemendagri).",
            "en": "The region URI (`--wilayah-base` + Kemendagri code).",
        },
        "topik": {
            "id": "Label topik nasional.",
            "en": "The national topic label.",
        },
    },
}

# What each target cannot carry. Keys are field paths; the round-trip tests compare the
# fields that come back with this list, so it can only change together with the code.
NOT_CARRIED: dict[str, dict[str, dict[str, str]]] = {
    "dcat": {
        "resources[].path": {
            "id": "Lokasi lokal berkas menjadi `dcat:downloadURL` absolut; impor balik "
                  "memberi `url`.",
            "en": "The local file location becomes an absolute `dcat:downloadURL`; reading it "
                  "back gives `url`.",
        },
        "resources[].schema": {
            "id": "DCAT-AP tidak memuat Table Schema sebaris (`dct:conformsTo` hanya menunjuk "
                  "standar lewat URI).",
            "en": "DCAT-AP has no inline Table Schema (`dct:conformsTo` only points at a "
                  "standard by URI).",
        },
    },
    "datajson": {
        "resources[].path": {
            "id": "Menjadi `downloadURL` absolut; impor balik memberi `url`.",
            "en": "Becomes an absolute `downloadURL`; reading it back gives `url`.",
        },
        "resources[].schema": {
            "id": "POD hanya punya `describedBy` (URL kamus data), bukan skema sebaris.",
            "en": "POD only has `describedBy` (a data-dictionary URL), not an inline schema.",
        },
        "frekuensi": {
            "id": "Hanya nilai yang punya bentuk ISO 8601/POD (`R/P1Y`, `irregular`, ...); "
                  "`sekali`, `real_time` dan `tidak_diketahui` tidak punya padanan POD.",
            "en": "Only values with an ISO 8601/POD form (`R/P1Y`, `irregular`, ...); "
                  "`sekali`, `real_time` and `tidak_diketahui` have no POD equivalent.",
        },
    },
    "datapackage": {},
}

# Fields a round trip may fill although the original left them empty, and from what.
DERIVED: dict[str, dict[str, str]] = {
    "datajson": {
        "tanggal_pemutakhiran": "tanggal_rilis",  # POD requires `modified`
        "tag": "topik",  # POD requires at least one `keyword`
    },
}


@dataclass(frozen=True)
class FieldMapping:
    """One field of the standard (nested fields by dotted path) and its declared mappings."""

    path: str  # "judul", "kontak.email", "resources[].format"
    spec: FieldSpec

    @property
    def ckan(self) -> str | None:
        return self.spec.mapping.get("ckan")

    @property
    def dcat(self) -> str | None:
        return self.spec.mapping.get("dcat")

    @property
    def pod(self) -> str | None:
        return self.spec.mapping.get("pod")

    @property
    def top(self) -> bool:
        return "." not in self.path and "[" not in self.path


def _walk(specs: tuple[FieldSpec, ...], prefix: str) -> list[FieldMapping]:
    rows: list[FieldMapping] = []
    for spec in specs:
        path = prefix + spec.name
        rows.append(FieldMapping(path, spec))
        if spec.fields:
            rows.extend(_walk(spec.fields, path + "."))
        if spec.items is not None and spec.items.fields:
            rows.extend(_walk(spec.items.fields, path + "[]."))
    return rows


def field_mappings(standard: Standard | None = None) -> list[FieldMapping]:
    """Every field, nested ones included, in declaration order."""
    return _walk((standard or load_standard()).fields, "")


def sdb_terms(standard: Standard | None = None) -> dict[str, str]:
    """Field path -> local name in the ``sdb:`` namespace, for fields without a DCAT home."""
    return {m.path: m.dcat[len(SDB_PREFIX):] for m in field_mappings(standard)
            if m.dcat and m.dcat.startswith(SDB_PREFIX)}


def pod_simple_fields(standard: Standard | None = None) -> list[FieldMapping]:
    """Top-level fields whose data.json form is their value under their ``pod`` key."""
    return [m for m in field_mappings(standard)
            if m.top and m.pod and m.path not in POD_STRUCTURED]


_FEED_KEYS: dict[int, tuple[Standard, dict[str, str]]] = {}


def feed_keys(standard: Standard | None = None) -> dict[str, str]:
    """data.json key -> field, for the plain fields: the ``pod`` key and, as an alias, the
    national CKAN key (the national harvester copies SDI keys 1:1, so feeds carry both).
    Computed once per standard: the importer asks for every dataset of a feed."""
    standard = standard or load_standard()
    cached = _FEED_KEYS.get(id(standard))
    if cached is None or cached[0] is not standard:
        cached = _FEED_KEYS[id(standard)] = (standard, _feed_keys(standard))
    return dict(cached[1])


def _feed_keys(standard: Standard) -> dict[str, str]:
    keys: dict[str, str] = {}
    for m in pod_simple_fields(standard):
        assert m.pod is not None
        keys[m.pod] = m.path
    for m in pod_simple_fields(standard):
        if m.ckan:
            keys.setdefault(m.ckan, m.path)
    return keys


_TABLE_HEAD = {
    "id": ["Kolom standar", "Label", "CKAN nasional", "DCAT-AP 3 (ekspor)", "data.json POD 1.1 "
           "(ekspor)"],
    "en": ["Standard field", "Label", "National CKAN", "DCAT-AP 3 (export)", "data.json POD 1.1 "
           "(export)"],
}


def _cell(value: str | None) -> str:
    return f"`{value}`" if value else "—"


def mapping_table(lang: str = "id", standard: Standard | None = None) -> str:
    """The Markdown table standard <-> national CKAN <-> DCAT-AP 3 <-> POD 1.1, with the
    export's deviations and losses noted in the cells, generated from the declarations."""
    head = _TABLE_HEAD[lang]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for m in field_mappings(standard):
        dcat, pod = _cell(m.dcat), _cell(m.pod)
        if m.path in EXPORT_NOTES["dcat"]:
            dcat += " — " + EXPORT_NOTES["dcat"][m.path][lang]
        if m.path in EXPORT_NOTES["pod"]:
            pod += " — " + EXPORT_NOTES["pod"][m.path][lang]
        if m.path in NOT_CARRIED["dcat"]:
            dcat += " ✗ " + NOT_CARRIED["dcat"][m.path][lang]
        if m.path in NOT_CARRIED["datajson"]:
            pod += " ✗ " + NOT_CARRIED["datajson"][m.path][lang]
        label = m.spec.label.get(lang) or m.spec.label.get("id", "")
        lines.append(f"| `{m.path}` | {label} | {_cell(m.ckan)} | {dcat} | {pod} |")
    return "\n".join(lines) + "\n"


def not_carried_table(lang: str = "id") -> str:
    """Markdown table of what each export target cannot carry."""
    head = {"id": ["Target", "Kolom", "Alasan"], "en": ["Target", "Field", "Why"]}[lang]
    lines = ["| " + " | ".join(head) + " |", "|---|---|---|"]
    for target, fields in NOT_CARRIED.items():
        if not fields:
            none = {"id": "(tidak ada: seluruh metadata dibawa)",
                    "en": "(nothing: all metadata is carried)"}[lang]
            lines.append(f"| {target} | — | {none} |")
        for path, why in fields.items():
            lines.append(f"| {target} | `{path}` | {why[lang]} |")
    return "\n".join(lines) + "\n"


def sdb_table(lang: str = "id", standard: Standard | None = None) -> str:
    """Markdown table of the ``sdb:`` properties the DCAT export writes."""
    std = standard or load_standard()
    head = {"id": ["Properti", "Kolom standar", "Bentuk nilai"],
            "en": ["Property", "Standard field", "Value form"]}[lang]
    forms = {
        "id": {"boolean": "`xsd:boolean`", "year": "`xsd:gYear`", "text": "teks `@id`",
               "code": "kode dari daftar kode", "string": "teks"},
        "en": {"boolean": "`xsd:boolean`", "year": "`xsd:gYear`", "text": "text `@id`",
               "code": "code from the code list", "string": "text"},
    }[lang]
    lines = ["| " + " | ".join(head) + " |", "|---|---|---|"]
    for path, local in {**sdb_terms(std), **SDB_EXTRA}.items():
        spec = std.field(path)
        kind = spec.type if spec else "string"
        lines.append(f"| `sdb:{local}` | `{path}` | {forms.get(kind, forms['string'])} |")
    return "\n".join(lines) + "\n"


BLOCK_START = "<!-- generated:crosswalk:start -->"
BLOCK_END = "<!-- generated:crosswalk:end -->"
_SECTION_TITLES = {
    "id": ("Tabel pemetaan kolom", "Namespace `sdb:`", "Yang tidak terbawa"),
    "en": ("Field mapping table", "The `sdb:` namespace", "What a target cannot carry"),
}


def generated_section(lang: str = "id", standard: Standard | None = None) -> str:
    """The generated part of the interoperability page: mapping, ``sdb:`` and loss tables."""
    std = standard or load_standard()
    mapping, sdb, lost = _SECTION_TITLES[lang]
    note = {"id": f"Namespace: `{std.namespace}` (prefiks `sdb:`).",
            "en": f"Namespace: `{std.namespace}` (prefix `sdb:`)."}[lang]
    return (f"### {mapping}\n\n{mapping_table(lang, std)}\n### {sdb}\n\n{note}\n\n"
            f"{sdb_table(lang, std)}\n### {lost}\n\n{not_carried_table(lang)}")


def with_generated_section(page: str, lang: str = "id") -> str:
    """``page`` with the block between the crosswalk markers replaced by the current tables
    (for the generated-docs registry: the prose around the block stays hand-written)."""
    if BLOCK_START not in page or BLOCK_END not in page:
        raise ValueError("page has no crosswalk markers")
    head, rest = page.split(BLOCK_START, 1)
    _, tail = rest.split(BLOCK_END, 1)
    return f"{head}{BLOCK_START}\n{generated_section(lang)}{BLOCK_END}{tail}"
