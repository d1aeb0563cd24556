"""DiagnosticTask: runs the pipeline off the main thread, reports on it, cancels fast."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QTimer

from territorial_health_plugin.core.pipeline import DiagnosticRequest
from territorial_health_plugin.gui.task import DiagnosticTask
from territorial_health_plugin.toolbelt.errors import DataSourceError, PluginError
from tests.gui_fakes import OUTPUT_FILES, FakePipeline, build_template


@pytest.fixture(scope="module")
def template(qgis_app, french_translator, tmp_path_factory) -> Path:
    return build_template(tmp_path_factory.mktemp("template"))


def _request(folder: Path) -> DiagnosticRequest:
    return DiagnosticRequest(territory="epci:200093201", output_dir=folder, source="sample")


def _outcomes(task: DiagnosticTask) -> dict:
    seen: dict = {}
    task.diagnosticFinished.connect(lambda result: seen.setdefault("finished", result))
    task.diagnosticFailed.connect(lambda error: seen.setdefault("failed", error))
    task.diagnosticCancelled.connect(lambda: seen.setdefault("cancelled", True))
    return seen


def wait_for(predicate, timeout: float = 10.0) -> None:
    """Process events until ``predicate()`` is true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting for the task"
        QCoreApplication.processEvents()
        time.sleep(0.005)


def test_run_then_finished_emits_result(template, tmp_path):
    task = DiagnosticTask(_request(tmp_path / "out"), runner=FakePipeline(template, steps=2, step_seconds=0.01))
    seen = _outcomes(task)

    completed = task.run()
    task.finished(completed)

    assert completed is True
    assert seen["finished"].files["geopackage"].exists()
    assert "failed" not in seen
    assert "cancelled" not in seen


def test_plugin_error_reaches_failed_signal(template, tmp_path):
    runner = FakePipeline(template, steps=3, step_seconds=0.01, fail=True)
    task = DiagnosticTask(_request(tmp_path / "out"), runner=runner)
    seen = _outcomes(task)

    task.finished(task.run())

    assert isinstance(seen["failed"], DataSourceError)
    assert "apl.xlsx" in seen["failed"].message
    assert seen["failed"].details == "HTTP 504 from 127.0.0.1"
    assert not (tmp_path / "out").exists()


def test_unexpected_error_keeps_traceback(tmp_path):
    def broken(request, feedback):
        raise KeyError("code_iris")

    task = DiagnosticTask(_request(tmp_path / "out"), runner=broken)
    seen = _outcomes(task)

    task.finished(task.run())

    assert isinstance(seen["failed"], PluginError)
    assert "code_iris" in seen["failed"].message
    assert "Traceback" in seen["failed"].details


def test_step_text_and_bytes_signalled(template, tmp_path):
    task = DiagnosticTask(_request(tmp_path / "out"), runner=FakePipeline(template, steps=3, step_seconds=0.01))
    steps: list[str] = []
    totals: list[int] = []
    task.feedback.stepChanged.connect(steps.append)
    task.feedback.bytesDownloaded.connect(totals.append)

    task.run()

    # The task then reads the written project's layers for the main thread.
    assert steps == ["Téléchargement 1/3", "Téléchargement 2/3", "Téléchargement 3/3", "Lecture du projet QGIS"]
    assert totals == [250_000, 500_000, 750_000]
    assert task.progress() == pytest.approx(100)


def test_task_runs_off_main_thread(template, tmp_path):
    runner = FakePipeline(template, steps=2, step_seconds=0.02)
    task = DiagnosticTask(_request(tmp_path / "out"), runner=runner)
    seen = _outcomes(task)

    QgsApplication.taskManager().addTask(task)
    wait_for(lambda: seen)

    assert "finished" in seen
    assert runner.thread_names
    assert runner.thread_names[0] != threading.main_thread().name


def test_task_reads_project_layers_for_main_thread(template, tmp_path):
    task = DiagnosticTask(_request(tmp_path / "out"), runner=FakePipeline(template, steps=1, step_seconds=0.01))
    seen = _outcomes(task)

    QgsApplication.taskManager().addTask(task)
    wait_for(lambda: seen)

    layers = seen["finished"].project_layers
    assert layers is not None
    project = layers.to_project()
    try:
        assert project.mapLayers()
        main = QCoreApplication.instance().thread()
        for layer in project.mapLayers().values():
            assert layer.thread() == main
            assert layer.dataProvider().thread() == main
            assert layer.isValid()
            assert layer.featureCount() > 0
        # The layer ids are those saved in diagnostic.qgz, which layouts saved there refer to.
        saved = (tmp_path / "out" / "diagnostic.qgz").read_bytes()
        assert all(layer_id.encode() in _qgs_text(saved) for layer_id in project.mapLayers())
    finally:
        project.clear()


def _qgs_text(qgz: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(qgz)) as archive:
        return archive.read(next(name for name in archive.namelist() if name.endswith(".qgs")))


def test_main_loop_never_stalls_during_run(template, tmp_path):
    runner = FakePipeline(template, steps=10, step_seconds=0.1)
    task = DiagnosticTask(_request(tmp_path / "out"), runner=runner)
    seen = _outcomes(task)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()

    QgsApplication.taskManager().addTask(task)
    wait_for(lambda: seen, timeout=20)
    timer.stop()

    gaps = [later - earlier for earlier, later in zip(ticks, ticks[1:])]
    assert len(ticks) > 20
    assert max(gaps) < 0.2


def test_cancel_stops_fast_and_writes_nothing(template, tmp_path):
    runner = FakePipeline(template, steps=5, step_seconds=20)
    output = tmp_path / "out"
    task = DiagnosticTask(_request(output), runner=runner)
    seen = _outcomes(task)

    QgsApplication.taskManager().addTask(task)
    wait_for(lambda: task.feedback.step_text != "")
    cancelled_at = time.monotonic()
    task.cancel()
    wait_for(lambda: seen, timeout=5)

    assert seen == {"cancelled": True}
    assert runner.cancel_seen_at is not None
    assert runner.cancel_seen_at - cancelled_at < 2.0
    assert not output.exists()
    assert [path.name for path in tmp_path.iterdir()] == []


def test_cancel_keeps_previous_output(template, tmp_path):
    output = tmp_path / "out"
    first = DiagnosticTask(_request(output), runner=FakePipeline(template, steps=1, step_seconds=0.01))
    first.finished(first.run())
    before = {name: (output / name).stat().st_mtime_ns for name in OUTPUT_FILES}

    second = DiagnosticTask(_request(output), runner=FakePipeline(template, steps=3, step_seconds=0.05))
    seen = _outcomes(second)
    second.cancel()
    second.finished(second.run())

    assert seen == {"cancelled": True}
    assert {name: (output / name).stat().st_mtime_ns for name in OUTPUT_FILES} == before
