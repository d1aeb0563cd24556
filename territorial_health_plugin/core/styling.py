"""Styles of the diagnostic layers: choropleths, outlines and establishment points.

Class breaks come from QGIS's own classification methods (quantile by default, Jenks, equal
interval, pretty breaks), computed on the real values only. The choropleth is a rule-based
renderer built from those ranges, because a graduated renderer cannot draw NULL: NULL gets its
own hatched class « Donnée non disponible (secret statistique) » that never enters the breaks.
Colour ramps are sequential from light to dark, darker meaning worse, so that a grey print stays
readable. Legends use the French number format.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from qgis.core import (
    QgsClassificationEqualInterval,
    QgsClassificationJenks,
    QgsClassificationPrettyBreaks,
    QgsClassificationQuantile,
    QgsExpression,
    QgsFillSymbol,
    QgsLinePatternFillSymbolLayer,
    QgsMarkerSymbol,
    QgsRuleBasedRenderer,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QColor

from territorial_health_plugin.toolbelt.i18n import tr

CLASSIFICATION_METHODS = {
    "quantile": QgsClassificationQuantile,
    "jenks": QgsClassificationJenks,
    "equal_interval": QgsClassificationEqualInterval,
    "pretty": QgsClassificationPrettyBreaks,
}
DEFAULT_METHOD = "quantile"
DEFAULT_CLASSES = 5

# ColorBrewer "YlOrRd" (sequential, light to dark): its luminance falls steadily, so classes
# stay in order when printed in grey.
SEQUENTIAL_COLOURS = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
NULL_COLOUR = "#d9d9d9"
NULL_LABEL = "Donnée non disponible (secret statistique)"

THIN_SPACE = "\u202f"


def format_number(value: float, decimals: int = 1, unit: str = "") -> str:
    """Format a number the French way: ``21 430 €``, ``12,5 %``, ``3,2``.

    Thousands are separated by a narrow no-break space and decimals by a comma; trailing zero
    decimals are dropped only for whole numbers written without decimals.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{value:,.{max(decimals, 0)}f}"
    text = text.replace(",", THIN_SPACE).replace(".", ",")
    if text.startswith("-0") and float(value) > -0.5 * 10 ** (-decimals):
        text = text[1:]
    if unit in ("%", "€"):
        return f"{text}{THIN_SPACE}{unit}"
    return text


@dataclass
class Classification:
    """Class bounds computed for a field, and the notes a user should read about them."""

    bounds: list[tuple[float, float]]
    notes: list[str] = field(default_factory=list)
    constant: bool = False
    integers: bool = False
    # One class per value: whole numbers with no more distinct values than classes.
    distinct: bool = False


def classify(values: list[float], method: str = DEFAULT_METHOD, classes: int = DEFAULT_CLASSES) -> Classification:
    """Compute class bounds on the non-NULL ``values`` with a QGIS classification method.

    Ties and many equal values give duplicate breaks: only unique breaks are kept, so the
    class count drops and a note reports it. No value gives no class; a constant gives one class.
    """
    real = sorted(float(v) for v in values if v is not None and not (isinstance(v, float) and math.isnan(v)))
    if not real:
        return Classification(bounds=[], notes=[tr("No value available: the map shows missing data only.")])
    if real[0] == real[-1]:
        return Classification(bounds=[(real[0], real[0])], constant=True,
                              notes=[tr("Every unit has the same value: a single class is drawn.")])

    integers = all(value.is_integer() for value in real)
    values = sorted(set(real))
    if integers and len(values) <= classes:
        # Counts of 0 to 3 establishments read better as "0", "1", "2", "3" than as "0 – 3".
        bounds = [(values[0], values[0])] + list(zip(values[:-1], values[1:]))
        return Classification(bounds=bounds, integers=True, distinct=True)

    ranges = CLASSIFICATION_METHODS[method]().classes(real, classes)
    upper_bounds = [r.upperBound() for r in ranges]
    if integers:
        # Counts (establishments, people) get whole-number breaks, so that no legend reads
        # "0 – 0" or "0,4 – 1" for values that can only be 0 or 1.
        upper_bounds = [math.floor(bound) for bound in upper_bounds]
    breaks = sorted({real[0], *upper_bounds, real[-1]})
    breaks = [b for b in breaks if real[0] <= b <= real[-1]]
    bounds = list(zip(breaks[:-1], breaks[1:]))
    notes = []
    if len(bounds) < classes:
        notes.append(tr("Many equal values: {count} classes instead of {requested}.").format(
            count=len(bounds), requested=classes))
    return Classification(bounds=bounds, notes=notes, integers=integers)


def class_label(lower: float, upper: float, decimals: int, unit: str, constant: bool = False) -> str:
    """Return the legend label of a class in French number format."""
    if constant or lower == upper:
        # A single value is shown as it is: "0", "3,2", not "0,0".
        text = format_number(lower, decimals, "")
        if "," in text:
            text = text.rstrip("0").rstrip(",")
        return f"{text}{THIN_SPACE}{unit}" if unit in ("%", "€") else text
    return f"{format_number(lower, decimals, unit)} – {format_number(upper, decimals, unit)}"


def ramp_colours(count: int, higher_is_worse: bool = True) -> list[QColor]:
    """Return ``count`` colours of the sequential ramp; darker is worse."""
    if count <= 0:
        return []
    if count == 1:
        picks = [SEQUENTIAL_COLOURS[2]]
    else:
        step = (len(SEQUENTIAL_COLOURS) - 1) / (count - 1)
        picks = [SEQUENTIAL_COLOURS[round(i * step)] for i in range(count)]
    if not higher_is_worse:
        picks.reverse()
    return [QColor(colour) for colour in picks]


