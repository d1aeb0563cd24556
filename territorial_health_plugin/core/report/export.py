"""PDF export of a layout: page by page, atomic write, clear French errors.

The PDF is written to a temporary file in the target folder and moved into place, so a failed
export leaves the previous PDF intact. A target that another program holds open (a PDF reader
on Windows locks it) or a folder that is not writable is detected before the export and
reported in plain words.

Threads: the report's layouts are not exported outside the main thread. They and their items
are QObjects of the main thread's project, and QGIS's own Processing algorithm « Export print
layout as PDF » (``native:printlayouttopdf``) declares ``FlagNoThreading``. In a trial on QGIS
3.22.16, a layout whose project, layers and items were all created inside a QThread did export,
but PROJ logged « proj_create: unrecognized format / unknown name » meanwhile. Layouts of a
project that the main thread owns, such as the one open in QGIS, must not be used from another
thread. So :func:`export_pdf` raises when called from another thread. The panel runs the
pipeline in a QgsTask without the report, then calls
:func:`territorial_health_plugin.core.report.compose_report` on the main thread. So that QGIS
does not freeze meanwhile, :func:`render_pages` draws one page at a time and calls back between
pages, where the panel lets Qt process events and checks « Annuler ».
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsLayoutExporter,
    QgsLayoutItem,
    QgsLayoutItemPage,
    QgsLayoutRenderContext,
    QgsRenderContext,
    QgsUnitTypes,
    QgsVectorSimplifyMethod,
)
from qgis.PyQt.QtCore import QCoreApplication, QMarginsF, QThread
from qgis.PyQt.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from territorial_health_plugin.core.report.fonts import check_layout_fonts
from territorial_health_plugin.toolbelt.errors import PluginError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)


class ExportError(PluginError):
    """A layout could not be exported to PDF."""


def on_main_thread() -> bool:
    """Return True when the caller runs on the thread of the QGIS application."""
    application = QCoreApplication.instance()
    return application is None or QThread.currentThread() == application.thread()


def check_writable(path: Path) -> None:
    """Raise :class:`ExportError` when ``path`` cannot be (over)written.

    Opening an existing file for appending fails when another program locks it (Windows PDF
    readers do) or when it is read-only. A missing folder, or one without write permission,
    fails the temporary-file test.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise ExportError(tr("Folder « {folder} » does not exist: create it or choose another output folder.").format(
            folder=path.parent))
    if path.exists():
        try:
            with open(path, "ab"):
                pass
        except OSError as error:
            raise ExportError(
                tr("« {path} » cannot be overwritten: it is open in another program or read-only. Close it "
                   "(PDF reader) or choose another output folder, then export again.").format(path=path),
                str(error),
            ) from error
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".write-test-", delete=True):
            pass
    except OSError as error:
        raise ExportError(
            tr("Folder « {folder} » is not writable: choose another output folder.").format(folder=path.parent),
            str(error),
        ) from error


def pdf_settings() -> QgsLayoutExporter.PdfExportSettings:
    """Return the export settings: vector output, text kept as text, no georeference."""
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.rasterizeWholeImage = False
    settings.forceVectorOutput = True
    settings.exportMetadata = True
    settings.appendGeoreference = False
    settings.textRenderFormat = _always_text()
    # NOTE: QGIS 3.22 has no export flag that turns label masks off. The report's styles define
    # no mask, so none is drawn unless a user's own layer style adds one.
    return settings


def _always_text():
    if hasattr(Qgis, "TextRenderFormat"):
        return Qgis.TextRenderFormat.AlwaysText
    return QgsRenderContext.TextRenderFormat.TextFormatAlwaysText


def result_code(outcome):
    """Return the ExportResult of ``exportToPdf`` whether it came alone or in a (code, message) tuple."""
    if isinstance(outcome, tuple):
        return outcome[0], (outcome[1] if len(outcome) > 1 else "")
    return outcome, ""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def failure_reason(code) -> str:
    """Return the French reason of a failed ExportResult."""
    results = QgsLayoutExporter.ExportResult
    if code == results.FileError:
        return tr("the file could not be created (it is open elsewhere or the folder is not writable)")
    if code == results.PrintError:
        return tr("the PDF device could not be created")
    if code == results.MemoryError:
        return tr("not enough memory for the page images")
    if code == results.IteratorError:
        return tr("the atlas could not go through its features")
    if code == results.Canceled:
        return tr("the export was cancelled")
    return tr("error code {code}").format(code=int(code))


