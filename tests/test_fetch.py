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
from tests.mock_http import MockResponse, MockServer, json_response

POPULATION_ZIP = resource_path("sample", "base-ic-evol-struct-pop-2021_csv.zip")
FILOSOFI = resource_path("sample", "BASE_TD_FILO_DISP_IRIS_2019_extrait_MEL.xlsx")
MELODI_FILOSOFI = {
    "identifier": "DS_FILOSOFI_CC",
    "observations": [
        {"dimensions": {"GEO": "2025-DEP-59", "FREQ": "A", "TIME_PERIOD": "2019", "FILOSOFI_MEASURE": "MED_SL"},
         "measures": {"OBS_VALUE_NIVEAU": {"value": 20410.0}}},
        {"dimensions": {"GEO": "2025-DEP-59", "FREQ": "A", "TIME_PERIOD": "2019", "FILOSOFI_MEASURE": "PR_MD60"},
         "measures": {"OBS_VALUE_NIVEAU": {"value": 18.6}}},
        {"dimensions": {"GEO": "2025-REG-32", "FREQ": "A", "TIME_PERIOD": "2019", "FILOSOFI_MEASURE": "MED_SL"},
         "measures": {"OBS_VALUE_NIVEAU": {"value": 20330.0}}},
        {"dimensions": {"GEO": "FRANCE-F", "FREQ": "A", "TIME_PERIOD": "2019", "FILOSOFI_MEASURE": "MED_SL"},
         "measures": {"OBS_VALUE_NIVEAU": {"value": 21930.0}}},
        {"dimensions": {"GEO": "FRANCE-F", "FREQ": "A", "TIME_PERIOD": "2019", "FILOSOFI_MEASURE": "PR_MD60"},
         "measures": {"OBS_VALUE_NIVEAU": {"value": 14.6}}},
        {"dimensions": {"GEO": "FRANCE-F", "FREQ": "A", "TIME_PERIOD": "2019", "FILOSOFI_MEASURE": "NB_MEN"},
         "measures": {"OBS_VALUE_NIVEAU": {"value": 28000000.0}}},
    ],
}
APL = resource_path("sample", "apl_generalistes_extrait_nord.xlsx")


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="module")
def mel():
    return resolve("epci:200093201")


@pytest.fixture(scope="module")
def sample_outcome(qgis_app, tmp_path_factory, catalogue, mel):
    context = fetch.FetchContext(mode="sample", vintages={}, work_dir=tmp_path_factory.mktemp("fetch"))
    return fetch.fetch_all(mel, list(catalogue), context)


def test_sample_tables_cover_territory(sample_outcome, mel):
    population = sample_outcome.table("insee_rp_population")
    assert len(population.frame) == 516
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
    # The message names the dataset as the user knows it, not the source id.
    assert "(APL) aux infirmières" in sample_outcome.errors["drees_apl_inf"]
    assert "drees_apl_inf" not in sample_outcome.errors["drees_apl_inf"]
    assert sample_outcome.not_in_sample == ["drees_apl_inf", "drees_apl_kine", "drees_apl_sf", "drees_apl_cd"]


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
    assert filosofi.origin == "sample"
    assert filosofi.provenance()["origin"] == "sample"
    assert filosofi.warnings == []


def test_vintage_check_names_indicator(catalogue):
    needs = fetch.columns_by_source([catalogue.by_id("part_ouvriers")])["insee_rp_activite"]
    assert needs.required == {"C_ACT1564"}
    assert needs.optional == {"C_ACT1564_CS6", "C_ACT1564_STAT_GSEC16_26"}


def test_data_dir_preferred(qgis_app, tmp_path, catalogue, mel):
    data_dir = tmp_path / "telechargements"
    data_dir.mkdir()
    shutil.copy(APL, data_dir / "indicateur_d_accessibilite_potentielle_localisee_apl_aux_medecins_generalistes.xlsx")
    context = fetch.FetchContext(mode="sample", vintages={}, work_dir=tmp_path / "work", data_dir=data_dir)
    outcome = fetch.fetch_all(mel, [catalogue.by_id("apl_mg")], context)
    assert outcome.origins["drees_apl_mg"] == "data_dir"
    assert len(outcome.table("drees_apl_mg").frame) == 95


