"""Fuzzing the CSV reader path and the descriptor reader: whatever the bytes, validation
ends in a report (never an exception, never a failed check), and unreadable input is fatal.

Examples are bounded and fixed so the file runs in seconds and the same way everywhere;
set SATUDATA_FUZZ_EXAMPLES for a longer random search.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from satudata_meta.findings import FINDING_TYPES, DatasetReport
from satudata_meta.tabular.decode import DecodeError, decode
from satudata_meta.tabular.dialect import sniff
from satudata_meta.validate import validate_dataset

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SIDECAR = (EXAMPLES / "angka-partisipasi-sekolah" / "aps.csv.metadata.yaml").read_text(
    encoding="utf-8")
# SATUDATA_FUZZ_EXAMPLES=2000 runs a longer, random search (the default is fixed and short).
EXAMPLES_PER_TEST = int(os.environ.get("SATUDATA_FUZZ_EXAMPLES", "0")) or None
FUZZ = settings(max_examples=EXAMPLES_PER_TEST or 60, deadline=None,
                derandomize=EXAMPLES_PER_TEST is None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

LABELS = ["kode_kabupaten_kota", "nama_kabupaten_kota", "tahun", "jumlah_penduduk",
          "persentase_x", "nik", "satuan", "kode_wilayah", "", "tahun"]
CELLS = st.one_of(
    st.sampled_from(["36.01", "3603", "36.1", "3601010", "36.99", "2021", "2030", "-",
                     "1.234.567", "12,5", "1,234", "Kabupaten Lebak", "Kota Tangerang", "",
                     "3601014501900001", "0812-3456-7890", "x@y.id", "persen", '"', ";"]),
    st.text(max_size=12))


def _assert_report(report: DatasetReport) -> None:
    codes = [f.code for f in report.findings]
    assert "check-failed" not in codes, [f.params for f in report.findings]
    for finding in report.findings:
        assert finding.code in FINDING_TYPES
        for lang in ("id", "en"):
            assert finding.message(lang)
            finding.hint(lang)
    if any(f.fatal for f in report.findings):
        assert not report.readable


def _validate_csv(data: bytes) -> DatasetReport:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "data.csv").write_bytes(data)
        (Path(tmp) / "data.csv.metadata.yaml").write_text(SIDECAR, encoding="utf-8")
        return validate_dataset(Path(tmp) / "data.csv")


@FUZZ
@given(st.binary(max_size=3000))
def test_any_bytes_as_a_csv(data: bytes) -> None:
    _assert_report(_validate_csv(data))


@FUZZ
@given(st.lists(st.sampled_from(LABELS), min_size=1, max_size=7),
       st.lists(st.lists(CELLS, max_size=8), max_size=25),
       st.sampled_from([",", ";", "\t", "|"]),
       st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_table_like_csv(header: list[str], rows: list[list[str]], delimiter: str,
                        encoding: str) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows([header, *rows])
    try:
        data = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = buffer.getvalue().encode("utf-8")
    _assert_report(_validate_csv(data))


@FUZZ
@given(st.text(max_size=400))
def test_decoder_and_sniffer_on_text(text: str) -> None:
    try:
        decoded = decode(text.encode("utf-8"))
    except DecodeError as exc:
        assert exc.reason["id"] and exc.reason["en"]
        return
    assert decoded.text.replace("\ufeff", "") == text.replace("\ufeff", "") or (
        decoded.encoding != "utf-8")
    assert sniff(decoded.text).delimiter in (",", ";", "\t", "|")


@FUZZ
@given(st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=600).map(lambda t: t.encode("utf-8")),
    st.dictionaries(st.sampled_from(["id", "judul", "resources", "periode", "akses",
                                     "cakupan_wilayah", "tingkat_penyajian", "satuan"]),
                    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                                 lambda inner: st.lists(inner, max_size=3)
                                 | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                                 max_leaves=8),
                    max_size=8).map(lambda d: yaml.safe_dump(d).encode("utf-8"))),
       st.sampled_from(["datapackage.yaml", "datapackage.json"]))
def test_any_descriptor(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / name).write_bytes(data)
        (Path(tmp) / "data.csv").write_bytes(
            (EXAMPLES / "angka-partisipasi-sekolah" / "aps.csv").read_bytes())
        report = validate_dataset(Path(tmp))
    _assert_report(report)
