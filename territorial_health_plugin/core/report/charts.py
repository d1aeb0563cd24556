"""Charts drawn with QPainter into SVG files, placed in the layout as picture items.

matplotlib is not part of QGIS installs, so the charts are drawn by hand: a histogram of an
indicator across IRIS or communes, and communes ranked by value. SVG keeps text and bars as
vectors in the PDF. Sizes are in millimetres of the layout; one SVG unit is 0.1 mm.
"""

from __future__ import annotations

import math
from pathlib import Path

from qgis.PyQt.QtCore import QPointF, QRectF, QSize, Qt
from qgis.PyQt.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from qgis.PyQt.QtSvg import QSvgGenerator

from territorial_health_plugin.core.report.formatting import format_number, format_value, is_missing
from territorial_health_plugin.toolbelt.i18n import tr

UNITS_PER_MM = 10
BAR_COLOUR = QColor("#4a6fa5")
HIGHLIGHT_COLOUR = QColor("#c0392b")
AXIS_COLOUR = QColor("#555555")
TEXT_COLOUR = QColor("#222222")


class _SvgCanvas:
    """A QPainter on a new SVG file, closed by :meth:`close`."""

    def __init__(self, path: Path, width_mm: float, height_mm: float, title: str, font_family: str):
        self.width = width_mm * UNITS_PER_MM
        self.height = height_mm * UNITS_PER_MM
        self.generator = QSvgGenerator()
        self.generator.setFileName(str(path))
        self.generator.setSize(QSize(int(self.width), int(self.height)))
        self.generator.setViewBox(QRectF(0, 0, self.width, self.height))
        self.generator.setTitle(title)
        self.painter = QPainter(self.generator)
        self.painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.font = QFont(font_family)
        # 2.6 mm text (about 7.5 pt) reads well once the chart is placed at its size.
        self.font.setPixelSize(int(2.6 * UNITS_PER_MM))
        self.painter.setFont(self.font)
        self.metrics = QFontMetricsF(self.font)

    def text(self, rect: QRectF, flags, text: str, colour: QColor = TEXT_COLOUR) -> None:
        self.painter.setPen(QPen(colour))
        self.painter.drawText(rect, int(flags), text)

    def close(self) -> None:
        self.painter.end()


def _align(*flags):
    value = 0
    for flag in flags:
        value |= int(flag)
    return value


def nice_step(span: float, target_ticks: int = 5) -> float:
    """Return a round tick step (1, 2 or 5 × 10ⁿ) giving about ``target_ticks`` ticks over ``span``."""
    if span <= 0 or math.isnan(span):
        return 1.0
    raw = span / target_ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power


