"""The body of the diagnostic run: data in, staged outputs out (called by :mod:`core.pipeline`).

Each function is one step of the run with plain data in and out; :func:`build` chains them
and writes every output into the staging folder that the pipeline publishes.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from territorial_health_plugin.core import establishment_counts, geopackage, indicators, joins, project, styling
from territorial_health_plugin.core.source_titles import join_title
from territorial_health_plugin.toolbelt.errors import DataFormatError, DataSourceError, InvalidInputError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

@dataclass
class Inputs:
    """Inputs of the run: tables, geometry layers and their vintages, and notes on fetching."""

    tables: list = field(default_factory=list)
    layers: dict = field(default_factory=dict)
    vintages: dict = field(default_factory=dict)
    fetched: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Indicator id -> French message, for indicators whose source was read but lacks their columns.
    indicator_errors: dict[str, str] = field(default_factory=dict)
    # IRIS names repaired: ``from_table`` (taken from a table's LIBIRIS), ``control_removed``.
    name_repairs: dict[str, int] = field(default_factory=dict)
    # IRIS codes harmonised between the contours and the IRIS tables (harmonise.IrisHarmonisation).
    iris_harmonisation: object = None


@dataclass
class Built:
    """Frames of the layers and tables to write, and what the run found."""

    iris: pd.DataFrame | None
    communes: pd.DataFrame
    outline: pd.DataFrame
    geometries: dict
    crs: dict
    reference: pd.DataFrame
    sources: pd.DataFrame
    reports: list
    specs: list
    warnings: list[str] = field(default_factory=list)
    classification_notes: dict = field(default_factory=dict)
    # Indicator id -> French reason, for each selected indicator without data (source missing).
    unavailable: dict[str, str] = field(default_factory=dict)
    # Establishments counted per IRIS and those counted per commune only (run_report.json).
    establishments_by_iris: dict = field(default_factory=dict)


# --- Selection and inputs -----------------------------------------------------------------------


def select_indicators(request) -> list:
    """Return the catalogue indicators that the request selects (ids win over themes)."""
    from territorial_health_plugin.core.catalogue import load_catalogue

    catalogue = load_catalogue()
    try:
        selected = catalogue.select(themes=request.themes, ids=request.indicators)
    except DataFormatError as error:
        raise InvalidInputError(error.message, error.details) from error
    if request.level == "commune":
        return selected
    return selected


def read_inputs(territory, selected: list, request, work_dir: Path, steps) -> Inputs:
    """Fetch the tables and geometries with the readers' ``fetch_all``."""
    from territorial_health_plugin.core import fetch

    context = fetch.FetchContext(
        mode=request.source, work_dir=work_dir, data_dir=request.data_dir, downloader=_downloader(request, steps),
        user_tables=[(Path(path), request.table_code_column) for path in request.tables],
        iris_layer=request.iris_layer, communes_layer=request.communes_layer,
        with_qpv=request.source != "sample", feedback=steps.feedback,
        # The département outline is written even without a PDF, because the panel composes the
        # report later from the saved project.
        with_departement=True,
    )
    outcome = fetch.fetch_all(WideTerritory(territory), selected, context)
    steps.check()

    inputs = Inputs(tables=list(outcome.tables), indicator_errors=dict(outcome.indicator_errors))
    for kind, source in outcome.geometries.items():
        inputs.layers[kind] = source
        inputs.vintages[kind] = str(source.provenance.get("vintage") or "")
    for source_id, origin in outcome.origins.items():
        inputs.fetched.append({"source_id": source_id, "from": origin})
    for source_id, reason in outcome.errors.items():
        inputs.fetched.append({"source_id": source_id, "from": None, "error": reason})
    inputs.warnings.extend(fetch.skipped_source_warnings(outcome))
    return inputs


def _downloader(request, steps):
    """Return the downloader of the online and cache modes (None for the sample)."""
    if request.source == "sample":
        return None
    from territorial_health_plugin.core.cache import Cache
    from territorial_health_plugin.core.network import Downloader

    return Downloader(cache=Cache.from_settings(), mode=request.source, feedback=steps.feedback)


class WideTerritory:
    """Territory handed to ``fetch_all``, listing every commune code of its départements.

    ``fetch_all`` keeps only the rows of the codes it is given. Giving it every code of the
    territory's départements (current, associated, delegated, arrondissements, and codes of
    older COGs) keeps what the département's reference values are computed from, and the old
    codes that harmonisation maps later; the layers keep only the territory.
    """

    def __init__(self, territory) -> None:
        self._territory = territory
        self.commune_codes = departement_codes(territory.departements) + list(territory.commune_codes)

    def __getattr__(self, name):
        return getattr(self._territory, name)


def departement_codes(departements: list[str]) -> list[str]:
    """Return every commune code, current or former, of the given départements."""
    from territorial_health_plugin.core.reference import load_reference

    reference = load_reference()
    wanted = set(departements)
    current = reference.communes.loc[reference.communes["code_departement"].isin(wanted), "code_commune"]
    movements = reference.movements
    former = [code for column in ("code_av", "code_ap") if column in movements.columns
              for code in movements[column].dropna().astype(str) if joins.departement_of(code) in wanted]
    return sorted(set(current) | set(former))


def open_vector(source, name: str):
    """Open a GeometrySource, a path or a layer as a QgsVectorLayer, or raise a French error."""
    from qgis.core import QgsVectorLayer

    if isinstance(source, QgsVectorLayer):
        return source
    uri = getattr(source, "uri", None) or str(source)
    layer = QgsVectorLayer(uri, name, "ogr")
    if not layer.isValid():
        raise InvalidInputError(tr("The layer « {path} » cannot be opened: is it a vector file?").format(path=uri))
    return layer


USER_THEME = "donnees_utilisateur"


def user_table_specs(tables: list, taken: set[str]) -> list:
    """Return one indicator per numeric column of the user's own tables (``--table``).

    A user's column may be a count or a rate, and the file does not tell. It is therefore treated
    as a published, non-additive value, shown at its own level and never aggregated.
    """
    import re

    specs = []
    for table in tables:
        if not str(table.source_id).startswith("local:"):
            continue
        for column in table.value_columns:
            slug = re.sub(r"[^a-z0-9_]+", "_", column.lower()).strip("_")[:30] or "valeur"
            identifier = slug if slug[0].isalpha() else f"u_{slug}"[:30]
            if identifier in taken:
                continue
            taken.add(identifier)
            specs.append(indicators.IndicatorSpec(
                id=identifier, label=column, theme=USER_THEME, method="published",
                level=table.level if table.level in indicators.LEVELS else "commune",
                value_column=column, source_id=table.source_id, polarity="neutral"))
    return specs


