"""Personal data in a table: NIK, nomor KK, NIP, phone numbers and e-mail addresses.

UU 27/2022 (Pelindungan Data Pribadi) forbids publishing them in open data. A column is
flagged by its name (``nik``, ``no_hp``, ``email``...) when it holds unmasked values, or by
its content when at least half of its values have the structure of one kind (a NIK is 16
digits with a province code and a birth date; a NIP is 18 digits with a birth date, an
appointment month and a sex digit). Values shown in findings are always masked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

SAMPLE = 5000  # values looked at per column
CONTENT_SHARE = 0.5  # share of values that must match for a content-only detection

KINDS: dict[str, dict[str, str]] = {
    "nik": {"id": "NIK", "en": "NIK (national identity number)"},
    "kk": {"id": "nomor KK", "en": "family card (KK) number"},
    "nip": {"id": "NIP", "en": "NIP (civil servant number)"},
    "telepon": {"id": "nomor telepon", "en": "phone number"},
    "email": {"id": "alamat email", "en": "e-mail address"},
}
# Column names (snake_case) that announce a kind.
NAMES: dict[str, frozenset[str]] = {
    "nik": frozenset({"nik", "no_nik", "nomor_nik", "nik_ktp", "no_ktp", "nomor_ktp", "ktp",
                      "nomor_induk_kependudukan"}),
    "kk": frozenset({"no_kk", "nomor_kk", "kk", "nomor_kartu_keluarga", "no_kartu_keluarga"}),
    "nip": frozenset({"nip", "nip_baru", "no_nip", "nomor_nip", "nip_pegawai",
                      "nomor_induk_pegawai"}),
    "telepon": frozenset({"telepon", "telp", "telpon", "no_telp", "no_telepon", "no_telpon",
                          "nomor_telepon", "nomor_telp", "hp", "no_hp", "nomor_hp", "handphone",
                          "no_handphone", "ponsel", "no_ponsel", "whatsapp", "wa", "no_wa",
                          "nomor_wa", "nomor_whatsapp"}),
    "email": frozenset({"email", "e_mail", "surel", "alamat_email", "alamat_surel",
                        "email_pribadi"}),
}
_DIGITS16 = re.compile(r"^\d{16}$")
_DIGITS18 = re.compile(r"^\d{18}$")
_PHONE = re.compile(r"^(?:\+?62|0)8[1-9]\d{6,10}$")
_PHONE_SEPARATORS = re.compile(r"[\s().-]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_MASKED = re.compile(r"[*xX•#]{3,}")
# Province numbers run from 11 (Aceh) to 96; the fallback when the wilayah list is missing.
_PROVINCES_FALLBACK = frozenset(str(n) for n in range(11, 97))


@cache
def _provinces() -> frozenset[str]:
    try:
        from satudata_meta.codes import codelist

        found = frozenset(c.code for c in codelist("wilayah").children(None))
    except Exception:  # the list's files are optional for this check
        return _PROVINCES_FALLBACK
    return found or _PROVINCES_FALLBACK


def _date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def is_nik(value: str) -> bool:
    """16 digits: province, kab/kota, kecamatan, birth date (day + 40 for women), serial."""
    if not _DIGITS16.match(value) or value[:2] not in _provinces():
        return False
    if value[2:4] == "00" or value[4:6] == "00" or value[12:] == "0000":
        return False
    day, month, year = int(value[6:8]), int(value[8:10]), int(value[10:12])
    if day > 40:
        day -= 40
    return _date(2000 + year, month, day)


def is_nip(value: str) -> bool:
    """18 digits: birth date YYYYMMDD, appointment YYYYMM, sex (1/2), serial."""
    if not _DIGITS18.match(value):
        return False
    born = int(value[:4])
    if not 1940 <= born <= 2010 or not _date(born, int(value[4:6]), int(value[6:8])):
        return False
    appointed, month = int(value[8:12]), int(value[12:14])
    return born + 15 <= appointed <= 2100 and 1 <= month <= 12 and value[14] in "12"


def is_phone(value: str) -> bool:
    return bool(_PHONE.match(_PHONE_SEPARATORS.sub("", value)))


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value))


VALIDATORS = {"nik": is_nik, "kk": is_nik, "nip": is_nip, "telepon": is_phone,
              "email": is_email}


def mask(value: str) -> str:
    """A value with most of it hidden: 3601234567890001 -> 3601**********01,
    budi.santoso@mail.com -> b***@mail.com."""
    if "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if len(value) <= 4:
        return "*" * len(value)
    keep_head = 4 if len(value) >= 10 else 2
    keep_tail = 2 if len(value) >= 8 else 0
    return value[:keep_head] + "*" * (len(value) - keep_head - keep_tail) + value[
        len(value) - keep_tail:]


@dataclass(frozen=True)
class Detection:
    kind: str
    by_name: bool
    matches: int  # values with the kind's structure
    total: int  # non-empty values looked at
    first: int  # index (0-based, among the values given) of the first matching value
    example: str  # masked


def detect(column: str, values: Iterable[str]) -> Detection | None:
    """What personal data a column holds, if any (``column`` is its snake_case name)."""
    named = next((kind for kind, names in NAMES.items() if column in names), None)
    sample: list[tuple[int, str]] = []
    for i, value in enumerate(values):
        if value:
            sample.append((i, value))
            if len(sample) >= SAMPLE:
                break
    if not sample:
        return None
    best: Detection | None = None
    for kind, valid in VALIDATORS.items():
        hits = [(i, v) for i, v in sample if valid(v)]
        by_name = kind == named
        if by_name:
            unmasked = [(i, v) for i, v in sample if not _MASKED.search(v) and any(
                ch.isalnum() for ch in v) and v not in ("-", "0")]
            hits = hits or unmasked
        elif len(hits) < max(1, len(sample) * CONTENT_SHARE):
            continue
        if not hits:
            continue
        found = Detection(kind, by_name, len(hits), len(sample), hits[0][0], mask(hits[0][1]))
        if best is None or (found.by_name, found.matches) > (best.by_name, best.matches):
            best = found
    return best
