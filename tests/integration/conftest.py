"""Fixtures for integration tests that need a real CKAN.

Start one with `eval "$(scripts/ckan-dev up)"` (see docs/ckan-dev.md), then
export SATUDATA_TEST_CKAN_URL="$CKAN_URL" SATUDATA_TEST_CKAN_TOKEN="$CKAN_API_TOKEN".
Without them the tests are skipped, except in CI (CI=true), where a missing
CKAN is an error rather than a silent skip.
"""

from __future__ import annotations

import os

import pytest

_HOW = (
    'start a CKAN with `eval "$(scripts/ckan-dev up)"` and export '
    'SATUDATA_TEST_CKAN_URL="$CKAN_URL" SATUDATA_TEST_CKAN_TOKEN="$CKAN_API_TOKEN"'
)


def _required_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {name} is not set: {_HOW}", pytrace=False)
    pytest.skip(f"{name} is not set: {_HOW}")


@pytest.fixture(scope="session")
def ckan_url() -> str:
    """Base URL of the test CKAN, without a trailing slash."""
    return _required_env("SATUDATA_TEST_CKAN_URL").rstrip("/")


@pytest.fixture(scope="session")
def ckan_token() -> str:
    """API token of a sysadmin on that CKAN."""
    return _required_env("SATUDATA_TEST_CKAN_TOKEN")


@pytest.fixture(scope="session")
def ckan_scheming_url() -> str:
    """A second CKAN running the ckanext-scheming schema generated from the standard."""
    return _required_env("SATUDATA_TEST_CKAN_SCHEMING_URL").rstrip("/")


@pytest.fixture(scope="session")
def ckan_scheming_token() -> str:
    return _required_env("SATUDATA_TEST_CKAN_SCHEMING_TOKEN")
