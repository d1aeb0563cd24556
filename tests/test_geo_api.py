"""geo.api.gouv.fr client against a mock API that replays a recorded response for the Indre (36)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from territorial_health_plugin.core.cache import Cache
from territorial_health_plugin.core.network import Downloader
from territorial_health_plugin.core.sources import geo_api
from territorial_health_plugin.toolbelt.errors import DataFormatError, InvalidInputError
from tests.mock_http import MockResponse, MockServer, RecordedRequest, json_response, override_sources

SAMPLE = Path(__file__).parent / "data" / "http" / "geo_api_gouv" / "departement_36_communes_contour_first6.json"
UNFILTERED_MESSAGE = (
    "This endpoint does not support an unfiltered API call with a geojson format output or a field with contour"
)


class MockGeoApi:
    """The routes of geo.api.gouv.fr the client uses, with the API's filters and its 400 rule."""

    def __init__(self, server: MockServer, fail_departement_contours: bool = False) -> None:
        self.features = json.loads(SAMPLE.read_text(encoding="utf-8"))["features"]
        self.fail_departement_contours = fail_departement_contours
        server.add("/communes", self.communes)
        server.add("/communes/*", self.one_commune)
        server.add("/epcis", self.epcis)
        server.add("/regions/24/departements", json_response('[{"nom": "Centre-Val de Loire", "code": "36"}]'))

    def communes(self, request: RecordedRequest) -> MockResponse:
        query = request.query
        geojson = query.get("format") == "geojson" or "contour" in query.get("fields", "")
        filters = {"codeEpci", "codeDepartement", "codeRegion", "code", "codeParent"} & set(query)
        if geojson and not filters:
            return json_response(json.dumps({"code": 400, "message": UNFILTERED_MESSAGE}), status=400)
        if geojson and "codeDepartement" in query and self.fail_departement_contours:
            return MockResponse(status=502, body=b"<html><body>502 Bad Gateway</body></html>", content_type="text/html")
        selected = [feature for feature in self.features if self._matches(feature["properties"], query)]
        if query.get("type") == "arrondissement-municipal":
            selected = [self._arrondissement(query["codeParent"], number) for number in (1, 2)]
        if not geojson:
            fields = query.get("fields", "nom,code").split(",")
            rows = [{key: feature["properties"].get(key) for key in fields} for feature in selected]
            return json_response(json.dumps(rows))
        return json_response(json.dumps({"type": "FeatureCollection", "features": selected}))

    def one_commune(self, request: RecordedRequest) -> MockResponse:
        code = request.path.rsplit("/", 1)[1]
        for feature in self.features:
            if feature["properties"]["code"] == code:
                return json_response(json.dumps(feature))
        return json_response('{"code": 404, "message": "Commune non trouvée"}', status=404)

    def epcis(self, request: RecordedRequest) -> MockResponse:
        return json_response('[{"nom": "CC Marche Occitane Val d\'Anglin", "code": "200007052", "population": 8000}]')

    @staticmethod
    def _matches(properties: dict, query: dict) -> bool:
        checks = {"codeEpci": "codeEpci", "codeDepartement": "codeDepartement", "code": "code"}
        return all(properties.get(key) == query[param] for param, key in checks.items() if param in query)

    def _arrondissement(self, parent: str, number: int) -> dict:
        base = self.features[0]
        code = f"{parent[:2]}1{number:02d}"
        return {"type": "Feature", "properties": {"nom": f"Arrondissement {number}", "code": code},
                "geometry": base["geometry"]}


@pytest.fixture
def geo_server(qgis_app, monkeypatch, tmp_path):
    with MockServer() as server:
        override_sources(monkeypatch, tmp_path, {
            "geo_api.communes": {"url": server.url("/communes")},
            "geo_api.epcis": {"url": server.url("/epcis")},
            "geo_api.region_departements": {"url": server.url("/regions/{code}/departements")},
        })
        yield server


@pytest.fixture
def downloader(tmp_path):
    return Downloader(cache=Cache(tmp_path / "cache"), backoff_s=0.01)


