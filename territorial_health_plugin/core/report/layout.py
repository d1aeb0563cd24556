"""The diagnostic layout « Diagnostic territorial de santé »: cover, synthèse, one page per
mapped indicator grouped by theme, then methods and sources.

Pages come from the templates of ``resources/layouts/`` (see :mod:`templates`); this module
fills them from the :class:`ReportContext`. It touches the project and layout items, so it runs
on the main thread.
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path

from qgis.core import QgsLayoutItemLabel, QgsLayoutItemPicture, QgsPrintLayout
from qgis.PyQt.QtCore import QRectF, QSize
from qgis.PyQt.QtGui import QColor, QImage, QPainter
from qgis.PyQt.QtSvg import QSvgRenderer

from territorial_health_plugin.core.catalogue import theme_label
from territorial_health_plugin.core.report import maps, tables, templates
from territorial_health_plugin.core.report.charts import draw_grouped_bars, draw_histogram, draw_ranking
from territorial_health_plugin.core.report.context import (
    ReportContext,
    indicator_attr,
    indicator_decimals,
    indicators_by_theme,
    reference_values_of,
)
from territorial_health_plugin.core.report.fitting import cut_to_fit, shrink_to_fit
from territorial_health_plugin.core.report.fonts import check_layout_fonts
from territorial_health_plugin.core.report.formatting import UNITLESS, format_count, format_date
from territorial_health_plugin.core.report.narrative import (
    comparison_sentence,
    key_findings,
    spread_sentence,
    values_sentence,
)
from territorial_health_plugin.core.report.sources import (
    field_values,
    hidden_count,
    methods_coverage_text,
    producers_credit,
    source_line,
)
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

# Resolution of the chart images: their smallest text (2.6 mm) stays sharp in print, and
# each image weighs about 80 KB in the PDF.
CHART_DPI = 200

# Age-share indicators of the catalogue drawn together on the age-structure page, youngest first.
AGE_INDICATORS = ("part_0_14", "part_65p", "part_75p")



def diagnostic_layout_name() -> str:
    """Return the French name of the diagnostic layout in the project."""
    return tr("Territorial health diagnostic")


def set_text(page: templates.PageItems, item_id: str, text: str, fit: bool = True) -> QgsLayoutItemLabel | None:
    """Put ``text`` in the label ``item_id`` of ``page``, shrunk (then cut) when it overflows.

    A text too long even at the smallest size loses its last lines, and a note points to
    run_report.json, which keeps every line.
    """
    label = page.get(item_id)
    if not isinstance(label, QgsLayoutItemLabel):
        return None
    label.setText(text)
    if fit and not shrink_to_fit(label, warn=False):
        cut_to_fit(label, tr("(continued in run_report.json)"))
    return label


def build_diagnostic_layout(project, context: ReportContext, work_dir: Path, tick=None) -> QgsPrintLayout:
    """Build the diagnostic layout (not yet added to the project) from the context.

    ``tick(done, total)`` is called after each page, so that a caller on the main thread can
    let Qt process events (and stop by raising) between pages. The items are refreshed page by
    page at export (``export.render_pages``).
    """
    layout = QgsPrintLayout(project)
    # Building is not an edit the user should undo item by item. Each undo command also kept
    # a copy of its item's XML (489 of them for the MEL's diagnostic, 0.6 s to delete).
    layout.undoStack().blockCommands(True)
    layout.setName(diagnostic_layout_name())
    layout.setUnits(layout.units())
    references = {str(indicator_attr(item, "id")): reference_values_of(context.reference_values,
                                                                       str(indicator_attr(item, "id")))
                  for item in context.indicators}
    footer = _footer_text(context)
    by_theme = indicators_by_theme(mapped_indicators(context))
    total = 4 + sum(len(indicators) for indicators in by_theme.values())

    def page_done() -> None:
        if tick is not None:
            tick(layout.pageCollection().pageCount(), total)

    _fill_cover(templates.place_template(layout, templates.COVER, 0), context)
    page_done()
    summary = templates.place_template(layout, templates.SUMMARY)
    _fill_summary(summary, context, references, footer)
    page_done()

    age_page_done = False
    for theme, indicators in by_theme.items():
        if theme == "populations_vulnerables":
            age_page_done = _age_structure_page(layout, context, references, work_dir, footer)
        for indicator in indicators:
            page = templates.place_template(layout, templates.INDICATOR)
            page_done()
            _fill_indicator_page(page, context, theme, indicator, references, work_dir, footer, pause=page_done)
            page_done()

    if not age_page_done:
        _age_structure_page(layout, context, references, work_dir, footer)
    methods = templates.place_template(layout, templates.METHODS)
    page_done()
    _fill_methods(methods, context, footer, pause=page_done)
    page_done()
    check_layout_fonts(layout)
    layout.undoStack().blockCommands(False)
    return layout


def _footer_text(context: ReportContext) -> str:
    return tr("Territorial health diagnostic · {name} · {date}").format(
        name=context.territory.name, date=format_date(_created(context)))


def _created(context: ReportContext) -> datetime.date:
    created = context.created
    if isinstance(created, datetime.datetime):
        return created.date()
    return created if isinstance(created, datetime.date) else datetime.date.today()


def indicator_layer(context: ReportContext, indicator):
    """Return ``(layer, level)`` that carries the indicator's field, IRIS first, or ``(None, "")``."""
    field = str(indicator_attr(indicator, "id"))
    preferred = ["iris", "communes"] if indicator_attr(indicator, "level", "iris") == "iris" else ["communes", "iris"]
    for key in preferred:
        layer = context.layers.get(key)
        if layer is not None and layer.fields().indexOf(field) >= 0:
            return layer, ("iris" if key == "iris" else "commune")
    return None, ""


