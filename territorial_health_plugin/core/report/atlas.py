"""The atlas « Atlas des communes »: one page per commune of the territory, in one PDF.

Each page shows the commune on the map of the first IRIS indicator (the commune outlined),
with the full legend of the territory on every page, so that pages compare, and the commune's
key figures. The figures are QGIS expressions evaluated per atlas feature (label items, not
HTML), so each page shows its own commune on QGIS builds with or without WebKit.
"""

from __future__ import annotations

import logging

from qgis.core import QgsExpression, QgsFillSymbol, QgsLayoutItemMap, QgsPrintLayout, QgsRuleBasedRenderer

from territorial_health_plugin.core.report import maps, templates
from territorial_health_plugin.core.report.context import (
    ReportContext,
    indicator_attr,
    indicator_decimals,
    reference_values_of,
)
from territorial_health_plugin.core.report.formatting import UNIT_SPACE, UNITLESS, format_date, format_value
from territorial_health_plugin.core.report.layout import indicator_layer, mapped_indicators, set_text
from territorial_health_plugin.core.report.sources import field_values, source_line
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

NAME_FIELDS = ("nom_commune", "libelle", "nom", "name", "libgeo")
ATLAS_MARGIN = 0.08


def atlas_layout_name() -> str:
    """Return the French name of the atlas layout in the project."""
    return tr("Atlas of the communes")


def name_field(layer) -> str:
    """Return the commune name field of ``layer`` (else the code field)."""
    for name in NAME_FIELDS:
        if layer.fields().indexOf(name) >= 0:
            return name
    return "code_commune"


def _highlight_renderer() -> QgsRuleBasedRenderer:
    """Return a renderer that outlines the atlas commune in dark red and the others in white."""
    root = QgsRuleBasedRenderer.Rule(None)
    current = QgsFillSymbol.createSimple({"style": "no", "outline_color": "#8b0000", "outline_width": "0.9"})
    others = QgsFillSymbol.createSimple({"style": "no", "outline_color": "#ffffff", "outline_width": "0.3"})
    root.appendChild(QgsRuleBasedRenderer.Rule(others, 0, 0, "$id <> @atlas_featureid", tr("Other communes")))
    root.appendChild(QgsRuleBasedRenderer.Rule(current, 0, 0, "$id = @atlas_featureid", tr("Commune of the page")))
    return QgsRuleBasedRenderer(root)


def _highlight_style(layer) -> str:
    """Return the style XML of the commune outlines of the atlas map."""
    return maps.style_with_renderer(layer, _highlight_renderer())


def build_atlas_layout(project, context: ReportContext) -> QgsPrintLayout | None:
    """Build the atlas layout over the communes layer; None when there is no communes layer."""
    communes = context.layers.get("communes")
    if communes is None:
        logger.warning(tr("No communes layer: the atlas of the communes is not built."))
        return None
    layout = QgsPrintLayout(project)
    # No undo history for building (see build_diagnostic_layout).
    layout.undoStack().blockCommands(True)
    layout.setName(atlas_layout_name())
    page = templates.place_template(layout, templates.ATLAS, 0)

    atlas = layout.atlas()
    atlas.setCoverageLayer(communes)
    atlas.setEnabled(True)
    atlas.setHideCoverage(False)
    atlas.setSortFeatures(True)
    atlas.setSortExpression(QgsExpression.quotedColumnRef(name_field(communes)))
    atlas.setPageNameExpression(QgsExpression.quotedColumnRef(name_field(communes)))

    indicator = _map_indicator(context)
    _fill_atlas_map(page, context, communes, indicator)
    _fill_atlas_texts(page, context, communes, indicator)
    layout.refresh()
    layout.undoStack().blockCommands(False)
    return layout


def _map_indicator(context: ReportContext):
    """Return the indicator drawn on the atlas maps: the first IRIS one, else the first mapped."""
    mapped = mapped_indicators(context)
    for indicator in mapped:
        if indicator_layer(context, indicator)[1] == "iris":
            return indicator
    return mapped[0] if mapped else None


def _fill_atlas_map(page, context: ReportContext, communes, indicator) -> None:
    map_item = page.get("map")
    if not isinstance(map_item, QgsLayoutItemMap):
        return
    layers = [(communes, _highlight_style(communes))]
    legend_layer = None
    if indicator is not None:
        layer, _level = indicator_layer(context, indicator)
        indicator_id = str(indicator_attr(indicator, "id"))
        own = context.indicator_layers.get(indicator_id)
        if own is not None and own.fields().indexOf(indicator_id) >= 0:
            # The indicator's own layer keeps the legend right in the saved project (see layout.py).
            layer = own
        style, _classification = maps.indicator_style(layer, indicator)
        if layer.source() != communes.source():
            layers.append((layer, style))
        else:
            layers = [(layer, style)]
        legend_layer = layer
    territory = context.layers.get("territory")
    maps.set_map_layers(map_item, layers, territory if territory is not None else communes)
    map_item.setAtlasDriven(True)
    map_item.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Auto)
    map_item.setAtlasMargin(ATLAS_MARGIN)
    if legend_layer is not None:
        label = str(indicator_attr(indicator, "label", indicator_attr(indicator, "id")))
        unit = str(indicator_attr(indicator, "unit", ""))
        title = f"{label} ({unit})" if unit not in UNITLESS else label
        maps.set_legend(page.get("legend"), map_item, legend_layer, title)
    maps.attach_scale_and_north(page, map_item)


