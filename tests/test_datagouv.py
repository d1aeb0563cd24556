"""data.gouv.fr client: latest resource of a dataset and the stable resource redirect."""

from __future__ import annotations

import json

import pytest

from territorial_health_plugin.core.cache import Cache
from territorial_health_plugin.core.network import Downloader, SourceMovedError
from territorial_health_plugin.core.sources import datagouv
from territorial_health_plugin.toolbelt.errors import DataSourceError
from tests.mock_http import MockResponse, MockServer, json_response, override_sources

DATASET_ID = "53699569a3a729239d2046eb"
CSV_OLD = b"finess;etalab;111;2026-01-10\nstructureet;010000024\n"
CSV_NEW = b"finess;etalab;111;2026-05-12\nstructureet;010000024\n"


def dataset_body(server: MockServer) -> str:
    """A synthetic dataset description in the shape of /api/1/datasets/{id}/."""
    return json.dumps({
        "id": DATASET_ID,
        "title": "FINESS Extraction du Fichier des établissements",
        "resources": [
            {"id": "r-old", "title": "etalab-cs1100507-stock-20260110-0417.csv", "format": "csv",
             "url": server.url("/static/old.csv"), "last_modified": "2026-01-10T04:17:00+00:00"},
            {"id": "r-new", "title": "etalab-cs1100507-stock-20260512-0336.csv", "format": "csv",
             "url": server.url("/static/new.csv"), "last_modified": "2026-05-12T03:36:00+00:00"},
            {"id": "r-doc", "title": "Documentation du format", "format": "pdf",
             "url": server.url("/static/doc.pdf"), "last_modified": "2026-06-01T00:00:00+00:00"},
            {"id": "r-nogeo", "title": "etalab-cs1100502-stock-20260512-0336.csv", "format": "CSV",
             "url": server.url("/static/nogeo.csv"), "last_modified": "2026-05-12T03:30:00+00:00"},
        ],
    })


@pytest.fixture
def server(qgis_app, monkeypatch, tmp_path):
    with MockServer() as mock:
        override_sources(monkeypatch, tmp_path, {
            "datagouv.dataset": {"url": mock.url("/api/1/datasets/{dataset}/")},
            "datagouv.resource": {"url": mock.url("/fr/datasets/r/{resource}")},
        })
        mock.add(f"/api/1/datasets/{DATASET_ID}/", lambda request: json_response(dataset_body(mock)))
        mock.add("/static/old.csv", MockResponse(body=CSV_OLD, content_type="text/csv"))
        mock.add("/static/new.csv", MockResponse(body=CSV_NEW, content_type="text/csv", etag='"new"'))
        yield mock


@pytest.fixture
def downloader(tmp_path):
    return Downloader(cache=Cache(tmp_path / "cache"), backoff_s=0.01)


def test_latest_resource_by_format_and_title(server, downloader):
    resource = datagouv.latest_resource(downloader, DATASET_ID, formats=("csv",), title_pattern=r"cs1100507")

    assert resource["id"] == "r-new"


def test_format_match_ignores_case(server, downloader):
    resource = datagouv.latest_resource(downloader, DATASET_ID, formats=("csv",), title_pattern="cs1100502")

    assert resource["id"] == "r-nogeo"


def test_latest_of_all_when_no_filter(server, downloader):
    assert datagouv.latest_resource(downloader, DATASET_ID)["id"] == "r-doc"


def test_no_match_lists_available_resources(server, downloader):
    with pytest.raises(DataSourceError) as caught:
        datagouv.latest_resource(downloader, DATASET_ID, formats=("zip",))

    assert DATASET_ID in caught.value.message
    assert "etalab-cs1100507-stock-20260512-0336.csv" in caught.value.message


def test_fetch_latest_downloads_the_file(server, downloader):
    resource, result = datagouv.fetch_latest(downloader, DATASET_ID, ("csv",), "cs1100507", expect="csv")

    assert resource["id"] == "r-new"
    assert result.path.read_bytes() == CSV_NEW
    assert server.paths() == [f"/api/1/datasets/{DATASET_ID}/", "/static/new.csv"]


def test_stable_redirect_is_followed(server, downloader):
    server.add("/fr/datasets/r/98f3161f", MockResponse(status=302, headers={"Location": server.url("/static/new.csv")}))

    result = datagouv.fetch_resource(downloader, "98f3161f", expect="csv")

    assert result.path.read_bytes() == CSV_NEW
    assert server.paths() == ["/fr/datasets/r/98f3161f", "/static/new.csv"]


def test_removed_resource_says_source_moved(server, downloader):
    with pytest.raises(SourceMovedError) as caught:
        datagouv.fetch_resource(downloader, "deleted-resource")

    assert "datagouv.resource" in caught.value.message
    assert "TERRITORIAL_HEALTH_SOURCES" in caught.value.message
