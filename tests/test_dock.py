"""The dock panel, driven as a user would: search, select, run, cancel, errors, reruns."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from qgis.core import QgsLayoutItemMap, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication, Qt, QTimer
from qgis.PyQt.QtWidgets import QPushButton

from territorial_health_plugin.gui import territory_picker
from territorial_health_plugin.gui.dock import DiagnosticDock, format_bytes
from territorial_health_plugin.gui.project_loader import OUTPUT_PROPERTY
from territorial_health_plugin.toolbelt.resources import resource_path
from territorial_health_plugin.toolbelt.settings import SettingsManager
from tests.gui_fakes import FakePipeline, build_template


@pytest.fixture(scope="module")
def template(qgis_app, tmp_path_factory) -> Path:
    return build_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(autouse=True)
def clean_settings(qgis_app):
    """Start each test from default settings, so that remembered choices do not leak."""
    from qgis.core import QgsSettings

    QgsSettings().remove("territorial_health")
    yield
    QgsSettings().remove("territorial_health")


@pytest.fixture
def make_dock(qgis_iface, qgis_new_project, french_translator):
    docks = []

    def make(runner=None) -> DiagnosticDock:
        dock = DiagnosticDock(qgis_iface, runner=runner)
        docks.append(dock)
        return dock

    yield make
    for dock in docks:
        dock.shutdown()
        dock.deleteLater()
    qgis_iface.messageBar().clearWidgets()


def wait_for(predicate, timeout: float = 15.0) -> None:
    """Process events until ``predicate()`` is true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting for the panel"
        QCoreApplication.processEvents()
        time.sleep(0.005)


def choose(dock: DiagnosticDock, text: str, line: int = 0) -> None:
    """Type ``text`` in the search field and pick the completion line ``line``."""
    dock.territory.search_edit.setText(text)
    dock.territory.run_search()
    lines = dock.territory.completion_model.stringList()
    dock.territory.choose_match(lines[line])


def prepare_run(dock: DiagnosticDock, output: Path) -> None:
    choose(dock, "Métropole Européenne de Lille")
    dock.output_widget.setFilePath(str(output))
    dock.content.mode_combo.setCurrentIndex(dock.content.mode_combo.findData("sample"))
    dock.content.pdf_check.setChecked(False)


def group_names(project: QgsProject) -> list[str]:
    return [group.name() for group in project.layerTreeRoot().findGroups(True)]


def bar_texts(iface) -> list[str]:
    return [f"{item.title()} {item.text()}" for item in iface.messageBar().items()]


# -- territory -----------------------------------------------------------------------------


def test_search_completes_with_kind(make_dock):
    dock = make_dock()

    dock.territory.search_edit.setText("metropole europeenne de lil")
    dock.territory.run_search()

    lines = dock.territory.completion_model.stringList()
    assert lines
    assert "Métropole Européenne de Lille" in lines[0]
    assert "EPCI" in lines[0]


def test_search_by_code_finds_commune(make_dock):
    dock = make_dock()

    choose(dock, "59350")

    assert dock.territory.spec() == "commune:59350"
    assert "238" in dock.territory.search_status.text()


def test_search_without_match_says_so(make_dock):
    dock = make_dock()

    dock.territory.search_edit.setText("zzzqqq")
    dock.territory.run_search()

    assert dock.territory.completion_model.stringList() == []
    assert "zzzqqq" in dock.territory.search_status.text()


def test_typed_spec_is_accepted(make_dock):
    dock = make_dock()

    dock.territory.search_edit.setText("departement:59")
    dock.territory.run_search()

    assert dock.territory.spec() == "departement:59"


def test_pasted_codes_make_communes_spec(make_dock):
    dock = make_dock()
    dock.territory.set_mode(territory_picker.CODES)

    dock.territory.codes_edit.setPlainText("59350\n59009; 59512, 59350")

    assert dock.territory.spec() == "communes:59350,59009,59512"
    assert dock.territory.codes_status.text() == "3 communes"


def test_pasted_invalid_code_is_named(make_dock):
    dock = make_dock()
    dock.territory.set_mode(territory_picker.CODES)

    dock.territory.codes_edit.setPlainText("59350, 5935, 1001")

    status = dock.territory.codes_status.text()
    assert "« 5935 »" in status
    assert "« 1001 »" in status
    assert "01001" in status