def mapped_indicators(context: ReportContext) -> list:
    """Return the selected indicators that a layer carries with at least one value.

    The others (source not loaded, or every value hidden) get no map page; the methods page
    still lists them.
    """
    result = []
    for indicator in context.indicators:
        layer, _level = indicator_layer(context, indicator)
        indicator_id = str(indicator_attr(indicator, "id"))
        if layer is None or all(value is None for value in field_values(layer, indicator_id)):
            logger.info(tr("Indicator « {id} » has no value on any layer: it has no map page.").format(
                id=indicator_id))
            continue
        result.append(indicator)
    return result


def _fill_cover(page: templates.PageItems, context: ReportContext) -> None:
    territory = context.territory
    set_text(page, "kicker", tr("Territorial health diagnostic"))
    set_text(page, "territory_name", territory.name)
    set_text(page, "territory_type", str(getattr(territory, "type_label", "")))
    communes = getattr(territory, "communes", None)
    count = len(communes) if communes is not None else 0
    facts = [tr("{count} communes").format(count=format_count(count)) if count != 1 else tr("1 commune")]
    population = getattr(territory, "population", None)
    if population:
        facts.append(tr("{population} inhabitants").format(population=format_count(population)))
    facts.extend(_parent_lines(territory))
    set_text(page, "facts", "\n\n".join(facts))
    set_text(page, "date", tr("Produced on {date}").format(date=format_date(_created(context))))
    set_text(page, "producers", producers_credit(context))
    _fill_location_map(page, context)


def _parent_lines(territory) -> list[str]:
    from territorial_health_plugin.core.report.context import place_name

    lines = []
    for attribute, scope, singular, plural in (("departements", "departement", tr("Département"), tr("Départements")),
                                               ("regions", "region", tr("Région"), tr("Régions"))):
        codes = [str(code) for code in (getattr(territory, attribute, None) or [])]
        if codes:
            names = ", ".join(place_name(scope, code) for code in codes)
            lines.append(f"{singular if len(codes) == 1 else plural} : {names}")
    return lines


def _fill_location_map(page: templates.PageItems, context: ReportContext) -> None:
    map_item = page.get("location_map")
    territory_layer = context.layers.get("territory")
    if map_item is None or territory_layer is None:
        return
    context_layer = context.layers.get("departement")
    communes = context.layers.get("communes")
    layers = [(territory_layer, maps.outline_style(territory_layer, "#c0392b", 0.8))]
    if communes is not None:
        layers.append((communes, maps.outline_style(communes, "#9aa5b1", 0.15)))
    if context_layer is not None:
        layers.append((context_layer, maps.outline_style(context_layer, "#1f3b5c", 0.5)))
        caption = tr("Location of the territory (red) in its département.")
    else:
        # NOTE: without a département layer in the context the inset shows the territory alone.
        caption = tr("Outline of the territory (red) and its communes.")
    maps.set_map_layers(map_item, layers, context_layer if context_layer is not None else territory_layer)
    set_text(page, "location_caption", caption + " " + tr("Boundaries: IGN, ADMIN EXPRESS."))


