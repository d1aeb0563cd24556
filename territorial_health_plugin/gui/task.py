"""The diagnostic as a QgsTask, so that the panel stays responsive while the pipeline runs.

:class:`DiagnosticTask` runs the pipeline in QGIS's task manager thread with a
:class:`TaskFeedback`, and hands the result (or the error) back to the main thread in
:meth:`DiagnosticTask.finished`, which Qt calls there. Nothing in :meth:`DiagnosticTask.run`
touches the project or a widget.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import Callable

from qgis.core import QgsProcessingFeedback, QgsTask
from qgis.PyQt.QtCore import QCoreApplication, pyqtSignal

from territorial_health_plugin.core.project import read_project_layers
from territorial_health_plugin.toolbelt.errors import CancelledError, PluginError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

Runner = Callable[..., object]


class TaskFeedback(QgsProcessingFeedback):
    """A processing feedback that also signals the step text and the bytes downloaded.

    QgsProcessingFeedback has a signal for progress but not for the step text, so this class
    adds one. Download code reports bytes with :meth:`add_downloaded_bytes` when the feedback
    has it (``getattr(feedback, "add_downloaded_bytes", None)``).
    """

    stepChanged = pyqtSignal(str)  # noqa: N815 - Qt signal naming
    bytesDownloaded = pyqtSignal(int)  # noqa: N815 - Qt signal naming

    def __init__(self) -> None:
        super().__init__()
        self.downloaded_bytes = 0
        self.step_text = ""

    def setProgressText(self, text: str) -> None:  # noqa: N802 - Qt override
        """Record the step text and signal it to the panel."""
        super().setProgressText(text)
        self.step_text = text
        self.stepChanged.emit(text)

    def add_downloaded_bytes(self, count: int) -> None:
        """Add ``count`` bytes to the running total and signal the new total."""
        self.downloaded_bytes += int(count)
        self.bytesDownloaded.emit(self.downloaded_bytes)


def _default_runner() -> Runner:
    from territorial_health_plugin.core.pipeline import run_diagnostic

    return run_diagnostic


class DiagnosticTask(QgsTask):
    """Run ``runner(request, feedback)`` in the background and report on the main thread.

    ``runner`` defaults to :func:`core.pipeline.run_diagnostic`; tests and other callers pass
    another function with the same signature. After :meth:`finished`, exactly one of the
    signals ``diagnosticFinished(result)``, ``diagnosticFailed(error)`` or
    ``diagnosticCancelled()`` has been emitted on the main thread.
    """

    diagnosticFinished = pyqtSignal(object)  # noqa: N815 - Qt signal naming
    diagnosticFailed = pyqtSignal(object)  # noqa: N815 - Qt signal naming
    diagnosticCancelled = pyqtSignal()  # noqa: N815 - Qt signal naming

    def __init__(self, request, runner: Runner | None = None, description: str = "") -> None:
        super().__init__(description or tr("Territorial health diagnostic"), QgsTask.Flag.CanCancel)
        self.request = request
        self.runner = runner or _default_runner()
        # Created here, on the main thread, so that its signals reach the panel queued.
        self.feedback = TaskFeedback()
        self.feedback.progressChanged.connect(self.setProgress)
        self.result = None
        self.error: PluginError | None = None

    def cancel(self) -> None:
        """Ask the pipeline to stop: it polls ``feedback.isCanceled()`` between steps."""
        self.feedback.cancel()
        super().cancel()

    def run(self) -> bool:
        """Run the pipeline (worker thread); return True when it completed."""
        try:
            self.result = self.runner(self.request, self.feedback)
            self._read_project_layers()
        except CancelledError as error:
            self.error = error
            return False
        except PluginError as error:
            self.error = error
            return False
        except Exception as error:  # noqa: BLE001 - any bug must reach the user, not kill QGIS
            self.error = PluginError(
                tr("The diagnostic stopped on an unexpected error: {error}").format(error=error),
                traceback.format_exc(),
            )
            return False
        return not self.feedback.isCanceled()

    def _read_project_layers(self) -> None:
        """Read the layers of the written project here, so the main thread need not (0.5 s).

        On failure the main thread reads the file itself, as it did before.
        """
        files = getattr(self.result, "files", None) or {}
        path = files.get("project")
        if not path or not Path(path).exists() or self.feedback.isCanceled():
            return
        self.feedback.setProgressText(tr("Reading the QGIS project"))
        try:
            self.result.project_layers = read_project_layers(Path(path), QCoreApplication.instance().thread())
        except PluginError as error:
            logger.warning("%s\n%s", error.message, error.details)

    def was_cancelled(self) -> bool:
        """Return True when the user cancelled, whatever the pipeline raised while stopping."""
        return self.feedback.isCanceled() or self.isCanceled() or isinstance(self.error, CancelledError)

    def finished(self, completed: bool) -> None:
        """Hand the outcome to the main thread (Qt calls this there)."""
        if self.was_cancelled():
            logger.info(tr("Diagnostic cancelled by the user."))
            self.diagnosticCancelled.emit()
        elif completed and self.result is not None:
            self.diagnosticFinished.emit(self.result)
        else:
            error = self.error or PluginError(tr("The diagnostic stopped without a result."))
            logger.error("%s\n%s", error.message, error.details)
            self.diagnosticFailed.emit(error)
