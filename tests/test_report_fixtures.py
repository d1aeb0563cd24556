"""A small diagnostic GeoPackage built from the real MEL sample, for the report's tests.

It replaces the pipeline's output (layers ``iris``, ``communes``, ``territory``) so that
the layout can be tested alone: Filosofi 2019 values joined to the IRIS contours, DREES APL 2023
joined to the 2018 commune contours, all in Lambert 93. This is a test helper, not a second
reader: the plugin's readers and joins are tested in their own files.

Reference values: APL for the territory and the Nord are population-weighted means computed
from the APL workbook (the DREES method); the Filosofi reference values below are illustrative
numbers for layout tests, not INSEE's published figures.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample"
FILOSOFI_FIELDS = {"DISP_MED19": "rev_median", "DISP_TP6019": "tx_pauvrete", "DISP_PPSOC19": "part_prest_soc"}
INDICATOR_IDS = ("apl_mg", "rev_median", "tx_pauvrete", "part_prest_soc")

# Illustrative comparison values for the layout tests (not published figures).
ILLUSTRATIVE_REFERENCES = {
    "rev_median": {"territoire": 21000.0, "departement": 20200.0, "region": 20500.0, "france": 22400.0},
    "tx_pauvrete": {"territoire": 18.0, "departement": 19.0, "region": 18.0, "france": 14.6},
    "part_prest_soc": {"territoire": 7.0, "departement": 7.6, "region": 7.1, "france": 5.4},
}


def read_filosofi() -> pd.DataFrame:
    """Return the Filosofi 2019 IRIS sheet of the sample, codes as text, hidden values NaN."""
    frame = pd.read_excel(SAMPLE / "BASE_TD_FILO_DISP_IRIS_2019_extrait_MEL.xlsx", sheet_name="IRIS_DISP",
                          header=5, dtype=str)
    result = frame[["IRIS", "COM"]].rename(columns={"IRIS": "code_iris", "COM": "code_commune"})
    for column, field_name in FILOSOFI_FIELDS.items():
        result[field_name] = pd.to_numeric(frame[column], errors="coerce")
    return result


def read_apl(sheet: str = "APL 2023") -> pd.DataFrame:
    """Return the APL sheet of the sample: commune code, name, APL and population."""
    raw = pd.read_excel(SAMPLE / "apl_generalistes_extrait_nord.xlsx", sheet_name=sheet, header=None, dtype=str)
    body = raw.iloc[10:, :].dropna(subset=[0])
    body = body[body[0].str.fullmatch(r"\d[0-9AB]\d{3}")]
    return pd.DataFrame({
        "code_commune": body[0].to_numpy(),
        "apl_mg": pd.to_numeric(body[2], errors="coerce").to_numpy(),
        "population": pd.to_numeric(body[5], errors="coerce").to_numpy(),
    })


def _write_layer(features, fields, geometry_type: str, path: Path, name: str, source_crs):
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsFeature,
        QgsProject,
        QgsVectorFileWriter,
        QgsVectorLayer,
    )

    target = QgsCoordinateReferenceSystem("EPSG:2154")
    transform = QgsCoordinateTransform(source_crs, target, QgsProject.instance())
    memory = QgsVectorLayer(f"{geometry_type}?crs=EPSG:2154", name, "memory")
    memory.dataProvider().addAttributes(fields)
    memory.updateFields()
    out = []
    for geometry, attributes in features:
        geometry = geometry.__class__(geometry)
        geometry.transform(transform)
        feature = QgsFeature(memory.fields())
        feature.setGeometry(geometry)
        feature.setAttributes(attributes)
        out.append(feature)
    memory.dataProvider().addFeatures(out)

    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = name
    actions = QgsVectorFileWriter.ActionOnExistingFile
    options.actionOnExistingFile = actions.CreateOrOverwriteLayer if path.exists() else actions.CreateOrOverwriteFile
    result = QgsVectorFileWriter.writeAsVectorFormatV2(memory, str(path), QgsProject.instance().transformContext(),
                                                       options)
    assert result[0] == QgsVectorFileWriter.WriterError.NoError, result


def build_sample_geopackage(path: Path, commune_codes: list[str] | None = None) -> Path:
    """Write ``iris``, ``communes`` and ``territory`` layers of the MEL sample into ``path``.

    ``commune_codes`` keeps only those communes (and their IRIS), for small atlas tests.
    """
    from qgis.core import QgsField, QgsGeometry, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    filosofi = read_filosofi().set_index("code_iris")
    apl = read_apl().set_index("code_commune")

    communes_source = QgsVectorLayer(str(SAMPLE / "communes-mel-admin-express-2018.geojson"), "c", "ogr")
    commune_rows = []
    for feature in communes_source.getFeatures():
        code = str(feature["code"])
        if commune_codes and code not in commune_codes:
            continue
        value = apl["apl_mg"].get(code)
        commune_rows.append((QgsGeometry(feature.geometry()),
                             [code, str(feature["nom"]), None if pd.isna(value) else float(value)]))
    commune_fields = [QgsField("code_commune", QVariant.String), QgsField("nom_commune", QVariant.String),
                      QgsField("apl_mg", QVariant.Double)]
    _write_layer(commune_rows, commune_fields, "MultiPolygon", path, "communes", communes_source.crs())

    iris_source = QgsVectorLayer(str(SAMPLE / "contours-iris-mel.geojson"), "i", "ogr")
    code_field = "code_iris"
    iris_rows = []
    for feature in iris_source.getFeatures():
        code = str(feature[code_field])
        if commune_codes and code[:5] not in commune_codes:
            continue
        values = [None if code not in filosofi.index or pd.isna(filosofi.at[code, field_name])
                  else float(filosofi.at[code, field_name]) for field_name in FILOSOFI_FIELDS.values()]
        iris_rows.append((QgsGeometry(feature.geometry()), [code, code[:5], *values]))
    iris_fields = [QgsField("code_iris", QVariant.String), QgsField("code_commune", QVariant.String)]
    iris_fields += [QgsField(name, QVariant.Double) for name in FILOSOFI_FIELDS.values()]
    _write_layer(iris_rows, iris_fields, "MultiPolygon", path, "iris", iris_source.crs())

    outline = QgsGeometry.unaryUnion([geometry for geometry, _ in commune_rows])
    _write_layer([(outline, ["Métropole Européenne de Lille"])], [QgsField("nom", QVariant.String)],
                 "MultiPolygon", path, "territory", communes_source.crs())
    return path


def apl_references(commune_codes: list[str]) -> dict[str, float]:
    """Return the population-weighted APL of the territory and of the Nord (DREES's method)."""
    apl = read_apl()
    apl = apl.dropna(subset=["apl_mg", "population"])

    def weighted(frame: pd.DataFrame) -> float:
        return float((frame["apl_mg"] * frame["population"]).sum() / frame["population"].sum())

    return {"territoire": weighted(apl[apl["code_commune"].isin(commune_codes)]), "departement": weighted(apl)}


def reference_frame(commune_codes: list[str]) -> pd.DataFrame:
    """Return reference values in the pipeline's long format (indicator, level, code, value)."""
    codes = {"territoire": "", "departement": "59", "region": "32", "france": "FR"}
    rows = []
    for level, value in apl_references(commune_codes).items():
        rows.append({"indicator": "apl_mg", "level": level, "code": codes[level], "value": value})
    for indicator_id, values in ILLUSTRATIVE_REFERENCES.items():
        for level, value in values.items():
            rows.append({"indicator": indicator_id, "level": level, "code": codes[level], "value": value})
    return pd.DataFrame(rows)


def sample_indicators() -> list:
    """Return the catalogue's entries for the indicators the sample carries."""
    from territorial_health_plugin.core.catalogue import load_catalogue

    catalogue = load_catalogue()
    return [catalogue.by_id(indicator_id) for indicator_id in INDICATOR_IDS]


def load_layers(path: Path) -> dict:
    """Open the GeoPackage's layers as QgsVectorLayer objects, keyed as ReportContext expects."""
    from qgis.core import QgsVectorLayer

    layers = {}
    for name in ("iris", "communes", "territory"):
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        assert layer.isValid(), name
        layers[name] = layer
    return layers


def sample_territory(layers: dict) -> SimpleNamespace:
    """Return a Territory-like object for the MEL sample (name, type, communes, population)."""
    communes = pd.DataFrame(
        [(f["code_commune"], f["nom_commune"]) for f in layers["communes"].getFeatures()],
        columns=["code_commune", "nom_commune"],
    )
    apl = read_apl().set_index("code_commune")
    population = int(apl["population"].reindex(communes["code_commune"]).sum())
    return SimpleNamespace(name="Métropole Européenne de Lille", type_label="Intercommunalité (EPCI)",
                           communes=communes, population=population, departements=["59"], regions=["32"],
                           crs="EPSG:2154", code="200093201")
