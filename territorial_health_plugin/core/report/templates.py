"""Page templates (``resources/layouts/*.qpt``) loaded into a layout and found by item id.

Each template is one A4 page whose items carry ids (``page_title``, ``map``, ``legend``…). The
code places a template's items on a given page of the layout and fills them. Fonts, colours,
positions and sizes stay in the file, so a user or a département can restyle the document in
QGIS's layout designer and save the template back without touching Python.
A template that lacks an item simply leaves that content out, with a log line.
"""

from __future__ import annotations

import logging
from pathlib import Path

from qgis.core import QgsLayoutFrame, QgsLayoutItemPage, QgsLayoutPoint, QgsReadWriteContext
from qgis.PyQt.QtXml import QDomDocument

from territorial_health_plugin.core.report.fonts import check_layout_fonts
from territorial_health_plugin.toolbelt.errors import DataFormatError
from territorial_health_plugin.toolbelt.i18n import tr
from territorial_health_plugin.toolbelt.resources import resource_path

logger = logging.getLogger(__name__)

COVER = "diagnostic_cover.qpt"
SUMMARY = "diagnostic_summary.qpt"
INDICATOR = "diagnostic_indicator.qpt"
CHART = "diagnostic_chart.qpt"
METHODS = "diagnostic_methods.qpt"
ATLAS = "atlas_commune.qpt"


def template_path(name: str) -> Path:
    """Return the path of a page template under ``resources/layouts/``."""
    return resource_path("layouts", name)


def read_template(name: str) -> QDomDocument:
    """Read a template file; raise :class:`DataFormatError` naming the file when it is unusable."""
    path = template_path(name)
    if not path.is_file():
        raise DataFormatError(
            tr("Layout template « {path} » not found: reinstall the plugin or restore the file.").format(path=path))
    document = QDomDocument()
    parsed = document.setContent(path.read_text(encoding="utf-8"))
    ok = parsed[0] if isinstance(parsed, tuple) else parsed
    if not ok:
        raise DataFormatError(tr(
            "Layout template « {path} » is not valid XML: save it again from the layout designer.").format(path=path))
    return document


class PageItems:
    """The items of one template placed on one page, by id."""

    def __init__(self, page_index: int, items: dict):
        self.page_index = page_index
        self.items = items

    def get(self, item_id: str):
        """Return the item with id ``item_id`` (for a table, its multiframe), or None."""
        item = self.items.get(item_id)
        if item is None:
            logger.debug("template item %s absent from page %s", item_id, self.page_index + 1)
        return item

    def frame(self, item_id: str):
        """Return the frame (not the multiframe) with id ``item_id``, or None."""
        return self.items.get(f"{item_id}#frame")


def add_page(layout) -> int:
    """Append an A4 portrait page to ``layout`` and return its index."""
    page = QgsLayoutItemPage(layout)
    page.setPageSize("A4", QgsLayoutItemPage.Orientation.Portrait)
    layout.pageCollection().addPage(page)
    return layout.pageCollection().pageCount() - 1


def place_template(layout, name: str, page_index: int | None = None) -> PageItems:
    """Load template ``name`` onto a new page (or page ``page_index``) and return its items.

    The template's items are positioned relative to its first page; they are moved to the same
    place on the target page.
    """
    if page_index is None:
        page_index = add_page(layout)
    while layout.pageCollection().pageCount() <= page_index:
        add_page(layout)
    document = read_template(name)
    loaded = layout.loadFromTemplate(document, QgsReadWriteContext(), False)
    items = loaded[0] if isinstance(loaded, tuple) else loaded

    by_id: dict = {}
    for item in items:
        if isinstance(item, QgsLayoutItemPage):
            continue
        position = item.pagePositionWithUnits()
        item.attemptMove(QgsLayoutPoint(position.x(), position.y(), position.units()), True, False, page_index)
        if isinstance(item, QgsLayoutFrame) and item.multiFrame() is not None:
            by_id[f"{item.id()}#frame"] = item
            by_id.setdefault(item.id(), item.multiFrame())
        elif item.id():
            by_id[item.id()] = item
    check_layout_fonts(layout)
    return PageItems(page_index, by_id)
