"""The diagnostic as a sequence of steps, shared by the panel, Processing and the command line.

:func:`run_diagnostic` takes a :class:`DiagnosticRequest` and a QgsProcessingFeedback (progress,
step text, cancellation) and returns a :class:`DiagnosticResult`. It never touches the project
or widgets, so it runs in a QgsTask; the caller adds the written layers on the main thread.

Steps: resolve the territory, select the indicators, fetch the tables and geometries, compute
the indicators, join them to the geometries, write the GeoPackage with its styles, save the QGIS
project, compose the PDF, write ``indicators.csv`` and ``run_report.json``. Every output is
built in a staging folder inside the output folder and moved into place only when all of them
are written, so that a failed or cancelled run leaves the previous outputs as they were.

NOTE: the report module exports the PDF on QGIS's main thread only; a QgsTask should run with
``pdf=False`` and compose the report in its ``finished`` step. A process killed mid-run (not
an exception) leaves its hidden ``.diagnostic-*`` staging folder behind.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from territorial_health_plugin.toolbelt.errors import CancelledError, InvalidInputError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

SOURCE_MODES = ("online", "cache", "sample")
LEVELS = ("iris", "commune")
THEMES = ("offre_soins", "determinants_sociaux", "populations_vulnerables")
CLASSIFICATIONS = ("quantile", "jenks", "equal_interval", "pretty")

OUTPUT_NAMES = {
    "geopackage": "diagnostic.gpkg",
    "project": "diagnostic.qgz",
    "pdf": "diagnostic.pdf",
    "csv": "indicators.csv",
    "report": "run_report.json",
}


@dataclass
class DiagnosticRequest:
    """Request of a diagnostic: the territory, the data source, what to include, where to write."""

    territory: str
    output_dir: Path
    source: str = "online"
    data_dir: Path | None = None
    tables: list[Path] = field(default_factory=list)
    table_code_column: str | None = None
    iris_layer: Path | None = None
    communes_layer: Path | None = None
    level: str = "iris"
    themes: tuple[str, ...] = THEMES
    indicators: tuple[str, ...] | None = None
    atlas: bool = False
    pdf: bool = True
    # Classification of every choropleth (quantile, jenks, equal_interval, pretty); None keeps
    # the catalogue's choice per indicator.
    classification: str | None = None


@dataclass
class DiagnosticResult:
    """Result of a run: the files written, the run report and the warnings."""

    output_dir: Path
    files: dict[str, Path] = field(default_factory=dict)
    report: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # The layers of diagnostic.qgz read by the panel's task for the main thread
    # (core.project.ProjectLayers), or None.
    project_layers: object = None

    @property
    def geopackage(self) -> Path | None:
        return self.files.get("geopackage")

    @property
    def project(self) -> Path | None:
        return self.files.get("project")


class Steps:
    """Progress text, progress value and cancellation checks over a QgsProcessingFeedback."""

    def __init__(self, feedback=None, count: int = 10) -> None:
        self.feedback = feedback
        self.count = count
        self.done = 0
        self.timings: dict[str, float] = {}
        self._started = None
        self._name = ""

    def start(self, name: str, text: str) -> None:
        """Close the current step, check cancellation and announce the next one."""
        self._close()
        self.check()
        self._name, self._started = name, time.perf_counter()
        logger.info(text)
        if self.feedback is not None:
            self.feedback.setProgressText(text)
            self.feedback.setProgress(100.0 * self.done / self.count)

    def check(self) -> None:
        """Raise :class:`CancelledError` when the user cancelled."""
        if self.feedback is not None and self.feedback.isCanceled():
            raise CancelledError(tr("Cancelled: the previous outputs are left unchanged."))

    def is_cancelled(self) -> bool:
        """Tell whether the user cancelled (for loops inside a step)."""
        return self.feedback is not None and self.feedback.isCanceled()

    def finish(self) -> None:
        """Close the last step."""
        self._close()
        if self.feedback is not None:
            self.feedback.setProgress(100.0)

    def _close(self) -> None:
        if self._started is not None:
            self.timings[self._name] = round(time.perf_counter() - self._started, 3)
            self.done += 1
            self._started = None


def validate_request(request: DiagnosticRequest) -> None:
    """Raise :class:`InvalidInputError` naming the value and the fix for an invalid request."""
    if request.source not in SOURCE_MODES:
        raise InvalidInputError(tr("Unknown data source « {value} »: use online, cache or sample.").format(
            value=request.source))
    if request.classification and request.classification not in CLASSIFICATIONS:
        raise InvalidInputError(tr("Unknown classification « {value} »: use {known}.").format(
            value=request.classification, known=", ".join(CLASSIFICATIONS)))
    if request.level not in LEVELS:
        raise InvalidInputError(tr("Unknown level « {value} »: use iris or commune.").format(value=request.level))
    unknown = [theme for theme in request.themes if theme not in THEMES]
    if unknown:
        raise InvalidInputError(tr("Unknown theme « {value} »: use {known}.").format(
            value=", ".join(unknown), known=", ".join(THEMES)))
    for label, path in (("--iris-layer", request.iris_layer), ("--communes-layer", request.communes_layer),
                        *(("--table", table) for table in request.tables)):
        if path is not None and not Path(path).exists():
            raise InvalidInputError(tr("File not found for {option}: « {path} ». Check the path.").format(
                option=label, path=path))
    output = Path(request.output_dir)
    if output.exists() and not output.is_dir():
        raise InvalidInputError(tr("The output « {path} » is a file: give a folder.").format(path=output))


def run_diagnostic(request: DiagnosticRequest, feedback=None) -> DiagnosticResult:
    """Build the diagnostic described by ``request``.

    ``feedback`` is a QgsProcessingFeedback (or None): the steps report their text with
    ``setProgressText``, their progress with ``setProgress`` and stop when ``isCanceled()``,
    raising :class:`CancelledError`. Outputs are published only when every one is written.
    """
    from territorial_health_plugin.core import assembly

    validate_request(request)
    steps = Steps(feedback)
    output_dir = Path(request.output_dir)
    created = not output_dir.exists()
    output_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".diagnostic-", dir=output_dir))
    try:
        result = assembly.build(request, staging, steps)
        steps.finish()
        result.files = publish(staging, output_dir, result.files)
        result.output_dir = output_dir
        return result
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not any(output_dir.iterdir()):
            # A failed run leaves no trace, not even the folder it created.
            output_dir.rmdir()
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def publish(staging: Path, output_dir: Path, files: dict[str, Path]) -> dict[str, Path]:
    """Move every staged output into ``output_dir`` (one atomic rename per file)."""
    published = {}
    for key, path in files.items():
        target = output_dir / Path(path).name
        if Path(path).is_dir() and target.is_dir():
            # A folder (the report's charts) replaces the previous one as a whole.
            shutil.rmtree(target)
        os.replace(path, target)
        published[key] = target
    return published