def export_pdf(layout, path: Path, atlas=None, tick=None) -> Path:
    """Export ``layout`` (or ``atlas``, a QgsLayoutAtlas, one page per feature) to ``path``.

    The pages are rendered one by one (:func:`render_pages`), and ``tick(done, total)`` is
    called after each, so that a caller on the main thread can let Qt process events and
    stop the export by raising (for example :class:`CancelledError`). The previous PDF is then
    left intact. Raises :class:`ExportError` with a French message when the target is not
    writable, the export fails or the caller is not on the main thread.
    """
    path = Path(path)
    if not on_main_thread():
        raise ExportError(tr("The PDF can only be exported from QGIS's main thread: run the report step after "
                             "the background task."))
    check_writable(path)
    check_layout_fonts(layout)

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".pdf")
    os.close(handle)
    started = time.perf_counter()
    try:
        pages = render_pages(layout, temporary, atlas, tick)
        # mkstemp creates the file readable by its owner only: give the PDF the usual rights.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as error:
        raise ExportError(tr("« {path} » could not be written: {error}. Close the file if it is open and check "
                             "the free space.").format(path=path, error=error.strerror or error), str(error)) from error
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    elapsed = time.perf_counter() - started
    logger.info(tr("« {name} » exported to {path}: {pages} pages in {seconds} s ({per_page} s per page).").format(
        name=layout.name(), path=path, pages=pages, seconds=f"{elapsed:.1f}".replace(".", ","),
        per_page=f"{elapsed / max(pages, 1):.2f}".replace(".", ",")))
    return path


def render_pages(layout, filename: str, atlas=None, tick=None) -> int:
    """Render every page of ``layout`` (of each atlas feature) into the PDF ``filename``.

    This does what ``QgsLayoutExporter.exportToPdf`` does for a vector PDF (same render
    context flags, dpi, text format, geometry simplification (coarser: :data:`SIMPLIFY_PIXELS`),
    one QPdfWriter), but page by
    page from Python, so that ``tick(done, total)`` runs between pages: one call of
    exportToPdf held the main thread for the whole 41-page diagnostic (3 s and more).
    Returns the number of pages written.
    """
    # NOTE: exportToPdf also applies QGIS's QgsPaintEngineHack on Qt builds without KDE's PDF
    # transform fix (it turns off pattern transforms and gradients in Qt 5's PDF engine). It is
    # not exposed to Python; the report draws neither hatching nor gradients.
    settings = pdf_settings()
    context = layout.renderContext()
    saved = (context.flags(), context.dpi(), context.textRenderFormat(), context.simplifyMethod())
    context.setFlags(settings.flags)
    context.setFlag(_render_flag("UseAdvancedEffects"), not settings.forceVectorOutput)
    context.setFlag(_render_flag("ForceVectorOutput"), settings.forceVectorOutput)
    context.setTextRenderFormat(settings.textRenderFormat)
    context.setSimplifyMethod(export_simplify_method())
    writer = QPdfWriter(filename)
    writer.setTitle(layout.name())
    writer.setCreator(f"QGIS {Qgis.version()}")
    writer.setResolution(int(round(context.dpi())))
    painter = QPainter()
    written = 0
    try:
        if atlas is not None:
            if not atlas.beginRender():
                raise ExportError(tr("Export of « {name} » to PDF failed: {reason}.").format(
                    name=layout.name(), reason=failure_reason(QgsLayoutExporter.ExportResult.IteratorError)))
            try:
                total = atlas.count() * layout.pageCollection().pageCount()
                # atlas.next() refreshes the layout for its feature, as exportToPdf's atlas loop does.
                while atlas.next():
                    written = _render_layout_pages(layout, writer, painter, written, total, tick, refresh=False)
            finally:
                atlas.endRender()
        else:
            written = _render_layout_pages(layout, writer, painter, 0, layout.pageCollection().pageCount(), tick)
    finally:
        if painter.isActive():
            painter.end()
        context.setFlags(saved[0])
        context.setDpi(saved[1])
        context.setTextRenderFormat(saved[2])
        context.setSimplifyMethod(saved[3])
    if written == 0:
        raise ExportError(tr("Export of « {name} » to PDF failed: {reason}.").format(
            name=layout.name(), reason=failure_reason(QgsLayoutExporter.ExportResult.PrintError)))
    return written


