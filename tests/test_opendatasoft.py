"""Opendatasoft Explore API v2.1 client: CSV export with where/select, licence from the catalog."""

from __future__ import annotations

import json

import pytest

from territorial_health_plugin.core.cache import Cache
from territorial_health_plugin.core.network import BadResponseError, Downloader
from territorial_health_plugin.core.sources import opendatasoft
from territorial_health_plugin.toolbelt.errors import DataFormatError, InvalidInputError
from tests.mock_http import MockResponse, MockServer, RecordedRequest, json_response, override_sources

DATASET = "demographie-effectifs-et-les-densites"
# Synthetic rows in the shape of the ameli export (field names, ';' delimiter, no BOM).
ROWS = [f"2024-01-01;Médecins généralistes;{departement:02d};Tout âge;tout sexe;{100 + departement};"
        f"{80 + departement / 10:.1f}" for departement in range(1, 96)] * 120
HEADER = "annee;profession_sante;departement;libelle_classe_age;libelle_sexe;effectif;densite"


def export_answer(request: RecordedRequest) -> MockResponse:
    rows = ROWS
    if request.query.get("where") == 'departement="59"':
        rows = [row for row in ROWS if row.split(";")[2] == "59"]
    body = "\n".join([HEADER, *rows]) + "\n"
    return MockResponse(body=body.encode("utf-8"), content_type="text/csv; charset=utf-8")


@pytest.fixture
def server(qgis_app, monkeypatch, tmp_path):
    with MockServer() as mock:
        base = "/api/explore/v2.1/catalog/datasets/{dataset}"
        override_sources(monkeypatch, tmp_path, {
            "opendatasoft.ameli.export": {"url": mock.url(base + "/exports/{format}")},
            "opendatasoft.ameli.catalog": {"url": mock.url(base)},
        })
        mock.add(f"/api/explore/v2.1/catalog/datasets/{DATASET}/exports/csv", export_answer)
        mock.add(f"/api/explore/v2.1/catalog/datasets/{DATASET}", json_response(json.dumps({
            "dataset_id": DATASET,
            "metas": {"default": {"title": "Démographie des professionnels de santé", "license": "Licence Ouverte v2.0",
                                  "publisher": "Assurance Maladie"}},
        })))
        yield mock


@pytest.fixture
def downloader(tmp_path):
    return Downloader(cache=Cache(tmp_path / "cache"), backoff_s=0.01)


def test_export_uses_export_endpoint_with_filters(server, downloader):
    result = opendatasoft.export(downloader, "ameli", DATASET, where='departement="59"',
                                 select="annee,departement,effectif")

    request = server.requests[0]
    assert request.path.endswith("/exports/csv")
    assert request.query["where"] == 'departement="59"'
    assert request.query["select"] == "annee,departement,effectif"
    assert request.query["delimiter"] == ";"
    lines = result.path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER
    assert len(lines) == 1 + 120


def test_export_beyond_records_window_is_complete(server, downloader):
    result = opendatasoft.export(downloader, "ameli", DATASET)

    lines = result.path.read_text(encoding="utf-8").splitlines()
    assert len(lines) - 1 == len(ROWS) > 10_000
    assert not any("/records" in request.path for request in server.requests)


def test_licence_read_from_catalog_metas(server, downloader):
    assert opendatasoft.licence(downloader, "ameli", DATASET) == "Licence Ouverte v2.0"


def test_missing_licence_is_an_error(server, downloader):
    server.add(f"/api/explore/v2.1/catalog/datasets/{DATASET}", json_response('{"metas": {"default": {}}}'))

    with pytest.raises(DataFormatError) as caught:
        opendatasoft.licence(downloader, "ameli", DATASET)

    assert DATASET in caught.value.message


def test_html_maintenance_page_rejected(server, downloader):
    server.add(f"/api/explore/v2.1/catalog/datasets/{DATASET}/exports/csv",
               MockResponse(body=b"<!doctype html><title>Maintenance</title>", content_type="text/html"))

    with pytest.raises(BadResponseError):
        opendatasoft.export(downloader, "ameli", DATASET)


def test_unknown_portal_rejected(downloader):
    with pytest.raises(InvalidInputError) as caught:
        opendatasoft.export(downloader, "nowhere", DATASET)

    assert "nowhere" in caught.value.message
