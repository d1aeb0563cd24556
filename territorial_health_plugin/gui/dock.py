"""The dock panel « Diagnostic territorial de santé »: the whole workflow inside QGIS.

The user picks a territory and what to include, then runs the diagnostic. The pipeline runs
in a :class:`DiagnosticTask` of QGIS's task manager, so the interface stays responsive and the
run can be cancelled. When the task ends, the main thread composes the PDF (QGIS 3.22 exports
layouts only there, and QGIS waits during that step) and adds the written layers.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import traceback
from pathlib import Path
from typing import Callable

from qgis.core import Qgis, QgsApplication, QgsCoordinateTransform, QgsMessageOutput, QgsProject
from qgis.gui import QgsDockWidget, QgsFileWidget
from qgis.PyQt.QtCore import QCoreApplication, Qt, QTimer, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from territorial_health_plugin.core.pipeline import DiagnosticRequest
from territorial_health_plugin.gui.content_picker import ContentPicker
from territorial_health_plugin.gui.project_loader import add_diagnostic_to_project
from territorial_health_plugin.gui.report_step import MainThreadFeedback, compose_pdf_report
from territorial_health_plugin.gui.result_summary import ResultSummary, format_decimal
from territorial_health_plugin.gui.task import DiagnosticTask
from territorial_health_plugin.gui.territory_picker import TerritoryPicker, warm_search_index
from territorial_health_plugin.toolbelt.errors import CancelledError, InvalidInputError, PluginError
from territorial_health_plugin.toolbelt.i18n import tr
from territorial_health_plugin.toolbelt.resources import plugin_metadata
from territorial_health_plugin.toolbelt.settings import SettingsManager

logger = logging.getLogger(__name__)

CANCEL_WAIT_MS = 2000


def format_bytes(count: int) -> str:
    """Format a number of bytes in French units (ko, Mo, Go) with a decimal comma."""
    if count < 1000:
        return tr("{count} bytes").format(count=count)
    value = count / 1000
    for unit in (tr("kB"), tr("MB")):
        if value < 1000:
            return f"{format_decimal(value)} {unit}"
        value /= 1000
    return f"{format_decimal(value)} {tr('GB')}"


class DiagnosticDock(QgsDockWidget):
    """Dock panel from which the user picks a territory and runs the diagnostic.

    ``runner`` replaces :func:`core.pipeline.run_diagnostic` and ``search`` replaces
    :func:`core.territory.search`, for callers that bring their own (tests among them).
    """

    def __init__(self, iface=None, parent=None, runner: Callable | None = None, search: Callable | None = None) -> None:
        super().__init__(tr("Territorial health diagnostic"), parent)
        self.setObjectName("TerritorialHealthDock")
        self.iface = iface
        self.runner = runner
        self.task: DiagnosticTask | None = None
        self.request: DiagnosticRequest | None = None
        self.report_feedback: MainThreadFeedback | None = None
        self.last_result = None
        self.loaded = None
        self._search_warmed = search is not None

        self.territory = TerritoryPicker(search=search, active_layer=self._active_layer)
        self.content = ContentPicker()
        self.summary = ResultSummary()
        self.setWidget(self._build_body())
        self.restore_settings()

    # -- layout -------------------------------------------------------------------------

    def _build_body(self) -> QWidget:
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.territory)
        layout.addWidget(self.content)
        layout.addWidget(self._build_output_box())
        layout.addWidget(self._build_run_box())
        layout.addWidget(self._build_result_box())
        layout.addWidget(self._build_help_label())
        layout.addStretch(1)

        # A scroll area keeps every control reachable in a short or narrow dock.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        return scroll

    def _build_output_box(self) -> QWidget:
        box = QGroupBox(tr("Output"))
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.output_widget = QgsFileWidget(box)
        self.output_widget.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.output_widget.setToolTip(tr(
            "Folder that receives diagnostic.gpkg, diagnostic.qgz, diagnostic.pdf and run_report.json; an earlier "
            "diagnostic there is replaced."
        ))
        form.addRow(tr("Folder"), self.output_widget)
        return box

    def _build_run_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        self.run_button = QPushButton(tr("Run the diagnostic"), box)
        self.run_button.setToolTip(tr("Build the diagnostic in the background; QGIS stays usable."))
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton(tr("Cancel"), box)
        self.cancel_button.setToolTip(tr("Stop the run; earlier outputs and the cache stay intact."))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        buttons.addWidget(self.run_button, 1)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)

        self.progress_bar = QProgressBar(box)
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setValue(0)
        self.step_label = QLabel(box)
        self.step_label.setWordWrap(True)
        self.bytes_label = QLabel(box)
        self.bytes_label.setVisible(False)
        self.status_label = QLabel(box)
        self.status_label.setWordWrap(True)
        for widget in (self.progress_bar, self.step_label, self.bytes_label, self.status_label):
            layout.addWidget(widget)
        return box

    def _build_result_box(self) -> QWidget:
        self.result_box = QGroupBox(tr("Result"))
        layout = QVBoxLayout(self.result_box)
        layout.addWidget(self.summary)
        # Stacked, so that both buttons stay readable in a narrow dock.
        buttons = QVBoxLayout()
        self.layout_button = QPushButton(tr("Open the layout"), self.result_box)
        self.layout_button.setToolTip(tr("Open the diagnostic's print layout in the layout designer."))
        self.layout_button.clicked.connect(self.open_layout)
        self.folder_button = QPushButton(tr("Open the folder"), self.result_box)
        self.folder_button.setToolTip(tr("Open the output folder in the file manager."))
        self.folder_button.clicked.connect(self.open_folder)
        for button in (self.layout_button, self.folder_button):
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.result_box.setVisible(False)
        return self.result_box

    def _build_help_label(self) -> QLabel:
        homepage = plugin_metadata().get("homepage", "")
        label = QLabel(tr('<a href="{url}">Help: how the diagnostic is built</a>').format(url=homepage))
        label.setOpenExternalLinks(True)
        label.setWordWrap(True)
        label.setToolTip(homepage)
        return label

    # -- settings -----------------------------------------------------------------------

    def restore_settings(self) -> None:
        """Show the territory and choices of the last run."""
        settings = SettingsManager.load()
        self.territory.restore(settings.last_territory, settings.last_territory_label)
        self.content.set_choices(
            _split(settings.last_themes),
            _split(settings.last_indicators),
            settings.last_level or settings.default_level,
            settings.data_source,
        )
        self.content.data_dir_widget.setFilePath(settings.data_dir)
        self.output_widget.setFilePath(settings.output_dir)

    def save_settings(self, request: DiagnosticRequest, mode: str) -> None:
        """Remember the request's territory and choices for the next session."""
        settings = SettingsManager.load()
        settings.last_territory = request.territory
        settings.last_territory_label = self.territory.label()
        settings.last_themes = ",".join(request.themes)
        settings.last_indicators = ",".join(request.indicators or ())
        settings.last_level = request.level
        settings.data_source = mode
        settings.data_dir = str(request.data_dir or "")
        settings.output_dir = str(request.output_dir)
        SettingsManager.save(settings)

    # -- run ----------------------------------------------------------------------------

    def build_request(self) -> DiagnosticRequest:
        """Return the request described by the panel; raise InvalidInputError naming the fix."""
        spec = self.territory.spec()
        output = self.output_widget.filePath().strip()
        if not output:
            raise InvalidInputError(tr("No output folder: choose a folder in « Output »."))
        themes = self.content.themes()
        if not themes:
            raise InvalidInputError(tr("No theme chosen: tick at least one theme or indicator in « What to include »."))

        mode = self.content.data_mode()
        data_dir = self.content.data_dir_widget.filePath().strip()
        if mode == "local" and not data_dir:
            raise InvalidInputError(tr(
                "No data folder: with « local files », choose the folder that contains the source files."
            ))
        return DiagnosticRequest(
            territory=spec,
            output_dir=Path(output),
            source=request_source(mode),
            data_dir=Path(data_dir) if mode == "local" else None,
            tables=[Path(path) for path in self.content.tables()],
            level=self.content.level(),
            themes=themes,
            indicators=self.content.indicators(),
            atlas=self.content.atlas_check.isChecked() and self.content.pdf_check.isChecked(),
            pdf=self.content.pdf_check.isChecked(),
        )

    def run(self) -> DiagnosticTask | None:
        """Start the diagnostic in a task; return the task, or None when the input is invalid."""
        if self.task is not None:
            return None
        try:
            request = self.build_request()
        except InvalidInputError as error:
            self.show_error(error)
            return None
        self.save_settings(request, self.content.data_mode())

        description = tr("Health diagnostic of {territory}").format(territory=request.territory)
        # The PDF is composed on the main thread after the task, because QGIS 3.22 exports
        # layouts only there.
        task = DiagnosticTask(dataclasses.replace(request, pdf=False), runner=self.runner, description=description)
        self.request = request
        task.progressChanged.connect(lambda value: self.progress_bar.setValue(int(value)))
        task.feedback.stepChanged.connect(self.step_label.setText)
        task.feedback.bytesDownloaded.connect(self._show_bytes)
        task.diagnosticFinished.connect(self._on_finished)
        task.diagnosticFailed.connect(self._on_failed)
        task.diagnosticCancelled.connect(self._on_cancelled)
        self.task = task
        self._set_running(True)
        QgsApplication.taskManager().addTask(task)
        return task

    def _show_bytes(self, count: int) -> None:
        self.bytes_label.setText(tr("{size} downloaded").format(size=format_bytes(count)))
        self.bytes_label.setVisible(True)

    def cancel(self) -> None:
        """Ask the running task, or the PDF step after it, to stop."""
        if self.task is None:
            return
        self.status_label.setText(tr("Cancelling…"))
        self.cancel_button.setEnabled(False)
        if self.report_feedback is not None:
            self.report_feedback.cancel()
        else:
            self.task.cancel()

    def is_running(self) -> bool:
        """Return True while a diagnostic runs."""
        return self.task is not None

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.territory.setEnabled(not running)
        self.content.setEnabled(not running)
        self.output_widget.setEnabled(not running)
        if running:
            self.progress_bar.setValue(0)
            self.step_label.setText(tr("Starting…"))
            self.bytes_label.setText("")
            # Shown once bytes arrive: the sample and the cache download nothing.
            self.bytes_label.setVisible(False)
            self.status_label.setText("")
            self.result_box.setVisible(False)

    # -- outcome ------------------------------------------------------------------------

    def _on_finished(self, result) -> None:
        if self.request is not None and self.request.pdf:
            self.step_label.setText(tr("Composing the PDF report…"))
            # The report runs on the main thread and lets Qt process events after each page;
            # the label gets one event loop pass to paint before it starts.
            QTimer.singleShot(0, lambda: self._complete(result, compose=True))
        else:
            self._complete(result, compose=False)

    def _complete(self, result, compose: bool) -> None:
        """Compose the PDF if asked, add the layers and show the summary (main thread)."""
        added: list[bool] = []
        report_note = ""
        if compose:
            report_note = self._compose_report(
                result, lambda written, layouts: added.append(self._add_layers(result, written, layouts)))
        if not added:
            self._add_layers(result)
        # Still running until here: the steps above let Qt process clicks between their pieces.
        self.task = None
        self._set_running(False)
        self.last_result = result
        self.progress_bar.setValue(100)
        self.step_label.setText(tr("Done."))

        self.summary.show_result(result)
        self.layout_button.setEnabled(bool(self.loaded and self.loaded.layouts))
        self.result_box.setVisible(True)
        count = len(self.loaded.layers) if self.loaded else 0
        message = tr(
            "Diagnostic written to {folder}: {count} layers added."
        ).format(folder=result.output_dir, count=count)
        message = f"{message} {report_note}".strip()
        self.status_label.setText(message)
        self._push(tr("Diagnostic done"), message, Qgis.MessageLevel.Success)

    def _add_layers(self, result, written: QgsProject | None = None, layouts=None) -> bool:
        """Add the written layers and layouts to the project, in one group for the output folder.

        ``written`` is the report step's project, its ``layouts`` already serialised: moving
        from it spares reading ``diagnostic.qgz`` again. Without it, the layers that the task
        read from that file are used. Returns True (also when adding failed: the error is shown).
        """
        own = None
        if written is None and getattr(result, "project_layers", None) is not None:
            own = written = result.project_layers.to_project()
            layouts = result.project_layers.layouts
            result.project_layers = None
        try:
            territory = self.territory.label() or result.output_dir.name
            title = tr("Health diagnostic · {territory}").format(territory=territory)
            first_layers = not QgsProject.instance().mapLayers()
            # Between the layers and each layout page, Qt repaints and handles clicks.
            between = QCoreApplication.processEvents if written is not None else None
            self.loaded = add_diagnostic_to_project(result, QgsProject.instance(), title, written=written,
                                                    between=between, layouts=layouts)
            if first_layers:
                # After QGIS's own zoom to the first layer, which it defers to the event loop.
                QTimer.singleShot(0, self._zoom_to_territory)
        except Exception as error:  # noqa: BLE001 - the outputs exist even if loading fails
            self.show_error(PluginError(tr(
                "The diagnostic was written to {folder} but its layers could not be added: {error}"
            ).format(folder=result.output_dir, error=error)))
            self.loaded = None
        finally:
            if own is not None:
                own.clear()
        return True

    def _zoom_to_territory(self) -> None:
        """Show the territory on the map canvas.

        QGIS zooms an empty project to its first layer, here the département's outline, where
        the territory can be a small part of the map.
        """
        if self.iface is None or not self.loaded:
            return
        canvas = self.iface.mapCanvas()
        for layer in self.loaded.layers:
            if "layername=territory" in layer.source() and not layer.extent().isEmpty():
                transform = QgsCoordinateTransform(layer.crs(), canvas.mapSettings().destinationCrs(),
                                                   QgsProject.instance())
                extent = transform.transformBoundingBox(layer.extent())
                extent.scale(1.05)
                canvas.setExtent(extent)
                canvas.refresh()
                return

    def _compose_report(self, result, on_saved=None) -> str:
        """Compose the PDF on the main thread; return a note when it was not composed.

        ``on_saved(project, layouts)`` receives the report's project and its serialised layouts.
        On failure the layers are still added and the error is shown.
        """
        # The report lets Qt process events after each page it builds, exports or copies into
        # the user's project, and « Annuler » stops it at the next page. The task has read the
        # layers of diagnostic.qgz, and a Python thread writes the layouts into it.
        self.report_feedback = MainThreadFeedback(self.step_label.setText)
        try:
            compose_pdf_report(self.request, result, self.report_feedback, on_saved=on_saved)
        except CancelledError:
            return tr("PDF report cancelled: the earlier PDF is kept.")
        except PluginError as error:
            self.show_error(error)
            return tr("PDF report not written.")
        except Exception as error:  # noqa: BLE001 - a bug in the report must not abort QGIS from a slot
            self.show_error(PluginError(tr("The diagnostic stopped on an unexpected error: {error}").format(
                error=error), traceback.format_exc()))
            return tr("PDF report not written.")
        finally:
            self.report_feedback = None
        return ""

    def _on_failed(self, error: PluginError) -> None:
        self.task = None
        self._set_running(False)
        self.step_label.setText("")
        # The task has already written the error and its details to the message log.
        self.show_error(error, log=False)

    def _on_cancelled(self) -> None:
        self.task = None
        self._set_running(False)
        self.step_label.setText("")
        message = tr("Diagnostic cancelled: no layer added, earlier outputs kept.")
        self.status_label.setText(message)
        self._push(tr("Cancelled"), message, Qgis.MessageLevel.Info)

    def show_error(self, error: PluginError, log: bool = True) -> None:
        """Show an error in the panel and the message bar (with its details) and log it."""
        self.status_label.setText(error.message)
        if log and not isinstance(error, InvalidInputError):
            logger.error("%s\n%s", error.message, error.details)
        self._push(tr("Diagnostic"), error.message, Qgis.MessageLevel.Critical, error.details)

    def _push(self, title: str, text: str, level, details: str = "") -> None:
        if self.iface is None:
            return
        bar = self.iface.messageBar()
        widget = bar.createMessage(title, text)
        if details:
            button = QPushButton(tr("Details"), widget)
            button.clicked.connect(lambda: show_details(title, text, details))
            widget.layout().addWidget(button)
        bar.pushWidget(widget, level, 0 if level == Qgis.MessageLevel.Critical else 8)

    def open_layout(self) -> None:
        """Open the first layout of the last diagnostic in the layout designer."""
        if self.iface is None or not self.loaded or not self.loaded.layouts:
            return
        self.iface.openLayoutDesigner(self.loaded.layouts[0])

    def open_folder(self) -> None:
        """Open the last output folder in the file manager."""
        if self.last_result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_result.output_dir)))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Build the territory search index in the background the first time the panel shows.

        Not in ``initGui``: QGIS starts without paying for it when the panel stays closed.
        """
        super().showEvent(event)
        if not self._search_warmed:
            self._search_warmed = True
            threading.Thread(target=_warm_quietly, name="territory-search-index", daemon=True).start()

    def _active_layer(self):
        return self.iface.activeLayer() if self.iface is not None else None

    def shutdown(self) -> None:
        """Cancel running work and disconnect from QGIS before the plugin unloads."""
        if self.report_feedback is not None:
            self.report_feedback.cancel()
        task = self.task
        if task is None:
            return
        for signal in (task.diagnosticFinished, task.diagnosticFailed, task.diagnosticCancelled):
            signal.disconnect()
        task.cancel()
        task.waitForFinished(CANCEL_WAIT_MS)
        self.task = None


def show_details(title: str, text: str, details: str) -> None:
    """Show an error's details in QGIS's message viewer."""
    output = QgsMessageOutput.createMessageOutput()
    output.setTitle(title)
    output.setMessage(f"{text}\n\n{details}", QgsMessageOutput.MessageType.MessageText)
    output.showMessage()


def request_source(mode: str) -> str:
    """Return the request's ``source`` for a data mode of the panel.

    « local files » reads the files of ``data_dir`` without any download, so it runs in
    the pipeline's cache-only mode with that folder.
    """
    return "cache" if mode == "local" else mode


def _warm_quietly() -> None:
    try:
        warm_search_index()
    except Exception as error:  # noqa: BLE001 - the search reports the error when the user types
        logger.debug("Search index not built in advance: %s", error)


def _split(value: str) -> list[str]:
    return [item for item in (value or "").split(",") if item]
