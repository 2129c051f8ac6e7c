"""The bundled examples are what a correct dataset looks like: no data finding at all."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner

from satudata_meta.cli.main import cli
from satudata_meta.findings import Severity
from tests.validation.conftest import APS, PADI, PENDUDUK, Copy, data_findings, run


@pytest.mark.parametrize("name,rows,schema", [
    (PENDUDUK, 80, "declared"), (APS, 96, "inferred"), (PADI, 105, "declared")])
def test_example_has_no_data_findings(copy_example: Callable[[str], Copy], name: str,
                                      rows: int, schema: str) -> None:
    report = run(copy_example(name))
    assert data_findings(report) == []
    assert not [f for f in report.findings if f.severity is Severity.ERROR]
    assert report.engine == "frictionless"
    [stats] = report.stats["tables"].values()
    assert (stats["rows"], stats["schema"], stats["numberFormat"]) == (rows, schema, "plain")


def test_examples_folder_exit_0() -> None:
    from tests.conftest import EXAMPLES

    result = CliRunner().invoke(cli, ["validate", str(EXAMPLES), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"valid": true' in result.output
