"""The fast paths of the join: keys read without geometries, codes checked, merge by hash index (core.joins)."""

from __future__ import annotations

import pandas as pd
import pytest
from qgis.core import QgsVectorLayer

from territorial_health_plugin.core import gpkg_fast, joins


def communes_gpkg(path, fid_name="fid"):
    """Write 3 communes with an integer code, upper-case field names, an unrelated field and a NULL name."""
    from osgeo import ogr, osr

    reference = osr.SpatialReference()
    reference.ImportFromEPSG(2154)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = dataset.CreateLayer("communes", reference, ogr.wkbPolygon, [f"FID={fid_name}"])
    layer.CreateField(ogr.FieldDefn("POPULATION", ogr.OFTInteger))
    layer.CreateField(ogr.FieldDefn("INSEE_COM", ogr.OFTInteger))
    layer.CreateField(ogr.FieldDefn("NOM_COM", ogr.OFTString))
    for index, (code, name) in enumerate(((59350, "Lille"), (1001, "L'Abergement-Clémenciat"), (59009, ""))):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("POPULATION", 1000 + index)
        feature.SetField("INSEE_COM", code)
        if name:
            feature.SetField("NOM_COM", name)
        x = 700000 + index * 100
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POLYGON(({x} 7000000,{x + 90} 7000000,{x} 7000090,"
                                                      f"{x} 7000000))"))
        layer.CreateFeature(feature)
    dataset = None
    return path


@pytest.mark.parametrize("fid_name", ["fid", "ogc_fid"])
def test_gpkg_keys_match_qgis_reader(qgis_app, tmp_path, fid_name):
    """The keys read without geometries are the codes, names and feature ids that QGIS reads, padded codes included."""
    path = communes_gpkg(tmp_path / "communes.gpkg", fid_name)
    layer = QgsVectorLayer(f"{path}|layername=communes", "communes", "ogr")

    staged = joins.read_geometry_keys(layer, "code_commune")
    in_memory = joins.read_geometries(layer, "code_commune")

    assert isinstance(staged.geometries, gpkg_fast.StagedGeometries)
    assert list(staged.frame["code_commune"]) == list(in_memory.frame["code_commune"])
    assert list(staged.frame["name"])[:2] == list(in_memory.frame["name"])[:2]
    assert list(staged.frame["code_commune"]) == ["59350", "01001", "59009"]
    assert list(staged.frame["name"]) == ["Lille", "L'Abergement-Clémenciat", ""], "a NULL name is empty"
    assert staged.geometries.fids == {f"{feature['INSEE_COM']:05d}": feature.id() for feature in layer.getFeatures()}


def test_gpkg_columns_only_wanted(qgis_app, tmp_path):
    """Only the fields that may hold codes or names are read."""
    path = communes_gpkg(tmp_path / "communes.gpkg")

    fids, columns = joins._read_columns(str(path), "communes", {"insee_com", "nom_com"})

    assert fids.tolist() == [1, 2, 3]
    assert columns == {"INSEE_COM": [59350, 1001, 59009], "NOM_COM": ["Lille", "L'Abergement-Clémenciat", None]}


def test_codes_check_rejects_non_text(qgis_app):
    """A value that is not text, even after 50 good codes, sends the codes to the repair path."""
    codes = pd.Series([f"59{n:03d}" for n in range(60)] + [59350], dtype=object)

    normalised, cleaning = joins.normalise_codes(codes, "code_commune")

    assert normalised.iloc[-1] == "59350"
    assert all(isinstance(code, str) for code in normalised)
    assert cleaning.rejected == []


@pytest.mark.parametrize("case", ["all matched", "some unmatched", "no data", "shared column", "integer keys"])
def test_join_frames_same_as_merge(qgis_app, case):
    """The merge by hash index gives the frame and counts of a pandas left merge."""
    geometry = pd.DataFrame({"code_commune": ["59350", "01001", "59009", "2A004"],
                             "name": ["Lille", "L'Abergement", "Villeneuve", "Ajaccio"]})
    data = pd.DataFrame({"code_commune": ["2A004", "59350", "01001", "59009", "75056"],
                         "apl": [1.5, None, 3.0, 4.0, 9.0], "effectif": [10, 20, 30, 40, 50],
                         "petit": [True, False, True, False, True], "source": ["a", None, "c", "d", "e"]})
    if case == "some unmatched":
        data = data.iloc[[1, 4]]
    elif case == "no data":
        data = data.iloc[:0]
    elif case == "shared column":
        data = data.assign(name="from the table")
    elif case == "integer keys":
        geometry = geometry.assign(code_commune=[59350, 1001, 59009, 20004])
        data = data.assign(code_commune=[20004, 59350, 1001, 59009, 75056])

    merged, report = joins.join_frames("apl", geometry, data, "code_commune")
    expected = geometry.merge(data, on="code_commune", how="left", indicator=True)

    pd.testing.assert_frame_equal(merged, expected.drop(columns="_merge"))
    assert report.matched == int((expected["_merge"] == "both").sum())
