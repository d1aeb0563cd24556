"""Source lines, producer credits and coverage text of the diagnostic.

Licence Ouverte 2.0 requires every reuse to name the producer and the date of the data. Each map
carries its source line (producer, dataset, vintage, licence) and the cover credits every
producer used.
"""

from __future__ import annotations

from qgis.core import QgsFeatureRequest

from territorial_health_plugin.core.report.context import ReportContext, indicator_attr
from territorial_health_plugin.core.report.formatting import format_count, format_number
from territorial_health_plugin.core.source_titles import catalogue_dataset, source_ids, source_title
from territorial_health_plugin.toolbelt.i18n import tr

BOUNDARIES = {
    "iris": "IGN-INSEE, Contours IRIS®",
    "commune": "IGN, ADMIN EXPRESS",
}


def field_values(layer, field: str, with_codes: bool = False) -> list:
    """Return the values of ``field`` (None for NULL); with ``with_codes``, ``(code_commune, value)`` pairs."""
    attributes = [field] + (["code_commune"] if with_codes else [])
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    request.setSubsetOfAttributes(attributes, layer.fields())
    values = []
    for feature in layer.getFeatures(request):
        value = feature[field]
        value = None if value is None or (hasattr(value, "isNull") and value.isNull()) else float(value)
        values.append((str(feature["code_commune"]), value) if with_codes else value)
    return values


def hidden_count(layer, field: str) -> int:
    """Return how many features have no value for ``field`` (secret statistique or not published)."""
    return sum(1 for value in field_values(layer, field) if value is None)


def source_line(indicator, level: str = "", with_boundaries: bool = True) -> str:
    """Return the source line of one map or chart: producer, dataset, vintage, licence, boundaries."""
    producer = indicator_attr(indicator, "producer", tr("unknown producer"))
    dataset = indicator_attr(indicator, "dataset", "")
    vintage = indicator_attr(indicator, "vintage", "")
    licence = indicator_attr(indicator, "licence", "")
    parts = [str(producer)] + [str(part) for part in (dataset, vintage) if part]
    source = ", ".join(parts)
    if indicator_attr(indicator, "synthetic", False):
        source += f" ({synthetic_label()})"
    text = tr("Source: {source}.").format(source=source)
    if licence:
        text += " " + tr("Licence: {licence}.").format(licence=licence)
    if with_boundaries:
        boundaries = BOUNDARIES.get(level, BOUNDARIES["commune"])
        text += " " + tr("Boundaries: {boundaries}.").format(boundaries=boundaries)
    return text


def synthetic_label() -> str:
    """Return the words that mark invented figures (the embedded sample's census and FINESS)."""
    return tr("synthetic demonstration data")


def producers_credit(context: ReportContext) -> str:
    """Return the cover's credit: each producer with its datasets and vintages, and the licence."""
    by_producer: dict[str, list[str]] = {}
    licences = set()
    for indicator in context.indicators:
        producer = str(indicator_attr(indicator, "producer", tr("unknown producer")))
        dataset = str(indicator_attr(indicator, "dataset", ""))
        vintage = str(indicator_attr(indicator, "vintage", ""))
        entry = f"{dataset} {vintage}".strip()
        if entry and indicator_attr(indicator, "synthetic", False):
            entry += f" ({synthetic_label()})"
        if entry and entry not in by_producer.setdefault(producer, []):
            by_producer[producer].append(entry)
        if indicator_attr(indicator, "licence", ""):
            licences.add(str(indicator_attr(indicator, "licence")))

    separator = tr("; ", "list separator")
    lines = [tr("Data:")] + [tr("{label}: {value}").format(label=producer, value=separator.join(entries))
                             if entries else producer for producer, entries in by_producer.items()]
    lines.append(tr("Boundaries: IGN and INSEE (Contours IRIS®, ADMIN EXPRESS)."))
    if licences:
        lines.append(tr("Reused under {licences}; each map names its producer and vintage.").format(
            licences=", ".join(sorted(licences))))
    lines.append(tr("Document produced with QGIS and the « Diagnostic territorial de santé » plugin."))
    return "\n".join(lines)


def methods_coverage_text(context: ReportContext) -> str:
    """Return the methods page's text on geography, joins and values hidden or missing."""
    lines = []
    if context.cog_year:
        lines.append(tr("Geography: communes of the COG {year} (code officiel géographique, INSEE).").format(
            year=context.cog_year))
    lines.extend(_join_lines(context.run_report))
    lines.extend(_hidden_lines(context))
    warnings = context.run_report.get("warnings") or []
    if warnings:
        shown = tr("; ", "list separator").join(str(warning) for warning in warnings[:4])
        lines.append(tr("Warnings of the run: {warnings}").format(warnings=shown))
        if len(warnings) > 4:
            lines[-1] += " " + tr("(and {count} more in run_report.json)").format(count=len(warnings) - 4)
    if not lines:
        lines.append(tr("Every unit of the territory was joined to its data."))
    return "\n".join(lines)


