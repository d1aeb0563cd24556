"""IGN Géoplateforme WFS client against a mock WFS 2.0 that caps pages like the real service."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from territorial_health_plugin.core.cache import Cache
from territorial_health_plugin.core.network import BadResponseError, Downloader
from territorial_health_plugin.core.sources import ign_wfs
from territorial_health_plugin.toolbelt.errors import DataFormatError
from tests.mock_http import MockResponse, MockServer, RecordedRequest, json_response, override_sources

NO_FEATURES = Path(__file__).parent / "data" / "http" / "ign_geoplateforme_wfs" / "GetFeature_no_features.json"
IN_LIST = re.compile(r"'((?:[^']|'')*)'")


def iris_feature(index: int, commune: str) -> dict:
    """A synthetic IRIS feature with the fields of STATISTICALUNITS.IRIS:contours_iris, in Lambert-93."""
    x, y = 700_000 + (index % 100) * 100, 7_050_000 + (index // 100) * 100
    return {
        "type": "Feature",
        "id": f"contours_iris.{index}",
        "geometry": {"type": "MultiPolygon", "coordinates": [[[[x, y], [x + 90, y], [x + 90, y + 90], [x, y]]]]},
        "properties": {
            "cleabs": f"IRIS{index:012d}", "code_insee": commune, "nom_commune": f"Commune {commune}",
            "iris": f"{index % 10000:04d}", "code_iris": f"{commune}{index % 10000:04d}",
            "nom_iris": f"Iris {index}", "type_iris": "H",
        },
    }


class MockWfs:
    """GetFeature with CQL_FILTER ``code_insee IN (…)``, COUNT/STARTINDEX paging and a server cap."""

    def __init__(self, server: MockServer, features: list[dict], cap: int = 5000, number_matched: bool = True,
                 drop_after: int | None = None) -> None:
        self.features = sorted(features, key=lambda feature: feature["properties"]["cleabs"])
        self.cap = cap
        self.number_matched = number_matched
        self.drop_after = drop_after
        server.add("/wfs/ows", self.get_feature)

    def get_feature(self, request: RecordedRequest) -> MockResponse:
        query = request.query
        assert query["SERVICE"] == "WFS"
        assert query["REQUEST"] == "GetFeature"
        wanted = {value.replace("''", "'") for value in IN_LIST.findall(query.get("CQL_FILTER", ""))}
        matching = [feature for feature in self.features if feature["properties"]["code_insee"] in wanted]
        start, count = int(query.get("STARTINDEX", 0)), int(query.get("COUNT", self.cap))
        if self.drop_after is not None and start >= self.drop_after:
            page = []
        else:
            page = matching[start : start + min(count, self.cap)]
        body = {"type": "FeatureCollection", "features": page}
        if self.number_matched:
            body.update(totalFeatures=len(matching), numberMatched=len(matching), numberReturned=len(page))
        body["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}}
        return json_response(json.dumps(body))


@pytest.fixture
def wfs_server(qgis_app, monkeypatch, tmp_path):
    with MockServer() as server:
        override_sources(monkeypatch, tmp_path, {
            "ign.wfs.iris": {"url": server.url("/wfs/ows"), "rate_per_s": 0},
            "ign.wfs.communes": {"url": server.url("/wfs/ows"), "rate_per_s": 0},
        })
        yield server


@pytest.fixture
def downloader(tmp_path):
    return Downloader(cache=Cache(tmp_path / "cache"), backoff_s=0.01)


def big_departement(total: int = 12345, communes: int = 40) -> list[dict]:
    return [iris_feature(index, f"59{index % communes:03d}") for index in range(total)]


def commune_codes(communes: int = 40) -> list[str]:
    return [f"59{number:03d}" for number in range(communes)]


def test_pages_until_number_matched_reached(wfs_server, downloader):
    MockWfs(wfs_server, big_departement())

    result = ign_wfs.get_features(downloader, "ign.wfs.iris", commune_codes(), "EPSG:2154")

    assert len(result.features) == 12345
    assert len({feature["properties"]["cleabs"] for feature in result.features}) == 12345
    starts = [int(request.query["STARTINDEX"]) for request in wfs_server.requests]
    assert starts == [0, 5000, 10000]
    first = wfs_server.requests[0].query
    assert first["COUNT"] == "5000"
    assert first["SORTBY"] == "cleabs"
    assert first["SRSNAME"] == "EPSG:2154"
    assert first["TYPENAMES"] == "STATISTICALUNITS.IRIS:contours_iris"
    assert first["OUTPUTFORMAT"] == "application/json"
    assert result.warnings == []


def test_server_cap_below_count_keeps_paging(wfs_server, downloader):
    MockWfs(wfs_server, big_departement(), cap=1000)

    result = ign_wfs.get_features(downloader, "ign.wfs.iris", commune_codes(), "EPSG:2154")

    assert len(result.features) == 12345
    assert len(wfs_server.requests) == 13


def test_no_number_matched_full_page_is_a_warning(wfs_server, downloader):
    MockWfs(wfs_server, big_departement(), number_matched=False)

    result = ign_wfs.get_features(downloader, "ign.wfs.iris", commune_codes(), "EPSG:2154")

    assert len(result.features) == 12345
    assert len(result.warnings) == 1
    assert "numberMatched" in result.warnings[0]
    assert "5\u00a0000" in result.warnings[0]


def test_no_number_matched_short_page_needs_no_warning(wfs_server, downloader):
    MockWfs(wfs_server, big_departement(total=120), number_matched=False)

    result = ign_wfs.get_features(downloader, "ign.wfs.iris", commune_codes(), "EPSG:2154")

    assert len(result.features) == 120
    assert result.warnings == []
    assert len(wfs_server.requests) == 1


def test_fewer_features_than_announced_is_an_error(wfs_server, downloader):
    MockWfs(wfs_server, big_departement(), drop_after=5000)

    with pytest.raises(DataFormatError) as caught:
        ign_wfs.get_features(downloader, "ign.wfs.iris", commune_codes(), "EPSG:2154")

    assert "12\u00a0345" in caught.value.message
    assert "5\u00a0000" in caught.value.message


def test_codes_sent_in_chunks_with_cql_in(wfs_server, downloader):
    codes = [f"59{number:03d}" for number in range(400)]
    MockWfs(wfs_server, [iris_feature(index, code) for index, code in enumerate(codes)])

    result = ign_wfs.get_features(downloader, "ign.wfs.iris", codes, "EPSG:2154", chunk_size=150)

    filters = [request.query["CQL_FILTER"] for request in wfs_server.requests]
    assert len(filters) == 3
    assert filters[0].startswith("code_insee IN ('59000','59001',")
    assert [len(IN_LIST.findall(text)) for text in filters] == [150, 150, 100]
    assert len(result.features) == 400


def test_cql_quotes_are_doubled():
    assert ign_wfs.cql_in("nom", ["L'Haÿ", "Lille"]) == "nom IN ('L''Haÿ','Lille')"


def test_recorded_empty_answer_is_reported(wfs_server, downloader, tmp_path):
    wfs_server.add("/wfs/ows", json_response(NO_FEATURES.read_bytes()))

    with pytest.raises(DataFormatError) as caught:
        ign_wfs.layer_geojson(downloader, "ign.wfs.iris", ["59350"], "EPSG:2154", tmp_path / "iris.geojson")

    assert "STATISTICALUNITS.IRIS:contours_iris" in caught.value.message
    assert not (tmp_path / "iris.geojson").exists()


def test_lonlat_coordinates_in_lambert93_request_rejected(wfs_server, downloader, tmp_path):
    feature = iris_feature(1, "59350")
    feature["geometry"]["coordinates"] = [[[[3.06, 50.63], [3.07, 50.63], [3.07, 50.64], [3.06, 50.63]]]]
    MockWfs(wfs_server, [feature])

    with pytest.raises(DataFormatError) as caught:
        ign_wfs.layer_geojson(downloader, "ign.wfs.iris", ["59350"], "EPSG:2154", tmp_path / "iris.geojson")

    assert "EPSG:2154" in caught.value.message


def test_exception_report_surfaces_server_text(wfs_server, downloader):
    report = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1" '
        b'version="2.0.0">\n<ows:Exception exceptionCode="NoApplicableCode">\n<ows:ExceptionText>Could not parse '
        b"CQL filter list.</ows:ExceptionText>\n</ows:Exception>\n</ows:ExceptionReport>\n"
    )
    wfs_server.add("/wfs/ows", MockResponse(status=200, body=report, content_type="application/xml"))

    with pytest.raises(BadResponseError) as caught:
        ign_wfs.get_features(downloader, "ign.wfs.iris", ["59350"], "EPSG:2154")

    assert "Could not parse CQL filter list." in caught.value.message


def test_fetch_layer_writes_iris_layer_in_territory_crs(wfs_server, downloader, tmp_path):
    from qgis.core import QgsVectorLayer

    MockWfs(wfs_server, [iris_feature(index, code) for index, code in enumerate(["75101", "75102", "59350"])])
    territory = SimpleNamespace(iris_commune_codes=["75101", "75102"], commune_codes=["75056"], crs="EPSG:2154")

    source = ign_wfs.fetch_layer(territory, downloader, tmp_path)

    layer = QgsVectorLayer(str(source.path), "iris", "ogr")
    assert layer.isValid()
    assert layer.featureCount() == 2
    assert layer.crs().authid() == "EPSG:2154"
    assert source.code_field == "code_iris"
    assert source.provenance["typename"] == "STATISTICALUNITS.IRIS:contours_iris"
    assert "'75101','75102'" in wfs_server.requests[0].query["CQL_FILTER"]


def test_admin_express_communes_use_their_typename(wfs_server, downloader, tmp_path):
    MockWfs(wfs_server, [iris_feature(0, "59350")])
    territory = SimpleNamespace(iris_commune_codes=["59350"], commune_codes=["59350"], crs="EPSG:2154")

    source = ign_wfs.fetch_layer(territory, downloader, tmp_path, source_id="ign.wfs.communes")

    assert wfs_server.requests[0].query["TYPENAMES"] == "ADMINEXPRESS-COG.LATEST:commune"
    assert source.code_field == "code_insee"


def test_second_run_downloads_nothing(wfs_server, tmp_path):
    MockWfs(wfs_server, big_departement(total=6000))
    cache = Cache(tmp_path / "cache")
    ign_wfs.get_features(Downloader(cache=cache), "ign.wfs.iris", commune_codes(), "EPSG:2154")

    again = Downloader(cache=cache)
    result = ign_wfs.get_features(again, "ign.wfs.iris", commune_codes(), "EPSG:2154")

    assert len(result.features) == 6000
    assert again.stats["bytes"] == 0
    assert again.stats["requests"] == 0


def test_each_chunk_reported_as_a_step(wfs_server, tmp_path):
    from qgis.core import QgsProcessingFeedback

    class RecordingFeedback(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.texts = []

        def setProgressText(self, text):
            self.texts.append(text)

    codes = [f"59{number:03d}" for number in range(300)]
    MockWfs(wfs_server, [iris_feature(index, code) for index, code in enumerate(codes)])
    feedback = RecordingFeedback()

    ign_wfs.get_features(Downloader(cache=None, feedback=feedback), "ign.wfs.iris", codes, "EPSG:2154")

    steps = [text for text in feedback.texts if "59000" in text or "59150" in text]
    assert any(text.endswith("(1/2)") for text in steps)
    assert any(text.endswith("(2/2)") for text in steps)
