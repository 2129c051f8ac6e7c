"""``satudata codes``: list the reference code lists, look up, search and convert wilayah codes.

Exit codes: 0 found, 1 not found (unknown list, code or name; no counterpart in the other
system), 2 usage error (click's own). Messages are in the language of ``--lang``; ``--json``
prints machine-readable objects instead.
"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import click

from satudata_meta.cli.common import emit, lang_option, output_option
from satudata_meta.codes import wilayah as wl
from satudata_meta.codes.codelist import Code, CodeList, codelist, codelist_names

MESSAGES: dict[str, dict[str, str]] = {
    "id": {
        "col_list": "Daftar",
        "col_title": "Judul",
        "col_version": "Versi",
        "col_count": "Jumlah",
        "col_source": "Sumber",
        "col_code": "Kode",
        "col_name": "Nama",
        "col_level": "Tingkat",
        "col_score": "Skor",
        "col_parent": "Induk",
        "unreadable": "(tidak terbaca: {error})",
        "unknown_list": "Daftar kode '{name}' tidak dikenal. Daftar yang ada: {names}.",
        "only_wilayah": "--within dan --level hanya untuk daftar wilayah dan wilayah_bps.",
        "bad_level": "Tingkat '{level}' tidak dikenal; pilih salah satu: {levels}.",
        "unknown_code": "Kode wilayah '{code}' tidak ditemukan.",
        "not_a_code": (
            "'{code}' bukan kode wilayah. Bentuk yang dikenal: Kemendagri 36, 36.03, "
            "36.03.01, 36.03.01.2001; BPS 36, 3603, 3603010, 3603010001. "
            "Untuk mencari nama: satudata codes search."
        ),
        "mangled": (
            "'{code}' tampaknya kode {fixed} yang kehilangan angka nol di belakang "
            "(misalnya setelah dibuka di Excel); simpan kolom kode sebagai teks."
        ),
        "mangled_found": "Maksud Anda {fixed} ({name})?",
        "mangled_missing": "Kode {fixed} juga tidak ada dalam daftar.",
        "unknown_within": "Wilayah induk '{code}' tidak ditemukan.",
        "no_results": "Tidak ada wilayah yang cocok dengan '{text}'.",
        "ambiguous": (
            "Ambigu: lebih dari satu wilayah setingkat cocok hampir sama baiknya. Perjelas "
            "dengan nama lengkap ('Kabupaten ...' / 'Kota ...'), --within atau --level."
        ),
        "read_as": "dibaca sebagai kode {system} {code}",
        "level": "Tingkat",
        "kind": "Jenis",
        "system": "Sistem",
        "parents": "Induk",
        "other_code": "Kode {system}",
        "no_counterpart": "tidak ada padanan ({reason})",
        "outside_crosswalk": "crosswalk kecamatan dan desa hanya mencakup Provinsi Banten (36)",
        "no_bps_counterpart": "tidak ada nama serupa di daftar BPS 2018",
        "no_kemendagri_counterpart": "tidak ada nama serupa di daftar Kemendagri",
        "below_threshold": "nama terdekat ({candidate}) kurang mirip untuk dipasangkan",
        "partial_name": "nama hanya cocok sebagian dengan {candidate}: ganti nama atau pemekaran?",
        "ambiguous_name": "beberapa wilayah di induk yang sama bernama serupa",
        "name_under_other_parent": "nama yang sama ada di induk lain ({candidate}); pindah?",
        "parent_unmatched": "wilayah induknya tidak punya padanan",
        "see_unmatched": "lihat standards/codes/wilayah/crosswalk-unmatched.csv",
        "no_equivalent": "{code} ({name}) tidak punya padanan {system}: {reason}.",
        "ambiguous_code": "'{code}' dapat dibaca sebagai dua wilayah berbeda: {detail}.",
        "method": "cara",
        "also": "Dapat juga dibaca",
    },
    "en": {
        "col_list": "List",
        "col_title": "Title",
        "col_version": "Version",
        "col_count": "Count",
        "col_source": "Source",
        "col_code": "Code",
        "col_name": "Name",
        "col_level": "Level",
        "col_score": "Score",
        "col_parent": "Parent",
        "unreadable": "(unreadable: {error})",
        "unknown_list": "Unknown code list '{name}'. Available lists: {names}.",
        "only_wilayah": "--within and --level apply only to the wilayah and wilayah_bps lists.",
        "bad_level": "Unknown level '{level}'; choose one of: {levels}.",
        "unknown_code": "Area code '{code}' not found.",
        "not_a_code": (
            "'{code}' is not an area code. Known forms: Kemendagri 36, 36.03, 36.03.01, "
            "36.03.01.2001; BPS 36, 3603, 3603010, 3603010001. "
            "To search by name: satudata codes search."
        ),
        "mangled": (
            "'{code}' looks like the code {fixed} with its trailing zero lost (e.g. after "
            "opening the file in Excel); keep code columns as text."
        ),
        "mangled_found": "Did you mean {fixed} ({name})?",
        "mangled_missing": "The code {fixed} is not in the list either.",
        "unknown_within": "Parent area '{code}' not found.",
        "no_results": "No area matches '{text}'.",
        "ambiguous": (
            "Ambiguous: more than one area of the same level matches almost equally well. "
            "Be more specific with the full name ('Kabupaten ...' / 'Kota ...'), --within "
            "or --level."
        ),
        "read_as": "read as {system} code {code}",
        "level": "Level",
        "kind": "Kind",
        "system": "System",
        "parents": "Parents",
        "other_code": "{system} code",
        "no_counterpart": "no counterpart ({reason})",
        "outside_crosswalk": "the kecamatan and desa crosswalk covers Banten province (36) only",
        "no_bps_counterpart": "no similar name in the 2018 BPS list",
        "no_kemendagri_counterpart": "no similar name in the Kemendagri list",
        "below_threshold": "the closest name ({candidate}) is not similar enough to pair",
        "partial_name": "the name only partly matches {candidate}: renamed or split?",
        "ambiguous_name": "several units under the same parent have a similar name",
        "name_under_other_parent": (
            "the same name exists under another parent ({candidate}); moved?"),
        "parent_unmatched": "its parent unit has no counterpart",
        "see_unmatched": "see standards/codes/wilayah/crosswalk-unmatched.csv",
        "no_equivalent": "{code} ({name}) has no {system} counterpart: {reason}.",
        "ambiguous_code": "'{code}' reads as two different areas: {detail}.",
        "method": "method",
        "also": "Also reads as",
    },
}
LEVEL_NAMES = {
    "id": {"provinsi": "Provinsi", "kabupaten_kota": "Kabupaten/Kota",
           "kecamatan": "Kecamatan", "desa_kelurahan": "Desa/Kelurahan"},
    "en": {"provinsi": "Province", "kabupaten_kota": "Regency/City",
           "kecamatan": "District", "desa_kelurahan": "Village"},
}
SYSTEM_NAMES = {"kemendagri": "Kemendagri", "bps": "BPS"}
_WILAYAH_LISTS = set(wl.LIST_NAMES.values())


def msg(lang: str, key: str, **params: Any) -> str:
    return MESSAGES.get(lang, MESSAGES["id"])[key].format(**params)


def fail(text: str, code: int = 1) -> NoReturn:
    """Print a message on stderr and stop with ``code`` (1 = not found)."""
    click.echo(text, err=True)
    sys.exit(code)


def level_name(level: str | None, lang: str) -> str:
    return LEVEL_NAMES.get(lang, LEVEL_NAMES["id"]).get(level or "", level or "")


def as_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def code_json(unit: Code, lang: str = "id") -> dict[str, Any]:
    data: dict[str, Any] = {"code": unit.code, "name": unit.label_in(lang),
                            "level": unit.level, "parent": unit.parent}
    for key in ("system", "kind"):
        if key in unit.extra:
            data[key] = unit.extra[key]
    return data


def table(rows: list[list[str]]) -> str:
    """Left-aligned columns; the last column is not padded."""
    if not rows:
        return ""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join([*(c.ljust(w) for c, w in zip(r, widths, strict=False)), r[-1]])
                     .rstrip() for r in rows)


def reason_text(lang: str, reason: str, candidate: str = "") -> str:
    """The localised reason why a unit has no counterpart (codes of crosswalk-unmatched.csv)."""
    if reason not in MESSAGES["id"]:
        return reason
    text = msg(lang, reason, candidate=candidate or "?")
    if reason != "outside_crosswalk":
        text += " (" + msg(lang, "see_unmatched") + ")"
    return text


def shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def source_text(meta: dict[str, Any]) -> str:
    """A short source line from whatever shape a list's ``source`` has."""
    source = meta.get("source")
    if isinstance(source, dict):
        name = source.get("name") or source.get("title") or source.get("url") or ""
        version = source.get("package_version")
        return f"{name} {version}" if version else str(name)
    if isinstance(source, list):
        return "; ".join(str(s.get("name", s)) if isinstance(s, dict) else str(s)
                         for s in source)
    return str(source or "")