# --- Harmonisation ------------------------------------------------------------------------------


def harmonise_tables(tables: list, specs: list, keep_arrondissements=()) -> list[str]:
    """Bring commune tables to the current COG and arrondissements to their city, in place.

    Counts (numerators, denominators, weights) are summed over merged codes; a weighted value
    is recomputed from its summed product with the weight; other values become NULL. The
    arrondissements of ``keep_arrondissements`` (units of the territory) keep their own rows.
    """
    from territorial_health_plugin.core import harmonise

    notes = []
    for table in tables:
        if table.level != "commune" or table.frame.empty:
            continue
        weighted = sorted({(s.value_column, s.weight) for s in specs if s.method == "weighted_mean"
                           and s.value_column in table.frame.columns and s.weight in table.frame.columns})
        frame = table.frame.copy()
        for value, weight in weighted:
            frame[f"{value}*{weight}"] = frame[value] * frame[weight]
        additive = _additive_columns(specs) | {f"{v}*{w}" for v, w in weighted}
        vintage = getattr(table, "geography_year", None) or getattr(table, "vintage", None)
        # The tables cover the whole département, so most of harmonise's lines concern other
        # communes: they go to the join report, and those about the territory to its warnings.
        with quiet_logger(harmonise.logger):
            frame, report = harmonise.harmonise_commune_codes(frame, "code_commune", sorted(additive),
                                                              vintage=vintage, aggregate_arrondissements=True,
                                                              keep_arrondissements=keep_arrondissements)
        for value, weight in weighted:
            recomputed = frame[f"{value}*{weight}"] / frame[weight].where(frame[weight] != 0)
            frame[value] = frame[value].where(frame[value].notna(), recomputed)
            frame = frame.drop(columns=f"{value}*{weight}")
        table.frame = frame
        notes.extend(f"{table.source_id} : {line}" for line in report.lines())
    return notes


class quiet_logger:  # noqa: N801 - used as a context manager, named like contextlib's helpers
    """Keep a logger's records below ERROR out of the log while the block runs."""

    def __init__(self, target: logging.Logger) -> None:
        self.target = target
        self.level = target.level

    def __enter__(self):
        self.target.setLevel(logging.ERROR)
        return self

    def __exit__(self, *_exc) -> None:
        self.target.setLevel(self.level)


# Commune (5 characters) and IRIS (9 characters) codes inside a message.
MESSAGE_CODES = re.compile(r"(?<![\w-])(?:\d{2}|2A|2B)\d{3}(?:\d{4})?(?![\w-])")


def territory_warnings(warnings: list[str], territory) -> list[str]:
    """Return each warning once, leaving out those that name only communes outside the territory.

    A warning naming no commune or IRIS code is kept. The run report keeps every warning.
    """
    members = set(territory.commune_codes) | set(getattr(territory, "iris_commune_codes", None) or [])
    kept = []
    for warning in dict.fromkeys(str(w) for w in warnings):
        codes = MESSAGE_CODES.findall(warning)
        if codes and not any(code[:5] in members for code in codes):
            continue
        kept.append(warning)
    return kept


def check_sample_coverage(territory) -> None:
    """Raise :class:`InvalidInputError` when the embedded sample does not cover the territory."""
    from territorial_health_plugin.core.sources.sample import SAMPLE_EPCI, sample_commune_codes

    outside = sorted(set(territory.commune_codes) - sample_commune_codes())
    if outside:
        raise InvalidInputError(tr(
            "The embedded sample covers only the Métropole Européenne de Lille (EPCI {epci}): « {name} » has "
            "communes outside it ({examples}). Choose a territory of the MEL, or use --source online or cache."
        ).format(epci=SAMPLE_EPCI, name=territory.name,
                 examples=", ".join(outside[:3]) + (", …" if len(outside) > 3 else "")))


def _additive_columns(specs: list) -> set[str]:
    columns: set[str] = set()
    for spec in specs:
        if spec.method in ("ratio", "sum", "weighted_mean"):
            columns.update(spec.numerator + spec.numerator_minus + spec.denominator + spec.subtrahend)
            if spec.method == "sum" and spec.value_column:
                columns.add(spec.value_column)
            if spec.weight:
                columns.add(spec.weight)
    return columns


# --- Geometries ---------------------------------------------------------------------------------


def commune_geometries(inputs: Inputs, territory) -> joins.GeometryTable:
    """Read the commune contours, bring their codes to the current COG, keep the territory's."""
    source = inputs.layers.get("communes")
    if source is None:
        raise DataSourceError(tr("No commune contours: give --communes-layer or use --source sample."))
    layer = open_vector(source, "communes")
    table = joins.read_geometries(layer, "code_commune", getattr(source, "code_field", None) or None)
    table = joins.harmonise_geometries(table, inputs.vintages.get("communes") or None,
                                       keep_arrondissements=arrondissement_members(territory))
    names = dict(zip(territory.communes["code_commune"], territory.communes["nom"]))
    members = set(territory.commune_codes)
    table.frame = table.frame[table.frame["code_commune"].isin(members)].reset_index(drop=True)
    table.frame["name"] = table.frame["code_commune"].map(names).fillna(table.frame["name"])
    # The contours of a file wider than the territory (the whole MEL for Lille) are dropped
    # too, so that the territory outline is the union of its own communes.
    table.geometries = {code: geometry for code, geometry in table.geometries.items() if code in members}
    return table


