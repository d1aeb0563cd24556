"""Compose the PDF report of a finished run on the main thread, from the written outputs.

QGIS 3.22 exports layouts only on the main thread (see ``core.report.export``), so the panel
runs the pipeline in its task without the report, then calls :func:`compose_pdf_report`
here. The report is built from what the task wrote: ``diagnostic.qgz`` (its layers),
the ``reference_values`` table of ``diagnostic.gpkg`` and ``run_report.json``. The layouts
are then saved into ``diagnostic.qgz``, replacing it in one rename.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path

import pandas as pd
from qgis.core import QgsProcessingFeedback, QgsProject
from qgis.PyQt.QtCore import QCoreApplication

from territorial_health_plugin.toolbelt.errors import PluginError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

REPORT_LAYERS = ("iris", "communes", "territory", "etablissements")


class MainThreadFeedback(QgsProcessingFeedback):
    """A feedback for work that must hold the main thread: each step lets Qt process events.

    The report calls it between its steps, so the panel repaints its step text and a click
    on « Cancel » reaches :meth:`cancel` before the next step starts.
    """

    def __init__(self, show_step=None) -> None:
        super().__init__()
        self._show_step = show_step

    def setProgressText(self, text: str) -> None:  # noqa: N802 - Qt override
        """Show the step text, then process pending events (paint, clicks)."""
        super().setProgressText(text)
        if self._show_step is not None:
            self._show_step(text)
        QCoreApplication.processEvents()

    def setProgress(self, progress: float) -> None:  # noqa: N802 - Qt override
        """Record the progress, then process pending events: the report calls it after each page."""
        super().setProgress(progress)
        QCoreApplication.processEvents()


def read_reference_values(gpkg: Path) -> pd.DataFrame | None:
    """Return the ``reference_values`` table of the GeoPackage, or None when it is missing."""
    with contextlib.closing(sqlite3.connect(str(gpkg))) as connection:
        try:
            frame = pd.read_sql_query("SELECT * FROM reference_values", connection)
        except (pd.errors.DatabaseError, sqlite3.Error):
            return None
    return frame.drop(columns=["fid"], errors="ignore")


def _report_layers(project: QgsProject) -> dict:
    layers = {}
    for layer in project.mapLayers().values():
        table = layer.source().split("layername=")[-1].split("|")[0]
        if table in REPORT_LAYERS and table not in layers:
            layers[table] = layer
    return layers


def compose_pdf_report(request, result, feedback=None, on_saved=None) -> dict[str, Path]:
    """Compose ``diagnostic.pdf`` (and ``atlas.pdf``) for ``result`` and add them to its files.

    ``on_saved(project)``, when given, is called with the report's project once it is saved
    into ``diagnostic.qgz``, before the project is cleared: the panel moves its layers and
    layouts from there instead of reading the file again (2.3 s for the MEL sample).
    Raises PluginError with a French message when the outputs cannot be read or written.
    """
    from territorial_health_plugin.core.assembly import select_indicators
    from territorial_health_plugin.core.report import ReportContext, compose_report
    from territorial_health_plugin.core.territory import resolve

    qgz, gpkg = result.files.get("project"), result.files.get("geopackage")
    if not qgz or not gpkg:
        raise PluginError(tr("The run wrote no QGIS project or GeoPackage: the PDF report cannot be composed."))

    _show_step(feedback, tr("Reading the QGIS project"))
    project = QgsProject()
    if not project.read(str(qgz)):
        raise PluginError(tr("Could not read the QGIS project {path}: {error}").format(path=qgz, error=project.error()))
    if feedback is not None:
        # Lets the panel's feedback process events between reading and resolving.
        feedback.setProgress(0)
    try:
        territory = resolve(request.territory)
        context = ReportContext(
            territory=territory,
            output_dir=Path(result.output_dir),
            indicators=select_indicators(request),
            reference_values=read_reference_values(Path(gpkg)),
            run_report=result.report,
            layers=_report_layers(project),
            atlas=request.atlas,
            cog_year=territory.cog_year,
        )
        files = compose_report(project, context, feedback)
        _show_step(feedback, tr("Saving the layouts into the QGIS project"))
        _save_project_atomically(project, Path(qgz))
        result.files.update({key: Path(path) for key, path in files.items()})
        if on_saved is not None:
            _show_step(feedback, tr("Adding the layers and layouts to the project"))
            on_saved(project)
    finally:
        project.clear()
    return files


def _show_step(feedback, text: str) -> None:
    """Show ``text`` as the current step; the panel's feedback then lets Qt process events."""
    if feedback is not None:
        feedback.setProgressText(text)


def _save_project_atomically(project: QgsProject, path: Path) -> None:
    """Write the project beside ``path`` and move it into place, so a failure keeps the old one."""
    temporary = path.with_name(".saving-" + path.name)
    if not project.write(str(temporary)):
        temporary.unlink(missing_ok=True)
        raise PluginError(tr("Cannot save the QGIS project {path}.").format(path=path), project.error())
    os.replace(temporary, path)
