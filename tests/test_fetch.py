"""The fetch step: each source from the sample, the data folder or a mock server on 127.0.0.1."""

from __future__ import annotations

import json
import shutil

import pytest

from territorial_health_plugin.core import endpoints, fetch
from territorial_health_plugin.core.cache import Cache
from territorial_health_plugin.core.catalogue import load_catalogue
from territorial_health_plugin.core.network import Downloader
from territorial_health_plugin.core.territory import resolve
from territorial_health_plugin.toolbelt.errors import DataSourceError
from territorial_health_plugin.toolbelt.resources import resource_path
from tests.mock_http import MockResponse, MockServer

POPULATION_ZIP = resource_path("sample", "base-ic-evol-struct-pop-2021_csv.zip")
APL = resource_path("sample", "apl_generalistes_extrait_nord.xlsx")


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="module")
def mel():
    return resolve("epci:200093201")


@pytest.fixture(scope="module")
def sample_outcome(qgis_app, tmp_path_factory, catalogue, mel):
    context = fetch.FetchContext(mode="sample", work_dir=tmp_path_factory.mktemp("fetch"))
    return fetch.fetch_all(mel, list(catalogue), context)


def test_sample_tables_cover_territory(sample_outcome, mel):
    population = sample_outcome.table("insee_rp_population")
    assert len(population.frame) == 514
    assert set(population.frame["code_iris"].str[:5]) == set(mel.commune_codes)
    apl = sample_outcome.table("drees_apl_mg")
    assert len(apl.frame) == 95
    assert apl.vintage == "2023"


def test_sample_ouvriers_uses_vintage_columns(sample_outcome):
    activity = sample_outcome.table("insee_rp_activite")
    assert "C_ACT1564_CS6" in activity.frame.columns
    assert "C_ACT1564_STAT_GSEC16_26" not in activity.frame.columns
    assert not any("part_ouvriers" in warning for warning in activity.warnings)


def test_sample_missing_sources_reported(sample_outcome):
    assert set(sample_outcome.errors) == {"drees_apl_inf", "drees_apl_kine", "drees_apl_sf", "drees_apl_cd"}
    assert "drees_apl_inf" in sample_outcome.errors["drees_apl_inf"]


def test_sample_geometries(sample_outcome):
    geometries = sample_outcome.geometries
    assert geometries["iris"].code_field == "code_iris"
    assert geometries["iris"].crs == "EPSG:4326"
    assert geometries["communes"].code_field == "code"
    assert geometries["establishments"].path.is_file()
    assert sample_outcome.origins["iris_layer"] == "sample"


def test_sample_finess_counts(sample_outcome):
    counts = sample_outcome.table("finess")
    assert counts.frame["CAT_500"].sum() == 12
    assert counts.frame["CAT_603"].sum() == 6


def test_provenance_recorded(sample_outcome):
    filosofi = sample_outcome.table("insee_filosofi_iris")
    assert filosofi.licence.startswith("Licence Ouverte")
    assert filosofi.retrieved
    assert filosofi.geography_year == "2020"
    assert sample_outcome.origins["insee_filosofi_iris"] == "sample"


def test_vintage_check_names_indicator(catalogue):
    needs = fetch.columns_by_source([catalogue.by_id("part_ouvriers")])["insee_rp_activite"]
    assert needs.required == {"C_ACT1564"}
    assert needs.optional == {"C_ACT1564_CS6", "C_ACT1564_STAT_GSEC16_26"}


def test_data_dir_preferred(qgis_app, tmp_path, catalogue, mel):
    data_dir = tmp_path / "telechargements"
    data_dir.mkdir()
    shutil.copy(APL, data_dir / "indicateur_d_accessibilite_potentielle_localisee_apl_aux_medecins_generalistes.xlsx")
    context = fetch.FetchContext(mode="sample", work_dir=tmp_path / "work", data_dir=data_dir)
    outcome = fetch.fetch_all(mel, [catalogue.by_id("apl_mg")], context)
    assert outcome.origins["drees_apl_mg"] == "data_dir"
    assert len(outcome.table("drees_apl_mg").frame) == 95


