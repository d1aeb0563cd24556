"""Compose the PDF report of a finished run on the main thread, from the written outputs.

QGIS 3.22 exports layouts only on the main thread (see ``core.report.export``), so the panel
runs the pipeline in its task without the report, then calls :func:`compose_pdf_report`
here. The report is built from what the task wrote: the layers of ``diagnostic.qgz`` (read
by the task), the ``reference_values`` table of ``diagnostic.gpkg`` and ``run_report.json``.
The layouts are then written into ``diagnostic.qgz`` by a Python thread, replacing it in one
rename, while the main thread goes on processing events.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sqlite3
import threading
from pathlib import Path

import pandas as pd
from qgis.core import QgsLayoutItem, QgsLayoutItemRegistry, QgsProcessingFeedback, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QTimer

from territorial_health_plugin.core.project import indicator_layers, layout_xml, save_layouts_into_project
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

    The layers come from ``result.project_layers`` when the task read them (see
    :class:`core.project.ProjectLayers`), else from ``diagnostic.qgz`` read here.
    ``on_saved(project, layouts)``, when given, is called with the report's project and its
    layouts as ``(name, XML text)`` once composed, before the project is cleared: the panel
    moves the layers and copies the layouts from there instead of reading the file again.
    Raises PluginError with a French message when the outputs cannot be read or written.
    """
    from territorial_health_plugin.core.assembly import select_indicators
    from territorial_health_plugin.core.report import ReportContext, compose_report
    from territorial_health_plugin.core.territory import resolve

    qgz, gpkg = result.files.get("project"), result.files.get("geopackage")
    if not qgz or not gpkg:
        raise PluginError(tr("The run wrote no QGIS project or GeoPackage: the PDF report cannot be composed."))

    project = _report_project(result, Path(qgz), feedback)
    try:
        territory = resolve(request.territory)
        context = ReportContext(
            territory=territory,
            output_dir=Path(result.output_dir),
            indicators=select_indicators(request),
            reference_values=read_reference_values(Path(gpkg)),
            run_report=result.report,
            layers=_report_layers(project),
            indicator_layers=indicator_layers(project),
            atlas=request.atlas,
            cog_year=territory.cog_year,
        )
        files = compose_report(project, context, feedback)
        _show_step(feedback, tr("Saving the layouts into the QGIS project"))
        layouts = layouts_xml(project, between=QCoreApplication.processEvents)
        writer = BackgroundCall(save_layouts_into_project, Path(qgz), [text for _name, text in layouts],
                                Path(result.output_dir))
        if on_saved is not None:
            _show_step(feedback, tr("Adding the layers and layouts to the project"))
            on_saved(project, layouts)
        writer.wait(between=QCoreApplication.processEvents)
        result.files.update({key: Path(path) for key, path in files.items()})
    finally:
        dispose_later(project)
    return files


def _report_project(result, qgz: Path, feedback) -> QgsProject:
    """Return the project of the written layers, read by the task when it could."""
    layers = getattr(result, "project_layers", None)
    if layers is not None:
        # Used once: the layers now belong to the returned project.
        result.project_layers = None
        return layers.to_project()

    _show_step(feedback, tr("Reading the QGIS project"))
    project = QgsProject()
    if not project.read(str(qgz)):
        raise PluginError(tr("Could not read the QGIS project {path}: {error}").format(path=qgz, error=project.error()))
    if feedback is not None:
        # Lets the panel's feedback process events between reading and resolving.
        feedback.setProgress(0)
    return project


def layouts_xml(project: QgsProject, between=None) -> list[tuple[str, str]]:
    """Return ``(name, <Layout> XML)`` of each print layout of ``project``.

    ``between()`` runs between the pieces of work (see :func:`core.project.layout_xml`).
    """
    layouts = []
    for layout in project.layoutManager().printLayouts():
        layouts.append((layout.name(), layout_xml(layout, between)))
        if between is not None:
            between()
    return layouts


# Projects being emptied by dispose_later, kept alive until their last step.
_DISPOSALS: list = []


def dispose_later(project: QgsProject) -> None:
    """Empty ``project`` over several turns of the event loop, one page of layout items per turn.

    ``QgsProject.clear`` deleted the layouts of the MEL's diagnostic in one block of 0.2 s.
    A removed item is deleted when the event loop next runs. Flushing those deletions from
    inside a slot instead can delete the Qt object that runs the slot (a timer's Python slot
    proxy), which crashed QGIS.
    """
    steps = []
    for layout in project.layoutManager().printLayouts():
        layout.undoStack().blockCommands(True)
        pages: dict[int, list] = {}
        for item in layout.items():
            if isinstance(item, QgsLayoutItem) and item.type() != QgsLayoutItemRegistry.LayoutPage:
                pages.setdefault(item.page(), []).append(item)
        steps.extend(functools.partial(_remove_items, layout, pages[page]) for page in sorted(pages))
        collection = layout.pageCollection()
        for last in range(collection.pageCount() - 1, 0, -PAGES_PER_STEP):
            steps.append(functools.partial(_delete_pages, collection, max(last - PAGES_PER_STEP, 0) + 1, last))
    steps.append(project.clear)
    disposal = [project, steps]
    _DISPOSALS.append(disposal)

    def step() -> None:
        try:
            steps.pop(0)()
        except Exception as error:  # noqa: BLE001 - a failed step must not stop the others
            logger.debug("emptying the report's project: %s", error)
        if steps:
            QTimer.singleShot(0, step)
        else:
            _DISPOSALS.remove(disposal)

    QTimer.singleShot(0, step)


# Empty pages deleted per turn of the event loop (about 3 ms each).
PAGES_PER_STEP = 10


def _remove_items(layout, items: list) -> None:
    for item in items:
        layout.removeLayoutItem(item)


def _delete_pages(collection, first: int, last: int) -> None:
    """Delete the pages ``first`` to ``last`` (indices), last first so that indices stay valid."""
    for index in range(last, first - 1, -1):
        if index < collection.pageCount():
            collection.deletePage(index)


def pending_disposals() -> int:
    """Return how many projects :func:`dispose_later` is still emptying (for tests)."""
    return len(_DISPOSALS)


class BackgroundCall:
    """Run ``function(*args)`` in a Python thread; :meth:`wait` returns its result or raises its error.

    For work that touches no QGIS object (files, text, compression), so that the main thread
    keeps processing events meanwhile.
    """

    def __init__(self, function, *args) -> None:
        self._outcome: list = []
        self._thread = threading.Thread(target=self._run, args=(function, args), daemon=True)
        self._thread.start()

    def _run(self, function, args) -> None:
        try:
            self._outcome.append((True, function(*args)))
        except BaseException as error:  # noqa: BLE001 - handed over to the waiting thread
            self._outcome.append((False, error))

    def wait(self, between=None, interval_s: float = 0.02):
        """Wait for the call, running ``between()`` every ``interval_s``; return its result."""
        while self._thread.is_alive():
            if between is not None:
                between()
            self._thread.join(interval_s)
        succeeded, value = self._outcome[0]
        if not succeeded:
            raise value
        return value


def _show_step(feedback, text: str) -> None:
    """Show ``text`` as the current step; the panel's feedback then lets Qt process events."""
    if feedback is not None:
        feedback.setProgressText(text)
