"""The dock panel with the real pipeline: the embedded sample, and online sources on 127.0.0.1."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from qgis.core import QgsCoordinateTransform, QgsLayerTreeGroup, QgsProject, QgsRectangle, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QTimer

from territorial_health_plugin.core import endpoints
from territorial_health_plugin.gui.dock import DiagnosticDock
from territorial_health_plugin.gui.project_loader import OUTPUT_PROPERTY
from territorial_health_plugin.gui.report_step import pending_disposals
from territorial_health_plugin.toolbelt.i18n import tr
from territorial_health_plugin.toolbelt.settings import SettingsManager
from tests.mock_http import MockResponse, MockServer


@pytest.fixture(autouse=True)
def clean_settings(qgis_app, tmp_path):
    """Default settings, with the download cache in the test's folder."""
    QgsSettings().remove("territorial_health")
    settings = SettingsManager.load()
    settings.cache_dir = str(tmp_path / "cache")
    SettingsManager.save(settings)
    yield
    QgsSettings().remove("territorial_health")


@pytest.fixture
def dock(qgis_iface, qgis_new_project, french_translator):
    panel = DiagnosticDock(qgis_iface)
    yield panel
    panel.shutdown()
    panel.deleteLater()
    qgis_iface.messageBar().clearWidgets()


@pytest.fixture
def slow_sources(tmp_path, monkeypatch):
    """Point every endpoint at a local server whose responses take 20 s each."""
    with MockServer() as server:
        overrides = {}
        for source_id in endpoints.load_endpoints():
            path = "/" + source_id.replace(".", "/")
            server.add(path, MockResponse(body=b"late", delay_s=20))
            overrides[source_id] = {"url": server.url(path)}
        override = tmp_path / "sources.json"
        override.write_text(json.dumps(overrides), encoding="utf-8")
        monkeypatch.setenv(endpoints.OVERRIDE_ENV, str(override))
        endpoints.clear_cache()
        yield server
    endpoints.clear_cache()


@pytest.fixture
def failing_sources(tmp_path, monkeypatch):
    """Point every endpoint at a local server that returns 404, as when a producer moves its files."""
    with MockServer() as server:
        overrides = {}
        for source_id in endpoints.load_endpoints():
            path = "/" + source_id.replace(".", "/")
            server.add(path, MockResponse(status=404, body=b"<html>Page introuvable</html>", content_type="text/html"))
            overrides[source_id] = {"url": server.url(path)}
        override = tmp_path / "sources.json"
        override.write_text(json.dumps(overrides), encoding="utf-8")
        monkeypatch.setenv(endpoints.OVERRIDE_ENV, str(override))
        endpoints.clear_cache()
        yield server
    endpoints.clear_cache()