def _fill_symbol(colour: QColor) -> QgsFillSymbol:
    return QgsFillSymbol.createSimple(
        {"color": colour.name(), "outline_color": "#5a5a5a", "outline_width": "0.1", "outline_width_unit": "MM"}
    )


def null_symbol() -> QgsFillSymbol:
    """Return the symbol of missing values: light grey with diagonal hatching, visible in grey prints."""
    symbol = _fill_symbol(QColor(NULL_COLOUR))
    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(45)
    hatch.setDistance(1.2)
    hatch.setColor(QColor("#7f7f7f"))
    hatch.setLineWidth(0.15)
    symbol.appendSymbolLayer(hatch)
    return symbol


def choropleth_renderer(
    layer: QgsVectorLayer,
    field_name: str,
    decimals: int = 1,
    unit: str = "",
    higher_is_worse: bool = True,
    method: str = DEFAULT_METHOD,
    classes: int = DEFAULT_CLASSES,
) -> tuple[QgsRuleBasedRenderer, Classification]:
    """Build the choropleth of ``field_name``: one rule per class, then the NULL class."""
    values = _field_values(layer, field_name)
    classification = classify(values, method, classes)

    # The renderer creates its own root rule: a root built in Python and handed over is freed
    # twice when QGIS later clones and replaces the renderer (seen with QGIS 3.22).
    renderer = QgsRuleBasedRenderer(null_symbol())
    root = renderer.rootRule()
    root.removeChildAt(0)
    colours = ramp_colours(len(classification.bounds), higher_is_worse)
    quoted = QgsExpression.quotedColumnRef(field_name)
    for position, ((lower, upper), colour) in enumerate(zip(classification.bounds, colours)):
        lower_test = ">=" if position == 0 else ">"
        expression = f"{quoted} {lower_test} {lower!r} AND {quoted} <= {upper!r}"
        shown_lower = lower
        if classification.distinct:
            shown_lower = upper
        elif classification.integers and position > 0:
            # The class holds the values above ``lower``: for whole numbers, from lower + 1.
            shown_lower = lower + 1
        label = class_label(shown_lower, upper, 0 if classification.integers else decimals, unit,
                            classification.constant)
        root.appendChild(QgsRuleBasedRenderer.Rule(_fill_symbol(colour), 0, 0, expression, label))

    if len(values) < layer.featureCount():
        # Only a layer that has missing values shows their class: a count of establishments or a
        # population is never hidden, and its legend must not suggest it is.
        root.appendChild(QgsRuleBasedRenderer.Rule(null_symbol(), 0, 0, f"{quoted} IS NULL", NULL_LABEL))
    return renderer, classification


def _field_values(layer: QgsVectorLayer, field_name: str) -> list[float]:
    """Return the non-NULL values of a field (real values only, NULL excluded)."""
    from qgis.core import QgsFeatureRequest

    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes([field_name],
                                                                                               layer.fields())
    values = []
    for feature in layer.getFeatures(request):
        value = feature[field_name]
        if value is not None and not (hasattr(value, "isNull") and value.isNull()):
            values.append(float(value))
    return values


def outline_renderer(colour: str = "#000000", width: float = 0.6, dashed: bool = False) -> QgsSingleSymbolRenderer:
    """Return an outline without fill (territory, QPV); dashed lines tell QPV apart in grey."""
    symbol = QgsFillSymbol.createSimple({"style": "no", "outline_color": colour, "outline_width": str(width),
                                         "outline_style": "dash" if dashed else "solid"})
    return QgsSingleSymbolRenderer(symbol)


# Marker shapes and colours of the establishment groups, in order: the shapes differ so that a
# grey print still shows the groups apart.
MARKER_STYLES = (
    ("cross_fill", "#b2182b"), ("square", "#2166ac"), ("triangle", "#4d9221"), ("circle", "#762a83"),
    ("diamond", "#e08214"), ("pentagon", "#01665e"), ("star", "#8c510a"), ("hexagon", "#c51b7d"),
)
OTHER_ESTABLISHMENTS = "Autre établissement"


def _marker(shape: str, colour: str) -> QgsMarkerSymbol:
    return QgsMarkerSymbol.createSimple({"name": shape, "color": colour, "size": "2.6",
                                         "outline_color": "#ffffff", "outline_width": "0.3"})


def establishments_renderer(groups: list[tuple[str, list[str]]], field_name: str = "categetab"):
    """Return a renderer of establishment points: one shape per group of categories, then « Autre ».

    ``groups`` lists ``(label, category codes)``, for example the count indicators of the
    catalogue; a point in no group is drawn as « Autre établissement ».
    """
    renderer = QgsRuleBasedRenderer(_marker("circle", "#525252"))
    root = renderer.rootRule()
    root.removeChildAt(0)
    quoted = QgsExpression.quotedColumnRef(field_name)
    for index, (label, values) in enumerate(groups):
        shape, colour = MARKER_STYLES[index % len(MARKER_STYLES)]
        listed = ", ".join(QgsExpression.quotedValue(str(value)) for value in values)
        root.appendChild(QgsRuleBasedRenderer.Rule(_marker(shape, colour), 0, 0, f"{quoted} IN ({listed})", label))
    other = QgsRuleBasedRenderer.Rule(_marker("circle", "#9e9e9e"), 0, 0, "", OTHER_ESTABLISHMENTS)
    other.setIsElse(True)
    root.appendChild(other)
    return renderer
