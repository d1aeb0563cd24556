"""Page templates of the report: loading, item ids, placement on pages, text fitting."""

from __future__ import annotations

import logging

import pytest

from territorial_health_plugin.core.report import templates

EXPECTED_IDS = {
    templates.COVER: {"kicker", "territory_name", "territory_type", "location_map", "location_caption", "facts",
                      "date", "producers"},
    templates.SUMMARY: {"section", "page_title", "intro", "key_figures", "findings_title", "findings", "table_note",
                        "footer", "page_number"},
    templates.INDICATOR: {"section", "page_title", "map", "north_arrow", "legend", "scale_bar", "source", "narrative",
                          "chart_title", "chart", "footer", "page_number"},
    templates.CHART: {"section", "page_title", "narrative", "chart_title", "chart", "source", "footer",
                      "page_number"},
    templates.METHODS: {"section", "page_title", "coverage", "sources_table", "footer", "page_number"},
    templates.ATLAS: {"section", "page_title", "map", "north_arrow", "scale_bar", "legend", "figures_title",
                      "figures", "source", "footer", "page_number"},
}


@pytest.fixture
def layout(qgis_app):
    from qgis.core import QgsPrintLayout, QgsProject

    project = QgsProject()
    layout = QgsPrintLayout(project)
    yield layout
    del layout, project


@pytest.mark.parametrize("name", sorted(EXPECTED_IDS))
def test_template_has_expected_items(layout, name):
    page = templates.place_template(layout, name, 0)
    assert EXPECTED_IDS[name] <= set(page.items), EXPECTED_IDS[name] - set(page.items)


def test_template_items_placed_on_page(layout):
    from qgis.core import QgsLayoutItemPage

    first = templates.place_template(layout, templates.INDICATOR)
    second = templates.place_template(layout, templates.INDICATOR)
    assert (first.page_index, second.page_index) == (0, 1)
    assert layout.pageCollection().pageCount() == 2
    page = layout.pageCollection().page(1)
    assert page.pageSize().width() == pytest.approx(210)
    assert page.orientation() == QgsLayoutItemPage.Orientation.Portrait
    for item_id in ("map", "legend", "narrative"):
        one, two = first.get(item_id), second.get(item_id)
        assert two.page() == 1
        assert two.pagePos().y() == pytest.approx(one.pagePos().y())
        assert two.pos().y() > one.pos().y() + 290


def test_template_table_frame_found(layout):
    from qgis.core import QgsLayoutFrame, QgsLayoutItemManualTable

    page = templates.place_template(layout, templates.SUMMARY)
    assert isinstance(page.get("key_figures"), QgsLayoutItemManualTable)
    assert isinstance(page.frame("key_figures"), QgsLayoutFrame)


def test_missing_template_french_error(monkeypatch, tmp_path, french_translator):
    from territorial_health_plugin.toolbelt.errors import DataFormatError

    monkeypatch.setattr(templates, "template_path", lambda name: tmp_path / name)
    with pytest.raises(DataFormatError) as caught:
        templates.read_template(templates.COVER)
    assert "introuvable" in caught.value.message
    assert "diagnostic_cover.qpt" in caught.value.message


def test_broken_template_french_error(monkeypatch, tmp_path, french_translator):
    from territorial_health_plugin.toolbelt.errors import DataFormatError

    (tmp_path / templates.COVER).write_text("<Layout><unclosed></Layout>", encoding="utf-8")
    monkeypatch.setattr(templates, "template_path", lambda name: tmp_path / name)
    with pytest.raises(DataFormatError) as caught:
        templates.read_template(templates.COVER)
    assert "n'est pas un XML valide" in caught.value.message


def test_user_edited_template_without_item(monkeypatch, tmp_path, layout):
    """A template a user saved without the chart keeps working: the chart is left out."""
    source = templates.template_path(templates.INDICATOR).read_text(encoding="utf-8")
    start = source.rfind("<LayoutItem ", 0, source.index('id="chart"'))
    end = source.index("</LayoutItem>", start) + len("</LayoutItem>")
    (tmp_path / templates.INDICATOR).write_text(source[:start] + source[end:], encoding="utf-8")
    monkeypatch.setattr(templates, "template_path", lambda name: tmp_path / name)
    page = templates.place_template(layout, templates.INDICATOR)
    assert page.get("chart") is None
    assert page.get("map") is not None


def item_ids(template: str) -> set[str]:
    """Return the ids of a template's items, without the generated {uuid} ids of newer QGIS."""
    ids = {part.split('"')[0] for part in template.split(' id="')[1:]}
    return {item for item in ids if not (item.startswith("{") and item.endswith("}"))}