@click.group(name="codes")
def codes() -> None:
    """Kode referensi: daftar, lihat, cari, konversi / Reference codes: list, look up,
    search, convert."""


# --- list ----------------------------------------------------------------------------------


@codes.command(name="list")
@click.argument("name", required=False)
@click.option("--within", help="Hanya di bawah kode ini / only under this code (wilayah).")
@click.option("--level", help="Hanya tingkat ini / only this level, e.g. kabupaten_kota.")
@click.option("--json", "as_json_flag", is_flag=True, help="Keluaran JSON / JSON output.")
@output_option
@lang_option
def list_cmd(name: str | None, within: str | None, level: str | None, as_json_flag: bool,
             output: str | None, lang: str) -> None:
    """Daftar kode referensi, atau isi satu daftar / The code lists, or one list's codes."""
    if name is None:
        if within or level:
            fail(msg(lang, "only_wilayah"), 2)
        emit(_lists(lang, as_json_flag), output)
        return
    try:
        cl = codelist(name)
    except KeyError:
        fail(msg(lang, "unknown_list", name=name, names=", ".join(codelist_names())))
    except Exception as exc:  # a broken list file: say which, no traceback
        fail(f"{name}: " + msg(lang, "unreadable", error=exc))
    if isinstance(cl, wl.WilayahList):
        units = _wilayah_units(cl, within, level, lang)
    elif within or level:
        fail(msg(lang, "only_wilayah"), 2)
    else:
        units = list(cl)
    if as_json_flag:
        emit(as_json([code_json(u, lang) for u in units]), output)
    else:
        emit("\n".join(f"{u.code}\t{u.label_in(lang)}" for u in units), output)