def wait_for(predicate, timeout: float = 120.0) -> None:
    """Process events until ``predicate()`` is true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting for the panel"
        QCoreApplication.processEvents()
        time.sleep(0.005)


def prepare(dock: DiagnosticDock, spec: str, output: Path, mode: str) -> None:
    dock.territory.search_edit.setText(spec)
    dock.territory.run_search()
    dock.output_widget.setFilePath(str(output))
    dock.content.mode_combo.setCurrentIndex(dock.content.mode_combo.findData(mode))
    # The PDF step takes about a minute here, so only test_sample_run_with_pdf_and_layout runs it.
    dock.content.pdf_check.setChecked(False)


def diagnostic_groups(project: QgsProject) -> list[QgsLayerTreeGroup]:
    return [group for group in project.layerTreeRoot().findGroups(True) if group.customProperty(OUTPUT_PROPERTY)]


def test_sample_run_adds_theme_groups(dock, tmp_path):
    prepare(dock, "epci:200093201", tmp_path / "out", "sample")

    dock.run()
    wait_for(lambda: not dock.is_running())

    assert (tmp_path / "out" / "diagnostic.gpkg").exists()
    groups = diagnostic_groups(QgsProject.instance())
    assert len(groups) == 1
    themes = [child.name() for child in groups[0].children() if isinstance(child, QgsLayerTreeGroup)]
    assert "Offre de soins et de prévention" in themes
    assert "Déterminants sociaux de santé" in themes
    assert "Populations vulnérables" in themes
    layers = [node.layer() for node in groups[0].findLayers()]
    assert len(layers) > 10
    assert all(layer.isValid() and "diagnostic.gpkg" in layer.source() for layer in layers)
    assert all(layer.renderer().type() != "singleSymbol" for layer in layers if "layername=iris" in layer.source())


def test_sample_run_zooms_to_territory(dock, tmp_path, qgis_iface):
    # The panel zooms only into a project without layers, as QGIS does for a first layer.
    QgsProject.instance().removeAllMapLayers()
    qgis_iface.mapCanvas().setExtent(QgsRectangle(0, 6_000_000, 1_000_000, 7_200_000))
    prepare(dock, "commune:59350", tmp_path / "out", "sample")

    dock.run()
    wait_for(lambda: not dock.is_running())

    canvas = qgis_iface.mapCanvas()
    territory = next(layer for layer in dock.loaded.layers if "layername=territory" in layer.source())

    def territory_extent():
        return QgsCoordinateTransform(territory.crs(), canvas.mapSettings().destinationCrs(),
                                      QgsProject.instance()).transformBoundingBox(territory.extent())

    def shows_territory() -> bool:
        extent, shown = territory_extent(), canvas.extent()
        # Lille, not the whole Nord whose outline is loaded too.
        return (shown.contains(extent.center()) and shown.width() < 3 * extent.width()
                and shown.height() < 3 * extent.height())

    # The panel zooms once the event loop has run QGIS's own zoom to the first layer.
    wait_for(shows_territory, timeout=5)


def test_sample_run_twice_no_duplicates(dock, tmp_path):
    prepare(dock, "commune:59350", tmp_path / "out", "sample")
    dock.run()
    wait_for(lambda: not dock.is_running())
    first_count = len(QgsProject.instance().mapLayers())

    dock.run()
    wait_for(lambda: not dock.is_running())

    assert len(diagnostic_groups(QgsProject.instance())) == 1
    assert len(QgsProject.instance().mapLayers()) == first_count


def test_sample_summary_shows_joins(dock, tmp_path):
    prepare(dock, "commune:59350", tmp_path / "out", "sample")

    dock.run()
    wait_for(lambda: not dock.is_running())

    texts = dock.summary.section_texts()
    assert any(text.startswith("Couverture des jointures (") and not text.endswith("(0)") for text in texts)
    assert any("% joints" in text for text in texts)
    assert any(text.startswith("Données récupérées (") and not text.endswith("(0)") for text in texts)


def test_cancel_during_slow_download(dock, tmp_path, slow_sources, qgis_iface):
    prepare(dock, "commune:59350", tmp_path / "out", "online")

    dock.run()
    wait_for(lambda: slow_sources.paths(), timeout=30)
    clicked_at = time.monotonic()
    dock.cancel_button.click()
    wait_for(lambda: not dock.is_running(), timeout=10)

    assert time.monotonic() - clicked_at < 2.0
    assert "annulé" in dock.status_label.text()
    assert diagnostic_groups(QgsProject.instance()) == []
    assert not (tmp_path / "out" / "diagnostic.gpkg").exists()
    assert [path.name for path in (tmp_path / "out").glob(".diagnostic-*")] == []


def test_unreachable_sources_show_error(dock, tmp_path, failing_sources, qgis_iface):
    prepare(dock, "commune:59350", tmp_path / "out", "online")

    dock.run()
    wait_for(lambda: not dock.is_running(), timeout=120)

    assert failing_sources.paths()
    assert dock.status_label.text()
    assert diagnostic_groups(QgsProject.instance()) == []
    items = qgis_iface.messageBar().items()
    assert any(dock.status_label.text() in item.text() for item in items)
    assert not (tmp_path / "out" / "diagnostic.gpkg").exists()


def test_sample_run_with_pdf_and_layout(dock, tmp_path):
    prepare(dock, "commune:59350", tmp_path / "out", "sample")
    dock.content.pdf_check.setChecked(True)

    dock.run()
    wait_for(lambda: not dock.is_running(), timeout=300)

    assert (tmp_path / "out" / "diagnostic.pdf").stat().st_size > 10_000
    assert dock.loaded.layouts
    assert dock.layout_button.isEnabled()
    names = [layout.name() for layout in QgsProject.instance().layoutManager().printLayouts()]
    assert "Diagnostic territorial de santé" in names


def test_main_loop_responsive_during_sample_run(dock, tmp_path):
    prepare(dock, "epci:200093201", tmp_path / "out", "sample")
    timer, ticks = record_gaps(dock)

    task = dock.run()
    finished: list[float] = []
    task.diagnosticFinished.connect(lambda result: finished.append(time.monotonic()))
    timer.start()
    wait_for(lambda: finished)
    timer.stop()
    wait_for(lambda: not dock.is_running())

    assert len(ticks) > 20
    worst = longest_gaps(ticks)
    print("longest task gaps", worst)
    # The task reads diagnostic.qgz, so adding the layers on the main thread only moves them.
    assert worst[0][0] < TASK_MAX_GAP_S, worst


# Longest time the main thread may go without running its event loop during a run. The goal
# is 0.2 s, and the longest gaps measured on the 2-core test machine otherwise idle are 0.12 to
# 0.17 s (a page of the layout built, exported or copied into the project). NOTE: when other jobs
# share the machine, the scheduler alone adds up to 0.1 s to a gap (seen while a benchmark ran),
# so the test allows 0.25 s to stay stable; docs/benchmarks.md records the measured gaps.
REPORT_PAGE_MAX_GAP_S = 0.25
RUN_MAX_GAP_S = 0.25
# Longest gap while the task computes. NOTE: in QGIS itself (scripts/panel_screenshots.py) the
# longest gap was 0.05 to 0.19 s over ten runs. In this test process it is 0.1 to 0.3 s, during
# the first run's computation of the indicators. Turning Python's garbage collector off
# shortened it by about 0.05 s only, and no single call of the task was found to hold the main
# thread, so the test allows 0.5 s there.
TASK_MAX_GAP_S = 0.5


def record_gaps(dock: DiagnosticDock, interval_ms: int = 20):
    """Start a timer that records when the main loop runs, with the panel's step text."""
    ticks: list[tuple[float, str]] = []
    timer = QTimer()
    timer.setInterval(interval_ms)
    timer.timeout.connect(lambda: ticks.append((time.monotonic(), dock.step_label.text())))
    return timer, ticks