def _fill_summary(page, context: ReportContext, references: dict, footer: str) -> None:
    set_text(page, "section", tr("Synthesis"))
    set_text(page, "page_title", tr("Key figures"))
    set_text(page, "intro", tr(
        "The territory's value of each indicator beside those of its département, its région and "
        "France. The colour marks a gap of at least 10 % of the compared value."))
    table = page.get("key_figures")
    left_out = []
    if table is not None:
        left_out = tables.fill_key_figures(table, context.indicators, references)
        frame = page.frame("key_figures")
        if frame is not None:
            tables.fit_frame_height(frame)
    findings = key_findings(context.indicators, references)
    set_text(page, "findings_title", tr("Findings"))
    set_text(page, "findings", "\n".join(f"• {line}" for line in findings) if findings else tr(
        "No indicator differs from France or the département by 10 % or more."))
    note = tables.key_figures_note()
    if left_out:
        names = ", ".join(str(indicator_attr(item, "label", indicator_attr(item, "id"))) for item in left_out)
        note += " " + tr("Without a value for the territory, so left out: {names}.").format(names=names)
    set_text(page, "table_note", note)
    set_text(page, "footer", footer)


def _fill_indicator_page(page, context, theme: str, indicator, references: dict, work_dir: Path,
                         footer: str, pause=None) -> None:
    """Fill an indicator's page: map and legend, then ``pause()`` if given, then texts and chart."""
    layer, level = indicator_layer(context, indicator)
    indicator_id = str(indicator_attr(indicator, "id"))
    # The project's own layer of the indicator has the same choropleth as its style, so the
    # legend stays right when the project is opened again: QGIS does not restore the map's
    # style override in a legend read from a project.
    own = context.indicator_layers.get(indicator_id)
    if own is not None and own.fields().indexOf(indicator_id) >= 0:
        # Its level is the project's: an establishment count counted by IRIS is mapped by IRIS.
        layer, level = own, ("iris" if own.source().split("layername=")[-1] == "iris" else "commune")
    label = str(indicator_attr(indicator, "label", indicator_id))
    unit = str(indicator_attr(indicator, "unit", ""))
    set_text(page, "section", theme_label(theme))
    set_text(page, "page_title", label)

    map_item = page.get("map")
    if map_item is not None:
        style, classification = maps.indicator_style(layer, indicator)
        layers = [(context.layers.get("territory"), _outline(context, "territory", "#000000", 0.6))]
        if level == "iris" and context.layers.get("communes") is not None:
            layers.append((context.layers["communes"], _outline(context, "communes", "#ffffff", 0.25)))
        layers.append((layer, style))
        territory = context.layers.get("territory")
        maps.set_map_layers(map_item, layers, territory if territory is not None else layer)
        title = f"{label} ({unit})" if unit not in UNITLESS else label
        maps.set_legend(page.get("legend"), map_item, layer, title)
        maps.attach_scale_and_north(page, map_item)
        for note in getattr(classification, "notes", []) or []:
            logger.info("%s: %s", indicator_id, note)
    if pause is not None:
        # The map and the chart each take up to 0.1 s: Qt processes events between them.
        pause()

    unit_label = "IRIS" if level == "iris" else "communes"
    values = field_values(layer, indicator_id)
    text = comparison_sentence(indicator, references.get(indicator_id, {}), context.territory.name)
    text += " " + spread_sentence(indicator, values, unit_label, hidden_count(layer, indicator_id))
    set_text(page, "narrative", text)
    set_text(page, "source", source_line(indicator, level))
    _fill_chart(page, context, indicator, layer, level, references.get(indicator_id, {}), work_dir)
    set_text(page, "footer", footer)


def _age_indicators(context: ReportContext, references: dict) -> list:
    """Return the selected age-share indicators that have a value for the territory, in age order."""
    by_id = {str(indicator_attr(item, "id")): item for item in context.indicators}
    return [by_id[indicator_id] for indicator_id in AGE_INDICATORS
            if indicator_id in by_id and tables.has_territory_value(by_id[indicator_id], references)]


def _age_structure_page(layout, context: ReportContext, references: dict, work_dir: Path, footer: str) -> bool:
    """Add the age-structure page (territory beside its comparison places); False when data lacks."""
    indicators = _age_indicators(context, references)
    if len(indicators) < 2:
        return False
    scopes = [scope for scope in ("territoire", "departement", "region", "france")
              if any(references[str(indicator_attr(item, "id"))].get(scope) is not None
                     and references[str(indicator_attr(item, "id"))][scope].value is not None for item in indicators)]
    series = []
    for scope in scopes:
        values = [references[str(indicator_attr(item, "id"))].get(scope) for item in indicators]
        names = [value.name for value in values if value is not None and value.name]
        name = tr("Territory") if scope == "territoire" else (names[0] if names else scope)
        series.append((name, [value.value if value is not None else None for value in values]))

    page = templates.place_template(layout, templates.CHART)
    set_text(page, "section", theme_label("populations_vulnerables"))
    set_text(page, "page_title", tr("Age structure"))
    set_text(page, "narrative", values_sentence(indicators, references))
    picture = page.get("chart")
    if isinstance(picture, QgsLayoutItemPicture):
        path = work_dir / "chart_age_structure.svg"
        groups = [str(indicator_attr(item, "label", indicator_attr(item, "id"))) for item in indicators]
        draw_grouped_bars(path, groups, series, unit="%", decimals=indicator_decimals(indicators[0]),
                          width_mm=picture.rect().width(), height_mm=picture.rect().height())
        picture.setPicturePath(str(chart_image(path, picture.rect().width(), picture.rect().height())))
    set_text(page, "chart_title", tr("Share of each age group in the population (%)"))
    set_text(page, "source", source_line(indicators[0], with_boundaries=False))
    set_text(page, "footer", footer)
    return True