def test_user_table_joined(qgis_app, tmp_path, catalogue, mel):
    path = tmp_path / "mes_indicateurs.csv"
    path.write_text("codgeo;nb_med\n59350;310\n59009;40\n75056;2000\n", encoding="utf-8")
    context = fetch.FetchContext(mode="sample", vintages={}, work_dir=tmp_path / "work", user_tables=[(path, None)])
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
    """Point every endpoint at the mock server (unknown paths answer 404) and return a context."""
    endpoints.clear_cache()
    addresses = {source_id: {"url": server.url(f"/unexpected/{source_id}")} for source_id in endpoints.load_endpoints()}
    addresses.update({
        "insee.rp_population.2021": {"url": server.url("/rp/base-ic-evol-struct-pop-2021_csv.zip"), "expect": "zip"},
        "insee.rp_logement.2021": {"url": server.url("/rp/base-ic-logement-2021_csv.zip"), "expect": "zip"},
        "drees.apl_mg": {"url": server.url("/drees/apl_mg.xlsx"), "expect": "xlsx"},
        "insee.filosofi_iris.2019": {"url": server.url("/filosofi/BASE_TD_FILO_DISP_IRIS_2019.zip"), "expect": "zip"},
        "insee.melodi.data": {"url": server.url("/melodi/data/{dataset}"), "expect": "json"},
    })
    override = tmp_path / "sources.json"
    override.write_text(json.dumps(addresses), encoding="utf-8")
    monkeypatch.setenv(endpoints.OVERRIDE_ENV, str(override))
    endpoints.clear_cache()
    downloader = Downloader(cache=Cache(tmp_path / "cache"), backoff_s=0.01, timeout_s=5, max_retries=1)
    yield fetch.FetchContext(
        mode="online", work_dir=tmp_path / "work", downloader=downloader,
        vintages={"census": "2021", "filosofi": "2019"},
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
    assert len(population.frame) == 516
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
    assert len(outcome.table("insee_rp_population").frame) == 516


def test_online_corrupt_zip(server, online, catalogue, mel):
    server.add("/rp/base-ic-logement-2021_csv.zip",
               MockResponse(body=b"PK\x03\x04" + b"\x00" * 200, content_type="application/zip"))
    outcome = fetch.fetch_all(mel, [catalogue.by_id("part_log_sociaux")], online)
    assert "zip" in outcome.errors["insee_rp_logement"].lower()
    assert "iris" in outcome.geometries
    assert outcome.tables == []


def test_nothing_available_raises(qgis_app, tmp_path, catalogue, mel):
    context = fetch.FetchContext(mode="cache", vintages={}, work_dir=tmp_path / "work", downloader=None)
    with pytest.raises(DataSourceError) as caught:
        fetch.fetch_all(mel, [catalogue.by_id("apl_mg")], context)
    assert "(APL) aux médecins généralistes" in caught.value.details
    assert "drees_apl_mg" not in caught.value.details


def filosofi_zip() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(FILOSOFI, "BASE_TD_FILO_DISP_IRIS_2019.xlsx")
    return buffer.getvalue()


def test_online_filosofi_reference_values(server, online, catalogue, mel):
    server.add("/filosofi/BASE_TD_FILO_DISP_IRIS_2019.zip",
               MockResponse(body=filosofi_zip(), content_type="application/zip"))
    server.add("/melodi/data/DS_FILOSOFI_CC", json_response(json.dumps(MELODI_FILOSOFI)))
    outcome = fetch.fetch_all(mel, [catalogue.by_id("rev_median"), catalogue.by_id("tx_pauvrete")], online)
    assert outcome.errors == {}
    references = {table.level: table for table in outcome.tables if table.source_id == "insee_filosofi_reference"}
    assert set(references) == {"departement", "region", "france"}
    france = references["france"].frame.set_index("code")
    assert france.loc["FR", "DISP_MED"] == 21930.0
    assert france.loc["FR", "DISP_TP60"] == 14.6
    assert "NB_MEN" not in france.columns
    assert references["departement"].frame.set_index("code").loc["59", "DISP_TP60"] == 18.6
    assert references["region"].key_column == "code"
    [request] = [item for item in server.requests if item.path.startswith("/melodi")]
    assert "GEO=DEP-59" in request.raw_path
    assert "GEO=REG-32" in request.raw_path
    assert "GEO=FRANCE-F" in request.raw_path
    assert "TIME_PERIOD=2019" in request.raw_path


def test_melodi_failure_keeps_iris_table(server, online, catalogue, mel):
    server.add("/filosofi/BASE_TD_FILO_DISP_IRIS_2019.zip",
               MockResponse(body=filosofi_zip(), content_type="application/zip"))
    server.add("/melodi/data/DS_FILOSOFI_CC", MockResponse(status=404, body=b"Not found", content_type="text/plain"))
    outcome = fetch.fetch_all(mel, [catalogue.by_id("rev_median")], online)
    assert "insee_filosofi_reference" in outcome.errors
    assert len(outcome.table("insee_filosofi_iris").frame) == 394


def test_second_run_uses_parsed_cache(server, online, catalogue, mel, monkeypatch):
    server.add("/rp/base-ic-evol-struct-pop-2021_csv.zip",
               MockResponse(body=POPULATION_ZIP.read_bytes(), content_type="application/zip"))
    first = fetch.fetch_all(mel, [catalogue.by_id("part_75p")], online)
    parsed_folder = online.downloader.cache.folder / fetch.PARSED_FOLDER
    assert len(list(parsed_folder.glob("*.pickle"))) == 1

    def no_parsing(*args, **kwargs):
        raise AssertionError("the table was parsed again")

    monkeypatch.setattr(fetch.insee, "read_census_iris", no_parsing)
    second = fetch.fetch_all(mel, [catalogue.by_id("part_75p")], online)
    assert second.table("insee_rp_population").frame.equals(first.table("insee_rp_population").frame)


def test_online_cp1252_census(server, online, catalogue, mel):
    import io
    import zipfile

    text = "IRIS;COM;LIBIRIS;P21_POP;P21_POP75P\r\n593500101;59350;Fives Église;2000;300\r\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("base-ic-evol-struct-pop-2021.CSV", text.encode("cp1252"))
    server.add("/rp/base-ic-evol-struct-pop-2021_csv.zip", MockResponse(body=buffer.getvalue(),
                                                                          content_type="application/zip"))
    outcome = fetch.fetch_all(mel, [catalogue.by_id("part_75p")], online)
    table = outcome.table("insee_rp_population")
    assert table.encoding == "cp1252"
    assert table.frame["POP75P"].tolist() == [300.0]


def test_paris_iris_kept_by_arrondissement(qgis_app, tmp_path, catalogue):
    data_dir = tmp_path / "telechargements"
    data_dir.mkdir()
    (data_dir / "base-ic-evol-struct-pop-2021.CSV").write_text(
        "IRIS;COM;TYP_IRIS;LAB_IRIS;P21_POP;P21_POP75P\n"
        "751010101;75101;H;1;2100;300\n751208001;75120;H;1;2500;200\n593500101;59350;H;1;1900;150\n",
        encoding="utf-8",
    )
    paris = resolve("commune:75056")
    context = fetch.FetchContext(mode="sample", vintages={}, work_dir=tmp_path / "work", data_dir=data_dir)
    outcome = fetch.fetch_all(paris, [catalogue.by_id("part_75p")], context)
    table = outcome.table("insee_rp_population")
    assert table.frame["code_iris"].tolist() == ["751010101", "751208001"]


def test_latest_vintage_by_default(server, online, catalogue, mel):
    online.vintages = {}
    server.add("/unexpected/insee.rp_population.2022", MockResponse(
        body=POPULATION_ZIP.read_bytes(), content_type="application/zip"))
    outcome = fetch.fetch_all(mel, [catalogue.by_id("part_75p")], online)
    assert server.paths() == ["/unexpected/insee.rp_population.2022"]
    assert outcome.origins["insee_rp_population"] == "online"


def test_apl_vintage_setting(server, online, catalogue, mel):
    online.vintages = {"apl": "2022"}
    server.add("/drees/apl_mg.xlsx", MockResponse(
        body=APL.read_bytes(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    outcome = fetch.fetch_all(mel, [catalogue.by_id("apl_mg")], online)
    apl = outcome.table("drees_apl_mg")
    assert apl.vintage == "2022"


def test_latest_endpoint_vintages():
    endpoints.clear_cache()
    assert fetch.latest_endpoint_vintage("insee_rp_population") == "2022"
    assert fetch.latest_endpoint_vintage("insee_filosofi_iris") == "2021"
    assert fetch.latest_endpoint_vintage("drees_apl_mg") is None


def test_vintages_read_from_settings(qgis_app, monkeypatch):
    from territorial_health_plugin.toolbelt.settings import PluginSettings, SettingsManager

    monkeypatch.setattr(SettingsManager, "load", staticmethod(lambda: PluginSettings(apl_vintage="2022")))
    context = fetch.FetchContext(mode="sample")
    assert fetch.requested_vintage("drees_apl_mg", context) == "2022"
    assert fetch.requested_vintage("insee_rp_logement", context) is None
    assert fetch.requested_vintage("finess", context) is None


def test_missing_column_costs_one_indicator(qgis_app, tmp_path, catalogue, mel):
    data_dir = tmp_path / "telechargements"
    data_dir.mkdir()
    (data_dir / "base-ic-evol-struct-pop-2022.CSV").write_text(
        "IRIS;COM;TYP_IRIS;LAB_IRIS;P22_POP;P22_POP75P;P22_POP_ETR\n593500101;59350;H;1;2000;300;120\n",
        encoding="utf-8",
    )
    context = fetch.FetchContext(mode="sample", vintages={}, work_dir=tmp_path / "work", data_dir=data_dir)
    indicators = [catalogue.by_id("part_75p"), catalogue.by_id("part_pop_immigree")]
    outcome = fetch.fetch_all(mel, indicators, context)
    table = outcome.table("insee_rp_population")
    assert table.frame["POP75P"].tolist() == [300.0]
    assert set(outcome.indicator_errors) == {"part_pop_immigree"}
    message = outcome.indicator_errors["part_pop_immigree"]
    assert "POP_IMM" in message
    assert "base-ic-evol-struct-pop-2022.CSV" in message
    assert "2022" in message
    assert "P22_POP_ETR" in message
    assert "insee_rp_population" not in outcome.errors


def test_wrong_file_fails_source(qgis_app, tmp_path, catalogue, mel):
    data_dir = tmp_path / "telechargements"
    data_dir.mkdir()
    (data_dir / "base-ic-evol-struct-pop-2021.csv").write_text("IRIS;AUTRE\n593500101;1\n", encoding="utf-8")
    context = fetch.FetchContext(mode="sample", vintages={}, work_dir=tmp_path / "work", data_dir=data_dir)
    outcome = fetch.fetch_all(mel, [catalogue.by_id("part_75p")], context)
    assert outcome.table("insee_rp_population") is None
    assert "POP75P" in outcome.errors["insee_rp_population"]


def test_online_qpv_zip(server, online, catalogue, mel):
    import io
    import zipfile

    feature = {
        "type": "Feature",
        "properties": {"code_qp": "QN05901M", "lib_qp": "Lille Sud", "insee_com": "59350"},
        "geometry": {"type": "Polygon", "coordinates": [[[3.04, 50.61], [3.06, 50.61], [3.06, 50.62], [3.04, 50.61]]]},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("GEOJSON/QP2024_France_Hexagonale_Outre_Mer_WGS84.geojson",
                         json.dumps({"type": "FeatureCollection", "features": [feature]}))
    server.add("/unexpected/qpv.contours_2024", MockResponse(body=buffer.getvalue(), content_type="application/zip"))
    online.with_qpv = True
    server.add("/drees/apl_mg.xlsx", MockResponse(
        body=APL.read_bytes(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    outcome = fetch.fetch_all(mel, [catalogue.by_id("apl_mg")], online)
    qpv = outcome.geometries["qpv"]
    assert qpv.code_field == "code_qp"
    assert qpv.crs == "EPSG:4326"
    assert qpv.path.is_file()
    assert outcome.origins["qpv"] == "online"


# --- Département outline (the report's location inset) -----------------------------------------


def test_sample_departement_layer(qgis_app, tmp_path, catalogue, mel):
    context = fetch.FetchContext(mode="sample", vintages={}, work_dir=tmp_path, with_departement=True)
    outcome = fetch.fetch_all(mel, [catalogue.by_id("part_75p")], context)

    source = outcome.geometries["departement"]
    assert source.path.name == "departement-59-nord.geojson"
    assert source.code_field == "code"
    assert outcome.origins["departement_layer"] == "sample"


def test_sample_has_no_other_departement(qgis_app, tmp_path, catalogue):
    context = fetch.FetchContext(mode="sample", vintages={}, work_dir=tmp_path, with_departement=True)
    outcome = fetch.fetch_all(resolve("commune:75056"), [catalogue.by_id("part_75p")], context)

    assert "departement" not in outcome.geometries
    assert "75" in outcome.errors["departement_layer"]


def test_departement_not_fetched_unless_asked(sample_outcome):
    assert "departement" not in sample_outcome.geometries


def test_online_departement_from_wfs(server, online, catalogue, mel):
    feature = {"type": "Feature", "id": "departement.59",
               "geometry": {"type": "Polygon", "coordinates": [[[650000, 7000000], [760000, 7000000],
                                                                [760000, 7110000], [650000, 7000000]]]},
               "properties": {"cleabs": "DEPARTEM0000000000000059", "code_insee": "59", "nom_officiel": "Nord"}}
    page = {"type": "FeatureCollection", "numberMatched": 1, "numberReturned": 1, "features": [feature]}
    server.add("/wfs/departements", json_response(json.dumps(page)))
    override_file = online_override_path()
    override = json.loads(override_file.read_text(encoding="utf-8"))
    override["ign.wfs.departements"] = {"url": server.url("/wfs/departements")}
    override_file.write_text(json.dumps(override), encoding="utf-8")
    endpoints.clear_cache()
    online.with_departement = True

    outcome = fetch.fetch_all(mel, [], online)

    source = outcome.geometries["departement"]
    assert source.code_field == "code_insee"
    request = next(r for r in server.requests if r.path == "/wfs/departements")
    assert request.query["TYPENAMES"] == "ADMINEXPRESS-COG.LATEST:departement"
    assert request.query["CQL_FILTER"] == "code_insee IN ('59')"
    assert json.loads(source.path.read_text(encoding="utf-8"))["features"][0]["properties"]["code_insee"] == "59"


def online_override_path():
    import os
    from pathlib import Path

    return Path(os.environ[endpoints.OVERRIDE_ENV])