def _wilayah_units(cl: wl.WilayahList, within: str | None, level: str | None,
                   lang: str) -> list[Code]:
    if level is not None and level not in wl.LEVELS:
        fail(msg(lang, "bad_level", level=level, levels=", ".join(wl.LEVELS)), 2)
    root = None
    if within is not None:
        match = cl.normalize(within)
        if match is None:
            fail(msg(lang, "unknown_within", code=within))
        root = match.code.code
    return cl.units(level=level, within=root)


def _lists(lang: str, json_out: bool) -> str:
    rows: list[dict[str, Any]] = []
    for name in codelist_names():
        try:
            cl: CodeList = codelist(name)
        except Exception as exc:  # a broken list must not hide the others
            rows.append({"name": name, "title": msg(lang, "unreadable", error=exc),
                         "version": "", "count": None, "source": ""})
            continue
        rows.append({"name": name, "title": cl.title(lang), "version": cl.version,
                     "count": len(cl), "source": source_text(cl.meta)})
    if json_out:
        return as_json(rows)
    head = [msg(lang, k) for k in ("col_list", "col_title", "col_version", "col_count",
                                   "col_source")]
    body = [[r["name"], r["title"], r["version"],
             "" if r["count"] is None else f"{r['count']:,}", shorten(r["source"])]
            for r in rows]
    return table([head, *body])


# --- lookup --------------------------------------------------------------------------------


