"""``satudata validate`` on good, broken and unreadable datasets: exit codes and formats."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest

from tests.validation.conftest import APS, PADI, PENDUDUK, Copy, validate_cli

Make = Callable[[str], Copy]


def _broken(copy_example: Make) -> Copy:
    ds = copy_example(PENDUDUK)
    ds.set(5, "kode_kabupaten_kota", "36.09").set(7, "tahun", "2030")
    ds.edit_rows(lambda rows: rows.append(list(rows[2])))
    return ds


@pytest.mark.parametrize("name", [PENDUDUK, APS, PADI])
def test_clean_copy_exit_0(copy_example: Make, name: str) -> None:
    assert validate_cli(str(copy_example(name).target))[0] == 0


def test_broken_copy_exit_1_with_findings_in_json(copy_example: Make) -> None:
    code, out = validate_cli(str(_broken(copy_example).root), "--format", "json", "--lang", "en")
    assert code == 1
    report = json.loads(out)
    data = [(f["code"], f.get("rowNumber"), f.get("fieldName")) for f in report["findings"]
            if f.get("resource")]
    assert sorted(data, key=str) == sorted([
        ("unknown-reference-code", 5, "kode_kabupaten_kota"),
        ("period-out-of-range", 7, "tahun"),
        ("duplicate-key", 82, None)], key=str)
    unknown = next(f for f in report["findings"] if f["code"] == "unknown-reference-code")
    assert unknown["hint"] == "Did you mean 36.01 Kabupaten Pandeglang?"
    assert unknown["cell"] == "36.09" and unknown["params"]["rows"] == [5]
    assert report["datasets"][0]["stats"]["tables"]["penduduk"]["rows"] == 81


def test_one_unreadable_dataset_among_good_ones_exit_2(copy_example: Make) -> None:
    bad = copy_example(APS)
    bad.data_path.write_bytes(b"\x00\x01\x02" * 100)
    code, out = validate_cli(str(copy_example(PADI).root), str(bad.target))
    assert code == 2
    assert "VALID" in out and "source-unreadable" in out


def test_text_report_and_limit(copy_example: Make) -> None:
    code, out = validate_cli(str(_broken(copy_example).root), "--limit", "1")
    assert code == 1
    assert out.count("✗ galat [") == 1
    assert "Hanya 1 dari" in out


def test_html_report_to_a_file(copy_example: Make, tmp_path: object) -> None:
    from pathlib import Path

    target = Path(str(tmp_path)) / "laporan.html"
    code, _ = validate_cli(str(_broken(copy_example).root), "--format", "html", "-o", str(target))
    assert code == 1
    page = target.read_text(encoding="utf-8")
    assert "Kode wilayah tidak dikenal" in page and "36.09" in page


def test_junit_has_a_failure_per_error_code(copy_example: Make) -> None:
    code, out = validate_cli(str(_broken(copy_example).root), "--format", "junit")
    assert code == 1
    failures = {c.get("name") for c in ET.fromstring(out.encode()).iter("testcase")
                if c.find("failure") is not None}
    assert {"unknown-reference-code", "period-out-of-range", "duplicate-key"} <= failures


def test_only_the_table_check(copy_example: Make) -> None:
    code, out = validate_cli(str(_broken(copy_example).root), "--check", "table",
                             "--format", "json")
    report = json.loads(out)
    # The declared primary key is the table layer's: its duplicates are reported; the wrong
    # code and year break no constraint of the schema, they are the content layer's.
    assert [(f["code"], f["rowNumber"]) for f in report["findings"] if f.get("resource")] == [
        ("duplicate-key", 82)]
    assert code == 1


def test_validating_the_same_dataset_object_twice_reports_everything_twice(
        copy_example: Make) -> None:
    from satudata_meta.dataset import load
    from satudata_meta.validate import validate_dataset

    dataset = load(_broken(copy_example).root)
    first = [f.code for f in validate_dataset(dataset).findings if f.resource]
    second = [f.code for f in validate_dataset(dataset).findings if f.resource]
    assert first == second and len(first) == 3
