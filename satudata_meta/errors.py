"""Exceptions that carry a finding, so unreadable input is reported like any other problem."""

from __future__ import annotations

from satudata_meta.findings import Finding


class InputError(Exception):
    """Input that cannot be read (exit code 2). ``finding`` says what and where."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message("en"))
        self.finding = finding