def _render_layout_pages(layout, writer, painter, written: int, total: int, tick, refresh: bool = True) -> int:
    """Render the pages of ``layout`` after ``written`` pages already in ``writer``; return the new count.

    With ``refresh``, each page's items are refreshed just before it is drawn, because an
    expression label would otherwise show the previous page's values.
    """
    exporter = QgsLayoutExporter(layout)
    collection = layout.pageCollection()
    items = _items_by_page(layout) if refresh else {}
    for index in range(collection.pageCount()):
        if not collection.shouldExportPage(index):
            continue
        page_items = items.get(index, [])
        for item in page_items:
            item.refresh()
        if tick is not None and page_items:
            # Refreshing a page's items and drawing it take up to 0.1 s each: Qt runs between them.
            tick(written, total)
        writer.setPageLayout(_page_layout(layout, index))
        if written == 0:
            if not painter.begin(writer):
                raise ExportError(tr("Export of « {name} » to PDF failed: {reason}.").format(
                    name=layout.name(), reason=failure_reason(QgsLayoutExporter.ExportResult.FileError)))
        else:
            writer.newPage()
        exporter.renderPage(painter, index)
        written += 1
        if tick is not None:
            tick(written, total)
    return written


def _items_by_page(layout) -> dict:
    """Return ``{page index: [layout items]}``, pages themselves left out."""
    items: dict = {}
    for item in layout.items():
        if isinstance(item, QgsLayoutItem) and not isinstance(item, QgsLayoutItemPage):
            items.setdefault(item.page(), []).append(item)
    return items


def _page_layout(layout, index: int) -> QPageLayout:
    """Return the full-page QPageLayout (millimetres, no margin) of page ``index``."""
    page = layout.pageCollection().page(index)
    size = layout.renderContext().measurementConverter().convert(page.sizeWithUnits(), _millimetres())
    page_layout = QPageLayout(QPageSize(size.toQSizeF(), QPageSize.Unit.Millimeter), QPageLayout.Orientation.Portrait,
                              QMarginsF(0, 0, 0, 0))
    page_layout.setMode(QPageLayout.Mode.FullPageMode)
    return page_layout


def _render_flag(name: str):
    """Return a layout render flag: ``Qgis.LayoutRenderFlag`` in newer QGIS, else the 3.22 enum."""
    if hasattr(Qgis, "LayoutRenderFlag"):
        return getattr(Qgis.LayoutRenderFlag, name)
    return getattr(QgsLayoutRenderContext.Flag, "Flag" + name)


def _millimetres():
    if hasattr(Qgis, "LayoutUnit"):
        return Qgis.LayoutUnit.Millimeters
    return QgsUnitTypes.LayoutUnit.LayoutMillimeters


# Vertices closer than this many pixels at the export's resolution (300 dpi: 0.085 mm on
# paper) are merged. QGIS's own export keeps 0.1 pixel, which left the IRIS contours of the
# MEL at full detail on every map page: 17 MB for the diagnostic, against 8 MB at 1 pixel
# with no difference visible in print.
SIMPLIFY_PIXELS = 1.0


def export_simplify_method() -> QgsVectorSimplifyMethod:
    """Return the geometry simplification of the PDF export (:data:`SIMPLIFY_PIXELS`).

    Vertices snap to a grid shared by all features, so neighbouring IRIS keep a common border
    with no gap or overlap between them.
    """
    method = QgsVectorSimplifyMethod()
    method.setSimplifyHints(QgsVectorSimplifyMethod.SimplifyHint.GeometrySimplification)
    method.setForceLocalOptimization(True)
    method.setSimplifyAlgorithm(QgsVectorSimplifyMethod.SimplifyAlgorithm.SnappedToGridGlobal)
    method.setThreshold(SIMPLIFY_PIXELS)
    return method