def test_map_selection_detects_code_field(make_dock, qgis_iface):
    layer = QgsVectorLayer(str(resource_path("sample", "communes-mel-admin-express-2018.geojson")), "communes", "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    qgis_iface.setActiveLayer(layer)
    layer.selectByExpression("\"code\" IN ('59350', '59009')")
    dock = make_dock()
    dock.territory.set_mode(territory_picker.SELECTION)

    dock.territory.selection_button.click()

    assert dock.territory.spec() in ("communes:59350,59009", "communes:59009,59350")
    assert "code" in dock.territory.selection_status.text()


def test_map_selection_empty_explains(make_dock, qgis_iface):
    layer = QgsVectorLayer(str(resource_path("sample", "communes-mel-admin-express-2018.geojson")), "communes", "ogr")
    QgsProject.instance().addMapLayer(layer)
    qgis_iface.setActiveLayer(layer)
    dock = make_dock()
    dock.territory.set_mode(territory_picker.SELECTION)

    dock.territory.selection_button.click()

    assert dock.territory.current_spec() == ""
    assert "sélectionn" in dock.territory.selection_status.text()


# -- run ----------------------------------------------------------------------------------


def test_run_adds_layers_grouped_by_theme(make_dock, template, tmp_path):
    dock = make_dock(FakePipeline(template, steps=3, step_seconds=0.02))
    prepare_run(dock, tmp_path / "out")

    assert dock.run() is not None
    wait_for(lambda: not dock.is_running())

    project = QgsProject.instance()
    top = project.layerTreeRoot().children()[0]
    assert top.customProperty(OUTPUT_PROPERTY) == str((tmp_path / "out").resolve())
    assert [child.name() for child in top.children()] == ["Offre de soins", "Déterminants sociaux de santé"]
    layers = [node.layer() for node in top.findLayers()]
    assert all(layer.isValid() for layer in layers)
    assert all("diagnostic.gpkg" in layer.source() for layer in layers)
    assert dock.progress_bar.value() == 100
    assert not dock.result_box.isHidden()


def test_run_copies_layout_onto_added_layers(make_dock, template, tmp_path):
    dock = make_dock(FakePipeline(template, steps=1, step_seconds=0.01))
    prepare_run(dock, tmp_path / "out")

    dock.run()
    wait_for(lambda: not dock.is_running())

    layout = QgsProject.instance().layoutManager().layoutByName("Diagnostic territorial de santé")
    assert layout is not None
    maps = [item for item in layout.items() if isinstance(item, QgsLayoutItemMap)]
    assert [layer.name() for layer in maps[0].layers()] == ["APL médecins généralistes"]
    assert maps[0].layers()[0].id() in QgsProject.instance().mapLayers()
    assert layout.atlas().coverageLayer() is maps[0].layers()[0]
    assert dock.layout_button.isEnabled()


def test_open_layout_uses_designer(make_dock, template, tmp_path, qgis_iface):
    dock = make_dock(FakePipeline(template, steps=1, step_seconds=0.01))
    prepare_run(dock, tmp_path / "out")
    dock.run()
    wait_for(lambda: not dock.is_running())

    dock.layout_button.click()

    qgis_iface.openLayoutDesigner.assert_called_with(dock.loaded.layouts[0])
    assert dock.loaded.layouts[0].name() == "Diagnostic territorial de santé"


def test_second_run_replaces_group(make_dock, template, tmp_path):
    dock = make_dock(FakePipeline(template, steps=1, step_seconds=0.01))
    prepare_run(dock, tmp_path / "out")

    for _ in range(2):
        dock.run()
        wait_for(lambda: not dock.is_running())

    project = QgsProject.instance()
    tagged = [group for group in project.layerTreeRoot().findGroups(True) if group.customProperty(OUTPUT_PROPERTY)]
    assert len(tagged) == 1
    assert len(project.mapLayers()) == 2
    assert len(project.layoutManager().printLayouts()) == 1


def test_run_into_other_folder_keeps_first(make_dock, template, tmp_path):
    dock = make_dock(FakePipeline(template, steps=1, step_seconds=0.01))
    prepare_run(dock, tmp_path / "first")
    dock.run()
    wait_for(lambda: not dock.is_running())

    dock.output_widget.setFilePath(str(tmp_path / "second"))
    dock.run()
    wait_for(lambda: not dock.is_running())

    assert len(QgsProject.instance().mapLayers()) == 4


def test_summary_lists_sources_joins_warnings(make_dock, template, tmp_path):
    dock = make_dock(FakePipeline(template, steps=1, step_seconds=0.01))
    prepare_run(dock, tmp_path / "out")

    dock.run()
    wait_for(lambda: not dock.is_running())

    texts = dock.summary.section_texts()
    assert "Données récupérées (2)" in texts
    assert "Couverture des jointures (2)" in texts
    assert "Avertissements (1)" in texts
    assert any("Filosofi 2019 IRIS" in text and "77,4 %" in text for text in texts)
    assert any("590090101" in text for text in texts)


def test_progress_shows_step_and_bytes(make_dock, template, tmp_path):
    dock = make_dock(FakePipeline(template, steps=4, step_seconds=0.3))
    prepare_run(dock, tmp_path / "out")

    dock.run()
    wait_for(lambda: "Mo" in dock.bytes_label.text() or "ko" in dock.bytes_label.text())
    step = dock.step_label.text()
    run_enabled_while_running = dock.run_button.isEnabled()
    wait_for(lambda: not dock.is_running())

    assert step.startswith("Téléchargement")
    assert not run_enabled_while_running
    assert dock.run_button.isEnabled()


def test_cancel_mid_run_shows_annule(make_dock, template, tmp_path, qgis_iface):
    runner = FakePipeline(template, steps=5, step_seconds=20)
    dock = make_dock(runner)
    prepare_run(dock, tmp_path / "out")

    dock.run()
    assert dock.cancel_button.isEnabled()
    assert not dock.run_button.isEnabled()
    wait_for(lambda: dock.step_label.text().startswith("Téléchargement"))
    clicked_at = time.monotonic()
    dock.cancel_button.click()
    wait_for(lambda: not dock.is_running(), timeout=5)

    assert time.monotonic() - clicked_at < 2.0
    assert "annulé" in dock.status_label.text()
    assert QgsProject.instance().mapLayers() == {}
    assert not (tmp_path / "out").exists()
    assert dock.run_button.isEnabled()
    assert any("annulé" in text for text in bar_texts(qgis_iface))


def test_error_reaches_bar_with_details(make_dock, template, tmp_path, qgis_iface):
    from qgis.core import QgsApplication

    from territorial_health_plugin.toolbelt.log_handler import LOG_TAG, install_message_log_handler, remove_handler

    logged: list[str] = []

    def record(message, tag, level):
        # The message bar also copies its messages to the log, under another tag.
        if tag == LOG_TAG:
            logged.append(message)

    QgsApplication.messageLog().messageReceived.connect(record)
    handler = install_message_log_handler()
    dock = make_dock(FakePipeline(template, steps=3, step_seconds=0.01, fail=True))
    prepare_run(dock, tmp_path / "out")

    try:
        dock.run()
        wait_for(lambda: not dock.is_running())
    finally:
        remove_handler(handler)

    assert len([message for message in logged if "apl.xlsx" in message]) == 1
    assert any("HTTP 504" in message for message in logged)
    assert "apl.xlsx" in dock.status_label.text()
    items = qgis_iface.messageBar().items()
    assert any("apl.xlsx" in item.text() for item in items)
    buttons = [button.text() for item in items for button in item.findChildren(QPushButton)]
    assert "Détails" in buttons
    assert QgsProject.instance().mapLayers() == {}


def test_missing_output_folder_is_explained(make_dock, template):
    dock = make_dock(FakePipeline(template))
    choose(dock, "Lille")

    assert dock.run() is None
    assert "dossier" in dock.status_label.text()


def test_missing_territory_is_explained(make_dock, template, tmp_path):
    dock = make_dock(FakePipeline(template))
    dock.output_widget.setFilePath(str(tmp_path / "out"))

    assert dock.run() is None
    assert "territoire" in dock.status_label.text().lower()


# -- choices and settings --------------------------------------------------------------------


def test_request_follows_choices(make_dock, tmp_path):
    dock = make_dock()
    prepare_run(dock, tmp_path / "out")
    dock.content.level_combo.setCurrentIndex(dock.content.level_combo.findData("commune"))
    dock.content.tree.topLevelItem(2).setCheckState(0, Qt.CheckState.Unchecked)
    dock.content.add_tables([str(tmp_path / "mes_indicateurs.csv")])

    request = dock.build_request()

    assert request.territory == "epci:200093201"
    assert request.level == "commune"
    assert request.source == "sample"
    assert request.themes == ("offre_soins", "determinants_sociaux")
    assert request.tables == [tmp_path / "mes_indicateurs.csv"]


def test_choices_remembered_by_next_panel(make_dock, template, tmp_path):
    first = make_dock(FakePipeline(template, steps=1, step_seconds=0.01))
    prepare_run(first, tmp_path / "out")
    first.content.level_combo.setCurrentIndex(first.content.level_combo.findData("commune"))
    first.run()
    wait_for(lambda: not first.is_running())

    second = make_dock()

    assert second.territory.spec() == "epci:200093201"
    assert "Lille" in second.territory.search_edit.text()
    assert second.content.level() == "commune"
    assert second.content.data_mode() == "sample"
    assert second.output_widget.filePath() == str(tmp_path / "out")
    assert SettingsManager.load().last_territory == "epci:200093201"


def test_panel_fits_narrow_dock(make_dock):
    dock = make_dock()

    # A dock of 300 pixels minus its vertical scroll bar leaves about 285 for the body.
    assert dock.widget().widget().minimumSizeHint().width() <= 285


def test_bytes_in_french_units():
    assert format_bytes(512) == "512 octets"
    assert format_bytes(250_000) == "250,0 ko"
    assert format_bytes(12_345_678) == "12,3 Mo"


def test_pdf_step_can_be_cancelled(make_dock, template, tmp_path, monkeypatch):
    from territorial_health_plugin.gui import dock as dock_module
    from territorial_health_plugin.toolbelt.errors import CancelledError

    steps_seen: list[str] = []
    dock = make_dock(FakePipeline(template, steps=1, step_seconds=0.01))

    def slow_report(request, result, feedback, on_saved=None):
        # Stands in for core.report.compose_report, which checks cancellation between steps.
        # The user's click is queued during the first step and handled at its progress text.
        QTimer.singleShot(0, dock.cancel_button.click)
        for step in ("Mise en page", "Export", "Atlas"):
            if feedback.isCanceled():
                raise CancelledError("Rapport annulé.")
            steps_seen.append(step)
            feedback.setProgressText(step)
        return {}

    monkeypatch.setattr(dock_module, "compose_pdf_report", slow_report)
    prepare_run(dock, tmp_path / "out")
    dock.content.pdf_check.setChecked(True)

    dock.run()
    wait_for(lambda: not dock.is_running())

    assert steps_seen == ["Mise en page"]
    assert "Rapport PDF annulé" in dock.status_label.text()
    assert len(QgsProject.instance().mapLayers()) == 2


def test_unexpected_report_error_shown_not_fatal(make_dock, template, tmp_path, monkeypatch, qgis_iface):
    from territorial_health_plugin.gui import dock as dock_module

    dock = make_dock(FakePipeline(template, steps=1, step_seconds=0.01))

    def broken_report(request, result, feedback, on_saved=None):
        raise RuntimeError("layout item without a page")

    monkeypatch.setattr(dock_module, "compose_pdf_report", broken_report)
    prepare_run(dock, tmp_path / "out")
    dock.content.pdf_check.setChecked(True)

    dock.run()
    wait_for(lambda: not dock.is_running())

    assert "Rapport PDF non écrit" in dock.status_label.text()
    assert any("layout item without a page" in item.text() for item in qgis_iface.messageBar().items())
    assert len(QgsProject.instance().mapLayers()) == 2


def test_summary_details_french_labels(qgis_app):
    from territorial_health_plugin.gui.result_summary import detail_lines

    row = {"source_id": "insee_rp_population", "producer": "INSEE", "url": "", "synthetic": True,
           "rejected_codes": [], "rows": 516}
    lines = detail_lines(row)

    assert "Producteur : INSEE" in lines
    assert "Données fictives de démonstration : oui" in lines
    assert "Lignes : 516" in lines
    assert not [line for line in lines if line.startswith(("url", "Adresse", "Codes rejetés"))]
    assert not [line for line in lines if line.startswith(("producer", "source_id", "synthetic"))]
    assert detail_lines({"match_rate": 0.9942}) == ["Taux d'appariement : 99,4 %"]
