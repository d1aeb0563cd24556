"""Processing algorithms of the provider, in QGIS and through the real qgis_process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from qgis.core import (
    QgsApplication,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)

from territorial_health_plugin.toolbelt.resources import resource_path

ROOT = Path(__file__).resolve().parent.parent
COMMUNES_SAMPLE = resource_path("sample", "communes-mel-admin-express-2018.geojson")


@pytest.fixture(scope="module")
def provider(qgis_processing, french_translator):
    from territorial_health_plugin.processing.provider import TerritorialHealthProvider

    registry = QgsApplication.processingRegistry()
    provider = TerritorialHealthProvider()
    registry.addProvider(provider)
    yield provider
    registry.removeProvider(provider)


def run(algorithm_id: str, parameters: dict, feedback=None, context=None) -> dict:
    import processing

    return processing.run(algorithm_id, parameters, feedback=feedback or QgsProcessingFeedback(), context=context)


def test_provider_lists_algorithms(provider):
    ids = sorted(algorithm.id() for algorithm in provider.algorithms())

    assert ids == [
        "territorial_health:build_diagnostic",
        "territorial_health:compute_indicators",
        "territorial_health:resolve_territory",
    ]


def test_algorithms_speak_french(provider):
    names = {algorithm.name(): algorithm.displayName() for algorithm in provider.algorithms()}

    assert names["build_diagnostic"] == "Construire un diagnostic territorial de santé"
    assert names["resolve_territory"] == "Résoudre un territoire en communes"
    for algorithm in provider.algorithms():
        assert len(algorithm.shortHelpString()) > 100
        assert algorithm.group() == "Diagnostic territorial de santé"


def test_resolve_territory_as_table(provider):
    result = run("territorial_health:resolve_territory", {"TERRITORY": "epci:200093201", "OUTPUT": "memory:"})

    layer = result["OUTPUT"]
    assert layer.featureCount() == 95
    assert layer.wkbType() == QgsWkbTypes.Type.NoGeometry
    lille = next(layer.getFeatures("\"code_commune\" = '59350'"))
    assert lille["nom"] == "Lille"
    assert lille["code_epci"] == "200093201"
    assert lille["population"] > 200_000


def test_resolve_territory_with_contours(provider):
    result = run(
        "territorial_health:resolve_territory",
        {"TERRITORY": "communes:59350,59009,59512", "CONTOURS": str(COMMUNES_SAMPLE), "OUTPUT": "memory:"},
    )

    layer = result["OUTPUT"]
    assert layer.featureCount() == 3
    assert QgsWkbTypes.geometryType(layer.wkbType()) == QgsWkbTypes.GeometryType.PolygonGeometry
    assert all(not feature.geometry().isEmpty() for feature in layer.getFeatures())


def test_resolve_territory_rejects_bad_spec(provider):
    with pytest.raises(QgsProcessingException) as raised:
        run("territorial_health:resolve_territory", {"TERRITORY": "epci:12", "OUTPUT": "memory:"})

    assert "12" in str(raised.value)


def test_build_diagnostic_on_sample(provider, tmp_path, qgis_new_project):
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    output = tmp_path / "diagnostic"

    result = run(
        "territorial_health:build_diagnostic",
        {"TERRITORY": "epci:200093201", "SOURCE": "sample", "LEVEL": "iris", "PDF": False, "OUTPUT": str(output)},
        context=context,
    )

    assert Path(result["GEOPACKAGE"]) == output / "diagnostic.gpkg"
    assert Path(result["PROJECT"]).exists()
    report = json.loads(Path(result["REPORT"]).read_text(encoding="utf-8"))
    assert report["territory"]["spec"] == "epci:200093201"
    to_load = context.layersToLoadOnCompletion()
    assert sorted(uri.split("layername=")[1] for uri in to_load) == ["communes", "iris", "territory"]
    assert all(details.postProcessor() is not None for details in to_load.values())


def test_build_diagnostic_in_task_writes_pdf(provider, tmp_path):
    """Run as the Processing dialog does: the algorithm in a task, its post-processing after."""
    import time

    from qgis.core import QgsProcessingAlgRunnerTask
    from qgis.PyQt.QtCore import QCoreApplication

    algorithm = QgsApplication.processingRegistry().createAlgorithmById("territorial_health:build_diagnostic")
    context = QgsProcessingContext()
    feedback = QgsProcessingFeedback()
    output = tmp_path / "diagnostic"
    parameters = {"TERRITORY": "commune:59350", "SOURCE": "sample", "OUTPUT": str(output)}
    outcome: dict = {}
    task = QgsProcessingAlgRunnerTask(algorithm, parameters, context, feedback)
    task.executed.connect(lambda ok, results: outcome.update(ok=ok, results=results))

    QgsApplication.taskManager().addTask(task)
    deadline = time.monotonic() + 600
    while not outcome and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)

    assert outcome["ok"] is True
    assert Path(outcome["results"]["PDF_FILE"]) == output / "diagnostic.pdf"
    assert (output / "diagnostic.pdf").stat().st_size > 10_000


def test_build_diagnostic_cancelled_writes_nothing(provider, tmp_path):
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    output = tmp_path / "diagnostic"

    with pytest.raises(QgsProcessingException) as raised:
        run(
            "territorial_health:build_diagnostic",
            {"TERRITORY": "epci:200093201", "SOURCE": "sample", "OUTPUT": str(output)},
            feedback=feedback,
        )

    message = str(raised.value).lower()
    assert "annul" in message or "cancel" in message
    assert not (output / "diagnostic.gpkg").exists()


def test_compute_indicators_writes_geopackage(provider, tmp_path):
    target = tmp_path / "indicateurs.gpkg"

    result = run(
        "territorial_health:compute_indicators",
        {"TERRITORY": "commune:59350", "SOURCE": "sample", "LEVEL": "iris", "OUTPUT": str(target)},
    )

    assert result["OUTPUT"] == str(target)
    communes = QgsVectorLayer(f"{target}|layername=communes", "communes", "ogr")
    assert communes.isValid()
    assert communes.featureCount() == 1
    assert [path.name for path in tmp_path.iterdir()] == ["indicateurs.gpkg"]


def test_post_processor_applies_stored_style(provider, tmp_path):
    from territorial_health_plugin.processing.algorithms.base import DefaultStylePostProcessor

    target = tmp_path / "indicateurs.gpkg"
    parameters = {"TERRITORY": "commune:59350", "SOURCE": "sample", "OUTPUT": str(target)}
    run("territorial_health:compute_indicators", parameters)
    layer = QgsVectorLayer(f"{target}|layername=communes", "communes", "ogr", QgsVectorLayer.LayerOptions(False))
    plain = layer.renderer().type()

    DefaultStylePostProcessor().postProcessLayer(layer, QgsProcessingContext(), QgsProcessingFeedback())

    assert plain == "singleSymbol"
    assert layer.renderer().type() != "singleSymbol"


# -- the real qgis_process ------------------------------------------------------------------


def _qgis_process_binary() -> str:
    """Return the qgis_process executable.

    Debian's /usr/bin/qgis_process is a shell wrapper that passes the options of
    /etc/default/qgis (``--noversioncheck``, meant for the desktop) to qgis_process.bin,
    which rejects them; the binary itself is then called directly.
    """
    wrapper = shutil.which("qgis_process")
    if wrapper and Path(wrapper + ".bin").exists():
        return wrapper + ".bin"
    if wrapper is None:
        pytest.skip("qgis_process is not installed")
    return wrapper


@pytest.fixture(scope="module")
def installed_plugin(tmp_path_factory, compiled_translation) -> dict:
    """Install the plugin from its zip into a temporary profile; return qgis_process's environment."""
    base = tmp_path_factory.mktemp("qgis_process")
    archive = base / "territorial_health_plugin.zip"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_zip.py"), str(archive)], check=True)
    plugins = base / "plugins"
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(plugins)
    settings = base / "config" / "profiles" / "default" / "QGIS"
    settings.mkdir(parents=True)
    (settings / "QGIS3.ini").write_text("[PythonPlugins]\nterritorial_health_plugin=true\n", encoding="utf-8")
    environment = dict(os.environ)
    environment.update(
        QT_QPA_PLATFORM="offscreen",
        QGIS_CUSTOM_CONFIG_PATH=str(base / "config"),
        QGIS_PLUGINPATH=str(plugins),
        TERRITORIAL_HEALTH_LANG="fr",
    )
    return environment


def test_qgis_process_lists_algorithms(installed_plugin):
    completed = subprocess.run(
        [_qgis_process_binary(), "list"], env=installed_plugin, capture_output=True, text=True, timeout=120
    )

    assert completed.returncode == 0, completed.stderr
    assert "territorial_health:build_diagnostic" in completed.stdout
    assert "territorial_health:resolve_territory" in completed.stdout
    assert "territorial_health:compute_indicators" in completed.stdout


def test_qgis_process_builds_sample(installed_plugin, tmp_path):
    output = tmp_path / "x"
    command = [
        _qgis_process_binary(),
        "run",
        "territorial_health:build_diagnostic",
        "--",
        "TERRITORY=epci:200093201",
        "SOURCE=sample",
        "OUTPUT=" + str(output),
    ]

    completed = subprocess.run(command, env=installed_plugin, capture_output=True, text=True, timeout=600)

    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    assert (output / "diagnostic.gpkg").exists()
    assert (output / "diagnostic.qgz").exists()
    assert (output / "diagnostic.pdf").exists()
    assert (output / "run_report.json").exists()
    assert f"GEOPACKAGE:\t{output / 'diagnostic.gpkg'}" in completed.stdout
