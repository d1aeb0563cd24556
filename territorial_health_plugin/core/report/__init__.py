"""The diagnostic document: print layouts, French narrative, charts, PDF and atlas.

:func:`compose_report` adds the layouts « Diagnostic territorial de santé » and (with
``context.atlas``) « Atlas des communes » to a project and exports ``diagnostic.pdf`` and
``atlas.pdf``. It must run on QGIS's main thread: see :mod:`.export` for why.
"""

from __future__ import annotations

import logging
from pathlib import Path

from territorial_health_plugin.core.report import maps
from territorial_health_plugin.core.report.context import ReportContext
from territorial_health_plugin.core.report.export import ExportError, export_pdf, on_main_thread
from territorial_health_plugin.toolbelt.errors import CancelledError
from territorial_health_plugin.toolbelt.i18n import tr

__all__ = ["ExportError", "ReportContext", "compose_report", "on_main_thread"]

logger = logging.getLogger(__name__)

DIAGNOSTIC_PDF = "diagnostic.pdf"
ATLAS_PDF = "atlas.pdf"
CHARTS_FOLDER = "graphiques"


def _step(feedback, text: str, progress: float) -> None:
    if feedback is None:
        return
    if feedback.isCanceled():
        raise CancelledError(tr("Report cancelled: the previous PDF files are kept."))
    feedback.setProgressText(text)
    feedback.setProgress(progress)


def _add_layers(project, context: ReportContext) -> None:
    """Give ``project`` the context's layers that belong to no project, so that its maps keep them.

    The project then owns them. A layer of another project is left where it is: moving it
    would delete it under that project's feet.
    """
    for layer in context.layers.values():
        if layer is not None and layer.project() is None:
            project.addMapLayer(layer, False)


def _replace_layout(project, layout) -> None:
    manager = project.layoutManager()
    existing = manager.layoutByName(layout.name())
    if existing is not None:
        manager.removeLayout(existing)
    manager.addLayout(layout)


def compose_report(project, context: ReportContext, feedback=None) -> dict[str, Path]:
    """Add the diagnostic (and atlas) layouts to ``project`` and export them as PDF.

    Returns ``{"pdf": path}`` plus ``{"atlas": path}`` with ``context.atlas``. Charts are
    written as SVG files into ``<output>/graphiques/``, where the project's picture items find
    them. Raises :class:`ExportError` (French message) when a PDF cannot be written and
    :class:`CancelledError` when ``feedback`` is cancelled; existing PDFs are then left intact.
    """
    try:
        return _compose(project, context, feedback)
    finally:
        maps.release_scratch_layers()


def _compose(project, context: ReportContext, feedback) -> dict[str, Path]:
    from territorial_health_plugin.core.report.atlas import build_atlas_layout
    from territorial_health_plugin.core.report.layout import build_diagnostic_layout

    output_dir = Path(context.output_dir)
    charts_dir = output_dir / CHARTS_FOLDER
    _step(feedback, tr("Composing the diagnostic layout"), 0)
    charts_dir.mkdir(parents=True, exist_ok=True)
    _add_layers(project, context)

    layout = build_diagnostic_layout(project, context, charts_dir, tick=_ticker(feedback, 0, 30))
    _replace_layout(project, layout)
    _step(feedback, tr("Exporting diagnostic.pdf"), 30)
    end = 60 if context.atlas else 100
    files = {"pdf": export_pdf(layout, output_dir / DIAGNOSTIC_PDF, tick=_ticker(feedback, 30, end))}

    if context.atlas:
        _step(feedback, tr("Composing the atlas of the communes"), 60)
        atlas_layout = build_atlas_layout(project, context)
        if atlas_layout is not None:
            _replace_layout(project, atlas_layout)
            _step(feedback, tr("Exporting atlas.pdf"), 62)
            files["atlas"] = export_pdf(atlas_layout, output_dir / ATLAS_PDF, atlas=atlas_layout.atlas(),
                                        tick=_ticker(feedback, 62, 100))
    _step(feedback, tr("Report written"), 100)
    return files


def _ticker(feedback, start: float, end: float):
    """Return ``tick(done, total)`` for the page loops: check cancellation, then move the progress.

    The panel's feedback lets Qt process events in ``setProgress``, so QGIS repaints and a
    click on « Annuler » is seen between two pages.
    """
    def tick(done: int, total: int) -> None:
        if feedback is None:
            return
        if feedback.isCanceled():
            raise CancelledError(tr("Report cancelled: the previous PDF files are kept."))
        feedback.setProgress(start + (end - start) * min(done, total) / max(total, 1))

    return tick