def longest_gaps(ticks: list[tuple[float, str]], steps=None, count: int = 5) -> list[tuple[float, str]]:
    """Return the ``count`` longest gaps between ticks, each with the step shown after it.

    With ``steps``, only the gaps that start and end within those steps count.
    """
    gaps = [(round(later[0] - earlier[0], 3), later[1]) for earlier, later in zip(ticks, ticks[1:])
            if steps is None or (earlier[1] in steps and later[1] in steps)]
    return sorted(gaps, reverse=True)[:count] or [(0.0, "")]


def test_main_loop_responsive_during_run_with_report(dock, tmp_path):
    prepare(dock, "epci:200093201", tmp_path / "out", "sample")
    dock.content.pdf_check.setChecked(True)
    dock.content.atlas_check.setChecked(True)
    timer, ticks = record_gaps(dock)

    dock.run()
    timer.start()
    wait_for(lambda: not dock.is_running(), timeout=600)
    # The report's own project is emptied afterwards, a page per turn of the event loop.
    wait_for(lambda: pending_disposals() == 0, timeout=30)
    # One more tick, so that the gap of the last step is measured too.
    ended = time.monotonic()
    wait_for(lambda: ticks[-1][0] > ended, timeout=10)
    timer.stop()

    assert (tmp_path / "out" / "diagnostic.pdf").stat().st_size > 10_000
    assert (tmp_path / "out" / "atlas.pdf").stat().st_size > 10_000
    assert len(ticks) > 100
    page_steps = {tr("Composing the diagnostic layout"), tr("Exporting diagnostic.pdf"),
                  tr("Composing the atlas of the communes"), tr("Exporting atlas.pdf")}
    assert len([tick for tick in ticks if tick[1] in page_steps]) > 50
    worst_page = longest_gaps(ticks, page_steps)
    # Printed for docs/benchmarks.md (pytest -s).
    print("longest page gaps", worst_page, "longest gaps", longest_gaps(ticks))
    assert worst_page[0][0] < REPORT_PAGE_MAX_GAP_S, worst_page
    # Every step on the main thread after the task: the report, saving, adding, emptying.
    main_steps = page_steps | {tr("Composing the PDF report…"), tr("Saving the layouts into the QGIS project"),
                               tr("Adding the layers and layouts to the project"), tr("Report written"),
                               tr("Done.")}
    worst_main = longest_gaps(ticks, main_steps)
    assert worst_main[0][0] < RUN_MAX_GAP_S, worst_main
    worst = longest_gaps(ticks)
    assert worst[0][0] < TASK_MAX_GAP_S, worst


def test_cancel_during_report_keeps_previous_pdf(dock, tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    previous = b"%PDF-1.4\n% the diagnostic of an earlier run\n"
    (output / "diagnostic.pdf").write_bytes(previous)
    prepare(dock, "epci:200093201", output, "sample")
    dock.content.pdf_check.setChecked(True)
    clicked: list[float] = []

    def cancel_once_exporting() -> None:
        # The report runs inside the main thread's event loop, so the click comes from a timer.
        exporting = dock.report_feedback is not None and dock.report_feedback.progress() > 35
        if exporting and not clicked:
            clicked.append(time.monotonic())
            dock.cancel_button.click()

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(cancel_once_exporting)
    dock.run()
    timer.start()
    wait_for(lambda: not dock.is_running(), timeout=600)
    stopped = time.monotonic()
    timer.stop()

    assert clicked, "the report step was never seen exporting"
    assert stopped - clicked[0] < 2.0
    assert "annulé" in dock.status_label.text()
    assert (output / "diagnostic.pdf").read_bytes() == previous
    assert not list(output.glob(".diagnostic-*.pdf"))
