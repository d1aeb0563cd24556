"""Territory specs resolved from the embedded COG 2026 reference, CRS and extent checks."""

from __future__ import annotations

import pytest

from territorial_health_plugin.core import territory
from territorial_health_plugin.toolbelt.errors import InvalidInputError

COMMUNE_COLUMNS = [
    "code_commune",
    "nom",
    "type",
    "code_departement",
    "code_region",
    "code_epci",
    "nom_epci",
    "population",
]


# --- Resolution --------------------------------------------------------------------------------


def test_epci_mel_has_95_communes():
    mel = territory.resolve("epci:200093201")
    assert mel.kind == "epci"
    assert mel.code == "200093201"
    assert mel.name == "Métropole Européenne de Lille"
    assert len(mel.communes) == 95
    assert len(mel.commune_codes) == 95
    assert mel.departements == ["59"]
    assert mel.regions == ["32"]


def test_epci_type_label_french(french_translator):
    assert territory.resolve("epci:200093201").type_label == "EPCI"
    assert territory.resolve("departement:59").type_label == "Département"
    assert territory.resolve("region:32").type_label == "Région"


def test_nord_has_647_communes():
    nord = territory.resolve("departement:59")
    assert nord.name == "Nord"
    assert len(nord.communes) == 647
    assert nord.crs == "EPSG:2154"


def test_corse_du_sud_has_124_communes():
    corse = territory.resolve("departement:2A")
    assert corse.name == "Corse-du-Sud"
    assert len(corse.communes) == 124
    assert corse.communes["code_commune"].str.startswith("2A").all()
    assert corse.departements == ["2A"]


def test_lower_case_corsica_accepted():
    assert territory.resolve("departement:2a").code == "2A"


def test_region_communes_sorted_like_cog():
    corse = territory.resolve("region:94")
    assert corse.departements == ["2A", "2B"]
    codes = corse.commune_codes
    assert codes == sorted(codes, key=lambda code: code.replace("2A", "20A").replace("2B", "20B"))


def test_commune_lille_frame():
    lille = territory.resolve("commune:59350")
    assert lille.name == "Lille"
    assert list(lille.communes.columns) == COMMUNE_COLUMNS
    row = lille.communes.iloc[0]
    assert row["code_commune"] == "59350"
    assert row["type"] == "COM"
    assert row["nom_epci"] == "Métropole Européenne de Lille"
    assert lille.population == 238246


def test_paris_resolves_with_20_arrondissements():
    paris = territory.resolve("commune:75056")
    assert paris.commune_codes == ["75056"]
    assert paris.arrondissements == [f"751{number:02d}" for number in range(1, 21)]
    assert paris.iris_commune_codes == paris.arrondissements


def test_departement_paris_has_one_commune():
    paris = territory.resolve("departement:75")
    assert paris.commune_codes == ["75056"]
    assert len(paris.arrondissements) == 20


def test_lyon_and_marseille_arrondissements():
    assert len(territory.resolve("commune:69123").arrondissements) == 9
    assert len(territory.resolve("commune:13055").arrondissements) == 16


def test_communes_list():
    group = territory.resolve("communes:59350,59009,59512")
    assert group.kind == "communes"
    assert group.commune_codes == ["59009", "59350", "59512"]
    assert group.population == group.communes["population"].sum()


def test_communes_list_accepts_spaces_and_semicolons():
    group = territory.resolve("communes: 59350; 59009 59512")
    assert len(group.communes) == 3


def test_old_commune_code_mapped_with_warning(french_translator):
    # Saint-Pierre-de-Lamps (36206) joined Levroux (36093) and left the COG in 2020.
    levroux = territory.resolve("commune:36206")
    assert levroux.commune_codes == ["36093"]
    assert "« 36206 »" in levroux.warnings[0]
    assert "n'existe plus dans le COG 2026" in levroux.warnings[0]
    assert "remplacé par 36093 Levroux" in levroux.warnings[0]


