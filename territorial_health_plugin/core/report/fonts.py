"""Fonts of the layout: check them in QFontDatabase, fall back to the Lato files shipped with the plugin.

A family missing on the machine would be replaced silently by Qt with a default font of other
metrics, and text would overflow its frames. So before export every family used by the layout's
labels is looked up in QFontDatabase; Lato is registered from ``resources/fonts/`` when the system
lacks it, and a family that cannot be had is replaced by Lato, with a warning in the log.
"""

from __future__ import annotations

import logging

from qgis.core import (
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemScaleBar,
    QgsLayoutTable,
    QgsLegendStyle,
    QgsTextFormat,
)
from qgis.PyQt.QtGui import QFont, QFontDatabase

from territorial_health_plugin.toolbelt.i18n import tr
from territorial_health_plugin.toolbelt.resources import resource_path

FALLBACK_FAMILY = "Lato"
FALLBACK_FILES = ("Lato-Regular.ttf", "Lato-Bold.ttf")

logger = logging.getLogger(__name__)

_registered: list[int] = []


def family_available(family: str) -> bool:
    """Return True when QFontDatabase lists ``family`` (case-insensitive)."""
    wanted = family.strip().lower()
    return any(name.lower() == wanted for name in QFontDatabase().families())


def ensure_fallback_font() -> str:
    """Make sure the fallback family can be drawn; register the shipped files when needed.

    Returns the family name to use. When the files cannot be loaded either, Qt's default
    family is returned and an error is logged.
    """
    if family_available(FALLBACK_FAMILY):
        return FALLBACK_FAMILY
    if not _registered:
        for name in FALLBACK_FILES:
            font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
            if font_id >= 0:
                _registered.append(font_id)
    if family_available(FALLBACK_FAMILY):
        logger.warning(tr("Font « {family} » is not installed: the copy shipped with the plugin is used.").format(
            family=FALLBACK_FAMILY))
        return FALLBACK_FAMILY
    default = QFont().defaultFamily()
    logger.error(tr("Font « {family} » could not be loaded from the plugin: « {default} » is used and texts "
                    "may overflow their frames.").format(family=FALLBACK_FAMILY, default=default))
    return default


def check_layout_fonts(layout) -> dict[str, str]:
    """Replace every missing font family in ``layout``'s labels, legends and scale bars.

    Returns ``{missing family: family used instead}`` (empty when nothing was missing) and
    logs one warning per missing family. Every text also gets ligatures turned off.
    """
    fallback = ensure_fallback_font()
    replaced: dict[str, str] = {}
    for item in layout.items():
        for text_format, apply in _text_formats(item):
            font = text_format.font()
            family = font.family()
            if family and not family_available(family):
                replaced[family] = fallback
                font.setFamily(fallback)
            # Ligatures (Lato's « ti », « ff ») become glyphs without text in the PDF, which
            # breaks search and copy; Latin text reads the same without them.
            font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
            text_format.setFont(font)
            apply(text_format)

    for family, used in replaced.items():
        logger.warning(tr("Font « {family} » of the layout is not installed: « {used} » is used instead. Install "
                          "« {family} » to print with it.").format(family=family, used=used))
    return replaced


def _text_formats(item):
    """Yield ``(text format, setter)`` pairs for the text styles of a layout item."""
    if isinstance(item, QgsLayoutItemLabel):
        yield _label_format(item), lambda text_format, label=item: _set_label_format(label, text_format)
    elif isinstance(item, QgsLayoutItemLegend):
        for style_id in (QgsLegendStyle.Style.Title, QgsLegendStyle.Style.Group,
                         QgsLegendStyle.Style.Subgroup, QgsLegendStyle.Style.SymbolLabel):
            style = item.style(style_id)
            text_format = QgsTextFormat()
            text_format.setFont(style.font())
            yield text_format, lambda fmt, legend=item, sid=style_id: _set_legend_font(legend, sid, fmt)
    elif isinstance(item, QgsLayoutItemScaleBar):
        yield item.textFormat(), item.setTextFormat
    elif isinstance(item, QgsLayoutFrame) and isinstance(item.multiFrame(), QgsLayoutTable):
        table = item.multiFrame()
        yield table.headerTextFormat(), table.setHeaderTextFormat
        yield table.contentTextFormat(), table.setContentTextFormat


def _label_format(label: QgsLayoutItemLabel) -> QgsTextFormat:
    # QgsLayoutItemLabel.textFormat() exists from QGIS 3.24; 3.22 only has font().
    if hasattr(label, "textFormat"):
        return label.textFormat()
    text_format = QgsTextFormat()
    text_format.setFont(label.font())
    return text_format


def _set_label_format(label: QgsLayoutItemLabel, text_format: QgsTextFormat) -> None:
    if hasattr(label, "setTextFormat"):
        label.setTextFormat(text_format)
    else:
        label.setFont(text_format.font())


def _set_legend_font(legend: QgsLayoutItemLegend, style_id, text_format: QgsTextFormat) -> None:
    style = legend.style(style_id)
    style.setFont(text_format.font())
    legend.setStyle(style_id, style)
