"""Composing and exporting the diagnostic of the embedded MEL sample, and the atlas speed.

The report tests' helper builds the GeoPackage from the real sample: Filosofi 2019 at IRIS
level, APL 2023 at commune level, 509 IRIS and 95 communes, Lambert 93. So the figures do not
depend on the pipeline's other steps. Each timing is the best of ``REPEATS`` runs.

Keys: ``report.pdf_s`` (compose + export ``diagnostic.pdf``: 7 pages, 4 maps),
``report.atlas_pages_per_s`` (atlas of the 95 communes, composed and exported),
``report.atlas_pages``.

The panel's report step is timed on the pipeline's own output for the MEL sample
(``epci:200093201``, every indicator, atlas on), as the panel runs it after its task
(``gui.report_step.compose_pdf_report``: compose, export both PDFs, write the layouts into
``diagnostic.qgz``): ``report.task_read_project_s`` (reading the project's layers, which the
panel's task does in its thread), ``report.panel_step_s`` (one run),
``report.main_thread_max_block_s``, the longest time between two runs of Qt's event loop
(that is the longest freeze of QGIS during the step), and ``report.diagnostic_pdf_bytes``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 3


def _context(folder: Path, atlas: bool):
    from qgis.core import QgsVectorLayer

    from territorial_health_plugin.core.report import ReportContext
    from tests.test_report_fixtures import (
        SAMPLE,
        build_sample_geopackage,
        load_layers,
        reference_frame,
        sample_indicators,
        sample_territory,
    )

    gpkg = folder / "diagnostic.gpkg"
    if not gpkg.exists():
        build_sample_geopackage(gpkg)
    layers = load_layers(gpkg)
    layers["departement"] = QgsVectorLayer(str(SAMPLE / "departement-59-nord.geojson"), "Nord", "ogr")
    territory = sample_territory(layers)
    output = folder / ("atlas" if atlas else "pdf")
    output.mkdir(exist_ok=True)
    return ReportContext(territory=territory, output_dir=output, indicators=sample_indicators(),
                         reference_values=reference_frame(territory.communes["code_commune"].tolist()),
                         layers=layers, atlas=atlas, cog_year="2026")


def _best_time(run) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def run(results: dict) -> None:
    """Time the diagnostic PDF and the atlas of the MEL sample."""
    sys.path.insert(0, str(ROOT))
    from qgis.core import QgsProject

    from territorial_health_plugin.core.report import compose_report
    from territorial_health_plugin.core.report.atlas import build_atlas_layout
    from territorial_health_plugin.core.report.export import export_pdf

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        context = _context(folder, atlas=False)
        projects = []

        def diagnostic():
            project = QgsProject()
            projects.append(project)
            compose_report(project, context)

        results["report.pdf_s"] = round(_best_time(diagnostic), 3)

        atlas_context = _context(folder, atlas=True)
        pages = atlas_context.layers["communes"].featureCount()

        def atlas():
            project = QgsProject()
            projects.append(project)
            for layer in atlas_context.layers.values():
                project.addMapLayer(layer, False)
            layout = build_atlas_layout(project, atlas_context)
            project.layoutManager().addLayout(layout)
            export_pdf(layout, atlas_context.output_dir / "atlas.pdf", atlas=layout.atlas())

        results["report.atlas_pages"] = pages
        results["report.atlas_pages_per_s"] = round(pages / _best_time(atlas), 2)
        _panel_step(folder / "panel", results)


def _panel_step(folder: Path, results: dict) -> None:
    """Time the panel's report step on the pipeline's output, and the longest main-thread block.

    As in the panel: the layers of ``diagnostic.qgz`` are read first (the task does it in its
    thread), and a 10 ms timer records when the step lets Qt process events, until the
    report's own project is emptied.
    """
    from qgis.core import QgsProcessingFeedback
    from qgis.PyQt.QtCore import QCoreApplication, QTimer

    from territorial_health_plugin.core.pipeline import DiagnosticRequest, run_diagnostic
    from territorial_health_plugin.core.project import read_project_layers
    from territorial_health_plugin.gui.report_step import MainThreadFeedback, compose_pdf_report, pending_disposals

    request = DiagnosticRequest(territory="epci:200093201", output_dir=folder, source="sample", atlas=True,
                                pdf=False)
    result = run_diagnostic(request, QgsProcessingFeedback())
    started = time.perf_counter()
    result.project_layers = read_project_layers(result.files["project"], QCoreApplication.instance().thread())
    results["report.task_read_project_s"] = round(time.perf_counter() - started, 3)

    moments = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: moments.append(time.perf_counter()))
    timer.start()
    started = time.perf_counter()
    moments.append(started)
    compose_pdf_report(request, result, MainThreadFeedback())
    ended = time.perf_counter()
    while pending_disposals():
        QCoreApplication.processEvents()
        time.sleep(0.005)
    timer.stop()
    moments.append(time.perf_counter())
    results["report.panel_step_s"] = round(ended - started, 3)
    results["report.main_thread_max_block_s"] = round(max(b - a for a, b in zip(moments, moments[1:])), 3)
    results["report.diagnostic_pdf_bytes"] = (folder / "diagnostic.pdf").stat().st_size
