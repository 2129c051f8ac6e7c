"""data.json (Project Open Data 1.1) feeds turned into metadata of the standard.

Feeds in the wild are dirty: frequencies as "1 Tahun Sekali", "R/P1Y" or "Tidak\\n
didifinisikan", access levels as POD ``public`` or SDI ``terbuka``, publisher names without a
region, raw control characters inside strings, dates as "-". Every value goes through the code
lists; what cannot be mapped is kept out of the metadata and reported per dataset, with the
feed's own value, so a person can decide. The functions here are pure (no files written) so a
catalogue audit can reuse them: ``read_feed`` parses, ``to_standard`` maps one dataset,
``import_catalog`` maps a whole feed.
"""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

from satudata_meta.codes import codelist, norm_key
from satudata_meta.importers.crosswalk import feed_keys
from satudata_meta.prepared import MEDIA_TYPES
from satudata_meta.standard.spec import FieldSpec, Standard, load_standard

DEFAULT_TIMEOUT = 30.0  # seconds, for a feed given as URL
MAX_FEED_BYTES = 200 * 1024 * 1024
SCOPES = ("auto", "banten", "other")
BANTEN_HOST = "bantenprov.go.id"

# JSON-LD plumbing, no metadata.
_IGNORED_KEYS = frozenset({"@type", "@id", "@context"})
# Keys this module maps itself (everything the crosswalk does not cover as a plain copy).
_STRUCTURED_KEYS = frozenset({
    "identifier", "accessLevel", "accessRights", "accrualPeriodicity", "temporal", "spatial",
    "theme", "license", "publisher", "contactPoint", "distribution", "variabel_disaggregasi",
})
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{1,98}[a-z0-9]$")
_RESOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$")
_TRUE = {"ya", "y", "true", "benar", "1", "yes"}
_FALSE = {"tidak", "t", "false", "salah", "0", "no", "bukan"}

# Report wording, per language (finding messages live in the locale files; these are the
# importer's own). Placeholders are filled with str.format.
MESSAGES: dict[str, dict[str, str]] = {
    "id": {
        "title": "Impor data.json: {feed} ({count} dataset)",
        "output": "ditulis ke: {path}",
        "unmapped": "tidak terpetakan",
        "missing": "kolom wajib yang tidak ada di feed",
        "no-home": "(tanpa padanan di standar)",
        "summary": "Ringkasan: {count} dataset; {unmapped} nilai tidak terpetakan, "
                   "{missing} kolom wajib kosong.",
        "by-field": "Tidak terpetakan per kolom",
        "missing-by-field": "Kolom wajib kosong per kolom",
        "warning": "peringatan",
        # feed warnings
        "control-characters": "Feed memuat karakter kendali mentah di dalam string (JSON "
                              "tidak sah, pertama di baris {line} kolom {column}); dibaca "
                              "longgar.",
        "not-utf8": "Feed bukan UTF-8 yang sah (bita {position}); karakter rusak diganti.",
        "bare-list": "Feed berupa daftar dataset tanpa katalog (tanpa \"dataset\"); dibaca "
                     "sebagai katalog.",
        "not-pod": "Feed tidak menyatakan conformsTo POD 1.1 ({value}).",
        "not-a-dataset": "Entri dataset ke-{index} bukan objek JSON; dilewati.",
        "scope": "Cakupan pencocokan produsen: {scope}.",
        # fatal
        "not-json": "Feed bukan JSON: baris {line} kolom {column}: {reason}.",
        "unreadable": "Feed tidak dapat dibaca: {reason}.",
        "no-datasets": "Feed tidak memuat daftar \"dataset\".",
        # reasons
        "unknown-code": "tidak ada di daftar kode {codelist}",
        "publisher-unknown": "nama tidak cocok dengan perangkat daerah mana pun; nama "
                             "disimpan apa adanya",
        "publisher-not-banten": "cocok dengan {code}, tetapi feed bukan milik Banten dan nama "
                                "tidak menyebut Banten; nama disimpan apa adanya",
        "invalid-date": "bukan tanggal YYYY-MM-DD",
        "invalid-period": "bukan periode awal/akhir (mis. 2019/2023)",
        "invalid-value": "nilai tidak dapat dibaca untuk kolom ini",
        "invalid-email": "bukan alamat email",
        "invalid-url": "bukan URL http(s)",
        "no-format": "format berkas tidak dapat ditentukan",
        "id-rewritten": "identifier bukan ID yang sah; dipakai {used}",
        "conflict": "bertentangan dengan {other}; dipakai nilai {other}",
        "extra-value": "standar hanya memuat satu nilai; dipakai {used}",
        "no-home-reason": "standar tidak punya kolom untuk kunci ini",
    },
    "en": {
        "title": "data.json import: {feed} ({count} datasets)",
        "output": "written to: {path}",
        "unmapped": "not mapped",
        "missing": "required fields the feed does not have",
        "no-home": "(no home in the standard)",
        "summary": "Summary: {count} datasets; {unmapped} values not mapped, "
                   "{missing} required fields empty.",
        "by-field": "Not mapped, by field",
        "missing-by-field": "Required fields empty, by field",
        "warning": "warning",
        "control-characters": "The feed has raw control characters inside strings (invalid "
                              "JSON, first at line {line} column {column}); read leniently.",
        "not-utf8": "The feed is not valid UTF-8 (byte {position}); broken characters "
                    "replaced.",
        "bare-list": "The feed is a bare list of datasets (no \"dataset\" key); read as a "
                     "catalogue.",
        "not-pod": "The feed does not declare POD 1.1 conformsTo ({value}).",
        "not-a-dataset": "Dataset entry {index} is not a JSON object; skipped.",
        "scope": "Publisher matching scope: {scope}.",
        "not-json": "The feed is not JSON: line {line} column {column}: {reason}.",
        "unreadable": "The feed cannot be read: {reason}.",
        "no-datasets": "The feed has no \"dataset\" list.",
        "unknown-code": "not in the {codelist} code list",
        "publisher-unknown": "the name matches no perangkat daerah; kept as written",
        "publisher-not-banten": "matches {code}, but the feed is not Banten's and the name "
                                "does not say Banten; kept as written",
        "invalid-date": "not a YYYY-MM-DD date",
        "invalid-period": "not a start/end period (e.g. 2019/2023)",
        "invalid-value": "a value this field cannot take",
        "invalid-email": "not an e-mail address",
        "invalid-url": "not an http(s) URL",
        "no-format": "the file format cannot be told",
        "id-rewritten": "the identifier is not a valid ID; {used} used",
        "conflict": "conflicts with {other}; the value of {other} used",
        "extra-value": "the standard holds one value; {used} used",
        "no-home-reason": "the standard has no field for this key",
    },
}