def _fill_atlas_texts(page, context: ReportContext, communes, indicator) -> None:
    name = QgsExpression.quotedColumnRef(name_field(communes))
    set_text(page, "section", tr("Atlas of the communes · {territory}").format(territory=context.territory.name),
             fit=False)
    set_text(page, "page_title", f"[% {name} %] ([% \"code_commune\" %])", fit=False)
    set_text(page, "figures_title", tr("Key figures of the commune"), fit=False)
    set_text(page, "figures", figures_expression(context, communes), fit=False)
    if indicator is not None:
        level = indicator_layer(context, indicator)[1]
        set_text(page, "source", tr("Map: ") + source_line(indicator, level), fit=False)
    set_text(page, "page_number", "", fit=False)
    set_text(page, "footer", tr("Territorial health diagnostic · {name} · {date} · page [% @atlas_featurenumber %] "
                                "of [% @atlas_totalfeatures %]").format(
        name=context.territory.name, date=format_date(_today(context))), fit=False)


def _today(context: ReportContext):
    import datetime

    created = context.created
    return created if isinstance(created, datetime.date) else datetime.date.today()


def figures_expression(context: ReportContext, communes) -> str:
    """Return the label text of the key figures, one line per indicator, evaluated per commune.

    An indicator carried by the communes layer shows the commune's value; one carried only by
    the IRIS layer shows the range of the commune's IRIS. The territory's value follows.
    """
    lines = []
    iris = context.layers.get("iris")
    for indicator in context.indicators:
        field = str(indicator_attr(indicator, "id"))
        unit = str(indicator_attr(indicator, "unit", ""))
        decimals = indicator_decimals(indicator)
        label = str(indicator_attr(indicator, "label", field))
        if communes.fields().indexOf(field) >= 0:
            # The unit is joined inside the expression, so that a missing value reads « n.d. »
            # and not « n.d. % ».
            suffix = f"{UNIT_SPACE}{unit}" if unit not in UNITLESS else ""
            number = f"format_number({QgsExpression.quotedColumnRef(field)}, {int(decimals)}, 'fr')"
            value = f"coalesce({number} || {_quoted(suffix)}, 'n.d.')"
            line = f"{label} : [% {value} %]"
        elif iris is not None and iris.fields().indexOf(field) >= 0:
            ranges = _iris_ranges(iris, field, unit, decimals)
            line = tr("{label} (IRIS): [% {ranges} %]").format(label=label, ranges=_lookup_expression(ranges))
        else:
            continue
        territory = reference_values_of(context.reference_values, field).get("territoire")
        if territory is not None and territory.value is not None:
            line += " " + tr("(territory: {value})").format(value=format_value(territory.value, unit, decimals))
        lines.append(line)
    return "\n".join(lines) if lines else tr("No indicator at commune level.")


def _iris_ranges(iris, field: str, unit: str, decimals: int) -> dict[str, str]:
    """Return, per commune code, « de X à Y » over its IRIS (one value when they are equal)."""
    by_commune: dict[str, list[float]] = {}
    for code, value in field_values(iris, field, with_codes=True):
        if value is not None:
            by_commune.setdefault(code, []).append(value)
    ranges = {}
    for code, values in by_commune.items():
        low, high = format_value(min(values), unit, decimals), format_value(max(values), unit, decimals)
        ranges[code] = low if low == high else tr("from {low} to {high}").format(low=low, high=high)
    return ranges


def _lookup_expression(values: dict[str, str]) -> str:
    """Return an expression giving ``values[code_commune]`` (« n.d. » when missing).

    The values are written into the expression itself: QGIS 3.22 resolves the layer of an
    ``aggregate()`` only in the project singleton, so an aggregate over the IRIS layer fails in
    the pipeline's own project.
    """
    pairs = ", ".join(f"{_quoted(code)}, {_quoted(text)}" for code, text in sorted(values.items()))
    return f"coalesce(map_get(map({pairs}), \"code_commune\"), 'n.d.')"


def _quoted(text: str) -> str:
    return QgsExpression.quotedString(text)