@codes.command()
@click.argument("code")
@click.option("--json", "as_json_flag", is_flag=True, help="Keluaran JSON / JSON output.")
@lang_option
def lookup(code: str, as_json_flag: bool, lang: str) -> None:
    """Lihat satu kode wilayah (Kemendagri atau BPS) / Look up one area code."""
    found = wl.lookup(code)
    if found is None:
        _not_found(code, lang)
    unit, reading = found
    system = reading.system
    cl = wl.wilayah_list(system)
    chain = cl.ancestors(unit.code)
    other = "bps" if system == "kemendagri" else "kemendagri"
    equivalent: dict[str, Any]
    try:
        conv = wl.conversion(unit.code, other, source=system)
        equivalent = {"code": conv.target, "method": conv.method}
        if conv.crosswalk is not None:
            equivalent.update(match=conv.crosswalk.method, score=conv.crosswalk.score)
    except wl.NoEquivalentError as exc:
        equivalent = {"code": None, "reason": exc.reason, "note": exc.note,
                      "candidate": exc.candidate or None}
    except wl.WilayahError as exc:
        equivalent = {"code": None, "reason": "unknown", "note": str(exc)}
    # Another reading naming a different unit (a 10-digit code can be a BPS desa and an
    # undotted Kemendagri desa): shown, never silently dropped.
    same = {unit.code, equivalent.get("code")}
    also = [hit for r in wl.code_readings(code) if not r.mangled and r.code not in same
            for hit in [wl.wilayah_list(r.system).get(r.code)] if hit is not None]
    if as_json_flag:
        data = code_json(unit, lang)
        data.update(system=system, input=code, ancestors=[code_json(a, lang) for a in chain],
                    equivalent={other: equivalent},
                    other_readings=[code_json(a, lang) for a in also])
        click.echo(as_json(data))
        return
    lines = [f"{unit.code}  {unit.label_in(lang)}"]
    if reading.code != code.strip():
        lines[0] += f"  ({msg(lang, 'read_as', system=SYSTEM_NAMES[system], code=reading.code)})"
    kind = unit.extra.get("kind")
    rows = [[msg(lang, "level"), level_name(unit.level, lang) + (f" ({kind})" if kind else "")],
            [msg(lang, "system"), SYSTEM_NAMES[system]]]
    if chain:
        rows.append([msg(lang, "parents"),
                     " > ".join(f"{a.code} {a.label_in(lang)}" for a in chain)])
    label = msg(lang, "other_code", system=SYSTEM_NAMES[other])
    if equivalent.get("code"):
        extra = ""
        if "match" in equivalent:
            extra = f" ({msg(lang, 'method')}: {equivalent['match']}, {equivalent['score']:.3f})"
        rows.append([label, f"{equivalent['code']}{extra}"])
    else:
        reason = reason_text(lang, str(equivalent.get("reason") or "unknown"),
                             str(equivalent.get("candidate") or ""))
        rows.append([label, "- " + msg(lang, "no_counterpart", reason=reason)])
    for hit in also:
        rows.append([msg(lang, "also"), f"{hit.code} {hit.label_in(lang)} "
                     f"({SYSTEM_NAMES[str(hit.extra.get('system'))]})"])
    click.echo("\n".join([lines[0], *(f"  {k}: {v}" for k, v in _pad(rows))]))


def _pad(rows: list[list[str]]) -> list[tuple[str, str]]:
    width = max(len(r[0]) for r in rows)
    return [(r[0].ljust(width), r[1]) for r in rows]


def _not_found(code: str, lang: str) -> NoReturn:
    readings = wl.code_readings(code)
    if not readings:
        fail(msg(lang, "not_a_code", code=code))
    if readings[0].mangled:
        fixed = readings[0].code
        unit = wl.wilayah_list().get(fixed)
        tail = (msg(lang, "mangled_found", fixed=fixed, name=unit.name) if unit
                else msg(lang, "mangled_missing", fixed=fixed))
        fail(msg(lang, "mangled", code=code, fixed=fixed) + " " + tail)
    fail(msg(lang, "unknown_code", code=code))


# --- search --------------------------------------------------------------------------------


@codes.command()
@click.argument("text")
@click.option("--level", type=click.Choice(wl.LEVELS), help="Tingkat / level.")
@click.option("--within", help="Di bawah kode ini / under this code, e.g. 36 or 36.03.")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="Jumlah hasil / number of results.")
@click.option("--system", type=click.Choice(wl.SYSTEMS), default="kemendagri",
              show_default=True, help="Daftar yang dicari / list to search.")