def message(key: str, lang: str = "id", **params: Any) -> str:
    template = MESSAGES.get(lang, MESSAGES["id"]).get(key) or MESSAGES["id"].get(key, key)
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


class FeedError(Exception):
    """A feed that cannot be read at all (exit code 2)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(message(code, "en", **params))
        self.code = code
        self.params = params

    def message(self, lang: str = "id") -> str:
        return message(self.code, lang, **self.params)


@dataclass(frozen=True)
class FeedWarning:
    """Something odd about the feed as a whole; it was still read."""

    code: str
    params: dict[str, Any] = dc_field(default_factory=dict)

    def message(self, lang: str = "id") -> str:
        return message(self.code, lang, **self.params)

    def to_dict(self, lang: str = "id") -> dict[str, Any]:
        return {"code": self.code, "params": self.params, "message": self.message(lang)}


@dataclass(frozen=True)
class Unmapped:
    """One feed value that did not become (exactly) a value of the standard."""

    key: str  # where in the feed entry: "accrualPeriodicity", "publisher.name", ...
    value: Any
    reason: str  # a MESSAGES key
    field: str | None = None  # the standard's field it was meant for; None: no home
    params: dict[str, Any] = dc_field(default_factory=dict)

    def message(self, lang: str = "id") -> str:
        return message(self.reason, lang, **self.params)

    def to_dict(self, lang: str = "id") -> dict[str, Any]:
        return {"field": self.field, "key": self.key, "value": self.value,
                "reason": self.reason, "message": self.message(lang)}


# --- reading -------------------------------------------------------------------------------


def _fetch(source: str, timeout: float) -> bytes:
    import requests  # only for feeds given as URL

    try:
        response = requests.get(source, timeout=timeout,
                                headers={"Accept": "application/json"})
        response.raise_for_status()
    except requests.RequestException as exc:
        raise FeedError("unreadable", reason=str(exc) or type(exc).__name__) from exc
    if len(response.content) > MAX_FEED_BYTES:
        raise FeedError("unreadable", reason=f"> {MAX_FEED_BYTES} bytes")
    return response.content


def _read_bytes(source: str | Path, timeout: float) -> bytes:
    text = str(source)
    if re.match(r"^https?://", text, re.IGNORECASE):
        return _fetch(text, timeout)
    path = Path(source)
    try:
        if path.stat().st_size > MAX_FEED_BYTES:
            raise FeedError("unreadable", reason=f"{path}: > {MAX_FEED_BYTES} bytes")
        return path.read_bytes()
    except OSError as exc:
        raise FeedError("unreadable", reason=f"{path}: {exc.strerror or exc}") from exc


def parse_feed(data: bytes) -> tuple[dict[str, Any], list[FeedWarning]]:
    """Parse feed bytes leniently; ``FeedError`` only when nothing sensible can be read."""
    warnings: list[FeedWarning] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        warnings.append(FeedWarning("not-utf8", {"position": exc.start}))
        text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as strict_error:
        try:
            parsed = json.loads(text, strict=False)  # raw control characters in strings
        except json.JSONDecodeError as exc:
            raise FeedError("not-json", line=exc.lineno, column=exc.colno,
                            reason=exc.msg) from exc
        warnings.append(FeedWarning("control-characters", {"line": strict_error.lineno,
                                                           "column": strict_error.colno}))
    if isinstance(parsed, list):
        warnings.append(FeedWarning("bare-list"))
        parsed = {"dataset": parsed}
    if not isinstance(parsed, dict) or not isinstance(parsed.get("dataset"), list):
        raise FeedError("no-datasets")
    conforms = parsed.get("conformsTo")
    if conforms is not None and "project-open-data" not in str(conforms):
        warnings.append(FeedWarning("not-pod", {"value": conforms}))
    entries = []
    for i, entry in enumerate(parsed["dataset"]):
        if isinstance(entry, dict):
            entries.append(entry)
        else:
            warnings.append(FeedWarning("not-a-dataset", {"index": i + 1}))
    return {**parsed, "dataset": entries}, warnings


def read_feed(source: str | Path, *, timeout: float = DEFAULT_TIMEOUT
              ) -> tuple[dict[str, Any], list[FeedWarning]]:
    """Read a data.json catalogue from a file or an http(s) URL: (catalogue, warnings)."""
    return parse_feed(_read_bytes(source, timeout))


# --- value helpers ------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value) or (
        isinstance(value, str) and not value.strip())


def _squash(value: Any) -> str:
    """Text with every whitespace run (including raw newlines from a broken feed) as one
    space: for names, codes and short strings."""
    return " ".join(str(value).split())


def _text(value: Any) -> str:
    """Long text: trimmed, control characters other than newline and tab removed."""
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", str(value)).strip()


def slugify(text: str, limit: int = 100) -> str:
    """A CKAN-style name: ASCII lower case, digits, "-" and "_"; word breaks become "-"."""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_-]+", "-", folded.casefold()).strip("-_")
    return re.sub(r"-{2,}", "-", slug)[:limit].strip("-_")


def _date(value: Any) -> str | None:
    found = _DATE.match(_squash(value))
    if not found:
        return None
    try:
        return dt.date(int(found[1]), int(found[2]), int(found[3])).isoformat()
    except ValueError:
        return None


def _period(value: Any) -> str | None:
    """A period bound as the standard writes it: YYYY, YYYY-MM or YYYY-MM-DD."""
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    found = _PERIOD.match(_squash(value))
    if not found:
        return None
    year, month, day = found[1], found[2], found[3]
    try:
        if day:
            return dt.date(int(year), int(month), int(day)).isoformat()
        if month:
            dt.date(int(year), int(month), 1)
            return f"{year}-{month}"
    except ValueError:
        return None
    return year


def _boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    key = _squash(value).casefold()
    return True if key in _TRUE else False if key in _FALSE else None


def _is_url(value: str) -> bool:
    return bool(re.match(r"^https?://[^\s/$.?#].[^\s]*$", value, re.IGNORECASE))


@lru_cache(maxsize=4096)
def _wilayah(text: str) -> str | None:
    try:
        found = codelist("wilayah").normalize(text)
    except (KeyError, OSError, RuntimeError):  # the wilayah tables are not installed
        return None
    return found.code.code if found is not None else None


_FORMAT_BY_MEDIA = {media: fmt for fmt, media in MEDIA_TYPES.items()}


def _format(dist: dict[str, Any], url: str | None) -> str | None:
    raw = dist.get("format")
    if isinstance(raw, str) and raw.strip():
        fmt = re.sub(r"[^a-z0-9]", "", raw.strip().casefold().rsplit("/", 1)[-1])
        if fmt:
            return fmt
    media = str(dist.get("mediaType") or "").split(";")[0].strip().casefold()
    if media:
        known = _FORMAT_BY_MEDIA.get(media)
        guessed = mimetypes.guess_extension(media) if known is None else None
        if known or guessed:
            return known or str(guessed).lstrip(".")
    if url:
        suffix = PurePosixPath(urlparse(url).path).suffix.lstrip(".").casefold()
        if re.fullmatch(r"[a-z0-9]{2,5}", suffix):
            return suffix
    return None


# --- mapping one dataset ------------------------------------------------------------------


def _host(url: Any) -> str:
    try:
        return (urlparse(str(url)).hostname or "").casefold()
    except ValueError:
        return ""


def detect_scope(catalog: dict[str, Any]) -> str:
    """``banten`` when the feed is Banten's own (its URLs are under bantenprov.go.id), else
    ``other``: in a foreign feed, "Dinas Pendidikan" is that region's office, not Banten's."""
    hosts = [_host(catalog.get("@id"))]
    for entry in catalog.get("dataset", [])[:200]:
        hosts.append(_host(entry.get("landingPage")))
    hosts = [h for h in hosts if h]
    banten = [h for h in hosts if h == BANTEN_HOST or h.endswith("." + BANTEN_HOST)]
    return "banten" if hosts and len(banten) * 2 > len(hosts) else "other"


class _Mapper:
    def __init__(self, pod: dict[str, Any], scope: str, wilayah_base: str | None,
                 standard: Standard) -> None:
        self.pod = pod
        self.scope = scope
        self.wilayah_base = wilayah_base
        self.standard = standard
        self.meta: dict[str, Any] = {}
        self.unmapped: list[Unmapped] = []

    def report(self, key: str, value: Any, reason: str, target: str | None = None,
               **params: Any) -> None:
        self.unmapped.append(Unmapped(key, value, reason, target, params))

    # -- generic fields ---------------------------------------------------------------------
    def plain(self, key: str, path: str, value: Any) -> None:
        spec = self.standard.field(path)
        if spec is None or _missing(value):
            return
        if path in self.meta:  # the pod key and the national alias both given
            if self.meta[path] != self.convert(spec, value, key, path, report=False):
                primary = next(k for k, p in feed_keys(self.standard).items() if p == path)
                self.report(key, value, "conflict", path, other=primary)
            return
        converted = self.convert(spec, value, key, path)
        if converted is not None:
            self.meta[path] = converted

    def convert(self, spec: FieldSpec, value: Any, key: str, path: str,
                report: bool = True) -> Any:
        def bad(reason: str, **params: Any) -> None:
            if report:
                self.report(key, value, reason, path, **params)

        if spec.type == "code":
            assert spec.codelist is not None
            codes = codelist(spec.codelist)
            found = codes.normalize(_squash(value)) if not isinstance(value, dict | list) \
                else None
            code = found.code if found is not None else codes.by_mapping("ckan", value)
            if code is not None:
                return code.code
            bad("unknown-code", codelist=spec.codelist)
            return _squash(value) if codes.extensible and not isinstance(value, dict | list) \
                else None
        if spec.type == "boolean":
            flag = _boolean(value)
            if flag is None:
                bad("invalid-value")
            return flag
        if spec.type == "date":
            date = _date(value)
            if date is None:
                bad("invalid-date")
            return date
        if spec.type == "year":
            text = _squash(value)
            if re.fullmatch(r"(19|20|21)\d{2}", text):
                return text
            bad("invalid-value")
            return None
        if spec.type == "list":
            items = value if isinstance(value, list) else str(value).split(",")
            cleaned = [_squash(v) for v in items if not _missing(v) and not
                       isinstance(v, dict | list)]
            return cleaned or None
        if isinstance(value, dict | list):
            bad("invalid-value")
            return None
        return _text(value) if spec.type == "text" else _squash(value)

    # -- structured fields ------------------------------------------------------------------
    def access(self) -> None:
        level, rights = self.pod.get("accessLevel"), self.pod.get("accessRights")
        akses = codelist("akses")
        from_rights = from_level = None
        if not _missing(rights):
            found = akses.normalize(_squash(rights))
            from_rights = found.code.code if found else None
            if from_rights is None:
                self.report("accessRights", rights, "unknown-code", "akses", codelist="akses")
        if not _missing(level):
            code = akses.by_mapping("pod", _squash(level))
            found = akses.normalize(_squash(level)) if code is None else None
            from_level = code.code if code else found.code.code if found else None
            if from_level is None:
                self.report("accessLevel", level, "unknown-code", "akses", codelist="akses")
        if from_rights and from_level and from_rights != from_level:
            self.report("accessLevel", level, "conflict", "akses", other="accessRights")
        chosen = from_rights or from_level  # the SDI level wins over POD's
        if chosen:
            self.meta["akses"] = chosen

    def frequency(self) -> None:
        value = self.pod.get("accrualPeriodicity")
        if _missing(value):
            return
        frekuensi = codelist("frekuensi")
        found = frekuensi.normalize(_squash(value)) if isinstance(value, str) else None
        code = found.code if found else frekuensi.by_mapping("iso8601", value) \
            if isinstance(value, str) else None
        if code is None:
            self.report("accrualPeriodicity", value, "unknown-code", "frekuensi",
                        codelist="frekuensi")
            return
        self.meta["frekuensi"] = code.code

    def temporal(self) -> None:
        value = self.pod.get("temporal")
        if _missing(value):
            return
        start: Any
        end: Any
        if isinstance(value, dict):
            start = value.get("startDate") or value.get("start")
            end = value.get("endDate") or value.get("end")
            if _missing(start) and _missing(end):
                return  # an empty PeriodOfTime: nothing was said
        elif isinstance(value, str) and "/" in value:
            start, _, end = value.partition("/")
        else:
            start = end = value
        bounds = {"awal": start, "akhir": end}
        periode = {k: _period(v) for k, v in bounds.items() if not _missing(v)}
        if any(v is None for v in periode.values()) or not periode:
            self.report("temporal", value, "invalid-period", "periode")
            return
        self.meta["periode"] = periode  # a bound the feed leaves open is listed as missing

    def spatial(self) -> None:
        value = self.pod.get("spatial")
        if _missing(value):
            return
        text = value.get("name") if isinstance(value, dict) else value
        text = _squash(text) if not _missing(text) else ""
        candidate = text
        if self.wilayah_base and text.startswith(self.wilayah_base.rstrip("/") + "/"):
            candidate = text[len(self.wilayah_base.rstrip("/")) + 1:]
        code = _wilayah(candidate) if candidate else None
        if code is None:
            self.report("spatial", value, "unknown-code", "cakupan_wilayah",
                        codelist="wilayah")
            return
        self.meta["cakupan_wilayah"] = code

    def theme(self) -> None:
        value = self.pod.get("theme")
        if _missing(value):
            return
        items = value if isinstance(value, list) else [value]
        topik = codelist("topik")
        found: list[str] = []
        for item in items:
            if _missing(item) or isinstance(item, dict | list):
                continue
            match = topik.normalize(_squash(item))
            code = match.code.code if match else None
            if code is None and str(item).startswith("http"):
                code = self._eu_theme(str(item))
            if code is None:
                self.report("theme", item, "unknown-code", "topik", codelist="topik")
            elif code not in found:
                found.append(code)
        if found:
            self.meta["topik"] = found[0]
            for extra in found[1:]:
                self.report("theme", extra, "extra-value", "topik", used=found[0])

    @staticmethod
    def _eu_theme(uri: str) -> str | None:
        """An EU data-theme URI names a topik only when exactly one topik maps to it."""
        tail = uri.rstrip("/").rsplit("/", 1)[-1]
        if "/data-theme/" not in uri:
            return None
        hits = [c.code for c in codelist("topik") if c.mappings.get("eu") == tail]
        return hits[0] if len(hits) == 1 else None

    def licence(self) -> None:
        value = self.pod.get("license")
        if _missing(value):
            return
        found = codelist("lisensi").normalize(_squash(value))
        if found is None:
            self.report("license", value, "unknown-code", "lisensi", codelist="lisensi")
            return
        self.meta["lisensi"] = found.code.code

    def publisher(self) -> None:
        value = self.pod.get("publisher")
        if _missing(value):
            return
        fields: dict[str, Any] = value if isinstance(value, dict) else {"name": value}
        name = fields.get("name")
        for key, item in fields.items():
            if key not in ("name", "@type", "subOrganizationOf"):
                self.report(f"publisher.{key}", item, "no-home-reason")
        if _missing(name) or isinstance(name, dict | list):
            return
        clean = _squash(name)
        found = codelist("perangkat_daerah").normalize(clean)
        if found is None:
            self.report("publisher.name", name, "publisher-unknown", "produsen_data")
        elif self.scope != "banten" and "banten" not in norm_key(clean):
            self.report("publisher.name", name, "publisher-not-banten", "produsen_data",
                        code=found.code.code)
        else:
            self.meta["produsen_data"] = found.code.code
            return
        self.meta["produsen_data"] = clean  # kept: the check reports it as an unknown code

    def contact(self) -> None:
        value = self.pod.get("contactPoint")
        if _missing(value) or not isinstance(value, dict):
            if not _missing(value):
                self.report("contactPoint", value, "invalid-value", "kontak")
            return
        kontak: dict[str, Any] = {}
        if not _missing(value.get("fn")):
            kontak["nama"] = _squash(value["fn"])
        email_key = next((k for k in ("hasEmail", "vcard:hasEmail", "email") if
                          not _missing(value.get(k))), None)
        if email_key is not None:
            email = re.sub(r"^mailto:", "", _squash(value[email_key]), flags=re.IGNORECASE)
            if _EMAIL.match(email):
                kontak["email"] = email
            else:
                self.report(f"contactPoint.{email_key}", value[email_key], "invalid-email",
                            "kontak.email")
        for key, item in value.items():
            if key not in ("fn", "@type", "hasEmail", "vcard:hasEmail", "email") and \
                    not _missing(item):
                self.report(f"contactPoint.{key}", item, "no-home-reason")
        if kontak:
            self.meta["kontak"] = kontak

    def distributions(self) -> None:
        value = self.pod.get("distribution")
        if _missing(value):
            return
        if not isinstance(value, list):
            value = [value]
        resources: list[dict[str, Any]] = []
        names: set[str] = set()
        for i, dist in enumerate(value):
            where = f"distribution[{i}]"
            if not isinstance(dist, dict):
                self.report(where, dist, "invalid-value", "resources")
                continue
            download, access = dist.get("downloadURL"), dist.get("accessURL")
            url = _squash(download) if not _missing(download) else (
                _squash(access) if not _missing(access) else None)
            if not _missing(download) and not _missing(access) and \
                    _squash(download) != _squash(access):
                self.report(f"{where}.accessURL", access, "no-home-reason")
            res: dict[str, Any] = {}
            title = _squash(dist["title"]) if not _missing(dist.get("title")) else None
            ident = _squash(dist.get("identifier") or "")
            name = ident if _RESOURCE_NAME.match(ident) else slugify(title or "")[:80]
            name = name or f"resource-{i + 1}"
            base, n = name, 2
            while name in names:
                name, n = f"{base}-{n}", n + 1
            names.add(name)
            res["name"] = name
            if title:
                res["title"] = title
            if url is not None:
                res["url"] = url
                if not _is_url(url):
                    self.report(f"{where}.{'downloadURL' if download else 'accessURL'}", url,
                                "invalid-url", "resources[].url")
            fmt = _format(dist, url)
            if fmt:
                res["format"] = fmt
            else:
                self.report(where, dist.get("format"), "no-format", "resources[].format")
            if not _missing(dist.get("description")):
                res["description"] = _text(dist["description"])
            for key, item in dist.items():
                if key not in ("@type", "downloadURL", "accessURL", "title", "identifier",
                               "format", "mediaType", "description") and not _missing(item):
                    self.report(f"{where}.{key}", item, "no-home-reason")
            resources.append(res)
        if resources:
            self.meta["resources"] = resources

    def identifier(self, title: str | None) -> None:
        raw = self.pod.get("identifier")
        text = _squash(raw) if not _missing(raw) else ""
        if _SLUG.match(text):
            self.meta["id"] = text
            return
        candidate = slugify(text) if text and "://" not in text else ""
        if not _SLUG.match(candidate):
            candidate = slugify(title or "")
        if _SLUG.match(candidate):
            self.meta["id"] = candidate
            if text:
                self.report("identifier", raw, "id-rewritten", "id", used=candidate)

    def klasifikasi(self) -> None:
        """MS-Ind ``variabel_disaggregasi`` [{nama, sumber}] is the standard's klasifikasi."""
        value = self.pod.get("variabel_disaggregasi")
        if _missing(value) or "klasifikasi" in self.meta:
            return
        items = value if isinstance(value, list) else [value]
        names = [_squash(v.get("nama")) if isinstance(v, dict) else _squash(v) for v in items]
        names = [n for n in names if n and n != "None"]
        if names:
            self.meta["klasifikasi"] = "; ".join(names)
        else:
            self.report("variabel_disaggregasi", value, "invalid-value", "klasifikasi")

    def run(self) -> tuple[dict[str, Any], list[Unmapped]]:
        keys = feed_keys(self.standard)
        for key, value in self.pod.items():
            if key in keys and keys[key] != "id":  # the id is made by identifier()
                self.plain(key, keys[key], value)
        self.access()
        self.frequency()
        self.temporal()
        self.spatial()
        self.theme()
        self.licence()
        self.publisher()
        self.contact()
        self.distributions()
        self.klasifikasi()
        self.identifier(self.meta.get("judul"))
        for key, value in self.pod.items():
            if key in keys or key in _STRUCTURED_KEYS or key in _IGNORED_KEYS:
                continue
            if not _missing(value):
                self.report(key, value, "no-home-reason")
        order = [f.name for f in self.standard.fields]
        ordered = {k: self.meta[k] for k in order if k in self.meta}
        ordered.update({k: v for k, v in self.meta.items() if k not in ordered})
        return ordered, self.unmapped


