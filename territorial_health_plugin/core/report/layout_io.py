"""Reading a print layout from its XML page by page, so that Qt can process events between pages.

``QgsPrintLayout.readXml`` restores a whole layout in one call: 1.5 s for the 39-page
diagnostic of the MEL, during which QGIS does not repaint. :func:`read_layout_by_page` does the
same work in pieces. It first reads the layout without its items (settings, pages, atlas), then
adds the items of one page at a time with ``QgsLayout.addItemsFromXml``, which is what
``readXml`` itself calls for all items at once, and calls ``between()`` after each page.
"""

from __future__ import annotations

from typing import Callable

from qgis.core import QgsLayoutPoint, QgsReadWriteContext
from qgis.PyQt.QtCore import QPointF
from qgis.PyQt.QtXml import QDomDocument, QDomElement

ITEM_TAG = "LayoutItem"
MULTIFRAME_TAG = "LayoutMultiFrame"
FRAME_TAG = "childFrame"
GROUP_TYPE = "65637"  # QgsLayoutItemRegistry.LayoutGroup


def read_layout_by_page(layout, element: QDomElement, document: QDomDocument,
                        between: Callable[[], None] | None = None,
                        context: QgsReadWriteContext | None = None) -> bool:
    """Restore ``layout`` from its ``<Layout>`` ``element``, one page of items at a time.

    Items keep their uuids, so legends, scale bars and north arrows find their maps again.
    Table frames are restored with their page, item groups with the last page, after every
    member they link, and then the tables (multiframes) one at a time, each linked to its
    frames. ``element`` is emptied of
    its items. Returns False when ``readXml`` rejects the element.
    """
    context = context or QgsReadWriteContext()
    items = _take_children(element, ITEM_TAG)
    multiframes = _take_children(element, MULTIFRAME_TAG)
    if not layout.readXml(element, document, context):
        return False
    if between is not None:
        between()

    pages: dict[int, list[QDomElement]] = {}
    last: list[QDomElement] = []
    for item in items:
        if item.attribute("type") == GROUP_TYPE:
            last.append(item)
        else:
            pages.setdefault(_page_of(layout, item), []).append(item)
    ordered = [pages[page] for page in sorted(pages)]
    if ordered:
        ordered[-1].extend(last)
    else:
        ordered = [last]

    for index, chunk in enumerate(ordered):
        _add_items(layout, document, context, chunk)
        if between is not None and index < len(ordered) - 1:
            between()
    # The tables come last, one at a time, and their frames are linked after them. Read with
    # its frames, a table laid out its cells again for each frame linked: 0.25 s in one call
    # for the three-page methods table of the MEL's diagnostic.
    for multiframe in multiframes:
        frames = [frame.attribute("uuid") for frame in _take_children(multiframe, FRAME_TAG)]
        if between is not None:
            between()
        _add_items(layout, document, context, [multiframe])
        table = layout.multiFrameByUuid(multiframe.attribute("uuid"))
        if table is None:
            continue
        for uuid in frames:
            frame = layout.itemByUuid(uuid)
            if frame is not None:
                table.addFrame(frame, False)
        if between is not None:
            between()
        table.recalculateFrameSizes()
    layout.updateBounds()
    return True


def _add_items(layout, document: QDomDocument, context: QgsReadWriteContext, elements: list[QDomElement]) -> None:
    parent = document.createElement("Items")
    for element in elements:
        parent.appendChild(element)
    layout.addItemsFromXml(parent, document, context)


def _take_children(element: QDomElement, tag: str) -> list[QDomElement]:
    """Remove and return the direct children of ``element`` named ``tag``."""
    children = []
    child = element.firstChildElement(tag)
    while not child.isNull():
        following = child.nextSiblingElement(tag)
        element.removeChild(child)
        children.append(child)
        child = following
    return children


def _page_of(layout, item: QDomElement) -> int:
    """Return the page index of an item from its saved position (top-left corner)."""
    point = QgsLayoutPoint.decodePoint(item.attribute("position", "0,0,mm"))
    position = layout.convertToLayoutUnits(point)
    return max(0, layout.pageCollection().pageNumberForPoint(QPointF(position.x(), position.y())))
