"""Measure label text against its frame, and shrink text that would overflow.

QGIS 3.22 draws a plain-text label with QPainter and word wrap, so QFontMetricsF measures what
the PDF will show. Fonts are measured at ten pixels per point, and lengths converted to
millimetres (1 pt = 25.4 / 72 mm).
"""

from __future__ import annotations

import logging

from qgis.core import QgsLayoutItemLabel
from qgis.PyQt.QtCore import QRectF, Qt
from qgis.PyQt.QtGui import QFont, QFontMetricsF

logger = logging.getLogger(__name__)

PIXELS_PER_POINT = 10
MM_PER_POINT = 25.4 / 72
MIN_POINT_SIZE = 6.0


def label_font(label: QgsLayoutItemLabel) -> QFont:
    """Return the font of a label whatever the QGIS version (textFormat() from 3.24)."""
    if hasattr(label, "textFormat"):
        text_format = label.textFormat()
        font = QFont(text_format.font())
        font.setPointSizeF(text_format.size())
        return font
    return QFont(label.font())


def text_height_mm(text: str, font: QFont, width_mm: float) -> float:
    """Return the height in mm that ``text`` takes when wrapped in ``width_mm``."""
    measured = QFont(font)
    points = font.pointSizeF() if font.pointSizeF() > 0 else font.pixelSize() * 72 / 96
    measured.setPixelSize(max(1, round(points * PIXELS_PER_POINT)))
    metrics = QFontMetricsF(measured)
    width_px = width_mm / MM_PER_POINT * PIXELS_PER_POINT
    rect = metrics.boundingRect(QRectF(0, 0, width_px, 1e7), int(Qt.TextFlag.TextWordWrap), text)
    too_wide = any(metrics.horizontalAdvance(word) > width_px for word in text.split())
    height = rect.height() / PIXELS_PER_POINT * MM_PER_POINT
    return float("inf") if too_wide else height


def text_width_mm(text: str, font: QFont) -> float:
    """Return the width in mm of ``text`` on one line in ``font`` (point size)."""
    measured = QFont(font)
    points = font.pointSizeF() if font.pointSizeF() > 0 else font.pixelSize() * 72 / 96
    measured.setPixelSize(max(1, round(points * PIXELS_PER_POINT)))
    return QFontMetricsF(measured).horizontalAdvance(text) / PIXELS_PER_POINT * MM_PER_POINT


def label_overflow_mm(label: QgsLayoutItemLabel) -> float:
    """Return by how many mm the label's text exceeds its frame height (≤ 0 when it fits)."""
    text = label.currentText()
    if not text.strip():
        return 0.0
    width = label.rect().width() - 2 * max(label.marginX(), 0)
    height = label.rect().height() - 2 * max(label.marginY(), 0)
    return text_height_mm(text, label_font(label), width) - height


def shrink_to_fit(label: QgsLayoutItemLabel, warn: bool = True) -> bool:
    """Lower the label's font size in 0.5 pt steps until its text fits; return True if it fits.

    Stops at :data:`MIN_POINT_SIZE`. With ``warn``, text that still overflows is logged as a
    warning, so that the template can be given a larger frame.
    """
    while label_overflow_mm(label) > 0:
        font = label_font(label)
        size = font.pointSizeF() - 0.5
        if size < MIN_POINT_SIZE:
            log = logger.warning if warn else logger.debug
            log("Label %s overflows its frame by %.1f mm", label.id(), label_overflow_mm(label))
            return False
        _set_point_size(label, size)
    return True


def _set_point_size(label: QgsLayoutItemLabel, size: float) -> None:
    if hasattr(label, "textFormat"):
        text_format = label.textFormat()
        text_format.setSize(size)
        font = text_format.font()
        font.setPointSizeF(size)
        text_format.setFont(font)
        label.setTextFormat(text_format)
    else:
        font = label.font()
        font.setPointSizeF(size)
        label.setFont(font)


def cut_to_fit(label: QgsLayoutItemLabel, note: str) -> bool:
    """Drop the label's last lines, then its last words, until its text and ``note`` fit its frame.

    For a text that still overflows at :data:`MIN_POINT_SIZE`: ``note`` (for example « … the rest
    in run_report.json ») ends the kept text. Returns False when not even the note fits.
    """
    lines = label.currentText().split("\n")
    while len(lines) > 1:
        lines.pop()
        label.setText("\n".join(lines + [note]))
        if label_overflow_mm(label) <= 0:
            return True
    words = lines[0].split(" ") if lines else []
    while words:
        words.pop()
        label.setText(" ".join(words) + " " + note if words else note)
        if label_overflow_mm(label) <= 0:
            return True
    return label_overflow_mm(label) <= 0