def test_default_templates_regenerate(qgis_app, tmp_path):
    from territorial_health_plugin.core.report.default_templates import write_templates

    written = write_templates(tmp_path)
    assert sorted(path.name for path in written) == sorted(EXPECTED_IDS)
    for path in written:
        shipped = templates.template_path(path.name).read_text(encoding="utf-8")
        ids_shipped = item_ids(shipped)
        ids_written = item_ids(path.read_text(encoding="utf-8"))
        assert ids_written == ids_shipped, path.name


def test_shrink_to_fit_long_text(layout):
    from territorial_health_plugin.core.report.fitting import label_font, label_overflow_mm, shrink_to_fit

    page = templates.place_template(layout, templates.INDICATOR)
    label = page.get("narrative")
    label.setText(" ".join(["Le taux de pauvreté du territoire est supérieur à celui de la France."] * 16))
    size_before = label_font(label).pointSizeF()
    assert label_overflow_mm(label) > 0
    assert shrink_to_fit(label)
    assert label_overflow_mm(label) <= 0
    assert label_font(label).pointSizeF() < size_before


def test_shrink_to_fit_gives_up_with_warning(layout, caplog):
    from territorial_health_plugin.core.report.fitting import MIN_POINT_SIZE, label_font, shrink_to_fit

    page = templates.place_template(layout, templates.INDICATOR)
    label = page.get("page_title")
    label.setText("Titre " * 200)
    with caplog.at_level(logging.WARNING, logger="territorial_health_plugin"):
        assert not shrink_to_fit(label)
    assert label_font(label).pointSizeF() >= MIN_POINT_SIZE
    assert any("overflows" in record.getMessage() for record in caplog.records)


def test_set_text_cuts_what_cannot_shrink(layout):
    from territorial_health_plugin.core.report.fitting import label_overflow_mm
    from territorial_health_plugin.core.report.layout import set_text

    page = templates.place_template(layout, templates.METHODS)
    lines = [f"Jointure « table {number} » : 99,5 % des unités appariées ; non appariées : 59350, 59009"
             for number in range(80)]

    label = set_text(page, "coverage", "\n".join(lines))

    assert label_overflow_mm(label) <= 0
    kept = label.currentText().split("\n")
    assert kept[-1] == "(suite dans run_report.json)"
    assert 1 < len(kept) < len(lines)
    assert kept[:-1] == lines[:len(kept) - 1]


def test_wrap_text_breaks_long_labels(qgis_app):
    from qgis.PyQt.QtGui import QFont

    from territorial_health_plugin.core.report.fitting import text_width_mm
    from territorial_health_plugin.core.report.maps import WRAP, wrap_text

    font = QFont("Lato")
    font.setPointSizeF(7.5)
    wrapped = wrap_text("Donnée non disponible (secret statistique)", font, 35)
    assert wrapped.count(WRAP) >= 1
    assert all(text_width_mm(line, font) <= 35 for line in wrapped.split(WRAP))
    assert wrap_text("5,5 % – 14,7 %", font, 35) == "5,5 % – 14,7 %"


@pytest.mark.parametrize(("width", "height"), [(128, 124), (186, 150), (50, 120)])
def test_fit_ratio_keeps_extent(qgis_app, width, height):
    from qgis.core import QgsRectangle

    from territorial_health_plugin.core.report.maps import fit_ratio

    extent = QgsRectangle(685037, 7044724, 719214, 7077543)
    fitted = fit_ratio(extent, width, height)
    assert fitted.contains(extent)
    assert fitted.width() / fitted.height() == pytest.approx(width / height)
    assert fitted.center().x() == pytest.approx(extent.center().x())


@pytest.mark.parametrize(("additive", "line_drawn"), [(True, False), (False, True)])
def test_chart_reference_line_only_for_rates(layout, tmp_path, french_translator, additive, line_drawn):
    """A count's territory value is a sum: it is not drawn among the values of its IRIS."""
    from types import SimpleNamespace

    from qgis.core import QgsFeature, QgsField, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    from territorial_health_plugin.core.report.context import ReferenceValue
    from territorial_health_plugin.core.report.layout import _fill_chart

    layer = QgsVectorLayer("Polygon?crs=EPSG:2154", "iris", "memory")
    layer.dataProvider().addAttributes([QgsField("code_iris", QVariant.String), QgsField("value", QVariant.Double)])
    layer.updateFields()
    features = []
    for number, value in enumerate((3.0, 8.0, 12.0, 20.0)):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([f"59350{number:04d}", value])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    indicator = SimpleNamespace(id="value", label="Valeur", unit="%" if not additive else "nombre", decimals=1,
                                additive=additive, polarity="higher_is_worse")
    page = templates.place_template(layout, templates.INDICATOR)

    _fill_chart(page, None, indicator, layer, "iris", {"territoire": ReferenceValue("territoire", "", 43.0)},
                tmp_path)

    svg = (tmp_path / "chart_value.svg").read_text(encoding="utf-8")
    assert ("Territoire" in svg) is line_drawn
    assert page.get("chart").picturePath().endswith("chart_value.png")