def to_standard(pod: dict[str, Any], *, scope: str = "other", wilayah_base: str | None = None,
                standard: Standard | None = None) -> tuple[dict[str, Any], list[Unmapped]]:
    """One data.json dataset as metadata of the standard, and what could not be mapped.

    ``scope="banten"`` when the feed is Banten's own: then a bare agency name ("Dinas
    Kesehatan") may name a Banten perangkat daerah; in any other feed only a name that says
    Banten does. ``wilayah_base``: the URI base our exports use for ``spatial``.
    """
    if scope not in ("banten", "other"):
        raise ValueError(f"scope must be banten or other, not {scope!r}")
    return _Mapper(pod, scope, wilayah_base, standard or load_standard()).run()


def missing_fields(metadata: dict[str, Any], standard: Standard | None = None) -> list[str]:
    """Required (wajib) fields absent from ``metadata``, nested ones by path."""
    std = standard or load_standard()
    missing: list[str] = []
    for spec in std.fields:
        value = metadata.get(spec.name)
        if spec.obligation == "wajib" and _missing(value):
            missing.append(spec.name)
            continue
        if isinstance(value, dict):
            missing.extend(f"{spec.name}.{child.name}" for child in spec.fields
                           if child.obligation == "wajib" and _missing(value.get(child.name)))
        if spec.items is not None and isinstance(value, list):
            for i, item in enumerate(value):
                for child in spec.items.fields:
                    if child.obligation == "wajib" and isinstance(item, dict) and \
                            _missing(item.get(child.name)):
                        missing.append(f"{spec.name}[{i}].{child.name}")
    return missing