def iris_geometries(inputs: Inputs, territory, communes: joins.GeometryTable, tables: list, additive=()):
    """Read the IRIS contours of the territory and complete the communes missing from them.

    IRIS codes of communes merged since are first harmonised between the contours and the
    IRIS tables (``additive`` columns summed, see :func:`harmonise_iris`). Returns the geometry
    table (with ``code_commune``) and the :class:`joins.IrisCompletion`.
    """
    source = inputs.layers.get("iris")
    if source is None:
        return None, joins.IrisCompletion()
    # The IRIS contours stay in their file (the national layer has 49 000): the writer copies them.
    table = joins.read_geometry_keys(open_vector(source, "iris"), "code_iris",
                                     getattr(source, "code_field", None) or None)
    unit_arrondissements = arrondissement_members(territory)
    table.frame["code_commune"] = current_communes_of_iris(table.frame["code_iris"], unit_arrondissements)
    members = set(territory.commune_codes)
    table.frame = table.frame[table.frame["code_commune"].isin(members)].reset_index(drop=True)
    inputs.iris_harmonisation = harmonise_iris(table, tables, additive)
    table.frame["name"], inputs.name_repairs = repaired_names(table.frame, tables)

    known = _iris_listed_by_tables(tables, unit_arrondissements)
    expectation = territory.iris_expectation()
    split = expectation.loc[expectation["expected"] == "split", "code_commune"]
    # The expectation lists Paris, Lyon and Marseille by arrondissement, the IRIS by their city.
    for code in set(current_communes_of_iris(split + "0000", unit_arrondissements)):
        known.setdefault(code, known.get(code) or [f"{code}????"])
    names = dict(zip(territory.communes["code_commune"], territory.communes["nom"]))
    completion = joins.missing_iris(set(table.frame["code_commune"]), territory.commune_codes, known, names)
    _add_whole_commune_iris(table, communes, completion)
    _add_communes_without_iris_contours(table, communes, completion, names, unit_arrondissements)
    return table, completion


def harmonise_iris(table: joins.GeometryTable, tables: list, additive=()):
    """Harmonise the IRIS codes of communes merged since, in the IRIS tables and the contours.

    See :func:`harmonise.harmonise_iris_codes`. Mapped table rows are combined (``additive``
    columns summed, the others NULL) and mapped contours are merged into one feature.
    Returns the :class:`harmonise.IrisHarmonisation`, whose causes name the IRIS left unmatched.
    """
    from territorial_health_plugin.core import harmonise

    iris_tables = [t for t in tables if t.level == "iris" and not t.frame.empty]
    code_sets = {"contours": set(table.frame["code_iris"])}
    code_sets.update({f"{t.source_id}#{i}": set(t.frame["code_iris"].dropna()) for i, t in enumerate(iris_tables)})
    result = harmonise.harmonise_iris_codes(code_sets)
    if not result.mapping:
        return result
    for source in iris_tables:
        source.frame = harmonise.merge_iris_rows(source.frame, result.mapping, additive)
        source.labels = {result.mapping.get(code, code): name for code, name in (source.labels or {}).items()}
    _merge_iris_contours(table, result.mapping)
    return result


def _merge_iris_contours(table: joins.GeometryTable, mapping: dict[str, str]) -> None:
    """Merge the contours of IRIS mapped to one code into a single feature of that code.

    A mapped IRIS is a whole commune (``<commune>0000``), so the merged feature takes the name
    of the commune nouvelle.
    """
    from qgis.core import QgsGeometry

    from territorial_health_plugin.core.reference import load_reference

    codes = table.frame["code_iris"]
    mapped = codes.map(lambda code: mapping.get(code, code))
    targets = set(mapped[codes != mapped])
    groups = {target: sorted(set(codes[mapped == target])) for target in targets}
    polygons = establishment_counts.polygons_of(table.geometries, [c for group in groups.values() for c in group])
    for target, group in groups.items():
        parts = [polygons[code] for code in group if code in polygons]
        if parts:
            table.geometries[target] = parts[0] if len(parts) == 1 else QgsGeometry.unaryUnion(parts)
    reference = load_reference()
    frame = table.frame.assign(code_iris=mapped.to_numpy()).drop_duplicates("code_iris")
    renamed = frame["code_iris"].isin(targets)
    frame.loc[renamed, "name"] = frame.loc[renamed, "code_iris"].map(
        lambda code: reference.name_of(code[:5]) or "").to_numpy()
    table.frame = frame.reset_index(drop=True)


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def repaired_names(frame: pd.DataFrame, tables: list) -> tuple[pd.Series, dict[str, int]]:
    """Return the IRIS names of ``frame`` without control characters, and the count of repairs.

    Some IRIS contours carry U+001A where an accented letter was lost in an encoding
    conversion (« Bourg D\x1alivrance »). Such a name is replaced by the one a table
    publishes for the same code (Filosofi's LIBIRIS), else the control characters are removed.
    """
    published: dict[str, str] = {}
    for table in tables:
        if table.level == "iris":
            published.update({code: name for code, name in (getattr(table, "labels", None) or {}).items()
                              if not CONTROL_CHARACTERS.search(name)})
    names = frame["name"].fillna("").astype(str)
    damaged = names.str.contains(CONTROL_CHARACTERS)
    replacement = frame["code_iris"].map(published)
    from_table = damaged & replacement.notna()
    stripped = names.str.replace(CONTROL_CHARACTERS, "", regex=True).str.replace(r"\s+", " ", regex=True).str.strip()
    repaired = names.where(~damaged, stripped).where(~from_table, replacement)
    counts = {"from_table": int(from_table.sum()), "control_removed": int((damaged & ~from_table).sum())}
    if damaged.any():
        logger.info(tr("{count} IRIS names had control characters: {from_table} replaced by the name the data "
                       "table gives, {removed} cleaned.").format(count=int(damaged.sum()),
                                                               from_table=counts["from_table"],
                                                               removed=counts["control_removed"]))
    return repaired, counts


def current_communes_of_iris(codes: pd.Series, keep_arrondissements=()) -> pd.Series:
    """Return the current commune of each IRIS code.

    An IRIS code starts with the code its commune had when the IRIS were drawn: an older COG
    code (a commune merged since) or an arrondissement, both mapped to today's commune. An
    arrondissement listed in ``keep_arrondissements`` (a unit of the territory) stays itself.
    """
    from territorial_health_plugin.core import harmonise

    return harmonise.current_communes(codes.str[:5], keep_arrondissements)


def arrondissement_members(territory) -> list[str]:
    """Return the arrondissements municipaux that the territory lists as its own units."""
    return [code for code in territory.commune_codes if joins.plm_city(code)]


def _iris_listed_by_tables(tables: list, keep_arrondissements=()) -> dict[str, list[str]]:
    """Return the IRIS codes that the IRIS tables list, by current commune."""
    listed: dict[str, list[str]] = {}
    for table in tables:
        if table.level == "iris":
            codes = table.frame["code_iris"].dropna()
            for commune, code in zip(current_communes_of_iris(codes, keep_arrondissements), codes):
                listed.setdefault(commune, []).append(code)
    return listed


