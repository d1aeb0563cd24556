"""The layouts saved in diagnostic.qgz read back right: maps and legends of each indicator."""

from __future__ import annotations

import pytest
from qgis.core import QgsLayoutItemLegend, QgsProject

from territorial_health_plugin.core.pipeline import DiagnosticRequest, run_diagnostic
from territorial_health_plugin.core.project import INDICATOR_PROPERTY

INDICATORS = ("tx_pauvrete", "apl_mg", "part_0_14", "nb_pharmacies")


@pytest.fixture(scope="module")
def reopened(qgis_app, tmp_path_factory):
    """Run Lille on the sample with the PDF, then read diagnostic.qgz as QGIS would."""
    output = tmp_path_factory.mktemp("saved")
    request = DiagnosticRequest(territory="commune:59350", output_dir=output, source="sample",
                                indicators=INDICATORS, atlas=True)
    result = run_diagnostic(request)
    project = QgsProject()
    assert project.read(str(result.files["project"]))
    yield project
    project.clear()


def test_each_legend_shows_its_indicator_layer(reopened, french_translator):
    layout = reopened.layoutManager().layoutByName("Diagnostic territorial de santé")
    legends = [item for item in layout.items() if isinstance(item, QgsLayoutItemLegend)]
    assert legends

    shown = set()
    for legend in legends:
        node = legend.model().rootGroup().findLayers()[0]
        layer = node.layer()
        indicator = layer.customProperty(INDICATOR_PROPERTY)
        if indicator is None or not legend.title().startswith(layer.name().rsplit(" (", 1)[0]):
            continue
        # Read back without the map's style override, the legend draws the layer's own style:
        # one entry per rule of that indicator's choropleth.
        assert len(legend.model().layerLegendNodes(node)) == len(layer.renderer().rootRule().children())
        assert layer in legend.linkedMap().layers()
        shown.add(indicator)
    assert shown == set(INDICATORS)


def test_atlas_legend_shows_its_indicator_layer(reopened):
    layout = reopened.layoutManager().layoutByName("Atlas des communes")
    [legend] = [item for item in layout.items() if isinstance(item, QgsLayoutItemLegend)]
    node = legend.model().rootGroup().findLayers()[0]
    layer = node.layer()

    assert layer.customProperty(INDICATOR_PROPERTY) in INDICATORS
    assert legend.title().startswith(layer.name().rsplit(" (", 1)[0])
    assert len(legend.model().layerLegendNodes(node)) == len(layer.renderer().rootRule().children())