def test_hellemmes_resolves_to_lille(french_translator):
    lille = territory.resolve("commune:59298")
    assert lille.commune_codes == ["59350"]
    assert "« 59298 » (Hellemmes-Lille)" in lille.warnings[0]


def test_commune_associee_takes_whole_commune(french_translator):
    lille = territory.resolve("commune:59355")
    assert lille.commune_codes == ["59350"]
    assert "commune associée ou déléguée de 59350 Lille" in lille.warnings[0]


def test_city_and_its_arrondissement_warned():
    group = territory.resolve("communes:75056,75101")
    assert group.commune_codes == ["75056", "75101"]
    assert "75101" in group.warnings[0]


def test_commune_nouvelle_old_code_mapped():
    # Faverolles-en-Berry (36072) merged into Villentrois-Faverolles-en-Berry (36244) in 2019.
    assert territory.resolve("commune:36072").commune_codes == ["36244"]


def test_communes_list_merges_old_and_new_codes():
    group = territory.resolve("communes:59298,59350,59355")
    assert group.commune_codes == ["59350"]


def test_population_is_total_of_communes():
    mel = territory.resolve("epci:200093201")
    assert mel.population == 1195234


def test_spec_kind_aliases():
    assert territory.resolve("dep:59").kind == "departement"
    assert territory.resolve("Département:59").kind == "departement"
    assert territory.resolve("reg:32").kind == "region"


# --- Errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "named"),
    [
        ("commune:5935", "5935"),
        ("commune:99999", "99999"),
        ("commune:", "commune:"),
        ("epci:123", "123"),
        ("epci:999999999", "999999999"),
        ("departement:20", "20"),
        ("departement:96", "96"),
        ("region:99", "99"),
        ("canton:5901", "canton"),
        ("59350", "59350"),
        ("communes:,,", ",,"),
    ],
)
def test_invalid_spec_raises_french_message(french_translator, spec, named):
    with pytest.raises(InvalidInputError) as raised:
        territory.resolve(spec)
    message = raised.value.message
    assert f"« {named}" in message
    assert any(word in message for word in ("invalide", "inconnu", "introuvable", "pas de code", "aucun"))


def test_invalid_spec_lists_expected_forms(french_translator):
    with pytest.raises(InvalidInputError, match="formes attendues : commune:59350, epci:200093201"):
        territory.resolve("canton:5901")


def test_departement_20_suggests_2a_2b(french_translator):
    with pytest.raises(InvalidInputError, match="utilisez 2A ou 2B"):
        territory.resolve("departement:20")


# --- CRS ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("departement", "crs"),
    [
        ("59", "EPSG:2154"),
        ("2A", "EPSG:2154"),
        ("971", "EPSG:5490"),
        ("972", "EPSG:5490"),
        ("973", "EPSG:2972"),
        ("974", "EPSG:2975"),
        ("976", "EPSG:4471"),
    ],
)
def test_crs_for_departement(departement, crs):
    assert territory.crs_for_departement(departement) == crs
    assert territory.resolve(f"departement:{departement}").crs == crs


def test_mayotte_territory_three_character_departement():
    mayotte = territory.resolve("departement:976")
    assert len(mayotte.communes) == 17
    assert mayotte.departements == ["976"]
    assert (mayotte.communes["code_departement"] == "976").all()


def test_mixed_drom_list_crs_warning(french_translator):
    group = territory.resolve("communes:97411,97608,97101")
    assert group.crs == "EPSG:2975"
    assert "976" in group.crs_warning
    assert "971" in group.crs_warning
    assert "aucune projection" in group.crs_warning


def test_metropolitan_list_has_no_crs_warning():
    group = territory.resolve("communes:59350,2A004")
    assert group.crs == "EPSG:2154"
    assert group.crs_warning == ""


# --- IRIS expectation ------------------------------------------------------------------------------


def test_iris_expectation_by_population():
    mel = territory.resolve("communes:59350,59005")
    expectation = mel.iris_expectation().set_index("code_commune")
    assert expectation.at["59350", "expected"] == "split"
    assert expectation.at["59005", "expected"] == "whole"
    assert expectation.at["59005", "whole_commune_iris"] == "590050000"