def _add_whole_commune_iris(table: joins.GeometryTable, communes: joins.GeometryTable, completion) -> None:
    """Give each single-IRIS commune missing from the IRIS layer its commune contour."""
    rows = []
    for code_iris, name in completion.from_commune:
        geometry = communes.geometries.get(code_iris[:5])
        if geometry is None:
            continue
        table.geometries[code_iris] = _transformed(geometry, communes.crs, table.crs)
        rows.append({"code_iris": code_iris, "name": name, "code_commune": code_iris[:5]})
    if rows:
        table.frame = pd.concat([table.frame, pd.DataFrame(rows)], ignore_index=True)


# Field of the ``iris`` layer set to 1 on a commune drawn in place of IRIS that have no contour.
NO_CONTOUR_FIELD = "iris_sans_contour"


def _add_communes_without_iris_contours(table: joins.GeometryTable, communes: joins.GeometryTable, completion,
                                        names: dict[str, str], keep_arrondissements=()) -> None:
    """Draw, in the IRIS layer, each commune whose IRIS all lack a contour, flagged and without values.

    Leaving such a commune out would show a white hole on the IRIS maps, read as « no one
    lives here ». Its feature takes the commune contour, its ``code_iris`` is the commune
    code (it stands for all of its IRIS, so no IRIS value joins to it) and
    :data:`NO_CONTOUR_FIELD` is 1, so the maps draw it in the « not available » class.

    NOTE: the report's count of IRIS without a value (« valeur masquée ») includes this feature.
    """
    table.frame[NO_CONTOUR_FIELD] = 0
    if not completion.without_geometry:
        return
    codes = pd.Series([code for code, _ in completion.without_geometry])
    rows = []
    for commune in sorted(set(current_communes_of_iris(codes, keep_arrondissements))):
        geometry = communes.geometries.get(commune)
        if geometry is None or commune in set(table.frame["code_commune"]):
            continue
        table.geometries[commune] = _transformed(geometry, communes.crs, table.crs)
        rows.append({"code_iris": commune, "code_commune": commune, NO_CONTOUR_FIELD: 1,
                     "name": tr("{commune}: IRIS contours not available").format(commune=names.get(commune, commune))})
    if rows:
        table.frame = pd.concat([table.frame, pd.DataFrame(rows)], ignore_index=True)


def _transformed(geometry, source_crs, target_crs):
    from qgis.core import QgsCoordinateTransform, QgsCoordinateTransformContext, QgsGeometry

    geometry = QgsGeometry(geometry)
    if source_crs != target_crs:
        geometry.transform(QgsCoordinateTransform(source_crs, target_crs, QgsCoordinateTransformContext()))
    return geometry


# --- Establishments per IRIS --------------------------------------------------------------------


def establishment_tables(inputs: Inputs, specs: list, iris_table, territory):
    """Return the FINESS tables derived for IRIS counts and rates, the specs, and the point counts.

    With the census population, each count gets its rate per 10 000 inhabitants (at IRIS level
    where the census has the IRIS). With IRIS contours and the establishments' points, the
    counts are computed per IRIS too. Returns ``(tables, specs, PointCounts or None)``.
    """
    counting = establishment_counts.count_specs(specs)
    counts = establishment_counts.commune_table(inputs.tables)
    if not counting or counts is None:
        return [], specs, None
    population = establishment_counts.population_table(inputs.tables)
    unit_arrondissements = arrondissement_members(territory)
    iris_units = (iris_table.frame[["code_iris", "code_commune"]] if iris_table is not None
                  else pd.DataFrame({"code_iris": [], "code_commune": []}))
    derived = []
    if population is None:
        inputs.warnings.append(tr("The rates of establishments per 10,000 inhabitants need the census population: "
                                  "select the indicator « Population » to compute them."))
    else:
        derived.append(establishment_counts.rate_table(counts, population, iris_units, unit_arrondissements))
        existing = {spec.id for spec in specs}
        specs = specs + [rate for rate in map(establishment_counts.rate_spec, counting) if rate.id not in existing]

    source = inputs.layers.get("establishments")
    if iris_table is None or source is None:
        return derived, specs, None
    frame = iris_table.frame
    if NO_CONTOUR_FIELD in frame.columns:
        # A commune drawn in place of IRIS without contours is not an IRIS: its points count per commune only.
        frame = frame[frame[NO_CONTOUR_FIELD] != 1]
    frame = frame[["code_iris", "code_commune"]].reset_index(drop=True)
    categories = sorted({column[len(establishment_counts.CATEGORY_PREFIX):]
                         for spec in counting for column in spec.numerator})
    polygons = establishment_counts.polygons_of(iris_table.geometries, frame["code_iris"])
    points = establishment_counts.count_points_in_iris(open_vector(source, "etablissements"), categories, frame,
                                                       polygons, iris_table.crs, counts, territory.commune_codes,
                                                       population, unit_arrondissements)
    derived.append(points.table)
    specs = [dataclasses.replace(spec, level="iris") if spec in counting else spec for spec in specs]
    return derived, specs, points


# --- Computation and joins ----------------------------------------------------------------------