@dataclass
class ImportedDataset:
    """One feed entry mapped: metadata, what could not be mapped, what the feed lacks."""

    index: int  # 1-based position in the feed
    id: str
    title: str | None
    metadata: dict[str, Any]
    unmapped: list[Unmapped]
    missing: list[str]
    path: Path | None = None  # where the package was written, if it was

    def to_dict(self, lang: str = "id") -> dict[str, Any]:
        return {"index": self.index, "id": self.id, "title": self.title,
                "path": str(self.path) if self.path else None,
                "unmapped": [u.to_dict(lang) for u in self.unmapped],
                "missing": self.missing}


def import_catalog(catalog: dict[str, Any], *, scope: str = "auto",
                   wilayah_base: str | None = None) -> list[ImportedDataset]:
    """Map every dataset of a parsed feed; IDs are made unique within the feed."""
    chosen = detect_scope(catalog) if scope == "auto" else scope
    standard = load_standard()
    seen: Counter[str] = Counter()
    result: list[ImportedDataset] = []
    for i, entry in enumerate(catalog.get("dataset", []), start=1):
        meta, unmapped = to_standard(entry, scope=chosen, wilayah_base=wilayah_base,
                                     standard=standard)
        ident = str(meta.get("id") or f"dataset-{i}")
        seen[ident] += 1
        if seen[ident] > 1:
            unique = f"{ident[:95]}-{seen[ident]}"
            unmapped.append(Unmapped("identifier", entry.get("identifier"), "id-rewritten",
                                     "id", {"used": unique}))
            ident = unique
        meta["id"] = ident
        meta = {"id": ident, **{k: v for k, v in meta.items() if k != "id"}}
        result.append(ImportedDataset(i, ident, meta.get("judul"), meta, unmapped,
                                      missing_fields(meta, standard)))
    return result


