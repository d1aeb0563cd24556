"""Build the default page templates of ``resources/layouts/`` in code.

The shipped ``.qpt`` files are the output of this module; the plugin only reads them. Run
``python3 -m territorial_health_plugin.core.report.default_templates`` (QGIS Python) after
changing the look here, or edit the ``.qpt`` files in QGIS's layout designer instead. Positions
are in millimetres on an A4 portrait page (210 × 297 mm) with 12 mm side margins.
"""

from __future__ import annotations

import sys
from pathlib import Path

from qgis.core import (
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutItemShape,
    QgsLayoutMultiFrame,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTable,
    QgsLayoutTableStyle,
    QgsLegendStyle,
    QgsPrintLayout,
    QgsProject,
    QgsReadWriteContext,
    QgsTextFormat,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor, QFont

from territorial_health_plugin.core.report import templates
from territorial_health_plugin.core.report.fonts import FALLBACK_FAMILY, ensure_fallback_font

FAMILY = FALLBACK_FAMILY
DARK = QColor("#1f3b5c")
ACCENT = QColor("#2f6f9f")
GREY = QColor("#555555")
TEXT = QColor("#222222")
MARGIN = 12.0
CONTENT_WIDTH = 210.0 - 2 * MARGIN


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont(FAMILY)
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def _text_format(size: float, bold: bool = False, colour: QColor | None = None) -> QgsTextFormat:
    colour = colour if colour is not None else TEXT
    text_format = QgsTextFormat()
    text_format.setFont(_font(size, bold))
    text_format.setSize(size)
    text_format.setSizeUnit(QgsUnitTypes.RenderUnit.RenderPoints)
    text_format.setColor(colour)
    return text_format


def _place(item, x: float, y: float, width: float, height: float) -> None:
    item.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    item.attemptResize(QgsLayoutSize(width, height, QgsUnitTypes.LayoutUnit.LayoutMillimeters))


def add_label(layout, item_id: str, rect, text: str, size: float, bold: bool = False,
              colour: QColor | None = None, align=Qt.AlignmentFlag.AlignLeft):
    """Add a label with the template font; ``rect`` is (x, y, width, height) in mm."""
    colour = colour if colour is not None else TEXT
    label = QgsLayoutItemLabel(layout)
    label.setId(item_id)
    label.setText(text)
    if hasattr(label, "setTextFormat"):
        label.setTextFormat(_text_format(size, bold, colour))
    else:
        label.setFont(_font(size, bold))
        label.setFontColor(colour)
    label.setHAlign(align)
    label.setVAlign(Qt.AlignmentFlag.AlignTop)
    label.setMarginX(0)
    label.setMarginY(0)
    layout.addLayoutItem(label)
    _place(label, *rect)
    return label


def add_map(layout, item_id: str, rect, frame: bool = True):
    """Add an empty map item; the code sets its layers and extent."""
    item = QgsLayoutItemMap(layout)
    item.setId(item_id)
    item.setFrameEnabled(frame)
    item.setFrameStrokeColor(QColor("#999999"))
    item.setBackgroundColor(QColor("#ffffff"))
    layout.addLayoutItem(item)
    _place(item, *rect)
    return item


def add_legend(layout, item_id: str, rect):
    """Add a legend whose size stays fixed, so that it never grows out of its frame."""
    legend = QgsLayoutItemLegend(layout)
    legend.setId(item_id)
    legend.setResizeToContents(False)
    legend.setWrapString("")
    legend.setSymbolWidth(6)
    legend.setSymbolHeight(4)
    styles = ((QgsLegendStyle.Style.Title, 9, True), (QgsLegendStyle.Style.Group, 8, True),
              (QgsLegendStyle.Style.Subgroup, 8, True), (QgsLegendStyle.Style.SymbolLabel, 7.5, False))
    for style_id, size, bold in styles:
        style = legend.style(style_id)
        style.setFont(_font(size, bold))
        legend.setStyle(style_id, style)
    layout.addLayoutItem(legend)
    _place(legend, *rect)
    return legend


def add_scale_bar(layout, item_id: str, rect):
    """Add a kilometre scale bar; the code links it to its map."""
    bar = QgsLayoutItemScaleBar(layout)
    bar.setId(item_id)
    bar.setStyle("Single Box")
    bar.setUnits(QgsUnitTypes.DistanceUnit.DistanceKilometers)
    bar.setUnitLabel("km")
    bar.setMapUnitsPerScaleBarUnit(1)
    bar.setNumberOfSegmentsLeft(0)
    bar.setNumberOfSegments(2)
    bar.setHeight(1.5)
    bar.setTextFormat(_text_format(7))
    layout.addLayoutItem(bar)
    _place(bar, *rect)
    return bar


def add_picture(layout, item_id: str, rect):
    """Add an empty picture item (north arrow or chart)."""
    picture = QgsLayoutItemPicture(layout)
    picture.setId(item_id)
    picture.setResizeMode(QgsLayoutItemPicture.ResizeMode.Zoom)
    layout.addLayoutItem(picture)
    _place(picture, *rect)
    return picture


def add_table(layout, item_id: str, rect, header_size: float = 8, body_size: float = 8):
    """Add a manual table in one frame; it continues on new pages when its rows do not fit."""
    table = QgsLayoutItemManualTable.create(layout)
    table.setHeaderTextFormat(_text_format(header_size, True, QColor("#ffffff")))
    table.setContentTextFormat(_text_format(body_size))
    table.setWrapBehavior(QgsLayoutTable.WrapBehavior.WrapText)
    table.setCellMargin(1.2)
    table.setGridStrokeWidth(0.2)
    table.setGridColor(QColor("#bbbbbb"))
    table.setHorizontalGrid(True)
    table.setVerticalGrid(False)
    table.setHeaderMode(QgsLayoutTable.HeaderMode.AllFrames)
    table.setResizeMode(QgsLayoutMultiFrame.ResizeMode.UseExistingFrames)
    header_style = QgsLayoutTableStyle()
    header_style.enabled = True
    header_style.cellBackgroundColor = QColor(DARK)
    table.setCellStyle(QgsLayoutTable.CellStyleGroup.HeaderRow, header_style)
    layout.addMultiFrame(table)
    frame = QgsLayoutFrame(layout, table)
    frame.setId(item_id)
    table.addFrame(frame)
    _place(frame, *rect)
    return table


def add_band(layout, item_id: str, rect, colour: QColor):
    """Add a filled rectangle without stroke (title band, rule)."""
    shape = QgsLayoutItemShape(layout)
    shape.setId(item_id)
    shape.setShapeType(QgsLayoutItemShape.Shape.Rectangle)
    symbol = shape.symbol().clone()
    symbol.setColor(colour)
    symbol.symbolLayer(0).setStrokeStyle(Qt.PenStyle.NoPen)
    shape.setSymbol(symbol)
    layout.addLayoutItem(shape)
    _place(shape, *rect)
    return shape


def _page_header(layout) -> None:
    add_label(layout, "section", (MARGIN, 9, CONTENT_WIDTH, 5), "Thème", 8.5, True, ACCENT)
    add_label(layout, "page_title", (MARGIN, 14.5, CONTENT_WIDTH, 9), "Titre", 15, True, DARK)
    add_band(layout, "rule", (MARGIN, 24.5, CONTENT_WIDTH, 0.4), DARK)


def _page_footer(layout) -> None:
    add_label(layout, "footer", (MARGIN, 287, CONTENT_WIDTH, 5), "Pied de page", 7, False, GREY)
    add_label(layout, "page_number", (MARGIN, 287, CONTENT_WIDTH, 5), "[% @layout_page %]", 7, False, GREY,
              Qt.AlignmentFlag.AlignRight)


def build_cover(layout) -> None:
    """Build the cover: title band, territory, location map, key facts, date and producers."""
    add_band(layout, "band", (0, 0, 210, 92), DARK)
    add_label(layout, "kicker", (15, 22, 180, 9), "Diagnostic territorial de santé", 15, False, QColor("#ffffff"))
    add_label(layout, "territory_name", (15, 34, 180, 34), "Territoire", 26, True, QColor("#ffffff"))
    add_label(layout, "territory_type", (15, 72, 180, 12), "Type de territoire", 12, False, QColor("#dce6f0"))
    add_map(layout, "location_map", (15, 104, 112, 112))
    add_label(layout, "location_caption", (15, 218, 112, 9), "Situation", 7.5, False, GREY)
    add_label(layout, "facts", (136, 104, 60, 112), "Chiffres", 11, False, DARK)
    add_band(layout, "rule", (15, 233, 180, 0.4), DARK)
    add_label(layout, "date", (15, 237, 180, 6), "Date", 9, True, DARK)
    add_label(layout, "producers", (15, 245, 180, 40), "Producteurs", 7.5, False, GREY)


def build_summary(layout) -> None:
    """Build the synthèse: the findings first, then key figures beside département, région and France."""
    _page_header(layout)
    add_label(layout, "findings_title", (MARGIN, 28, CONTENT_WIDTH, 6), "Points saillants", 11, True, DARK)
    add_label(layout, "findings", (MARGIN, 35, CONTENT_WIDTH, 34), "Constats", 9)
    add_label(layout, "intro", (MARGIN, 72, CONTENT_WIDTH, 9), "Introduction", 8.5)
    add_table(layout, "key_figures", (MARGIN, 82, CONTENT_WIDTH, 189), 7.5, 7.5)
    add_label(layout, "table_note", (MARGIN, 273, CONTENT_WIDTH, 12), "Note", 6.5, False, GREY)
    _page_footer(layout)


def build_indicator(layout) -> None:
    """Build an indicator page: map with legend, scale bar, north arrow and source, text, chart."""
    _page_header(layout)
    add_map(layout, "map", (MARGIN, 28, 128, 124))
    add_picture(layout, "north_arrow", (MARGIN + 119, 30, 7, 10))
    add_legend(layout, "legend", (MARGIN + 132, 28, CONTENT_WIDTH - 132, 124))
    add_scale_bar(layout, "scale_bar", (MARGIN, 154, 55, 8))
    add_label(layout, "source", (MARGIN, 163, CONTENT_WIDTH, 8), "Source", 6.5, False, GREY)
    add_label(layout, "narrative", (MARGIN, 173, CONTENT_WIDTH, 30), "Texte", 9.5)
    add_label(layout, "chart_title", (MARGIN, 205, CONTENT_WIDTH, 5), "Graphique", 8.5, True, DARK)
    add_picture(layout, "chart", (MARGIN, 211, CONTENT_WIDTH, 72))
    _page_footer(layout)


def build_chart_page(layout) -> None:
    """Build a page of one comparison chart with its text (the age structure)."""
    _page_header(layout)
    add_label(layout, "narrative", (MARGIN, 28, CONTENT_WIDTH, 24), "Texte", 9.5)
    add_label(layout, "chart_title", (MARGIN, 55, CONTENT_WIDTH, 5), "Graphique", 8.5, True, DARK)
    add_picture(layout, "chart", (MARGIN, 62, CONTENT_WIDTH, 110))
    add_label(layout, "source", (MARGIN, 175, CONTENT_WIDTH, 10), "Source", 6.5, False, GREY)
    _page_footer(layout)


def build_methods(layout) -> None:
    """Build the methods page: joins and hidden values, then one row per indicator."""
    _page_header(layout)
    add_label(layout, "coverage", (MARGIN, 28, CONTENT_WIDTH, 44), "Couverture", 8.5)
    add_table(layout, "sources_table", (MARGIN, 74, CONTENT_WIDTH, 208), 7, 6.5)
    _page_footer(layout)


def build_atlas(layout) -> None:
    """Build the atlas page of one commune: map, legend, key figures, sources."""
    _page_header(layout)
    # The key figures list about 25 indicators, some on two lines: the map leaves them room.
    add_map(layout, "map", (MARGIN, 28, CONTENT_WIDTH, 112))
    add_picture(layout, "north_arrow", (MARGIN + CONTENT_WIDTH - 10, 30, 7, 10))
    add_scale_bar(layout, "scale_bar", (MARGIN, 142, 55, 8))
    add_legend(layout, "legend", (MARGIN, 154, 80, 118))
    add_label(layout, "figures_title", (MARGIN + 88, 154, CONTENT_WIDTH - 88, 6), "Chiffres clés", 10, True, DARK)
    add_label(layout, "figures", (MARGIN + 88, 161, CONTENT_WIDTH - 88, 111), "Chiffres", 7)
    add_label(layout, "source", (MARGIN, 274, CONTENT_WIDTH, 11), "Source", 6.5, False, GREY)
    _page_footer(layout)


BUILDERS = {
    templates.COVER: build_cover,
    templates.SUMMARY: build_summary,
    templates.INDICATOR: build_indicator,
    templates.CHART: build_chart_page,
    templates.METHODS: build_methods,
    templates.ATLAS: build_atlas,
}


def write_templates(folder: Path) -> list[Path]:
    """Write every default template into ``folder`` and return their paths."""
    ensure_fallback_font()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, builder in BUILDERS.items():
        layout = QgsPrintLayout(QgsProject.instance())
        layout.initializeDefaults()
        builder(layout)
        path = folder / name
        if not layout.saveAsTemplate(str(path), QgsReadWriteContext()):
            raise OSError(f"could not write {path}")
        written.append(path)
    return written


if __name__ == "__main__":
    from territorial_health_plugin.toolbelt.qgis_app import start_headless_qgis

    start_headless_qgis()
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else templates.template_path(templates.COVER).parent
    for written_path in write_templates(target):
        print(written_path)