def compute(specs, tables, iris_table, communes_table, territory, completion, harmonisation_notes,
            derived_tables=(), iris_harmonisation=None) -> Built:
    """Compute the indicators, join them to the geometries and report every join.

    ``derived_tables`` (establishments per IRIS, per commune with the population) feed the
    indicators but get no join report of their own. ``iris_harmonisation`` names the causes of
    IRIS left unmatched across vintages.
    """
    iris_units = (iris_table.frame[["code_iris", "code_commune"]] if iris_table is not None
                  else pd.DataFrame({"code_iris": [], "code_commune": []}))
    every_table = list(tables) + list(derived_tables)
    result = indicators.compute_indicators(specs, every_table, iris_units, territory.commune_codes)
    causes = getattr(iris_harmonisation, "causes", None) or {}
    reports = [_table_report(t, iris_table, communes_table, territory, causes) for t in tables
               if t.level in indicators.LEVELS]
    if iris_table is not None:
        reports.append(_completion_report(iris_table, completion, territory))
    iris_lines = list(getattr(iris_harmonisation, "lines", None) or [])
    cog_notes = (harmonisation_notes + iris_lines + communes_table.notes
                 + (iris_table.notes if iris_table is not None else []))
    if cog_notes:
        reports.append(joins.JoinReport(name="harmonisation COG", key="code_commune", geometry_count=0,
                                        data_count=0, matched=0, notes=cog_notes))

    commune_names = communes_table.frame.set_index("code_commune")["name"]
    iris_frame = None
    if iris_table is not None:
        base = iris_table.frame.rename(columns={"name": "nom_iris"})
        base["nom_commune"] = base["code_commune"].map(commune_names)
        keys = ["code_iris", "nom_iris", "code_commune", "nom_commune"]
        keys += [NO_CONTOUR_FIELD] if NO_CONTOUR_FIELD in base.columns else []
        iris_frame = base[keys].merge(result.iris.drop(columns="code_commune"), on="code_iris", how="left")
    communes_frame = communes_table.frame.rename(columns={"name": "nom_commune"}).merge(
        result.communes, on="code_commune", how="left")
    outline = pd.DataFrame({"code_territoire": [territory.code], "nom_territoire": [territory.name],
                            "spec": [territory.spec]})
    warnings = list(result.warnings) + population_check(result.reference, territory)
    # Code changes of the territory's own communes; those of the rest of the département stay
    # in the join report.
    warnings += [note for note in harmonisation_notes + iris_lines
                 if MESSAGE_CODES.search(note) and territory_warnings([note], territory)]
    return Built(iris=iris_frame, communes=communes_frame, outline=outline, geometries={}, crs={},
                 reference=result.reference, sources=sources_frame(specs, every_table, result.unavailable),
                 reports=reports, specs=specs, warnings=warnings, unavailable=dict(result.unavailable))


# Relative gap between the census population summed over the territory and its legal population
# above which the tables are likely to hold rows of other communes, or to miss some.
POPULATION_TOLERANCE = 0.1


def population_check(reference: pd.DataFrame, territory) -> list[str]:
    """Return a warning when the computed territory population is far from its legal population.

    Both count the same inhabitants (a census population differs from the legal population of
    a later year by a few per cent): a larger gap means the total includes communes outside
    the territory, or lacks some.
    """
    rows = reference[(reference["indicator"] == "pop_totale") & (reference["level"] == "territoire")]
    legal = getattr(territory, "population", None)
    if rows.empty or pd.isna(rows["value"].iloc[0]) or not legal:
        return []
    computed = float(rows["value"].iloc[0])
    if abs(computed - legal) <= POPULATION_TOLERANCE * legal:
        return []
    return [tr("The population computed for the territory ({computed}) differs from its legal population "
               "({legal}) by more than 10 %: check that the tables cover exactly its communes.").format(
        computed=styling.format_number(computed, 0, ""), legal=styling.format_number(legal, 0, ""))]


def _table_report(table, iris_table, communes_table, territory, causes: dict | None = None) -> joins.JoinReport:
    """Join report of one table against the geometries of its level, on the territory's units.

    ``causes`` gives, by IRIS code, why an IRIS of another vintage cannot match (a commune
    merged since), with the former commune's name: it names that code on either side.
    """
    key = table.key_column
    geometry = iris_table if key == "code_iris" else communes_table
    data = table.frame[[key]].copy()
    commune = data[key].str[:5]
    if key == "code_iris":
        commune = current_communes_of_iris(data[key], arrondissement_members(territory))
    if key == "code_iris" and iris_table is None:
        # At commune level an IRIS table is summed by commune: it joins the commune contours.
        key, geometry = "code_commune", communes_table
        data = pd.DataFrame({key: commune.to_numpy()}).drop_duplicates(ignore_index=True)
        commune = data[key]
    inside = commune.isin(set(territory.commune_codes) | set(territory.iris_commune_codes))
    outside = int((~inside).sum())
    # Data rows are named by their commune, so that an unmatched IRIS reads « 590110101 Annœullin ».
    data["name"] = commune.map(dict(zip(territory.communes["code_commune"], territory.communes["nom"]))).to_numpy()
    geometry_frame = geometry.frame[[key, "name"]] if geometry is not None else pd.DataFrame({key: [], "name": []})
    if causes and key == "code_iris":
        data["name"] = _with_causes(data, key, causes)
        geometry_frame = geometry_frame.assign(name=_with_causes(geometry_frame, key, causes))
    _, report = joins.join_frames(f"{table.source_id} × {'iris' if key == 'code_iris' else 'communes'}",
                                  geometry_frame, data[inside.to_numpy()].rename(columns={"name": "data_name"}),
                                  key, name_column="data_name",
                                  rejected=list(getattr(table, "rejected_codes", []) or []))
    if outside:
        report.notes.append(tr("{count} rows of the table are outside the territory and were left out.").format(
            count=outside))
    return report


def _with_causes(frame: pd.DataFrame, key: str, causes: dict) -> list[str]:
    """Return the names of ``frame``, replaced by the former commune and cause where a code has one."""
    names = frame["name"].fillna("").astype(str)
    return [causes.get(code, name) for code, name in zip(frame[key], names)]


def _completion_report(iris_table, completion, territory) -> joins.JoinReport:
    """Report on the communes of the territory that the IRIS contours do not cover."""
    frame = iris_table.frame if iris_table is not None else pd.DataFrame({"code_commune": []})
    if NO_CONTOUR_FIELD in frame.columns:
        frame = frame[frame[NO_CONTOUR_FIELD] != 1]
    covered = set(frame["code_commune"])
    report = joins.JoinReport(name="communes × contours IRIS", key="code_commune",
                              geometry_count=len(covered), data_count=len(territory.commune_codes),
                              matched=len(covered & set(territory.commune_codes)))
    names = dict(zip(territory.communes["code_commune"], territory.communes["nom"]))
    drawn = {code[:5] for code, _ in completion.from_commune}
    report.unmatched_data = [(code, names.get(code, "")) for code in sorted(set(territory.commune_codes) - covered)
                             if code not in drawn]
    report.notes.extend(completion.notes())
    placeholders = iris_table.frame[iris_table.frame[NO_CONTOUR_FIELD] == 1] \
        if iris_table is not None and NO_CONTOUR_FIELD in iris_table.frame.columns else pd.DataFrame()
    if not placeholders.empty:
        report.notes.append(tr("Communes drawn with their contour in the IRIS layer, without IRIS values "
                               "({field} = 1): {items}").format(
            field=NO_CONTOUR_FIELD, items=", ".join(f"{code} {names.get(code, '')}".strip()
                                                   for code in placeholders["code_commune"])))
    return report


