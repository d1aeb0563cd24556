"""Styles: classification with ties and constants, NULL class, French legends, rendering."""

from __future__ import annotations

import pandas as pd
import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry

from territorial_health_plugin.core import geopackage, styling

NBSP = "\u202f"


def test_french_number_format():
    assert styling.format_number(21430, 0, "€") == f"21{NBSP}430{NBSP}€"
    assert styling.format_number(12.5, 1, "%") == f"12,5{NBSP}%"
    assert styling.format_number(1234567.891, 2) == f"1{NBSP}234{NBSP}567,89"


def test_ties_reduce_classes_with_note():
    # Rates, not counts: whole numbers with five values or fewer get one class per value.
    classification = styling.classify([0, 0, 0, 0, 0, 0, 5.5, 7.5, 9.5, 40.5], "quantile", 5)
    uppers = [upper for _, upper in classification.bounds]

    assert len(classification.bounds) == 3
    assert len(set(uppers)) == len(uppers)
    assert classification.notes


@pytest.mark.parametrize("method", sorted(styling.CLASSIFICATION_METHODS))
@pytest.mark.parametrize(("values", "label"), [([0.0] * 10, "0"), ([3.2] * 10, "3,2")])
def test_constant_values_one_class(method, values, label):
    classification = styling.classify(values, method, 5)

    assert len(classification.bounds) == 1
    lower, upper = classification.bounds[0]
    assert styling.class_label(lower, upper, 1, "", classification.constant) == label


def test_no_value_gives_no_class():
    classification = styling.classify([None, float("nan")], "jenks", 5)

    assert classification.bounds == []
    assert classification.notes


def test_darker_is_worse():
    worse_high = styling.ramp_colours(5, higher_is_worse=True)
    better_high = styling.ramp_colours(5, higher_is_worse=False)

    assert worse_high[-1].lightness() < worse_high[0].lightness()
    assert better_high[0].lightness() < better_high[-1].lightness()


@pytest.fixture
def styled_layer(qgis_app, tmp_path):
    """A GeoPackage layer of 10 squares, two of them with a NULL value."""
    codes = [f"59{n:03d}" for n in range(1, 11)]
    values = [1.0, 2.0, 3.0, None, 5.0, 6.0, 7.0, None, 9.0, 10.0]
    geometries = {code: QgsGeometry.fromWkt(f"POLYGON(({i} 0,{i + 1} 0,{i + 1} 1,{i} 1,{i} 0))")
                  for i, code in enumerate(codes)}
    path = tmp_path / "styled.gpkg"
    frame = pd.DataFrame({"code_commune": codes, "taux": values})
    crs = QgsCoordinateReferenceSystem("EPSG:2154")
    geopackage.write_geopackage(path, [geopackage.LayerSpec("communes", frame, "code_commune", geometries, crs)], crs)
    return geopackage.open_layer(path, "communes")


def test_null_class_separate(styled_layer):
    renderer, classification = styling.choropleth_renderer(styled_layer, "taux", 1, "%")
    rules = renderer.rootRule().children()
    labels = [rule.label() for rule in rules]

    assert labels[-1] == styling.NULL_LABEL
    assert rules[-1].filterExpression() == '"taux" IS NULL'
    assert classification.bounds[0][0] == 1.0
    assert classification.bounds[-1][1] == 10.0
    assert all("%" in label for label in labels[:-1])


def test_layer_renders_not_blank(styled_layer, tmp_path):
    from qgis.core import QgsMapRendererParallelJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    renderer, _ = styling.choropleth_renderer(styled_layer, "taux", 1, "%")
    styled_layer.setRenderer(renderer)
    settings = QgsMapSettings()
    settings.setLayers([styled_layer])
    settings.setDestinationCrs(styled_layer.crs())
    settings.setExtent(styled_layer.extent())
    settings.setOutputSize(QSize(200, 40))
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(str(tmp_path / "render.png"))

    colours = {image.pixelColor(x, 20).name() for x in range(0, 200, 4)}
    assert len(colours) >= 4, colours
    assert styling.NULL_COLOUR in colours


def test_counts_get_whole_number_classes(qgis_app):
    """Counts of establishments: whole-number breaks and labels, no "0 – 0" class."""
    from qgis.core import QgsFeature, QgsField, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    values = [0, 0, 0, 0, 0, 1, 1, 2, 3, 7]
    layer = QgsVectorLayer("Polygon?crs=EPSG:2154", "counts", "memory")
    layer.dataProvider().addAttributes([QgsField("nb_pharmacies", QVariant.Double)])
    layer.updateFields()
    features = []
    for value in values:
        feature = QgsFeature(layer.fields())
        feature["nb_pharmacies"] = float(value)
        features.append(feature)
    layer.dataProvider().addFeatures(features)

    renderer, classification = styling.choropleth_renderer(layer, "nb_pharmacies", decimals=1)
    labels = [rule.label() for rule in renderer.rootRule().children()][:-1]

    assert classification.integers is True
    assert all(float(lower).is_integer() and float(upper).is_integer() for lower, upper in classification.bounds)
    assert labels[0].startswith("0")
    assert "0 – 0" not in labels
    assert not [label for label in labels if "," in label]


def test_few_counts_get_one_class_each(qgis_app):
    """Communes with 0 or 1 hospital: two classes « 0 » and « 1 », not one class « 0 – 1 »."""
    from qgis.core import QgsExpression, QgsExpressionContext, QgsFeature, QgsField, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    layer = QgsVectorLayer("Polygon?crs=EPSG:2154", "counts", "memory")
    layer.dataProvider().addAttributes([QgsField("nb_hopitaux", QVariant.Double)])
    layer.updateFields()
    features = []
    for value in (0, 0, 0, 1, 0, 1):
        feature = QgsFeature(layer.fields())
        feature["nb_hopitaux"] = float(value)
        features.append(feature)
    layer.dataProvider().addFeatures(features)

    renderer, classification = styling.choropleth_renderer(layer, "nb_hopitaux", decimals=1)
    rules = renderer.rootRule().children()

    assert classification.distinct is True
    assert [rule.label() for rule in rules] == ["0", "1"]
    context = QgsExpressionContext()
    for feature in layer.getFeatures():
        context.setFeature(feature)
        matching = [rule.label() for rule in rules if QgsExpression(rule.filterExpression()).evaluate(context)]
        assert matching == [str(int(feature["nb_hopitaux"]))]


def test_no_null_class_without_missing_values(qgis_app):
    from qgis.core import QgsFeature, QgsField, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    layer = QgsVectorLayer("Polygon?crs=EPSG:2154", "population", "memory")
    layer.dataProvider().addAttributes([QgsField("pop_totale", QVariant.Double)])
    layer.updateFields()
    features = []
    for value in (120.0, 450.0, 980.0, 2300.0, 5100.0):
        feature = QgsFeature(layer.fields())
        feature["pop_totale"] = value
        features.append(feature)
    layer.dataProvider().addFeatures(features)

    renderer, _ = styling.choropleth_renderer(layer, "pop_totale", decimals=0)
    labels = [rule.label() for rule in renderer.rootRule().children()]

    assert styling.NULL_LABEL not in labels
    assert labels