def test_communes_of_departement_with_contours(geo_server, downloader):
    MockGeoApi(geo_server)

    features = geo_api.communes_of_departement(downloader, "36")

    assert [feature["properties"]["code"] for feature in features] == ["36001", "36002", "36003", "36004",
                                                                         "36005", "36006"]
    request = geo_server.requests[0]
    assert request.query == {"codeDepartement": "36", "format": "geojson", "geometry": "contour"}


def test_communes_of_epci_filters_by_siren(geo_server, downloader):
    MockGeoApi(geo_server)

    features = geo_api.communes_of_epci(downloader, "200068880")

    assert [feature["properties"]["nom"] for feature in features] == ["Aize", "Ambrault"]
    assert geo_server.requests[0].query["codeEpci"] == "200068880"


def test_invalid_epci_code_rejected_before_request(geo_server, downloader):
    with pytest.raises(InvalidInputError) as caught:
        geo_api.communes_of_epci(downloader, "20009320")

    assert "20009320" in caught.value.message
    assert geo_server.requests == []


def test_no_call_is_ever_unfiltered(geo_server, downloader, tmp_path):
    MockGeoApi(geo_server)

    geo_api.communes_geojson(downloader, "region", "24", tmp_path / "region.geojson")
    geo_api.communes_geojson(downloader, "communes", ["36002", "36005"], tmp_path / "list.geojson")

    searches = [request for request in geo_server.requests if request.path == "/communes"]
    assert searches
    for request in searches:
        assert request.query["format"] == "geojson"
        assert {"codeEpci", "codeDepartement", "codeParent"} & set(request.query)


def test_region_fetched_departement_by_departement(geo_server, downloader, tmp_path):
    MockGeoApi(geo_server)

    path = geo_api.communes_geojson(downloader, "region", "24", tmp_path / "r.geojson")

    assert geo_server.paths() == ["/regions/24/departements", "/communes"]
    assert geo_server.requests[1].query["codeDepartement"] == "36"
    assert len(json.loads(path.read_text())["features"]) == 6


def test_codes_list_filtered_from_departement_answer(geo_server, downloader, tmp_path):
    MockGeoApi(geo_server)

    path = geo_api.communes_geojson(downloader, "communes", ["36005", "36002"], tmp_path / "c.geojson")

    data = json.loads(path.read_text())
    assert [feature["properties"]["code"] for feature in data["features"]] == ["36005", "36002"]
    assert geo_server.count("/communes") == 1


def test_output_is_multipolygon_with_flat_properties(geo_server, downloader, tmp_path):
    MockGeoApi(geo_server)

    path = geo_api.communes_geojson(downloader, "departement", "36", tmp_path / "d.geojson")

    data = json.loads(path.read_text())
    assert {feature["geometry"]["type"] for feature in data["features"]} == {"MultiPolygon"}
    first = data["features"][0]["properties"]
    assert first["codesPostaux"] == "36140"
    assert first["code"] == "36001"
    assert first["population"] == 1329


def test_output_opens_in_qgis_as_one_layer(geo_server, downloader, tmp_path):
    from qgis.core import QgsVectorLayer, QgsWkbTypes

    MockGeoApi(geo_server)
    path = geo_api.communes_geojson(downloader, "departement", "36", tmp_path / "d.geojson")

    layer = QgsVectorLayer(str(path), "communes", "ogr")

    assert layer.isValid()
    assert layer.featureCount() == 6
    assert QgsWkbTypes.isMultiType(layer.wkbType())
    assert layer.crs().authid() == "EPSG:4326"


def test_single_feature_answer_accepted(geo_server, downloader):
    MockGeoApi(geo_server)

    [feature] = geo_api.commune(downloader, "36004")

    assert feature["properties"]["nom"] == "Anjouin"
    assert geo_server.paths() == ["/communes/36004"]


