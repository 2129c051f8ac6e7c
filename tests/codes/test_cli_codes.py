"""``satudata codes``: every subcommand, its --json output, languages and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from satudata_meta.cli.codes import MESSAGES
from satudata_meta.cli.main import cli
from satudata_meta.codes import codelist_names


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, ["codes", *args], env={"SATUDATA_LANG": None})
    # Never a traceback: only a clean exit (0, 1 or 2) is acceptable.
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception)
    assert "Traceback" not in result.output
    return result


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_list_shows_every_list() -> None:
    result = run("list")
    assert result.exit_code == 0
    for name in codelist_names():
        assert name in result.stdout
    assert "91,599" in result.stdout and "idn-area-data" in result.stdout


def test_list_json() -> None:
    data = {row["name"]: row for row in as_json(run("list", "--json"))}
    assert set(data) == set(codelist_names())
    assert data["wilayah"]["count"] == 91599
    assert data["wilayah"]["version"] and data["wilayah_bps"]["count"] == 1665
    assert {"title", "version", "count", "source"} <= set(data["wilayah"])


def test_list_one_list_and_english_title() -> None:
    result = run("list", "wilayah", "--within", "36", "--level", "kabupaten_kota")
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 8 and lines[2] == "36.03\tKabupaten Tangerang"
    english = as_json(run("list", "--json", "--lang", "en"))
    assert any("Ministry of Home Affairs" in row["title"] for row in english)


def test_list_wilayah_json_within_kecamatan() -> None:
    data = as_json(run("list", "wilayah", "--within", "36.01.01", "--json"))
    assert {d["level"] for d in data} == {"desa_kelurahan"}
    assert {"code": "36.01.01.2004", "name": "Tunggaljaya"}.items() <= next(
        d for d in data if d["code"] == "36.01.01.2004").items()


def test_list_bps_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "kec.txt"
    result = run("list", "wilayah_bps", "--level", "kecamatan", "--within", "3673",
                 "-o", str(out))
    assert result.exit_code == 0
    assert "3673010\tCURUG" in out.read_text(encoding="utf-8").splitlines()


def test_list_small_list() -> None:
    other = next(n for n in codelist_names() if n not in ("wilayah", "wilayah_bps"))
    data = as_json(run("list", other, "--json"))
    assert data and all("code" in d and "name" in d for d in data)


@pytest.mark.parametrize(("args", "code", "key"), [
    (("list", "nope"), 1, "unknown_list"),
    (("list", "--within", "36"), 2, "only_wilayah"),
    (("list", "wilayah", "--level", "dusun"), 2, "bad_level"),
    (("list", "wilayah", "--within", "99.99"), 1, "unknown_within"),
])
def test_list_errors(args: tuple[str, ...], code: int, key: str) -> None:
    for lang in ("id", "en"):
        result = run(*args, "--lang", lang)
        assert result.exit_code == code
        fixed = MESSAGES[lang][key].split("{")[0]
        assert fixed in result.stderr


def test_list_option_only_for_wilayah() -> None:
    other = next(n for n in codelist_names() if n not in ("wilayah", "wilayah_bps"))
    assert run("list", other, "--level", "x").exit_code == 2


def test_lookup_kabupaten() -> None:
    result = run("lookup", "36.03")
    assert result.exit_code == 0
    assert "Kabupaten Tangerang" in result.stdout and "3603" in result.stdout
    data = as_json(run("lookup", "36.03", "--json"))
    assert (data["code"], data["name"], data["level"], data["system"]) == (
        "36.03", "Kabupaten Tangerang", "kabupaten_kota", "kemendagri")
    assert data["equivalent"]["bps"]["code"] == "3603"
    assert [a["code"] for a in data["ancestors"]] == ["36"]


def test_lookup_village_chain_and_bps_code() -> None:
    data = as_json(run("lookup", "36.01.01.2004", "--json"))
    assert [a["name"] for a in data["ancestors"]] == ["Banten", "Kabupaten Pandeglang", "Sumur"]
    assert data["equivalent"]["bps"]["code"] == "3601010004"
    text = run("lookup", "36.01.01.2004", "--lang", "en").stdout
    assert "Parents" in text and "3601010004" in text


def test_lookup_bps_code() -> None:
    data = as_json(run("lookup", "3673010", "--json"))
    assert data["system"] == "bps" and data["name"].casefold() == "curug"
    assert data["equivalent"]["kemendagri"]["code"] != "36.73.01"


def test_lookup_shows_a_second_reading() -> None:
    """3601112001 is a BPS desa and, undotted, another Kemendagri desa (36.01.11.2001)."""
    data = as_json(run("lookup", "3601112001", "--json"))
    assert data["system"] == "bps"
    assert [r["code"] for r in data["other_readings"]] == ["36.01.11.2001"]
    assert "36.01.11.2001" in run("lookup", "3601112001").stdout
    assert as_json(run("lookup", "3603", "--json"))["other_readings"] == []


def test_lookup_unmatched_unit_says_why() -> None:
    data = as_json(run("lookup", "36.04.20.2001", "--json"))
    assert data["equivalent"]["bps"]["code"] is None
    assert data["equivalent"]["bps"]["reason"]


@pytest.mark.parametrize(("code", "key"), [("99.99", "unknown_code"), ("abc", "not_a_code"),
                                           ("36.1", "mangled"), ("3699", "unknown_code")])
def test_lookup_not_found(code: str, key: str) -> None:
    for lang in ("id", "en"):
        result = run("lookup", code, "--lang", lang)
        assert result.exit_code == 1
        assert MESSAGES[lang][key].split("{")[0][:15] in result.stderr


def test_lookup_mangled_suggests_the_code() -> None:
    result = run("lookup", "32.1", "--lang", "en")
    assert result.exit_code == 1 and "32.10" in result.stderr and "Majalengka" in result.stderr


def test_search_ambiguous_tangerang() -> None:
    data = as_json(run("search", "Tangerang", "--level", "kabupaten_kota", "--json"))
    assert data["ambiguous"] is True
    codes = [r["code"] for r in data["results"][:2]]
    assert set(codes) == {"36.03", "36.71"}
    assert all({"code", "name", "level", "score"} <= set(r) for r in data["results"])
    text = run("search", "Tangerang", "--level", "kabupaten_kota", "--lang", "en").stdout
    assert MESSAGES["en"]["ambiguous"][:20] in text


def test_search_table_within_and_limit() -> None:
    result = run("search", "Kec. Cikupa", "--within", "36.03", "--limit", "1")
    assert result.exit_code == 0
    rows = result.stdout.strip().splitlines()
    assert len(rows) == 2 and "36.03.18" in rows[1]
    data = as_json(run("search", "tangsel", "--json", "--limit", "1"))
    assert data["results"][0]["code"] == "36.74" and data["results"][0]["score"] > 0


def test_search_bps_system() -> None:
    data = as_json(run("search", "Curug", "--system", "bps", "--within", "3673", "--json"))
    assert data["results"][0]["code"] == "3673010"


@pytest.mark.parametrize(("args", "code"), [
    (("search", "Qwxyz Zzzq", "--within", "36"), 1),
    (("search", "Qwxyz Zzzq", "--within", "36", "--json"), 1),
    (("search", "Cikupa", "--within", "99.99"), 1),
    (("search", "Cikupa", "--level", "dusun"), 2),
    (("search", "Cikupa", "--limit", "0"), 2),
])
def test_search_errors(args: tuple[str, ...], code: int) -> None:
    assert run(*args).exit_code == code


def test_convert_both_ways() -> None:
    result = run("convert", "3601010", "--to", "kemendagri")
    assert result.exit_code == 0 and "36.01.01" in result.stdout and "Sumur" in result.stdout
    data = as_json(run("convert", "36.01.01", "--to", "bps", "--json"))
    assert (data["code"], data["level"], data["method"]) == ("3601010", "kecamatan", "crosswalk")
    assert data["from"]["name"] == "Sumur"
    data = as_json(run("convert", "36.03", "--to", "bps", "--json"))
    assert (data["code"], data["method"]) == ("3603", "format")


@pytest.mark.parametrize(("args", "code", "text"), [
    (("convert", "36.04.20.2001", "--to", "bps"), 1, "Tunjung Teja"),
    (("convert", "32.10.01", "--to", "bps", "--lang", "en"), 1, "Banten"),
    (("convert", "99.99.99", "--to", "bps"), 1, "99.99.99"),
    (("convert", "36.03", "--to", "xyz"), 2, "xyz"),
    (("convert", "36.03"), 2, "--to"),
])
def test_convert_errors(args: tuple[str, ...], code: int, text: str) -> None:
    result = run(*args)
    assert result.exit_code == code
    assert text in result.stderr


def test_messages_have_the_same_keys() -> None:
    assert set(MESSAGES["id"]) == set(MESSAGES["en"])
