"""FINESS Etalab extract: record layout, INSEE codes, CRS per record, points layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from territorial_health_plugin.core.sources import finess
from territorial_health_plugin.toolbelt.errors import DataFormatError
from territorial_health_plugin.toolbelt.resources import resource_path

DATA = Path(__file__).parent / "data" / "readers"
SAMPLE = resource_path("sample", "etalab-cs1100507-stock-20260512-0336-extrait-synthetique-mel.csv")


@pytest.fixture(scope="module")
def mixed():
    return finess.read_finess_etalab(DATA / "finess_mixed.csv")


def test_sample_extract_read():
    establishments = finess.read_finess_etalab(SAMPLE)
    assert len(establishments.frame) == 42
    assert len(establishments.located) == 42
    assert establishments.extraction_date == "2026-05-12"
    assert establishments.encoding == "cp1252"
    assert establishments.frame["code_commune"].str.startswith("59").all()


def test_overseas_code_and_crs(mixed):
    row = mixed.frame.set_index("nofinesset").loc["970100012"]
    assert row["code_commune"] == "97120"
    assert row["epsg"] == "EPSG:5490"
    assert row["x"] == pytest.approx(655011.2)
    assert row["rs"] == "CHU DE POINTE-À-PITRE"


def test_corsica_code_kept(mixed):
    row = mixed.frame.set_index("nofinesset").loc["2A0000081"]
    assert row["code_commune"] == "2A004"
    assert row["categetab"] == "500"
    assert row["epsg"] == "EPSG:2154"


def test_unplaceable_records_reported(mixed):
    assert "590000998" not in set(mixed.located["nofinesset"])
    unlocated = [warning for warning in mixed.warnings if "590000998" in warning]
    assert len(unlocated) == 1
    assert len(mixed.warnings) == 2


def test_crs_inferred_from_departement(mixed):
    row = mixed.frame.set_index("nofinesset").loc["590000999"]
    assert row["epsg"] == "EPSG:2154"
    assert bool(row["epsg_inferred"]) is True
    assert bool(mixed.frame.set_index("nofinesset").loc["970100012", "epsg_inferred"]) is False


@pytest.mark.parametrize(
    ("departement", "x", "y", "expected"),
    [
        ("59", 704230.0, 7059200.0, "EPSG:2154"),
        ("9A", 655011.2, 1794102.9, "EPSG:5490"),
        ("9D", 340000.0, 7660000.0, "EPSG:2975"),
        ("9F", 515000.0, 8585000.0, "EPSG:4471"),
        ("59", 3.06, 50.63, None),
        ("9D", 704230.0, 7059200.0, None),
    ],
)
def test_crs_of_departement(departement, x, y, expected):
    assert finess.crs_of_departement(departement, x, y) == expected


@pytest.mark.parametrize(
    ("departement", "commune", "expected"),
    [
        ("59", "350", "59350"),
        ("2A", "004", "2A004"),
        ("9A", "101", "97101"),
        ("9D", "411", "97411"),
        ("1", "4", "01004"),
    ],
)
def test_insee_code_of_fields(departement, commune, expected):
    assert finess.insee_code(departement, commune) == expected


def test_category_counts_by_commune(mixed):
    table = finess.category_counts(mixed, ["603", "620", "500"])
    frame = table.frame.set_index("code_commune")
    assert list(table.frame.columns) == ["code_commune", "CAT_603", "CAT_620", "CAT_500"]
    assert frame.loc["59350", "CAT_603"] == 1
    assert frame.loc["59350", "CAT_620"] == 1
    assert frame.loc["2A004", "CAT_500"] == 1
    assert table.level == "commune"


def test_not_a_finess_file(tmp_path):
    path = tmp_path / "etalab.csv"
    path.write_text("codgeo;valeur\n59350;1\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="finess;etalab"):
        finess.read_finess_etalab(path)


def test_html_page_rejected(tmp_path):
    path = tmp_path / "etalab.csv"
    path.write_text("<html><body>Erreur 503</body></html>", encoding="utf-8")
    with pytest.raises(DataFormatError, match="HTML"):
        finess.read_finess_etalab(path)


def test_points_transformed_to_one_crs(qgis_app, tmp_path, mixed):
    from qgis.core import QgsVectorLayer

    path = finess.write_points(mixed, tmp_path / "points.gpkg", crs="EPSG:4326")
    layer = QgsVectorLayer(f"{path}|layername=etablissements", "points", "ogr")
    assert layer.isValid()
    assert layer.crs().authid() == "EPSG:4326"
    points = {feature["nofinesset"]: feature.geometry().asPoint() for feature in layer.getFeatures()}
    assert set(points) == {"970100012", "2A0000081", "590000999"}
    guadeloupe = points["970100012"]
    assert -62 < guadeloupe.x() < -61
    assert 16 < guadeloupe.y() < 16.6
    corsica = points["2A0000081"]
    assert 8 < corsica.x() < 10
    assert 41 < corsica.y() < 43
    del layer