SOURCE_COLUMNS = ["indicator", "label", "theme", "producer", "dataset", "vintage", "cog_year", "licence", "url",
                  "retrieved", "file", "synthetic"]


def sources_frame(specs: list, tables: list, unavailable: dict | None = None) -> pd.DataFrame:
    """Return the ``sources`` table: one row per indicator with its table's provenance.

    Indicators left out for want of their source have no row: no table of theirs was read.
    """
    rows = []
    for spec in specs:
        if spec.id in (unavailable or {}):
            continue
        table = next(iter(indicators.tables_for(spec, tables).values()), None)
        provenance = table.provenance() if table is not None and hasattr(table, "provenance") else {}
        rows.append({
            "indicator": spec.id, "label": spec.label, "theme": spec.theme,
            "producer": provenance.get("producer", ""), "dataset": provenance.get("dataset", ""),
            "vintage": str(provenance.get("vintage") or ""), "cog_year": str(provenance.get("geography_year") or ""),
            "licence": provenance.get("licence", ""), "url": provenance.get("url", ""),
            "retrieved": provenance.get("retrieved", ""), "file": provenance.get("file", ""),
            # 1 for the invented figures of the embedded sample, which the report labels so.
            "synthetic": int(bool(provenance.get("synthetic"))),
        })
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS)


# --- Outputs ------------------------------------------------------------------------------------


def write_geopackage(path: Path, built: Built, iris_table, communes_table, territory_crs, steps, inputs: Inputs,
                     territory) -> dict:
    """Write the layers and tables, then store each layer's default style; return style notes."""
    from qgis.core import QgsGeometry, QgsWkbTypes

    outline_geometry = QgsGeometry.unaryUnion(list(communes_table.geometries.values()))
    specs = [geopackage.LayerSpec("communes", built.communes, "code_commune", communes_table.geometries,
                                  communes_table.crs)]
    if built.iris is not None:
        specs.insert(0, geopackage.LayerSpec("iris", built.iris, "code_iris", iris_table.geometries, iris_table.crs))
    specs.append(geopackage.LayerSpec("territory", built.outline, "code_territoire",
                                      {built.outline["code_territoire"].iloc[0]: outline_geometry},
                                      communes_table.crs))
    specs += extra_layer_specs(inputs, territory)
    specs += [
        geopackage.LayerSpec("reference_values", built.reference),
        geopackage.LayerSpec("sources", built.sources),
        geopackage.LayerSpec("join_report", joins.join_report_frame(built.reports)),
    ]
    for spec in specs[:3]:
        spec.geometry_type = QgsWkbTypes.MultiPolygon
    geopackage.write_geopackage(path, specs, territory_crs, steps.is_cancelled)
    steps.check()
    return store_styles(path, built)


EXTRA_LAYERS = (("establishments", "etablissements", ("code_commune",)),
                ("qpv", "qpv", ("insee_com", "code_commune")),
                ("departement", "departement", ()))


def extra_layer_specs(inputs: Inputs, territory) -> list:
    """Return the establishments and QPV layers when fetched, cut to the territory's communes."""
    specs = []
    members = set(territory.commune_codes) | set(territory.arrondissements)
    for kind, name, commune_fields in EXTRA_LAYERS:
        source = inputs.layers.get(kind)
        if source is None:
            continue
        layer = open_vector(source, name)
        frame, geometries = geopackage.layer_frame(layer)
        field = next((f for f in commune_fields if f in frame.columns), None)
        if field is not None:
            frame = frame[frame[field].astype(str).isin(members)].reset_index(drop=True)
        specs.append(geopackage.LayerSpec(name, frame, "id_source", geometries, layer.crs(), layer.wkbType()))
    return specs


def store_styles(path: Path, built: Built) -> dict:
    """Style each layer by its first indicator and store it as the default style."""
    notes = {}
    first = {level: next((s for s in built.specs if _layer_of(s, built) == level), None)
             for level in ("iris", "communes")}
    for level, spec in first.items():
        if level == "iris" and built.iris is None:
            continue
        layer = geopackage.open_layer(path, level)
        if spec is not None and spec.id in layer.fields().names():
            renderer, classification = styling.choropleth_renderer(
                layer, spec.id, spec.decimals, spec.unit, spec.higher_is_worse, _method(spec))
            layer.setRenderer(renderer)
            notes[f"{level}.{spec.id}"] = classification.notes
        geopackage.save_default_style(layer, f"diagnostic_{level}")
    outline = geopackage.open_layer(path, "territory")
    outline.setRenderer(styling.outline_renderer())
    geopackage.save_default_style(outline, "diagnostic_territory")
    tables = geopackage.layer_names(path)
    if "qpv" in tables:
        qpv = geopackage.open_layer(path, "qpv")
        qpv.setRenderer(styling.outline_renderer("#7b3294", 0.5, dashed=True))
        geopackage.save_default_style(qpv, "diagnostic_qpv")
    if "departement" in tables:
        departement = geopackage.open_layer(path, "departement")
        departement.setRenderer(styling.outline_renderer("#1f3b5c", 0.5))
        geopackage.save_default_style(departement, "diagnostic_departement")
    if "etablissements" in tables:
        points = geopackage.open_layer(path, "etablissements")
        points.setRenderer(styling.establishments_renderer(establishment_groups(built.specs)))
        geopackage.save_default_style(points, "diagnostic_etablissements")
    return notes


def establishment_groups(specs: list) -> list[tuple[str, list[str]]]:
    """Return (label, FINESS categories) of each count indicator, for the points' legend."""
    groups = []
    for spec in specs:
        if spec.missing_is_zero and all(column.startswith("CAT_") for column in spec.numerator):
            groups.append((spec.label, [column[4:] for column in spec.numerator]))
    return groups


def _method(spec) -> str:
    """Map the catalogue's classification name to a :mod:`styling` method."""
    return {"equal": "equal_interval"}.get(spec.classification, spec.classification) \
        if spec.classification in ("quantile", "jenks", "equal", "pretty", "equal_interval") else "quantile"


def _layer_of(spec, built: Built) -> str:
    """Return the layer that shows ``spec``: IRIS when it has IRIS values, else communes."""
    if built.iris is not None and spec.id in built.iris.columns and built.iris[spec.id].notna().any():
        return "iris"
    return "communes"


