"""The tables of the diagnostic: key figures beside the comparison places, and the sources.

They are QgsLayoutItemManualTable frames (not HTML items, which QGIS builds without WebKit
cannot draw), so every build of QGIS 3.22 to 4 renders them.
"""

from __future__ import annotations

import logging

from qgis.core import QgsLayoutTableColumn, QgsTableCell
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor, QFont

from territorial_health_plugin.core.catalogue import theme_label
from territorial_health_plugin.core.report.context import indicator_attr, indicator_decimals, indicators_by_theme
from territorial_health_plugin.core.report.formatting import UNITLESS, format_value
from territorial_health_plugin.core.report.narrative import comparisons
from territorial_health_plugin.core.report.sources import synthetic_label
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

WORSE_COLOUR = QColor("#f4c7c3")
BETTER_COLOUR = QColor("#cde8d0")
THEME_COLOUR = QColor("#e3eaf2")
HEADER_COLOUR = QColor("#1f3b5c")
SHORT_UNITS = ("%", "€")
MIN_TABLE_POINT_SIZE = 6.0


def _headers(table, names: list[str], widths: list[float], right_aligned: tuple[int, ...] = ()) -> None:
    columns = []
    for index, (name, width) in enumerate(zip(names, widths)):
        column = QgsLayoutTableColumn(name)
        column.setWidth(width)
        if index in right_aligned:
            column.setHAlignment(Qt.AlignmentFlag.AlignRight)
        columns.append(column)
    table.setHeaders(columns)
    table.setIncludeTableHeader(True)
    table.setColumnWidths(widths)


def _cell(text: str, background: QColor | None = None, bold: bool = False, align_right: bool = False,
          table=None) -> QgsTableCell:
    cell = QgsTableCell(text)
    if background is not None:
        cell.setBackgroundColor(background)
    if bold and table is not None:
        text_format = table.contentTextFormat()
        font = text_format.font()
        font.setBold(True)
        # Ligatures would become glyphs without text in the PDF (see fonts.check_layout_fonts).
        font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
        text_format.setFont(font)
        cell.setTextFormat(text_format)
    if align_right:
        cell.setHorizontalAlignment(Qt.AlignmentFlag.AlignRight)
    return cell


def _value_text(value, indicator) -> str:
    unit = str(indicator_attr(indicator, "unit", ""))
    return format_value(value, unit if unit in SHORT_UNITS else "", indicator_decimals(indicator))


def _row_label(indicator) -> str:
    label = str(indicator_attr(indicator, "label", indicator_attr(indicator, "id")))
    unit = str(indicator_attr(indicator, "unit", ""))
    return f"{label} ({unit})" if unit not in SHORT_UNITS + UNITLESS else label


def _mark(judgement: str) -> str:
    marks = {"worse": tr("▼ less favourable"), "better": tr("▲ more favourable"), "close": tr("≈ close")}
    return marks.get(judgement, "")


def has_territory_value(indicator, references: dict) -> bool:
    """Return True when the territory's value of ``indicator`` is known."""
    territory = references.get(str(indicator_attr(indicator, "id")), {}).get("territoire")
    return territory is not None and territory.value is not None


def fill_key_figures(table, indicators, references: dict) -> list:
    """Fill the key-figures table: one row per indicator under its theme, gaps coloured.

    Indicators without a value for the territory get no row; they are returned so that the
    page can name them.
    """
    widths = [62, 22, 22, 22, 22, 36]
    _headers(table, [tr("Indicator"), tr("Territory"), tr("Département"), tr("Région"), tr("France"),
                     tr("Compared with France")], widths, right_aligned=(1, 2, 3, 4))
    rows, left_out = [], []
    for theme, items in indicators_by_theme(indicators).items():
        shown = [item for item in items if has_territory_value(item, references)]
        left_out.extend(item for item in items if item not in shown)
        if not shown:
            continue
        rows.append([_cell(theme_label(theme), THEME_COLOUR, True, table=table)]
                    + [_cell("", THEME_COLOUR) for _ in range(5)])
        for indicator in shown:
            rows.append(_key_figure_row(table, indicator, references.get(str(indicator_attr(indicator, "id")), {})))
    table.setTableContents(rows)
    logger.debug("key figures: %s rows, %s indicators without value", len(rows), len(left_out))
    return left_out