def histogram_bins(values: list[float], count: int = 12) -> tuple[list[float], list[int]]:
    """Split ``values`` into at most ``count`` equal bins on round edges; return edges and counts."""
    low, high = min(values), max(values)
    if high == low:
        return [low, low + 1], [len(values)]
    step = nice_step(high - low, count)
    start = math.floor(low / step) * step
    edges = [start]
    while edges[-1] <= high:
        edges.append(edges[-1] + step)
    counts = [0] * (len(edges) - 1)
    for value in values:
        index = min(int((value - start) // step), len(counts) - 1)
        counts[index] += 1
    return edges, counts


def draw_histogram(path: Path, values, *, unit: str, decimals: int, unit_label: str,
                   reference: float | None = None, reference_label: str = "",
                   width_mm: float = 186, height_mm: float = 55, font_family: str = "Lato") -> Path:
    """Draw the distribution of ``values`` (IRIS or communes) as an SVG histogram.

    ``reference`` (the territory's value) is drawn as a red line labelled ``reference_label``.
    The y axis counts ``unit_label`` (« IRIS », « communes »).
    """
    known = [float(value) for value in values if not is_missing(value)]
    canvas = _SvgCanvas(path, width_mm, height_mm, tr("Distribution"), font_family)
    if not known:
        canvas.text(QRectF(0, 0, canvas.width, canvas.height), Qt.AlignmentFlag.AlignCenter, tr("No published value"))
        canvas.close()
        return path

    edges, counts = histogram_bins(known)
    line = canvas.metrics.height()
    left, right, top, bottom = 12 * UNITS_PER_MM, 4 * UNITS_PER_MM, line * 2.0, line * 2.4
    plot = QRectF(left, top, canvas.width - left - right, canvas.height - top - bottom)
    axis_title = count_axis_title(unit_label)
    _draw_y_axis(canvas, plot, max(counts), axis_title)

    span = edges[-1] - edges[0]
    bar_width = plot.width() / len(counts)
    top_count = _axis_max(max(counts))
    canvas.painter.setPen(QPen(QColor("white"), 2))
    canvas.painter.setBrush(BAR_COLOUR)
    for index, count in enumerate(counts):
        height = plot.height() * count / top_count
        canvas.painter.drawRect(QRectF(plot.left() + index * bar_width, plot.bottom() - height, bar_width, height))

    _draw_x_ticks(canvas, plot, edges, decimals, unit)
    if reference is not None and not is_missing(reference) and span > 0:
        x = plot.left() + plot.width() * (float(reference) - edges[0]) / span
        x = min(max(x, plot.left()), plot.right())
        canvas.painter.setPen(QPen(HIGHLIGHT_COLOUR, 4, Qt.PenStyle.DashLine))
        canvas.painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        label = tr("{label}: {value}").format(label=reference_label, value=format_value(reference, unit, decimals))
        width = canvas.metrics.horizontalAdvance(label) + 20
        box_left = x + 10 if x + width < plot.right() else x - width - 10
        label_rect = QRectF(box_left, top - line * 1.8, width, line)
        canvas.text(label_rect, _align(Qt.AlignmentFlag.AlignLeft), label, HIGHLIGHT_COLOUR)
    canvas.close()
    return path


def count_axis_title(unit_label: str) -> str:
    """Return the title of an axis counting ``unit_label`` (« Nombre d'IRIS », « Nombre de communes »)."""
    # French elides « de » before a vowel; the two forms are two messages.
    if unit_label[:1].lower() in "aeiouéèêh":
        return tr("Number of {units}", "units starting with a vowel").format(units=unit_label)
    return tr("Number of {units}", "units starting with a consonant").format(units=unit_label)


def _axis_max(maximum: float) -> float:
    step = nice_step(maximum, 4)
    return max(step, math.ceil(maximum / step) * step)


def _draw_y_axis(canvas: _SvgCanvas, plot: QRectF, maximum: float, title: str) -> None:
    step = nice_step(maximum, 4)
    top_value = _axis_max(maximum)
    tick = 0.0
    while tick <= top_value + 1e-9:
        y = plot.bottom() - plot.height() * tick / top_value
        canvas.painter.setPen(QPen(QColor("#dddddd"), 1))
        canvas.painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        rect = QRectF(0, y - canvas.metrics.height() / 2, plot.left() - 15, canvas.metrics.height())
        canvas.text(rect, _align(Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignVCenter), format_number(tick, 0))
        tick += step
    canvas.painter.save()
    canvas.painter.translate(canvas.metrics.height() * 0.2, plot.center().y())
    canvas.painter.rotate(-90)
    title_rect = QRectF(-plot.height() / 2, 0, plot.height(), canvas.metrics.height())
    canvas.text(title_rect, Qt.AlignmentFlag.AlignCenter, title)
    canvas.painter.restore()
    canvas.painter.setPen(QPen(AXIS_COLOUR, 2))
    canvas.painter.drawLine(plot.bottomLeft(), plot.bottomRight())


def _draw_x_ticks(canvas: _SvgCanvas, plot: QRectF, edges: list[float], decimals: int, unit: str) -> None:
    span = edges[-1] - edges[0]
    step_decimals = decimals if (edges[1] - edges[0]) < 1 else 0
    every = max(1, math.ceil(len(edges) * canvas.metrics.horizontalAdvance("000 000 €") / plot.width()))
    for index in range(0, len(edges), every):
        x = plot.left() + plot.width() * (edges[index] - edges[0]) / span
        label = format_value(edges[index], unit, step_decimals)
        width = canvas.metrics.horizontalAdvance(label) + 10
        rect = QRectF(x - width / 2, plot.bottom() + 8, width, canvas.metrics.height())
        canvas.text(rect, Qt.AlignmentFlag.AlignCenter, label, AXIS_COLOUR)


def draw_ranking(path: Path, names_values: list[tuple[str, float]], *, unit: str, decimals: int,
                 highest_first: bool = True, reference: float | None = None, reference_label: str = "",
                 max_rows: int = 20, width_mm: float = 186, height_mm: float = 70,
                 font_family: str = "Lato") -> Path:
    """Draw communes ranked by value as horizontal bars (SVG).

    With more than ``max_rows`` communes, the first and last ``max_rows // 2`` are drawn with a
    « … » row between them, so that both ends of the ranking show. NULL values are left out.
    """
    rows = sorted(((name, float(value)) for name, value in names_values if not is_missing(value)),
                  key=lambda item: item[1], reverse=highest_first)
    shown: list[tuple[str, float] | None] = list(rows)
    if len(rows) > max_rows:
        half = max_rows // 2
        shown = rows[:half] + [None] + rows[-half:]

    canvas = _SvgCanvas(path, width_mm, height_mm, tr("Ranking"), font_family)
    if not rows:
        canvas.text(QRectF(0, 0, canvas.width, canvas.height), Qt.AlignmentFlag.AlignCenter, tr("No published value"))
        canvas.close()
        return path

    names_width = min(max(canvas.metrics.horizontalAdvance(name) for name, _ in rows) + 20, canvas.width * 0.35)
    # Long units (« consultations/hab. ») are given in the chart's caption, not on every bar.
    bar_unit = unit if len(unit) <= 2 else ""
    value_width = canvas.metrics.horizontalAdvance(format_value(max(v for _, v in rows), bar_unit, decimals)) + 30
    plot = QRectF(names_width, 0, canvas.width - names_width - value_width, canvas.height)
    row_height = plot.height() / len(shown)
    maximum = max(max(abs(v) for _, v in rows), 1e-9)

    small = QFont(canvas.font)
    small.setPixelSize(int(min(canvas.font.pixelSize(), row_height * 0.8)))
    canvas.painter.setFont(small)
    metrics = QFontMetricsF(small)
    right_middle = _align(Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignVCenter)
    left_middle = _align(Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignVCenter)
    for index, row in enumerate(shown):
        y = plot.top() + index * row_height
        if row is None:
            canvas.text(QRectF(0, y, names_width - 15, row_height), right_middle, "…")
            continue
        name, value = row
        label = metrics.elidedText(name, Qt.TextElideMode.ElideRight, names_width - 20)
        canvas.text(QRectF(0, y, names_width - 15, row_height), right_middle, label)
        length = plot.width() * abs(value) / maximum
        canvas.painter.setPen(Qt.PenStyle.NoPen)
        canvas.painter.setBrush(BAR_COLOUR)
        canvas.painter.drawRect(QRectF(plot.left(), y + row_height * 0.15, length, row_height * 0.7))
        text_rect = QRectF(plot.left() + length + 10, y, value_width, row_height)
        canvas.text(text_rect, left_middle, format_value(value, bar_unit, decimals))

    if reference is not None and not is_missing(reference):
        x = plot.left() + plot.width() * abs(float(reference)) / maximum
        canvas.painter.setPen(QPen(HIGHLIGHT_COLOUR, 4, Qt.PenStyle.DashLine))
        canvas.painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
    canvas.close()
    return path


SERIES_COLOURS = ("#1f3b5c", "#6f9fc8", "#c9d6e3")


def draw_grouped_bars(path: Path, groups: list[str], series: list[tuple[str, list]], *, unit: str, decimals: int,
                      width_mm: float = 186, height_mm: float = 90, font_family: str = "Lato") -> Path:
    """Draw one group of horizontal bars per label, one bar per series (SVG), with a key.

    Used for the age structure: ``groups`` are age bands, ``series`` the territory and its
    comparison places, each with one value per group (None when not available, drawn as
    « n.d. »).
    """
    canvas = _SvgCanvas(path, width_mm, height_mm, tr("Comparison"), font_family)
    line = canvas.metrics.height()
    key_height = line * 1.8
    names_width = min(max(canvas.metrics.horizontalAdvance(name) for name in groups) + 30, canvas.width * 0.3)
    value_width = canvas.metrics.horizontalAdvance("000,0 %") + 30
    plot = QRectF(names_width, key_height, canvas.width - names_width - value_width, canvas.height - key_height)
    known = [abs(float(value)) for _, values in series for value in values if not is_missing(value)]
    maximum = max(known) if known else 1.0

    x = names_width
    for index, (name, _values) in enumerate(series):
        canvas.painter.setPen(Qt.PenStyle.NoPen)
        canvas.painter.setBrush(QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)]))
        canvas.painter.drawRect(QRectF(x, line * 0.3, line * 0.8, line * 0.8))
        canvas.text(QRectF(x + line, 0, canvas.metrics.horizontalAdvance(name) + 20, line * 1.4),
                    _align(Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignVCenter), name)
        x += line * 2 + canvas.metrics.horizontalAdvance(name)

    group_height = plot.height() / max(1, len(groups))
    # Thick bars look like blocks when only the territory has values: cap them at 1.6 lines.
    bar_height = min(group_height * 0.8 / max(1, len(series)), line * 1.6)
    for group_index, group in enumerate(groups):
        top = plot.top() + group_index * group_height
        canvas.text(QRectF(0, top, names_width - 15, group_height),
                    _align(Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignVCenter), group)
        for series_index, (_name, values) in enumerate(series):
            value = values[group_index] if group_index < len(values) else None
            y = top + group_height * 0.1 + series_index * bar_height
            length = 0.0 if is_missing(value) else plot.width() * abs(float(value)) / maximum
            canvas.painter.setPen(Qt.PenStyle.NoPen)
            canvas.painter.setBrush(QColor(SERIES_COLOURS[series_index % len(SERIES_COLOURS)]))
            canvas.painter.drawRect(QRectF(plot.left(), y + bar_height * 0.1, length, bar_height * 0.8))
            canvas.text(QRectF(plot.left() + length + 10, y, value_width, bar_height),
                        _align(Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignVCenter),
                        format_value(value, unit, decimals))
    canvas.close()
    return path
