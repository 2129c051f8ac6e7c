"""The metadata layer: the dataset's metadata against the standard."""

from __future__ import annotations

from collections.abc import Iterable

from satudata_meta.checks import CheckContext
from satudata_meta.findings import Finding
from satudata_meta.standard.check import check_metadata


class MetadataCheck:
    name = "metadata"
    order = 0

    def run(self, context: CheckContext) -> Iterable[Finding]:
        dataset = context.dataset
        normalised, findings = check_metadata(dataset.metadata, file=str(dataset.descriptor_path))
        context.metadata.clear()
        context.metadata.update(normalised)
        return findings
