"""Bytes to text: the encodings agencies' files arrive in, and what is not text at all.

Accepted: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode Text"), and
Windows-1252 (Excel's "CSV" on a Windows PC set to Indonesian or English). Refused, with the
reason: empty files, binary files (XLSX, PDF, images... named .csv), and UTF-8 that is
corrupt (valid multi-byte characters next to invalid bytes: no single encoding reads it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Leading bytes of formats people save under a .csv name by mistake.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "XLSX/ZIP"),
    (b"\xd0\xcf\x11\xe0", "XLS (Excel 97-2003)"),
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\x1f\x8b", "GZIP"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7-Zip"),
)
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
# Non-letters that Windows-1252 text plausibly holds (quotes, dashes, degrees, currency...).
_CP1252_SYMBOLS = set("’‘“”‚„–—…°²³¹½¼¾µ€•·×÷±§©®™ªº«»¡¿¢£¥¦¨¯´¸¬\xa0")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# More control characters than this (share of the text, or count) means binary data.
CONTROL_SHARE_MAX = 0.01
CONTROL_COUNT_MAX = 10


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # utf-8 | utf-8-sig | utf-16 | cp1252
    label: str  # how a person calls it: "UTF-8 dengan BOM", "Windows-1252"


class DecodeError(Exception):
    """The bytes are not a text table; ``reason`` is bilingual ({"id": .., "en": ..})."""

    def __init__(self, reason: dict[str, str]) -> None:
        super().__init__(reason["en"])
        self.reason = reason


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _binary(kind: str | None = None) -> DecodeError:
    what = {"id": f" ({kind})" if kind else " (banyak karakter kendali)",
            "en": f" ({kind})" if kind else " (many control characters)"}
    return DecodeError({
        "id": f"isinya data biner{what['id']}, bukan teks CSV",
        "en": f"it holds binary data{what['en']}, not CSV text",
    })


def _check_text(text: str) -> None:
    controls = len(_CONTROL.findall(text.rstrip("\x1a")))
    if controls > CONTROL_COUNT_MAX or controls > len(text) * CONTROL_SHARE_MAX:
        raise _binary()


def _plausible_cp1252(data: bytes) -> str | None:
    """The text if the bytes read as ordinary Windows-1252 text, else None."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None  # one of the five bytes Windows-1252 leaves undefined
    high = [c for c in text if ord(c) > 127]
    if not high or len(high) > len(text) * 0.3:
        return None
    letters = sum(1 for c in high if c.isalpha() or c in _CP1252_SYMBOLS)
    return text if letters >= len(high) * 0.8 else None


def decode(data: bytes) -> Decoded:
    """Decode a CSV file's bytes, or raise ``DecodeError`` saying why it cannot be read."""
    if not data.strip(b" \t\r\n\x1a\xef\xbb\xbf"):
        raise DecodeError({"id": "berkas kosong", "en": "the file is empty"})
    for magic, kind in MAGIC:
        if data.startswith(magic):
            raise _binary(kind)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError({"id": f"UTF-16 rusak (bita ke-{exc.start})",
                               "en": f"broken UTF-16 (byte {exc.start})"}) from exc
        _check_text(text)
        return Decoded(text.lstrip("\ufeff"), "utf-16", "UTF-16")
    if b"\x00" in data[:65536]:
        raise _binary()
    if data.startswith(b"\xef\xbb\xbf"):
        body, encoding, label = data[3:], "utf-8-sig", "UTF-8 BOM"
    else:
        body, encoding, label = data, "utf-8", "UTF-8"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if encoding == "utf-8" and not _UTF8_MULTIBYTE.search(body):
            cp1252 = _plausible_cp1252(body)
            if cp1252 is not None:
                _check_text(cp1252)
                return Decoded(cp1252, "cp1252", "Windows-1252")
        offset = exc.start + (len(data) - len(body))
        line = _line_of(data, offset)
        raise DecodeError({
            "id": f"bukan UTF-8 yang sah (bita ke-{offset + 1}, baris {line}) dan juga bukan "
                  "teks Windows-1252",
            "en": f"not valid UTF-8 (byte {offset + 1}, line {line}) and not Windows-1252 "
                  "text either",
        }) from exc
    _check_text(text)
    return Decoded(text, encoding, label)
