"""Smoke test of the real CKAN that scripts/ckan-dev starts, through plain requests.

Covers what the publisher relies on: organizations, datasets, an uploaded
resource that downloads back byte-equal, and package_search by owner_org
(served from PostgreSQL by the test-only satudata_devserver plugin).
Names are unique per run, so reruns against the same CKAN don't collide.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import requests

pytestmark = pytest.mark.integration

# Non-ASCII text and CRLF line ends: the download must not alter a byte.
CSV_BYTES = (
    "kode_wilayah,nama_wilayah,jumlah_penduduk\r\n"
    "3601,Kabupaten Pandeglang,1309125\r\n"
    "3674,Kota Tangerang Selatan,1404785\r\n"
    "3673,Kota Serang — ibu kota,720362\r\n"
).encode()


class Ckan:
    """Minimal CKAN action API client (requests only, no ckanapi)."""

    def __init__(self, url: str, token: str) -> None:
        self.url = url
        self.session = requests.Session()
        self.session.headers["Authorization"] = token

    def call(self, action: str, files: dict[str, Any] | None = None, **data: Any) -> Any:
        endpoint = f"{self.url}/api/3/action/{action}"
        if files:  # multipart: plain form fields plus the file
            resp = self.session.post(endpoint, data=data, files=files, timeout=60)
        else:
            resp = self.session.post(endpoint, json=data, timeout=60)
        body = resp.json()
        assert resp.status_code == 200 and body.get("success"), (action, resp.status_code, body)
        return body["result"]


@pytest.fixture
def ckan(ckan_url: str, ckan_token: str) -> Ckan:
    return Ckan(ckan_url, ckan_token)


def test_org_dataset_upload_search_delete(ckan: Ckan) -> None:
    run = uuid.uuid4().hex[:10]
    org = ckan.call("organization_create", name=f"smoke-org-{run}", title=f"Smoke OPD {run}")
    assert ckan.call("organization_show", id=org["name"])["package_count"] == 0
    pkg_id = None
    try:
        pkg = ckan.call(
            "package_create",
            name=f"smoke-ds-{run}",
            title=f"Jumlah Penduduk Banten {run}",
            notes="Smoke test dataset from tests/integration/test_ckan_dev.py",
            owner_org=org["id"],
        )
        pkg_id = pkg["id"]

        resource = ckan.call(
            "resource_create",
            files={"upload": ("penduduk.csv", CSV_BYTES, "text/csv")},
            package_id=pkg_id,
            name="penduduk.csv",
            format="CSV",
        )
        assert resource["url_type"] == "upload"
        download = ckan.session.get(resource["url"], timeout=60)
        assert download.status_code == 200
        assert download.content == CSV_BYTES

        found = ckan.call("package_search", fq=f'owner_org:"{org["id"]}"')
        assert found["count"] == 1
        hit = found["results"][0]
        assert hit["id"] == pkg_id
        assert [r["id"] for r in hit["resources"]] == [resource["id"]]
        assert ckan.call("organization_show", id=org["name"])["package_count"] == 1

        ckan.call("package_delete", id=pkg_id)
        assert ckan.call("package_search", fq=f'owner_org:"{org["id"]}"')["count"] == 0
    finally:  # leave nothing behind, even on failure
        if pkg_id is not None:
            ckan.call("dataset_purge", id=pkg_id)
        ckan.call("organization_delete", id=org["id"])
        ckan.call("organization_purge", id=org["id"])