def test_iris_expectation_uses_arrondissements():
    expectation = territory.resolve("commune:69123").iris_expectation()
    assert list(expectation["code_commune"]) == [f"6938{number}" for number in range(1, 10)]


@pytest.mark.parametrize(
    ("population", "expected"), [(12000, "split"), (7000, "maybe"), (800, "whole"), (None, "maybe")]
)
def test_expected_iris_level(population, expected):
    assert territory.expected_iris_level(population) == expected


def test_to_dict_is_json_ready():
    import json

    data = territory.resolve("commune:75056").to_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert '"name": "Paris"' in text
    assert data["communes"][0]["population"] == 2103778


# --- Extent check (overseas geometries at their true place) -----------------------------------------


def _point_layer(crs: str, lonlat_points, name="iris"):
    """Return a memory layer in ``crs`` with squares around the given lon/lat points."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsFeature,
        QgsGeometry,
        QgsPointXY,
        QgsProject,
        QgsVectorLayer,
    )

    layer = QgsVectorLayer(f"Polygon?crs={crs}", name, "memory")
    transform = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4326"), QgsCoordinateReferenceSystem(crs), QgsProject.instance()
    )
    features = []
    for lon, lat in lonlat_points:
        centre = transform.transform(QgsPointXY(lon, lat))
        feature = QgsFeature()
        feature.setGeometry(QgsGeometry.fromPointXY(centre).buffer(200, 4))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


MAYOTTE_POINTS = [(45.227, -12.78), (45.15, -12.95), (45.26, -12.70)]
REUNION_POINTS = [(55.45, -20.88), (55.52, -21.34)]


def test_mayotte_layer_in_local_crs_accepted(qgis_app):
    layer = _point_layer("EPSG:4471", MAYOTTE_POINTS)
    result = territory.check_bbox(layer, "976")
    assert result.checked == 3
    assert result.outside == 0


def test_reunion_layer_in_local_crs_accepted(qgis_app):
    layer = _point_layer("EPSG:2975", REUNION_POINTS)
    assert territory.check_bbox(layer, "974").outside == 0


def test_relocated_drom_rejected_with_french_message(qgis_app, french_translator):
    # "DROM rapprochés" contours draw Mayotte off the coast of Brittany, in Lambert-93.
    layer = _point_layer("EPSG:2154", [(-5.0, 46.0), (-4.9, 46.1)], name="drom_rapproches")
    with pytest.raises(InvalidInputError) as raised:
        territory.check_bbox(layer, "976")
    message = raised.value.message
    assert "« drom_rapproches »" in message
    assert "2 entités sur 2" in message
    assert "Mayotte" in message
    assert "EPSG:4471" in message


def test_layer_projected_as_metropolitan_rejected(qgis_app):
    # The same Réunion coordinates read as if they were Lambert-93 land near Africa.
    from qgis.core import QgsCoordinateReferenceSystem

    layer = _point_layer("EPSG:2975", REUNION_POINTS)
    layer.setCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
    with pytest.raises(InvalidInputError):
        territory.check_bbox(layer, "974")


def test_layer_without_crs_rejected(qgis_app, french_translator):
    from qgis.core import QgsCoordinateReferenceSystem

    layer = _point_layer("EPSG:4471", MAYOTTE_POINTS)
    layer.setCrs(QgsCoordinateReferenceSystem())
    with pytest.raises(InvalidInputError, match="pas de SCR valide"):
        territory.check_bbox(layer, "976")


def test_extent_tuple_checked(qgis_app):
    assert territory.check_bbox((45.0, -13.0, 45.3, -12.6), "976").outside == 0
    with pytest.raises(InvalidInputError):
        territory.check_bbox((2.0, 46.0, 3.0, 47.0), "976")


def test_metropolitan_extent_checked(qgis_app):
    assert territory.check_bbox((2.9, 50.5, 3.2, 50.7), "59").outside == 0
    with pytest.raises(InvalidInputError):
        territory.check_bbox((45.0, -13.0, 45.3, -12.6), "59")