def _key_figure_row(table, indicator, references: dict) -> list[QgsTableCell]:
    territory = references.get("territoire")
    by_scope = {item.scope: item for item in comparisons(indicator, references)}
    row = [_cell(_row_label(indicator)), _cell(_value_text(territory.value if territory else None, indicator),
                                                bold=True, align_right=True, table=table)]
    for scope in ("departement", "region", "france"):
        item = by_scope.get(scope)
        reference = references.get(scope)
        colour = {"worse": WORSE_COLOUR, "better": BETTER_COLOUR}.get(item.judgement if item else "")
        row.append(_cell(_value_text(reference.value if reference else None, indicator), colour, align_right=True))
    france = by_scope.get("france")
    row.append(_cell(_mark(france.judgement) if france else ""))
    return row


def key_figures_note() -> str:
    """Return the note under the key figures: colours, marks and n.d."""
    return tr("Red background: the territory is notably less favourable than that place; green: notably more "
              "favourable; no colour: gap under 10 % of the compared value, or no favourable direction. "
              "▲/▼ repeat the comparison with France for grey prints. n/a: not available (not published, "
              "or not computable from the loaded data).")


def fit_frame_height(frame) -> None:
    """Shrink the table's text until all rows fit in ``frame`` (down to 6 pt), else continue it on new pages."""
    table = frame.multiFrame()
    for _ in range(8):
        if table.totalSize().height() <= frame.rect().height():
            return
        for getter, setter in ((table.contentTextFormat, table.setContentTextFormat),
                               (table.headerTextFormat, table.setHeaderTextFormat)):
            text_format = getter()
            size = max(MIN_TABLE_POINT_SIZE, text_format.size() - 0.5)
            text_format.setSize(size)
            setter(text_format)
        table.recalculateFrameSizes()
    if table.totalSize().height() > frame.rect().height():
        # Too many rows even at the smallest size: the table continues on the next page(s).
        from qgis.core import QgsLayoutMultiFrame

        table.setResizeMode(QgsLayoutMultiFrame.ResizeMode.RepeatUntilFinished)
        table.recalculateFrameSizes()
        logger.debug("table %s continues on %s frames", frame.id(), len(table.frames()))


def wrap_url(url: str, font, width_mm: float) -> str:
    """Break ``url`` into lines after « / » so that each fits ``width_mm`` (a URL has no spaces to wrap at)."""
    from territorial_health_plugin.core.report.fitting import text_width_mm

    pieces = []
    for piece in [part + "/" for part in url.split("/")[:-1]] + [url.split("/")[-1]]:
        # A path segment wider than the column is cut between characters.
        while len(piece) > 1 and text_width_mm(piece, font) > width_mm:
            cut = len(piece) - 1
            while cut > 1 and text_width_mm(piece[:cut], font) > width_mm:
                cut -= 1
            pieces.append(piece[:cut])
            piece = piece[cut:]
        pieces.append(piece)
    lines = [""]
    for piece in pieces:
        if lines[-1] and text_width_mm(lines[-1] + piece, font) > width_mm:
            lines.append(piece)
        else:
            lines[-1] += piece
    return "\n".join(line for line in lines if line)


def fill_sources(table, indicators, cog_year: str) -> None:
    """Fill the methods table: definition, producer and dataset, vintage, licence per indicator."""
    from qgis.core import QgsLayoutMultiFrame

    widths = [38, 64, 42, 14, 28]
    _headers(table, [tr("Indicator"), tr("Definition"), tr("Producer, dataset"), tr("Vintage"), tr("Licence")],
             widths)
    rows = []
    for indicator in indicators:
        definition = str(indicator_attr(indicator, "definition", ""))
        page = str(indicator_attr(indicator, "source_page", ""))
        producer = ", ".join(str(part) for part in (indicator_attr(indicator, "producer", ""),
                                                    indicator_attr(indicator, "dataset", "")) if part)
        if indicator_attr(indicator, "synthetic", False):
            producer += f" ({synthetic_label()})"
        if page:
            producer += "\n" + wrap_url(page, table.contentTextFormat().font(), widths[2] - 3)
        vintage = str(indicator_attr(indicator, "vintage", ""))
        if cog_year:
            vintage += "\n" + tr("COG {year}").format(year=cog_year)
        rows.append([_cell(str(indicator_attr(indicator, "label", indicator_attr(indicator, "id")))),
                     _cell(definition), _cell(producer), _cell(vintage),
                     _cell(str(indicator_attr(indicator, "licence", "")))])
    table.setTableContents(rows)
    # Rows that do not fit on the methods page continue on pages added after it.
    table.setResizeMode(QgsLayoutMultiFrame.ResizeMode.RepeatUntilFinished)
    table.recalculateFrameSizes()