def write_package(item: ImportedDataset, out_dir: Path, feed: str) -> Path:
    """Write one mapped dataset as ``<out_dir>/<id>/datapackage.yaml`` (the only function
    here that touches the disk). Resources stay links: nothing is downloaded."""
    import yaml

    folder = out_dir / item.id  # the id matches the slug pattern: no path tricks possible
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "datapackage.yaml"
    header = (f"# Diimpor dari data.json / imported from data.json: {feed}\n"
              f"# Entri ke-{item.index} / entry {item.index}. Nilai yang tidak terpetakan ada di "
              "laporan impor / unmapped values are listed in the import report.\n")
    body = yaml.safe_dump(item.metadata, allow_unicode=True, sort_keys=False, width=100)
    target.write_text(header + body, encoding="utf-8")
    item.path = target
    return target


# --- the report ---------------------------------------------------------------------------


def summary(datasets: Iterable[ImportedDataset]) -> dict[str, Any]:
    items = list(datasets)
    by_field = Counter(u.field or re.sub(r"\[\d+\]", "[]", u.key)
                       for d in items for u in d.unmapped)
    missing = Counter(re.sub(r"\[\d+\]", "[]", m) for d in items for m in d.missing)
    return {"datasets": len(items),
            "unmapped": sum(by_field.values()),
            "missing": sum(missing.values()),
            "unmapped_by_field": dict(by_field.most_common()),
            "missing_by_field": dict(missing.most_common())}


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 90 else text[:87] + "..."


