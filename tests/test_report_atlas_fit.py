"""The atlas page of every commune keeps its key figures inside their frame.

Built from a whole run on the sample, so that the figures list every indicator that the
catalogue computes for a commune (about thirty lines, some wrapped).
"""

from __future__ import annotations

import pytest

MEL = "epci:200093201"


@pytest.fixture(scope="module")
def atlas_project(qgis_app, tmp_path_factory):
    from qgis.core import QgsProject

    from territorial_health_plugin.core.pipeline import DiagnosticRequest, run_diagnostic

    output = tmp_path_factory.mktemp("atlas_fit")
    result = run_diagnostic(DiagnosticRequest(territory=MEL, output_dir=output, source="sample", atlas=True))
    project = QgsProject()
    assert project.read(str(result.project))
    yield project
    project.clear()


def test_atlas_key_figures_fit_every_page(atlas_project):
    from qgis.core import QgsLayoutItemLabel

    from territorial_health_plugin.core.report.fitting import label_overflow_mm

    layout = atlas_project.layoutManager().layoutByName("Atlas des communes")
    assert layout is not None
    figures = next(item for item in layout.items() if isinstance(item, QgsLayoutItemLabel) and item.id() == "figures")
    atlas = layout.atlas()
    assert atlas.beginRender()
    overflowing = []
    for index in range(atlas.count()):
        atlas.seekTo(index)
        layout.refresh()
        if label_overflow_mm(figures) > 0:
            overflowing.append(atlas.currentFilename() or str(index))
    atlas.endRender()

    assert atlas.count() == 95
    assert overflowing == []


def test_atlas_missing_value_reads_nd_without_unit(atlas_project):
    from qgis.core import QgsLayoutItemLabel

    layout = atlas_project.layoutManager().layoutByName("Atlas des communes")
    figures = next(item for item in layout.items() if isinstance(item, QgsLayoutItemLabel) and item.id() == "figures")
    atlas = layout.atlas()
    assert atlas.beginRender()
    texts = []
    for index in range(atlas.count()):
        atlas.seekTo(index)
        layout.refresh()
        texts.append(figures.currentText())
    atlas.endRender()

    assert any("n.d." in text for text in texts)
    assert not [text for text in texts if "n.d. %" in text or "n.d. €" in text]