def _outline(context: ReportContext, key: str, colour: str, width: float) -> str:
    layer = context.layers.get(key)
    return maps.outline_style(layer, colour, width) if layer is not None else ""


def _fill_chart(page, context, indicator, layer, level: str, references: dict, work_dir: Path) -> None:
    picture = page.get("chart")
    if not isinstance(picture, QgsLayoutItemPicture):
        return
    indicator_id = str(indicator_attr(indicator, "id"))
    unit = str(indicator_attr(indicator, "unit", ""))
    label = str(indicator_attr(indicator, "label", indicator_id))
    decimals = indicator_decimals(indicator)
    territory = references.get("territoire")
    reference = territory.value if territory else None
    if indicator_attr(indicator, "additive", False):
        # A count's territory value is the sum of its units: no line to draw among them.
        reference = None
    size = picture.rect()
    path = work_dir / f"chart_{indicator_id}.svg"

    if level == "iris":
        values = field_values(layer, indicator_id)
        draw_histogram(path, values, unit=unit, decimals=decimals, unit_label="IRIS", reference=reference,
                       reference_label=tr("Territory"), width_mm=size.width(), height_mm=size.height())
        title = tr("Distribution of the IRIS by « {label} »").format(label=label)
    else:
        names = _commune_names(layer)
        pairs = [(names.get(code, code), value) for code, value in field_values(layer, indicator_id, with_codes=True)]
        polarity = indicator_attr(indicator, "polarity", "neutral")
        draw_ranking(path, pairs, unit=unit, decimals=decimals, highest_first=polarity != "higher_is_worse",
                     reference=reference, width_mm=size.width(), height_mm=size.height())
        title = tr("Communes ranked by « {label} »").format(label=label)
        if unit not in UNITLESS:
            title += f" ({unit})"
        if len(pairs) > 20:
            title += tr(", the 10 highest and the 10 lowest")
        if reference is not None:
            title += tr("; dashed line: territory")
    picture.setPicturePath(str(chart_image(path, size.width(), size.height())))
    set_text(page, "chart_title", title)


def chart_image(svg: Path, width_mm: float, height_mm: float, dpi: int = CHART_DPI) -> Path:
    """Render the chart ``svg`` into a PNG beside it, at ``dpi`` for the page's size; return its path.

    The layout shows the PNG and the SVG stays in the folder for other documents. Qt 5's SVG
    renderer draws every letter as curves, so each of the 31 charts of the MEL's diagnostic
    put 16 000 curve segments into the PDF (about 0.45 MB per page).
    """
    renderer = QSvgRenderer(str(svg))
    size = QSize(max(1, round(width_mm / 25.4 * dpi)), max(1, round(height_mm / 25.4 * dpi)))
    image = QImage(size, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    # White rather than transparent: the page is white, and an opaque image stays smaller in the PDF.
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
    painter.end()
    target = svg.with_suffix(".png")
    if not image.save(str(target), "PNG"):
        return svg
    return target


def _commune_names(layer) -> dict[str, str]:
    names = [name for name in ("nom_commune", "libelle", "nom", "name", "libgeo") if layer.fields().indexOf(name) >= 0]
    if not names or layer.fields().indexOf("code_commune") < 0:
        return {}
    return {str(feature["code_commune"]): str(feature[names[0]]) for feature in layer.getFeatures()}


def _fill_methods(page, context: ReportContext, footer: str, pause=None) -> None:
    """Fill the methods page: coverage text, then ``pause()`` if given, then the sources table."""
    set_text(page, "section", tr("Methods and sources"))
    set_text(page, "page_title", tr("Indicators, sources and coverage"))
    set_text(page, "coverage", methods_coverage_text(context))
    if pause is not None:
        pause()
    table = page.get("sources_table")
    if table is not None:
        tables.fill_sources(table, context.indicators, context.cog_year)
    set_text(page, "footer", footer)