def render_text(feed: str, datasets: list[ImportedDataset], warnings: list[FeedWarning],
                lang: str = "id", scope: str | None = None) -> str:
    """The per-dataset mapping report for a terminal."""
    out = [message("title", lang, feed=feed, count=len(datasets))]
    if scope:
        out.append(message("scope", lang, scope=scope))
    for w in warnings:
        out.append(f"! {message('warning', lang)}: {w.message(lang)}")
    out.append("")
    for d in datasets:
        out.append(f"[{d.index}] {d.id}" + (f" — {d.title}" if d.title else ""))
        if d.path is not None:
            out.append("    " + message("output", lang, path=d.path))
        if d.unmapped:
            out.append(f"    {message('unmapped', lang)}:")
            for u in d.unmapped:
                target = u.field or message("no-home", lang)
                out.append(f"      ✗ {target} ← {u.key} = {_show(u.value)}: {u.message(lang)}")
        if d.missing:
            out.append(f"    {message('missing', lang)}: {', '.join(d.missing)}")
        out.append("")
    info = summary(datasets)
    out.append(message("summary", lang, count=info["datasets"], unmapped=info["unmapped"],
                       missing=info["missing"]))
    if info["unmapped_by_field"]:
        out.append(message("by-field", lang) + ": " + ", ".join(
            f"{k} ×{n}" for k, n in info["unmapped_by_field"].items()))
    if info["missing_by_field"]:
        out.append(message("missing-by-field", lang) + ": " + ", ".join(
            f"{k} ×{n}" for k, n in info["missing_by_field"].items()))
    return "\n".join(out)


def render_json(feed: str, datasets: list[ImportedDataset], warnings: list[FeedWarning],
                lang: str = "id", scope: str | None = None) -> str:
    doc = {"feed": feed, "scope": scope, "warnings": [w.to_dict(lang) for w in warnings],
           "datasets": [d.to_dict(lang) for d in datasets], "summary": summary(datasets)}
    return json.dumps(doc, ensure_ascii=False, indent=2, default=str)