def _join_lines(run_report: dict) -> list[str]:
    joins = run_report.get("joins") or run_report.get("join_report") or []
    if isinstance(joins, dict):
        joins = [dict(value, name=key) if isinstance(value, dict) else {"name": key} for key, value in joins.items()]
    datasets = _dataset_names(run_report)
    lines = []
    for join in joins[:6]:
        if not isinstance(join, dict):
            continue
        name = _readable_join_name(join.get("name") or join.get("source") or join.get("table") or "?", datasets)
        rate = join.get("match_rate")
        unmatched = _unmatched_names(join)
        text = tr("Join « {name} »").format(name=name)
        if rate is not None:
            percent = float(rate) * 100 if float(rate) <= 1 else float(rate)
            matched = tr("{rate} % of the units matched").format(rate=format_number(percent, 1))
            text = tr("{label}: {value}").format(label=text, value=matched)
        coverage = join.get("geometry_rate")
        if rate is not None and coverage is not None and float(coverage) < 0.95 * float(rate):
            # Filosofi matches 99 % of its rows but covers only the IRIS of larger communes.
            text += tr("; ", "list separator") + tr("{rate} % of the territory's units have a value").format(
                rate=format_number(float(coverage) * 100 if float(coverage) <= 1 else float(coverage), 1))
        if unmatched:
            shown = ", ".join(str(code) for code in list(unmatched)[:6])
            more = len(unmatched) - 6
            text += tr("; ", "list separator") + tr("not matched: {codes}").format(codes=shown)
            if more > 0:
                text += " " + tr("and {count} more").format(count=format_count(more))
        lines.append(text + ".")
    return lines


def _dataset_names(run_report: dict) -> dict[str, str]:
    """Return source id -> « producer, dataset » of the tables a run read."""
    names = {}
    for table in run_report.get("tables") or []:
        if isinstance(table, dict) and table.get("source_id"):
            names[str(table["source_id"])] = ", ".join(
                str(part) for part in (table.get("producer"), table.get("dataset")) if part)
    return names


def _readable_join_name(name: str, datasets: dict[str, str]) -> str:
    """Replace the source id of a join name (``insee_filosofi_iris × iris``) by its dataset.

    The printed methods page is read by people who never saw the plugin's source ids.
    """
    source, separator, level = str(name).partition(" × ")
    catalogue = catalogue_dataset(source)
    if source in datasets:
        dataset = datasets[source]
    elif catalogue is not None:
        # A source the run did not list among its tables (FINESS counted by IRIS) still has a title.
        dataset = f"{catalogue[1]}, {catalogue[0]}"
    elif source in source_ids():
        dataset = source_title(source)
    else:
        return str(name)
    level = {"iris": "IRIS", "communes": tr("communes"), "commune": tr("communes")}.get(level, level)
    return f"{dataset}{separator}{level}" if separator else dataset


def _unmatched_names(join: dict) -> list[str]:
    """Return « code name » of each unit a join left unmatched, whichever side it came from."""
    found = []
    for key in ("unmatched_geometry", "unmatched_data", "unmatched", "unmatched_codes"):
        entries = join.get(key) or []
        if isinstance(entries, dict):
            entries = [{"code": code, "name": name} for code, name in entries.items()]
        for entry in entries:
            if isinstance(entry, dict):
                text = f"{entry.get('code', '')} {entry.get('name', '') or ''}".strip()
            else:
                text = str(entry)
            if text and text not in found:
                found.append(text)
    return found


def _hidden_lines(context: ReportContext) -> list[str]:
    parts = []
    for key, unit_label in (("iris", "IRIS"), ("communes", "communes")):
        layer = context.layers.get(key)
        if layer is None:
            continue
        total = layer.featureCount()
        for indicator in context.indicators:
            field = str(indicator_attr(indicator, "id"))
            if layer.fields().indexOf(field) < 0:
                continue
            hidden = hidden_count(layer, field)
            if hidden:
                parts.append(tr("{label}: {hidden} {units} of {total}").format(
                    label=indicator_attr(indicator, "label", field), hidden=format_count(hidden), units=unit_label,
                    total=format_count(total)))
    if not parts:
        return []
    return [tr("Units without a value (secret statistique, or not published by the producer), drawn in grey "
               "on the maps: {parts}.").format(parts=tr("; ", "list separator").join(parts))]
