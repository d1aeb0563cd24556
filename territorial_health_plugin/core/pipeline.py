"""The diagnostic as a sequence of steps, shared by the panel, Processing and the command line.

:func:`run_diagnostic` takes a :class:`DiagnosticRequest` and a QgsProcessingFeedback (progress,
step text, cancellation) and returns a :class:`DiagnosticResult`. It never touches the project
or widgets, so it runs in a QgsTask; the caller adds the written layers on the main thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SOURCE_MODES = ("online", "cache", "sample")
LEVELS = ("iris", "commune")
THEMES = ("offre_soins", "determinants_sociaux", "populations_vulnerables")


@dataclass
class DiagnosticRequest:
    """What to build: the territory, where data comes from, what to include, where to write."""

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


@dataclass
class DiagnosticResult:
    """What a run wrote and what it found."""

    output_dir: Path
    files: dict[str, Path] = field(default_factory=dict)
    report: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def geopackage(self) -> Path | None:
        return self.files.get("geopackage")

    @property
    def project(self) -> Path | None:
        return self.files.get("project")


def run_diagnostic(request: DiagnosticRequest, feedback=None) -> DiagnosticResult:
    """Build the diagnostic described by ``request``.

    ``feedback`` is a QgsProcessingFeedback (or None): the steps report their text with
    ``setProgressText``, their progress with ``setProgress`` and stop when ``isCanceled()``.
    """
    raise NotImplementedError("the diagnostic pipeline is not assembled yet")
