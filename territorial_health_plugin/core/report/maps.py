"""Map items of the report: one indicator's choropleth with legend, scale bar and north arrow.

A layer carries many indicator fields, and each map shows one of them. Instead of cloning the
layer per map, every map item keeps its own style per layer (``setLayerStyleOverrides``, the
« lock styles » option of the layout designer). It draws its indicator's choropleth on the IRIS
or commune layer and plain outlines for the commune and territory layers. The layers' own
styles in the project stay untouched.
"""

from __future__ import annotations

import logging

from qgis.core import (
    QgsApplication,
    QgsBasicNumericFormat,
    QgsFillSymbol,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsMapLayer,
    QgsMapLayerLegendUtils,
    QgsReadWriteContext,
    QgsRectangle,
    QgsScaleBarSettings,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtXml import QDomDocument

from territorial_health_plugin.core import styling
from territorial_health_plugin.core.report.context import indicator_attr, indicator_decimals
from territorial_health_plugin.core.report.fitting import text_width_mm
from territorial_health_plugin.toolbelt.i18n import translation_language

logger = logging.getLogger(__name__)

# Character at which legend texts break into lines (QgsLegendSettings wrap character).
WRAP = "\n"
NORTH_ARROW_SVG = "arrows/NorthArrow_02.svg"
EXTENT_MARGIN = 0.04


# Style categories kept in a map's style override (see style_with_renderer).
STYLE_CATEGORIES = QgsMapLayer.StyleCategory.Symbology

# Layer id -> an empty memory layer that stands in for it (see scratch_layer).
_SCRATCH_LAYERS: dict = {}


def style_with_renderer(layer, renderer) -> str:
    """Return the style XML of ``layer`` drawn with ``renderer``, leaving the layer untouched.

    The renderer is set on a scratch stand-in for ``layer`` that belongs to no project, never on
    ``layer`` itself. Setting a renderer on a layer of the report's project made every legend
    of its layouts rebuild (and re-apply its style overrides, which set the renderer again),
    so each call cost more than the one before: 172 calls took 10 s for the 41-page
    diagnostic of the MEL. On the stand-in the same call takes about a millisecond.

    A rule-based renderer built in Python must never be deleted. Its rules have Python
    wrappers and Rule has no virtual destructor, so whichever side deletes the renderer, a
    wrapper then writes into a freed rule. That crashed exports at random (QGIS 3.22, seen
    with valgrind). So layers only ever get C++ clones, and ``renderer`` is kept.
    """
    # NOTE: this leaks one small renderer per map and per run. Ownership goes to C++ with no
    # owner, so that neither Python's garbage collector nor interpreter shutdown (after QGIS
    # has exited, which crashed every test session at its end) ever deletes it.
    sip.transferto(renderer, None)
    scratch = scratch_layer(layer)
    scratch.setRenderer(renderer.clone())
    # Only the symbology: the whole style of the IRIS layer (its ~40 fields' aliases, widgets
    # and constraints) made each override about 40 KB, so the 41-page layout weighed 4.8 MB
    # in diagnostic.qgz and took 1.5 s to read back. The override is applied at render time
    # and the layer's own style restored after, so the rest of the style is not lost.
    document = QDomDocument("qgis")
    scratch.exportNamedStyle(document, QgsReadWriteContext(), STYLE_CATEGORIES)
    return document.toString()


def scratch_layer(layer):
    """Return the project-less stand-in for ``layer`` that :func:`style_with_renderer` styles.

    It is an empty memory layer of the same geometry type and CRS rather than a clone of
    ``layer``: the stand-ins are never freed (below), and a clone would keep its GeoPackage
    open, which on Windows stops the next run from replacing ``diagnostic.gpkg``.
    """
    scratch = _SCRATCH_LAYERS.get(layer.id())
    if scratch is None:
        geometry = QgsWkbTypes.displayString(layer.wkbType()) or "MultiPolygon"
        scratch = QgsVectorLayer(f"{geometry}?crs={layer.crs().authid()}", "report-style", "memory")
        # Deleting a clone that carried renderers built in Python crashed QGIS 3.22, so the
        # stand-ins are never deleted either (a few per run): C++ owns them, nothing frees them.
        sip.transferto(scratch, None)
        _SCRATCH_LAYERS[layer.id()] = scratch
    return scratch


def release_scratch_layers() -> None:
    """Forget the scratch stand-ins; their C++ objects are left alive on purpose (see above)."""
    _SCRATCH_LAYERS.clear()


def indicator_style(layer, indicator):
    """Return ``(style XML, classification)`` of the choropleth of ``indicator`` on ``layer``."""
    renderer, classification = styling.choropleth_renderer(
        layer,
        str(indicator_attr(indicator, "id")),
        decimals=indicator_decimals(indicator),
        unit=str(indicator_attr(indicator, "unit", "")),
        higher_is_worse=indicator_attr(indicator, "polarity", "neutral") != "higher_is_better",
        method=_method(indicator),
    )
    _use_plain_null_fill(renderer)
    return style_with_renderer(layer, renderer), classification


def _use_plain_null_fill(renderer) -> None:
    """Draw the NULL class of a printed map as a plain grey fill, without hatching.

    Qt 5 writes hatching (the line-pattern fill, and brush patterns alike) into a PDF as one
    image per polygon: the 95-page atlas of the MEL weighed 145 MB and a 7-page diagnostic
    5 MB, against 2 MB without. The grey is the colour of the layer's own NULL class.
    """
    # NOTE: without hatching, a grey print distinguishes the NULL class only by its grey and
    # its legend label. A vector hatch (geometry generator) would restore it at a rendering cost.
    for rule in renderer.rootRule().children():
        if rule.filterExpression().strip().upper().endswith("IS NULL"):
            rule.setSymbol(QgsFillSymbol.createSimple({
                "color": styling.NULL_COLOUR, "style": "solid", "outline_color": "#8c8c8c",
                "outline_width": "0.1", "outline_width_unit": "MM"}))


def _method(indicator) -> str:
    method = str(indicator_attr(indicator, "classification", styling.DEFAULT_METHOD))
    # The catalogue names it "equal", the styling module "equal_interval".
    method = {"equal": "equal_interval"}.get(method, method)
    return method if method in styling.CLASSIFICATION_METHODS else styling.DEFAULT_METHOD


def outline_style(layer, colour: str, width: float) -> str:
    """Return the style XML of ``layer`` drawn as outlines without fill."""
    return style_with_renderer(layer, styling.outline_renderer(colour, width))


def padded_extent(layer) -> QgsRectangle:
    """Return the extent of ``layer`` grown by :data:`EXTENT_MARGIN` on each side."""
    extent = QgsRectangle(layer.extent())
    extent.grow(max(extent.width(), extent.height()) * EXTENT_MARGIN)
    return extent


def set_map_layers(map_item: QgsLayoutItemMap, layers_and_styles: list, extent_layer) -> None:
    """Show ``[(layer, style XML), …]`` (top layer first) and zoom on ``extent_layer``."""
    layers = [layer for layer, _style in layers_and_styles if layer is not None]
    overrides = {layer.id(): style for layer, style in layers_and_styles if layer is not None and style}
    map_item.setCrs(extent_layer.crs())
    map_item.setLayers(layers)
    map_item.setKeepLayerSet(True)
    map_item.setKeepLayerStyles(True)
    map_item.setLayerStyleOverrides(overrides)
    # zoomToExtent() leaves a new map item of QGIS 3.22 with an empty extent: set the extent
    # with the item's own width/height ratio instead.
    map_item.setExtent(fit_ratio(padded_extent(extent_layer), map_item.rect().width(), map_item.rect().height()))
    map_item.refresh()


def fit_ratio(extent: QgsRectangle, width: float, height: float) -> QgsRectangle:
    """Return ``extent`` grown around its centre to the width/height ratio of a map item."""
    if width <= 0 or height <= 0 or extent.isEmpty():
        return QgsRectangle(extent)
    ratio = width / height
    centre = extent.center()
    half_width, half_height = extent.width() / 2, extent.height() / 2
    if half_width / half_height < ratio:
        half_width = half_height * ratio
    else:
        half_height = half_width / ratio
    return QgsRectangle(centre.x() - half_width, centre.y() - half_height, centre.x() + half_width,
                        centre.y() + half_height)


def set_legend(legend, map_item, layer, title: str) -> None:
    """Show only ``layer``'s classes under ``title``, every class on every page.

    The legend is not filtered by the map content: the full legend is the same on every page
    of the document and of the atlas, so that maps of different places compare.
    """
    if legend is None:
        return
    legend.setLinkedMap(map_item)
    legend.setAutoUpdateModel(False)
    legend.setLegendFilterByMapEnabled(False)
    # With automatic update off the legend owns a copy of the layer tree, saved with the
    # project: reduce it to the indicator's layer.
    root = legend.model().rootGroup()
    root.removeAllChildren()
    node = root.addLayer(layer)
    QgsLegendRenderer.setNodeLegendStyle(node, QgsLegendStyle.Style.Hidden)
    legend.setTitle(title)
    # The legend model must draw the layer with the map's locked style (the choropleth), not
    # with the layer's own style.
    legend.model().setLayerStyleOverrides(map_item.layerStyleOverrides())
    legend.model().refreshLayerLegend(node)
    wrap_legend_labels(legend, node)
    legend.updateLegend()


def wrap_legend_labels(legend, node) -> None:
    """Break the title and class labels that are wider than the legend into several lines.

    The template fixes the legend's size. Without this, a long label such as « Donnée non
    disponible (secret statistique) » would run past the frame.
    """
    legend.setWrapString(WRAP)
    settings_width = legend.rect().width() - legend.symbolWidth() - 6
    label_font = legend.style(QgsLegendStyle.Style.SymbolLabel).font()
    title_font = legend.style(QgsLegendStyle.Style.Title).font()
    legend.setTitle(wrap_text(legend.title(), title_font, legend.rect().width() - 4))
    for index, legend_node in enumerate(legend.model().layerLegendNodes(node)):
        label = str(legend_node.data(Qt.ItemDataRole.DisplayRole) or "")
        wrapped = wrap_text(label, label_font, settings_width)
        if wrapped != label:
            QgsMapLayerLegendUtils.setLegendNodeUserLabel(node, index, wrapped)
    legend.model().refreshLayerLegend(node)


def wrap_text(text: str, font, width_mm: float) -> str:
    """Return ``text`` with :data:`WRAP` between words so that no line is wider than ``width_mm``."""
    lines: list[str] = []
    for word in text.replace(WRAP, " ").split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and text_width_mm(candidate, font) <= width_mm:
            lines[-1] = candidate
        else:
            lines.append(word)
    return WRAP.join(lines)


def set_scale_bar(scale_bar, map_item) -> None:
    """Link a kilometre scale bar to ``map_item``, with round segments fitting its width."""
    if scale_bar is None:
        return
    scale_bar.setLinkedMap(map_item)
    scale_bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeMode.SegmentSizeFitWidth)
    scale_bar.setMinimumBarWidth(20)
    # Room is left after the bar for the last label (« 20 km »).
    scale_bar.setMaximumBarWidth(max(25.0, scale_bar.rect().width() * 0.7))
    scale_bar.setNumericFormat(scale_number_format())
    scale_bar.update()