def test_polygon_and_multipolygon_both_normalised():
    square = [[[0, 0], [1, 0], [1, 1], [0, 0]]]
    polygon = geo_api.as_multipolygon({"type": "Polygon", "coordinates": square})
    multi = geo_api.as_multipolygon({"type": "MultiPolygon", "coordinates": [square, square]})

    assert polygon == {"type": "MultiPolygon", "coordinates": [square]}
    assert len(multi["coordinates"]) == 2


def test_502_on_departement_falls_back_to_chunks(geo_server, downloader, tmp_path):
    api = MockGeoApi(geo_server, fail_departement_contours=True)
    api.features[5]["properties"]["codeEpci"] = None  # a commune outside any EPCI, fetched alone

    path = geo_api.communes_geojson(downloader, "departement", "36", tmp_path / "d.geojson")

    codes = [feature["properties"]["code"] for feature in json.loads(path.read_text())["features"]]
    assert codes == ["36001", "36002", "36003", "36004", "36005", "36006"]
    by_epci = [request.query["codeEpci"] for request in geo_server.requests if "codeEpci" in request.query]
    assert sorted(by_epci) == ["200007052", "200068880", "243600202", "243600327"]
    assert "/communes/36006" in geo_server.paths()
    departement_calls = [r for r in geo_server.requests if r.query.get("codeDepartement") and "format" in r.query]
    assert len(departement_calls) == 4  # first attempt and three retries


def test_second_run_is_served_by_cache(geo_server, tmp_path):
    MockGeoApi(geo_server)
    cache = Cache(tmp_path / "cache")
    geo_api.communes_geojson(Downloader(cache=cache), "departement", "36", tmp_path / "a.geojson")

    again = Downloader(cache=cache)
    geo_api.communes_geojson(again, "departement", "36", tmp_path / "b.geojson")

    assert again.stats["bytes"] == 0
    assert (tmp_path / "a.geojson").read_bytes() == (tmp_path / "b.geojson").read_bytes()


def test_arrondissements_requested_by_parent(geo_server, downloader):
    MockGeoApi(geo_server)

    features = geo_api.arrondissements(downloader, "75056")

    assert [feature["properties"]["code"] for feature in features] == ["75101", "75102"]
    assert geo_server.requests[0].query["type"] == "arrondissement-municipal"
    assert geo_server.requests[0].query["codeParent"] == "75056"


def test_arrondissements_of_other_commune_rejected(downloader):
    with pytest.raises(InvalidInputError) as caught:
        geo_api.arrondissements(downloader, "59350")

    assert "59350" in caught.value.message


def test_epci_list_without_contours(geo_server, downloader):
    MockGeoApi(geo_server)

    rows = geo_api.epcis(downloader, departement="36")

    assert rows[0]["code"] == "200007052"
    assert geo_server.requests[0].query["codeDepartement"] == "36"
    assert "format" not in geo_server.requests[0].query


def test_empty_answer_is_an_error(geo_server, downloader, tmp_path):
    MockGeoApi(geo_server)

    with pytest.raises(DataFormatError) as caught:
        geo_api.communes_geojson(downloader, "epci", "200000000", tmp_path / "e.geojson")

    assert "200000000" in caught.value.message
    assert not (tmp_path / "e.geojson").exists()


def test_fetch_layer_for_resolved_territory(geo_server, downloader, tmp_path):
    import pandas as pd

    from territorial_health_plugin.core.territory import Territory

    MockGeoApi(geo_server)
    communes = pd.DataFrame({"code_commune": ["36001", "36003"], "code_departement": ["36", "36"],
                             "code_region": ["24", "24"], "population": [1329, 887]})
    territory = Territory(spec="communes:36001,36003", kind="communes", code="36001,36003", name="Test",
                          type_label="communes", communes=communes, crs="EPSG:2154")

    source = geo_api.fetch_layer(territory, downloader, tmp_path)

    assert source.kind == "communes"
    assert source.code_field == "code"
    assert source.provenance["licence"] == "Licence Ouverte 2.0"
    assert [f["properties"]["code"] for f in json.loads(source.path.read_text())["features"]] == ["36001", "36003"]