def build_qgis_project(gpkg: Path, built: Built, territory):
    """Return the QGIS project of the diagnostic: one layer per indicator grouped by theme."""
    items = []
    for spec in built.specs:
        level = _layer_of(spec, built)
        frame = built.iris if level == "iris" else built.communes
        if spec.id not in frame.columns:
            continue
        suffix = "IRIS" if level == "iris" else "communes"
        items.append(project.IndicatorLayer(spec.id, f"{spec.label} ({suffix})", spec.theme, level,
                                            spec.decimals, spec.unit, spec.higher_is_worse, _method(spec)))
    context = [("territory", tr("Territory outline"))]
    tables = geopackage.layer_names(gpkg)
    if "qpv" in tables:
        context.append(("qpv", tr("Priority neighbourhoods (QPV)")))
    if "etablissements" in tables:
        context.append(("etablissements", tr("Health establishments (FINESS)")))
    if "departement" in tables:
        context.append(("departement", tr("Département outline")))
    return project.build_project(gpkg, items, context,
                                 tr("Territorial health diagnostic: {name}").format(name=territory.name))


def write_csv(path: Path, built: Built) -> Path:
    """Write ``indicators.csv``: one row per unit and indicator (long format).

    Columns ``niveau`` (iris, commune), ``code``, ``libelle``, ``indicateur``, ``valeur`` and
    ``petit_effectif``; separator ``;``, decimal comma and UTF-8 with BOM, so that French
    spreadsheets open it as numbers. Values are rounded to the indicator's decimals (see
    :func:`csv_number`).
    """
    parts = []
    for level, frame, key, label in (("iris", built.iris, "code_iris", "nom_iris"),
                                     ("commune", built.communes, "code_commune", "nom_commune")):
        if frame is None:
            continue
        for spec in built.specs:
            if spec.id not in frame.columns:
                continue
            parts.append(pd.DataFrame({
                "niveau": level, "code": frame[key], "libelle": frame[label], "indicateur": spec.id,
                "valeur": frame[spec.id].map(lambda value, s=spec: csv_number(value, s)),
                "petit_effectif": frame[spec.small_field].astype("Int64"),
            }))
    columns = ["niveau", "code", "libelle", "indicateur", "valeur", "petit_effectif"]
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    table.to_csv(path, sep=";", decimal=",", index=False, encoding="utf-8-sig")
    return path


# Decimals of summed counts (populations, establishments) in the CSV: census populations are
# weighted estimates with decimals, while float sums leave noise far below them (238246.00000000006).
COUNT_CSV_DECIMALS = 2


def csv_number(value, spec) -> str:
    """Format one value for ``indicators.csv``: the indicator's decimals, decimal comma, empty for NULL.

    Summed counts keep up to :data:`COUNT_CSV_DECIMALS` decimals without trailing zeros
    (« 238246 », « 1532,47 »). The GeoPackage keeps every value unrounded.
    """
    if value is None or pd.isna(value):
        return ""
    decimals = max(int(spec.decimals or 0), 0)
    if spec.method == "sum":
        text = f"{float(value):.{max(decimals, COUNT_CSV_DECIMALS)}f}".rstrip("0").rstrip(".")
    else:
        text = f"{float(value):.{decimals}f}"
    if float(text) == 0:
        # A tiny negative float noise would otherwise print as « -0,0 ».
        text = text.lstrip("-")
    return text.replace(".", ",")


def run_report(territory, inputs: Inputs, built: Built, steps, files: dict, style_notes: dict) -> dict:
    """Return the content of ``run_report.json``."""
    warnings = list(inputs.warnings) + list(built.warnings)
    for report in built.reports:
        if report.status == "warning":
            warnings.append(tr("Join {name}: {matched} of {total} rows matched ({rate}).").format(
                name=join_title(report.name), matched=report.matched, total=report.data_count,
                rate=styling.format_number(100 * report.match_rate, 1, "%")))
    for notes in style_notes.values():
        warnings.extend(notes)
    for table in inputs.tables:
        warnings.extend(getattr(table, "warnings", []) or [])
    warnings = list(dict.fromkeys(str(warning) for warning in warnings))
    return {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "territory": {"spec": territory.spec, "code": territory.code, "name": territory.name,
                      "crs": territory.crs, "cog_year": territory.cog_year, "communes": len(territory.commune_codes)},
        "fetched": inputs.fetched,
        "tables": [_table_summary(table) for table in inputs.tables],
        "indicators": [spec.id for spec in built.specs if spec.id not in built.unavailable],
        # The provenance of each indicator loaded (the ``sources`` table): the report credits these only.
        "sources": built.sources.fillna("").to_dict(orient="records"),
        "indicators_unavailable": dict(built.unavailable),
        "indicator_errors": dict(inputs.indicator_errors),
        "iris_names_repaired": dict(inputs.name_repairs),
        "establishments_by_iris": dict(getattr(built, "establishments_by_iris", None) or {}),
        "joins": [report.to_dict() for report in built.reports],
        "classification_notes": style_notes,
        "warnings": warnings,
        "timings_s": steps.timings,
        "outputs": {key: Path(path).name for key, path in files.items()},
        "csv_format": tr("one row per unit and indicator; separator ;, decimal comma, UTF-8 with BOM"),
    }


def _table_summary(table) -> dict:
    summary = table.provenance() if hasattr(table, "provenance") else {"source_id": table.source_id}
    summary.update({"level": table.level, "rows": int(len(table.frame)),
                    "hidden_counts": dict(getattr(table, "hidden_counts", {}) or {}),
                    "rejected_codes": list(getattr(table, "rejected_codes", []) or [])[:50],
                    "warnings": list(getattr(table, "warnings", []) or []),
                    "invalid_values": {column: [{"row": row, "value": value} for row, value in values[:50]]
                                       for column, values in (getattr(table, "invalid_values", {}) or {}).items()}})
    return summary