def scale_number_format() -> QgsBasicNumericFormat:
    """Return the number format of scale bars in the document's language (« 0,5 km » in French).

    Without it QGIS formats with the machine's locale: « 0.5 km » from a command line under LANG=C.
    """
    number_format = QgsBasicNumericFormat()
    number_format.setShowTrailingZeros(False)
    number_format.setShowThousandsSeparator(False)
    number_format.setDecimalSeparator("," if translation_language() == "fr" else ".")
    return number_format


def set_north_arrow(picture, map_item) -> None:
    """Show QGIS's north arrow, turned with the map."""
    if picture is None:
        return
    picture.setPicturePath(_svg_path(NORTH_ARROW_SVG))
    picture.setLinkedMap(map_item)
    picture.setNorthMode(QgsLayoutItemPicture.NorthMode.GridNorth)


def _svg_path(name: str) -> str:
    for folder in QgsApplication.svgPaths():
        candidate = f"{folder.rstrip('/')}/{name}"
        try:
            with open(candidate, "rb"):
                return candidate
        except OSError:
            continue
    logger.debug("SVG %s not found in %s", name, QgsApplication.svgPaths())
    return name


def attach_scale_and_north(page, map_item) -> None:
    """Configure the scale bar and north arrow of a template page for ``map_item``."""
    scale_bar = page.get("scale_bar")
    set_scale_bar(scale_bar if isinstance(scale_bar, QgsLayoutItemScaleBar) else None, map_item)
    set_north_arrow(page.get("north_arrow"), map_item)
