"""Example plugins: a check that the title names its period, and a JSON-lines publisher.

Nothing here is special to satudata-meta's own code: the package only implements the two small
interfaces (``satudata_meta.checks.Check`` and ``satudata_meta.publishers.Publisher``) and
registers them in its ``pyproject.toml``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from satudata_meta.checks import CheckContext
from satudata_meta.findings import Finding, FindingType, Severity, register
from satudata_meta.prepared import PreparedDataset
from satudata_meta.publishers import Outcome, PublishResult

register(FindingType("judul-tanpa-periode", Severity.WARNING))


class JudulPeriodeCheck:
    """Warn when the title does not name the first and last year of the period."""

    name = "judul-periode"
    order = 50

    def run(self, context: CheckContext) -> Iterable[Finding]:
        meta = context.metadata
        judul = str(meta.get("judul") or "")
        periode = meta.get("periode") or {}
        years = [str(periode.get(k, ""))[:4] for k in ("awal", "akhir")]
        if all(years) and not all(y in judul for y in years):
            yield Finding.of("judul-tanpa-periode", path="judul",
                             file=str(context.dataset.descriptor_path), params={
                                 "message": f"Judul sebaiknya menyebut periode {years[0]}-"
                                            f"{years[1]} / the title should name the period."})


class JsonLinesPublisher:
    """Append each published dataset's metadata as one JSON line to a file."""

    name = "jsonl"

    def publish(self, dataset: PreparedDataset, *, dry_run: bool, options: dict[str, Any]
                ) -> PublishResult:
        target = Path(options.get("dir") or "catalog") / "datasets.jsonl"
        if not dry_run:
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(dataset.metadata, ensure_ascii=False) + "\n")
        return PublishResult(dataset.id, Outcome.CREATED, ["append line"], url=str(target))