def write_json(path: Path, content: dict) -> Path:
    """Write ``content`` as indented UTF-8 JSON."""
    path.write_text(json.dumps(content, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return path


def compose_pdf(qgis_project, staging: Path, built: Built, territory, selected, request, report: dict,
                feedback) -> dict:
    """Add the report layouts to the project and export the PDF files; return them by key."""
    from territorial_health_plugin.core.report import ReportContext, compose_report

    layers = {}
    for layer in qgis_project.mapLayers().values():
        table = layer.source().split("layername=")[-1]
        if table in ("iris", "communes", "territory", "departement") and table not in layers:
            layers[table] = layer
    context = ReportContext(territory=territory, output_dir=staging, indicators=report_indicators(selected, built),
                            reference_values=built.reference, run_report=report, layers=layers,
                            indicator_layers=project.indicator_layers(qgis_project),
                            atlas=request.atlas, cog_year=territory.cog_year)
    return {key: Path(path) for key, path in compose_report(qgis_project, context, feedback).items()}


def report_indicators(selected: list, built: Built) -> list:
    """Return the catalogue indicators the report shows, with the vintage of the data read.

    Indicators whose source was not loaded have no field and no provenance, so the cover does
    not credit their dataset. When the file read is of another vintage than the catalogue's
    (census 2022 for a catalogue written for 2021), the catalogue's dataset title, which names
    its year, is replaced by the table's.
    """
    read = built.sources.set_index("indicator") if not built.sources.empty else None
    shown = []
    for indicator in selected:
        if indicator.id in built.unavailable:
            continue
        vintage = str(read.at[indicator.id, "vintage"]) if read is not None and indicator.id in read.index else ""
        if vintage and vintage != str(indicator.vintage):
            indicator = dataclasses.replace(indicator, vintage=vintage, dataset=str(read.at[indicator.id, "dataset"]))
        shown.append(indicator)
    return shown


# --- The run ------------------------------------------------------------------------------------


def build(request, staging: Path, steps):
    """Run every step, writing the outputs into ``staging``; return the DiagnosticResult."""
    from territorial_health_plugin.core import territory as territory_module
    from territorial_health_plugin.core.pipeline import OUTPUT_NAMES, DiagnosticResult

    steps.start("territory", tr("Resolving the territory…"))
    territory = territory_module.resolve(request.territory)

    if request.source == "sample" and request.communes_layer is None:
        check_sample_coverage(territory)

    steps.start("select", tr("Selecting the indicators…"))
    selected = select_indicators(request)

    steps.start("fetch", tr("Fetching the data…"))
    inputs = read_inputs(territory, selected, request, staging / "work", steps)

    # The columns of an indicator depend on the vintage of the file read (census 2022 replaces
    # CS6 by PCS 2020 groups), so the specs are built once the tables are there.
    specs = indicators.specs_for_tables(selected, inputs.tables)
    if request.classification:
        specs = [dataclasses.replace(spec, classification=request.classification) for spec in specs]
    specs += user_table_specs(inputs.tables, {spec.id for spec in specs})

    steps.start("compute", tr("Computing the indicators…"))
    notes = harmonise_tables(inputs.tables, specs, arrondissement_members(territory))
    communes_table = commune_geometries(inputs, territory)
    iris_table, completion = (iris_geometries(inputs, territory, communes_table, inputs.tables,
                                              sorted(_additive_columns(specs)))
                              if request.level == "iris" else (None, joins.IrisCompletion()))
    derived, specs, points = establishment_tables(inputs, specs, iris_table, territory)
    built = compute(specs, inputs.tables, iris_table, communes_table, territory, completion, notes,
                    derived_tables=derived, iris_harmonisation=inputs.iris_harmonisation)
    if points is not None:
        built.reports.append(points.report(dict(zip(territory.communes["code_commune"], territory.communes["nom"]))))
        built.establishments_by_iris = points.summary()
    _fill_sources(built, selected)
    _check_joins(built)

    steps.start("geopackage", tr("Writing the GeoPackage…"))
    files = {"geopackage": staging / OUTPUT_NAMES["geopackage"]}
    crs = _crs(territory.crs)
    style_notes = write_geopackage(files["geopackage"], built, iris_table, communes_table, crs, steps, inputs,
                                   territory)

    steps.start("project", tr("Building the QGIS project…"))
    qgis_project = build_qgis_project(files["geopackage"], built, territory)

    steps.start("csv", tr("Writing indicators.csv…"))
    files["csv"] = write_csv(staging / OUTPUT_NAMES["csv"], built)

    report = run_report(territory, inputs, built, steps, files, style_notes)
    if request.pdf:
        steps.start("report", tr("Composing the PDF report…"))
        files.update(compose_pdf(qgis_project, staging, built, territory, selected, request, report, steps.feedback))
        charts = staging / "graphiques"
        if charts.is_dir():
            files["charts"] = charts

    steps.start("save_project", tr("Saving the QGIS project…"))
    files["project"] = project.save_project(qgis_project, staging / OUTPUT_NAMES["project"])
    qgis_project.clear()

    steps.start("run_report", tr("Writing run_report.json…"))
    files["report"] = staging / OUTPUT_NAMES["report"]
    report["outputs"] = {key: Path(path).name for key, path in files.items()}
    write_json(files["report"], report)
    return DiagnosticResult(output_dir=staging, files=files, report=report,
                            warnings=territory_warnings(report["warnings"], territory))


def _crs(authid: str):
    from qgis.core import QgsCoordinateReferenceSystem

    crs = QgsCoordinateReferenceSystem(authid)
    if not crs.isValid():
        raise DataFormatError(tr("Unknown projection « {crs} » for the territory.").format(crs=authid))
    return crs


def _fill_sources(built: Built, selected: list) -> None:
    """Complete the provenance of each indicator from the catalogue where the table lacks it."""
    by_id = {indicator.id: indicator for indicator in selected}
    for column, attribute in (("producer", "producer"), ("dataset", "dataset"), ("licence", "licence"),
                              ("url", "source_page"), ("vintage", "vintage")):
        fallback = built.sources["indicator"].map(lambda i, a=attribute: str(getattr(by_id.get(i), a, "") or ""))
        current = built.sources[column].fillna("").astype(str)
        built.sources[column] = current.where(current != "", fallback)


def _check_joins(built: Built) -> None:
    """Raise when a table matched no geometry at all, naming the probable cause."""
    for report in built.reports:
        if report.status == "error":
            raise DataFormatError(tr("No row of {name} matched a geometry. {cause}").format(
                name=join_title(report.name), cause=report.cause))
        if report.status == "warning":
            logger.warning(tr("Join {name}: {matched} of {total} rows matched.").format(
                name=join_title(report.name), matched=report.matched, total=report.data_count))