def test_user_table_joined(qgis_app, tmp_path, catalogue, mel):
    path = tmp_path / "mes_indicateurs.csv"
    path.write_text("codgeo;nb_med\n59350;310\n59009;40\n75056;2000\n", encoding="utf-8")
    context = fetch.FetchContext(mode="sample", work_dir=tmp_path / "work", user_tables=[(path, None)])
    outcome = fetch.fetch_all(mel, [catalogue.by_id("apl_mg")], context)
    table = outcome.table("local:mes_indicateurs")
    assert table.frame["code_commune"].tolist() == ["59350", "59009"]


# --- Online, against a mock server -------------------------------------------------------------


@pytest.fixture
def server(qgis_app):
    with MockServer() as mock:
        yield mock


@pytest.fixture
def online(tmp_path, server, monkeypatch):
    """Point the endpoints of three sources at the mock server and return a context."""
    override = tmp_path / "sources.json"
    override.write_text(json.dumps({
        "insee.rp_population.2021": {"url": server.url("/rp/base-ic-evol-struct-pop-2021_csv.zip"), "expect": "zip"},
        "insee.rp_logement.2021": {"url": server.url("/rp/base-ic-logement-2021_csv.zip"), "expect": "zip"},
        "drees.apl_mg": {"url": server.url("/drees/apl_mg.xlsx"), "expect": "xlsx"},
    }), encoding="utf-8")
    monkeypatch.setenv(endpoints.OVERRIDE_ENV, str(override))
    endpoints.clear_cache()
    downloader = Downloader(cache=Cache(tmp_path / "cache"), backoff_s=0.01, timeout_s=5, max_retries=1)
    yield fetch.FetchContext(
        mode="online", work_dir=tmp_path / "work", downloader=downloader,
        iris_layer=resource_path("sample", "contours-iris-mel.geojson"),
        communes_layer=resource_path("sample", "communes-mel-admin-express-2018.geojson"),
    )
    endpoints.clear_cache()


def test_online_sources_downloaded(server, online, catalogue, mel):
    server.add("/rp/base-ic-evol-struct-pop-2021_csv.zip",
               MockResponse(body=POPULATION_ZIP.read_bytes(), content_type="application/zip"))
    server.add("/drees/apl_mg.xlsx", MockResponse(
        body=APL.read_bytes(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    outcome = fetch.fetch_all(mel, [catalogue.by_id("part_75p"), catalogue.by_id("apl_mg")], online)
    assert outcome.errors == {}
    assert outcome.origins["insee_rp_population"] == "online"
    population = outcome.table("insee_rp_population")
    assert population.url == server.url("/rp/base-ic-evol-struct-pop-2021_csv.zip")
    assert len(population.frame) == 514
    assert outcome.geometries["iris"].code_field == "code_iris"
    assert sorted(server.paths()) == ["/drees/apl_mg.xlsx", "/rp/base-ic-evol-struct-pop-2021_csv.zip"]


def test_online_html_instead_of_zip(server, online, catalogue, mel):
    server.add("/rp/base-ic-evol-struct-pop-2021_csv.zip",
               MockResponse(body=POPULATION_ZIP.read_bytes(), content_type="application/zip"))
    server.add("/rp/base-ic-logement-2021_csv.zip", MockResponse(
        body=b"<!DOCTYPE html><html><body>Page en maintenance</body></html>", content_type="text/html"))
    outcome = fetch.fetch_all(mel, [catalogue.by_id("part_75p"), catalogue.by_id("part_log_sociaux")], online)
    assert "insee_rp_logement" in outcome.errors
    assert outcome.table("insee_rp_logement") is None
    assert len(outcome.table("insee_rp_population").frame) == 514


def test_online_corrupt_zip(server, online, catalogue, mel):
    server.add("/rp/base-ic-logement-2021_csv.zip",
               MockResponse(body=b"PK\x03\x04" + b"\x00" * 200, content_type="application/zip"))
    outcome = fetch.fetch_all(mel, [catalogue.by_id("part_log_sociaux")], online)
    assert "zip" in outcome.errors["insee_rp_logement"].lower()
    assert "iris" in outcome.geometries
    assert outcome.tables == []


def test_nothing_available_raises(qgis_app, tmp_path, catalogue, mel):
    context = fetch.FetchContext(mode="cache", work_dir=tmp_path / "work", downloader=None)
    with pytest.raises(DataSourceError) as caught:
        fetch.fetch_all(mel, [catalogue.by_id("apl_mg")], context)
    assert "drees_apl_mg" in caught.value.details