@click.option("--json", "as_json_flag", is_flag=True, help="Keluaran JSON / JSON output.")
@lang_option
def search(text: str, level: str | None, within: str | None, limit: int, system: str,
           as_json_flag: bool, lang: str) -> None:
    """Cari wilayah menurut nama / Search areas by name ("Kab. Tangerang", "Tangsel")."""
    cl = wl.wilayah_list(system)
    try:
        result = cl.search(text, level=level, within=within, limit=limit)
    except wl.UnknownCodeError:
        fail(msg(lang, "unknown_within", code=within))
    if as_json_flag:
        click.echo(as_json({
            "query": text, "ambiguous": result.ambiguous,
            "results": [{**code_json(c.code, lang), "score": round(c.score, 3),
                         "method": c.method,
                         "path": [a.label_in(lang) for a in cl.ancestors(c.code.code)]}
                        for c in result.candidates]}))
        if not result.candidates:
            sys.exit(1)
        return
    if not result.candidates:
        fail(msg(lang, "no_results", text=text))
    head = [msg(lang, k) for k in ("col_score", "col_code", "col_level", "col_name",
                                   "col_parent")]
    body = [[f"{c.score:.3f}", c.code.code, level_name(c.code.level, lang),
             c.code.label_in(lang),
             " > ".join(a.label_in(lang) for a in cl.ancestors(c.code.code))]
            for c in result.candidates]
    click.echo(table([head, *body]))
    if result.ambiguous:
        click.echo(msg(lang, "ambiguous"))


# --- convert -------------------------------------------------------------------------------


@codes.command()
@click.argument("code")
@click.option("--to", "to", type=click.Choice(wl.SYSTEMS), required=True,
              help="Sistem tujuan / target system.")
@click.option("--json", "as_json_flag", is_flag=True, help="Keluaran JSON / JSON output.")
@lang_option
def convert(code: str, to: str, as_json_flag: bool, lang: str) -> None:
    """Konversi kode Kemendagri <-> BPS / Convert a code between Kemendagri and BPS."""
    try:
        conv = wl.conversion(code, to)
    except wl.NoEquivalentError as exc:
        found = wl.lookup(code)
        name = found[0].name if found else code
        reason = reason_text(lang, exc.reason, exc.candidate)
        fail(msg(lang, "no_equivalent", code=code, name=name, system=SYSTEM_NAMES[to],
                 reason=reason))
    except wl.AmbiguousCodeError as exc:
        fail(msg(lang, "ambiguous_code", code=code, detail=str(exc)))
    except wl.UnknownCodeError:
        _not_found(code, lang)
    source = wl.wilayah_list(conv.source_system).get(conv.source)
    target = wl.wilayah_list(conv.target_system).get(conv.target)
    if as_json_flag:
        data: dict[str, Any] = {
            "from": _end(conv.source, conv.source_system, source, lang),
            "to": _end(conv.target, conv.target_system, target, lang),
            "code": conv.target, "name": target.label_in(lang) if target else None,
            "level": conv.level, "method": conv.method}
        if conv.crosswalk is not None:
            data.update(match=conv.crosswalk.method, score=conv.crosswalk.score)
        click.echo(as_json(data))
        return
    left = _describe(conv.source, conv.source_system, source, lang)
    right = _describe(conv.target, conv.target_system, target, lang)
    how = conv.method
    if conv.crosswalk is not None:
        how += f", {conv.crosswalk.method} {conv.crosswalk.score:.3f}"
    click.echo(f"{left} -> {right}  [{how}]")


def _end(code: str, system: str, unit: Code | None, lang: str) -> dict[str, Any]:
    return {"code": code, "system": system, "name": unit.label_in(lang) if unit else None,
            "level": unit.level if unit else wl.level_of(code)}


def _describe(code: str, system: str, unit: Code | None, lang: str) -> str:
    name = f", {unit.label_in(lang)}" if unit else ""
    return f"{code} ({SYSTEM_NAMES[system]}{name})"
