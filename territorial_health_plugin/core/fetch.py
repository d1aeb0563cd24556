"""Get every table and geometry a diagnostic needs, each from the right place.

For a territory and a selection of catalogue indicators, :func:`fetch_all` finds each source's
file in this order: the user's data folder (``--data-dir``), then the embedded sample
(``source="sample"``) or the download cache and network (``"cache"``/``"online"``). It reads
the file with the source's reader, keeps the rows of the territory and records where it came
from. A source that cannot be had is recorded with the reason and the others go on; only when
nothing usable remains does it raise.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from territorial_health_plugin.core import endpoints, readers
from territorial_health_plugin.core.readers import GeometrySource, SourceTable
from territorial_health_plugin.core.source_titles import indicator_label, source_title
from territorial_health_plugin.core.sources import drees, finess, insee, local, qpv, sample
from territorial_health_plugin.toolbelt.errors import CancelledError, DataFormatError, DataSourceError, PluginError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

MODES = ("online", "cache", "sample")
# Endpoint id of each catalogue source, ``{vintage}`` filled with the vintage wanted.
ENDPOINTS = {
    "insee_rp_population": "insee.rp_population.{vintage}",
    "insee_rp_activite": "insee.rp_activite.{vintage}",
    "insee_rp_diplomes": "insee.rp_diplomes.{vintage}",
    "insee_rp_familles": "insee.rp_familles.{vintage}",
    "insee_rp_logement": "insee.rp_logement.{vintage}",
    "insee_filosofi_iris": "insee.filosofi_iris.{vintage}",
    "drees_apl_mg": "drees.apl_mg",
    "drees_apl_inf": "drees.apl_inf",
    "drees_apl_kine": "drees.apl_kine",
    "drees_apl_sf": "drees.apl_sf",
    "drees_apl_cd": "drees.apl_cd",
    "finess": "finess.etalab_geolocalise",
    "qpv": "qpv.contours_2024",
}
LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab)"
# Sub-folder of the download cache that keeps parsed tables.
PARSED_FOLDER = "parsed"
# Vintage setting of each source family (keys of FetchContext.vintages and of the settings).
VINTAGE_FAMILIES = {"insee_filosofi_iris": "filosofi", "insee_rp_": "census", "drees_apl_": "apl"}


@dataclass
class FetchContext:
    """Settings of a fetch: where data may come from and where intermediate files go.

    ``parsed_cache`` (a :class:`core.parsed_cache.ParsedCache`) keeps parsed national tables,
    so a second run loads them instead of parsing them again. When None, one is kept in the
    ``parsed`` sub-folder of the downloader's cache (none in sample mode without a downloader).
    ``vintages`` maps ``filosofi``, ``census`` and ``apl`` to a year; a missing or empty one
    means the latest vintage (the latest address known for downloads, the latest file of the
    data folder, the latest sheet of an APL workbook). When None, the years chosen on the
    plugin's options page are used.
    """

    mode: str = "online"
    work_dir: Path = Path(".")
    data_dir: Path | None = None
    downloader: object = None
    user_tables: list[tuple[Path, str | None]] = field(default_factory=list)
    iris_layer: Path | None = None
    communes_layer: Path | None = None
    with_qpv: bool = False
    feedback: object = None
    parsed_cache: object = None
    vintages: dict[str, str] | None = None
    # Fetch the outline of the territory's départements (the report's location inset).
    with_departement: bool = False


@dataclass
class FetchOutcome:
    """Result of a fetch: tables, geometry sources, and why a source or an indicator failed.

    ``errors`` is keyed by source id (the source could not be had at all) and
    ``indicator_errors`` by indicator id (its source was read but lacks its columns).
    ``not_in_sample`` lists the sources of ``errors`` that the embedded sample does not carry,
    and ``indicators_by_source`` the ids of the selected indicators each source gives.
    """

    tables: list[SourceTable] = field(default_factory=list)
    geometries: dict[str, GeometrySource] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    indicator_errors: dict[str, str] = field(default_factory=dict)
    not_in_sample: list[str] = field(default_factory=list)
    indicators_by_source: dict[str, list[str]] = field(default_factory=dict)

    def table(self, source_id: str) -> SourceTable | None:
        """Return the table of a source, or None."""
        return next((table for table in self.tables if table.source_id == source_id), None)


def fetch_all(territory, indicators: Iterable, context: FetchContext) -> FetchOutcome:
    """Fetch the tables of ``indicators`` and the geometry layers for ``territory``."""
    if context.mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {context.mode!r}")
    Path(context.work_dir).mkdir(parents=True, exist_ok=True)
    outcome = FetchOutcome()
    needed = columns_by_source(indicators)
    outcome.indicators_by_source = {source_id: [indicator.id for indicator in needs.indicators]
                                    for source_id, needs in needed.items()}

    for source_id, needs in needed.items():
        _check_cancelled(context)
        _guarded(outcome, source_id, lambda sid=source_id, n=needs: _fetch_table(sid, n, territory, context, outcome))
    for path, code_column in context.user_tables:
        source_id = f"local:{Path(path).stem}"
        _guarded(outcome, source_id, lambda p=path, c=code_column: _fetch_user_table(p, c, territory, outcome))

    if "insee_filosofi_iris" in needed and context.mode != "sample":
        _guarded(outcome, "insee_filosofi_reference", lambda: _fetch_filosofi_reference(territory, context, outcome))

    for kind in ("iris", "communes"):
        _guarded(outcome, f"{kind}_layer", lambda k=kind: _fetch_layer(k, territory, context, outcome))
    if context.with_qpv:
        _guarded(outcome, "qpv", lambda: _fetch_qpv(context, outcome))
    if context.with_departement:
        _guarded(outcome, "departement_layer", lambda: _fetch_departement_layer(territory, context, outcome))

    if not outcome.tables and not outcome.geometries:
        details = "\n".join(tr("{source}: {reason}").format(source=source_title(source), reason=reason)
                            for source, reason in outcome.errors.items())
        raise DataSourceError(
            tr("No table and no geometry could be obtained for « {territory} ». {details}").format(
                territory=getattr(territory, "name", territory), details=details
            ),
            details=details,
        )
    return outcome


@dataclass
class SourceNeeds:
    """Columns one source must give (every vintage needs them) or may give (some vintages)."""

    required: set[str] = field(default_factory=set)
    optional: set[str] = field(default_factory=set)
    indicators: list = field(default_factory=list)


def columns_by_source(indicators: Iterable) -> dict[str, SourceNeeds]:
    """Return, by source, the canonical columns ``indicators`` read.

    A column used by every vintage of an indicator is required. One used only by some vintages
    (CS6 before 2022, PCS 2020 groups after) is optional, because :func:`check_vintage_columns`
    can check it only once the vintage of the file is known.
    """
    needed: dict[str, SourceNeeds] = {}
    for indicator in indicators:
        needs = needed.setdefault(indicator.source, SourceNeeds())
        needs.indicators.append(indicator)
        if indicator.computation.operation == "count":
            needs.required.update(f"CAT_{value}" for value in indicator.computation.values)
            continue
        computations = [indicator.computation] + [variant.computation for variant in indicator.variants]
        common = set.intersection(*(set(computation.columns) for computation in computations))
        needs.required.update(common)
        needs.optional.update(set(indicator.all_columns) - common)
    for needs in needed.values():
        needs.optional -= needs.required
    return needed


def check_vintage_columns(table: SourceTable, needs: SourceNeeds) -> dict[str, str]:
    """Return, by indicator id, the French message of each indicator whose columns are missing.

    The columns checked are those of the table's vintage; the message quotes the closest
    columns of the file itself.
    """
    messages = {}
    present = set(table.frame.columns)
    for indicator in needs.indicators:
        missing = [name for name in indicator.columns_for(table.vintage) if name not in present]
        if missing:
            error = readers.missing_column_error(
                missing[0], table.file_columns or sorted(present), table.file, table.vintage or ""
            )
            messages[indicator.id] = tr("Indicator « {label} »: {message}").format(
                label=indicator.label, message=error.message)
    return messages


def _guarded(outcome: FetchOutcome, source_id: str, step) -> None:
    """Run one fetch step; record its French message instead of stopping the others."""
    try:
        step()
    except CancelledError:
        raise
    except PluginError as error:
        outcome.errors[source_id] = error.message
        if isinstance(error, NotInSampleError):
            outcome.not_in_sample.append(source_id)
        # Not a warning here: the run returns it among its warnings, which every front end shows once.
        logger.debug("source %s skipped: %s", source_id, error.message)


def skipped_source_warnings(outcome: FetchOutcome) -> list[str]:
    """Return the user's lines about the sources that could not be loaded, naming datasets and indicators.

    The sources the embedded sample does not carry make one line that lists their indicators,
    since nothing is wrong with them. Every other source gets its own line with the reason and
    the indicators left out.
    """
    lines = []
    missing = [indicator_label(indicator_id) for source_id in outcome.not_in_sample
               for indicator_id in outcome.indicators_by_source.get(source_id, [])]
    if missing:
        lines.append(tr("Not included in the demonstration sample: {indicators}; use online mode or a data folder "
                        "to compute these indicators.").format(indicators=", ".join(missing)))

    for source_id, reason in outcome.errors.items():
        if source_id in outcome.not_in_sample:
            continue
        left_out = [indicator_label(indicator_id) for indicator_id in outcome.indicators_by_source.get(source_id, [])]
        if left_out:
            lines.append(tr("Source {title} not loaded, indicators left out: {indicators}. {reason}").format(
                title=source_title(source_id), indicators=", ".join(left_out), reason=reason))
        else:
            lines.append(tr("Source {title} not loaded. {reason}").format(title=source_title(source_id),
                                                                          reason=reason))
    return lines


def _check_cancelled(context: FetchContext) -> None:
    """Stop when the user cancelled."""
    if context.feedback is not None and context.feedback.isCanceled():
        raise CancelledError(tr("Cancelled."))


# --- Tables -----------------------------------------------------------------------------------


class NotInSampleError(DataSourceError):
    """The embedded sample has no file for a source: not a failure, the sample covers a few sources."""


def locate(source_id: str, context: FetchContext, vintage: str | None = None) -> tuple[Path, str, dict]:
    """Return ``(file, origin, endpoint entry)`` of a source: data folder, sample or download."""
    if context.data_dir:
        # The data folder holds what the user chose to download: its latest file is taken
        # unless a vintage was requested explicitly.
        found = sample.data_dir_file(context.data_dir, source_id, requested_vintage(source_id, context))
        if found:
            return found, "data_dir", {}
    if context.mode == "sample":
        found = sample.sample_file(source_id)
        if found is None:
            raise NotInSampleError(
                tr("The embedded sample has no file for {title}: use online mode or a data folder.").format(
                    title=source_title(source_id)
                )
            )
        return found, "sample", {}
    return _download(source_id, context, vintage)


def _download(source_id: str, context: FetchContext, vintage: str | None) -> tuple[Path, str, dict]:
    """Fetch a source's file through the downloader (cache first); return its path and entry."""
    if context.downloader is None:
        raise DataSourceError(tr("No downloader is configured for {title}.").format(title=source_title(source_id)))
    endpoint_id = ENDPOINTS.get(source_id, source_id).format(vintage=vintage or "")
    entry = endpoints.endpoint(endpoint_id)
    result = context.downloader.fetch(entry["url"], source_id=endpoint_id, expect=entry.get("expect"))
    origin = "cache" if result.from_cache else "online"
    return Path(result.path), origin, {**entry, "retrieved": result.retrieved, "url": result.url}


def _fetch_table(source_id: str, needs: SourceNeeds, territory, context: FetchContext, outcome: FetchOutcome) -> None:
    """Locate, read and cut one source's table to the territory."""
    if source_id == "finess":
        _fetch_finess(needs.required, territory, context, outcome)
        return
    requested = requested_vintage(source_id, context)
    path, origin, entry = locate(source_id, context, requested or latest_endpoint_vintage(source_id))
    # Every column is optional at reading time, so that one missing column costs only the
    # indicators that need it; check_vintage_columns then names them.
    columns = tuple(sorted(needs.required | needs.optional))
    parsed = parsed_cache_of(context)
    if parsed is not None:
        table = parsed.read(
            path, source_id, ((), columns, requested), lambda: read_source(source_id, path, (), columns, requested)
        )
    else:
        table = read_source(source_id, path, (), columns, requested)

    failed = check_vintage_columns(table, needs)
    if failed and len(failed) == len(needs.indicators):
        raise DataFormatError(next(iter(failed.values())), details="\n".join(failed.values()))
    for indicator_id, message in failed.items():
        outcome.indicator_errors[indicator_id] = message
        table.warnings.append(message)
        # The run returns the table's warnings, and every front end shows them once.
        logger.debug("%s", message)

    table = restrict_to_territory(table, territory_codes(territory))
    _stamp(table, entry, origin, path)
    outcome.tables.append(table)
    outcome.origins[source_id] = origin


def parsed_cache_of(context: FetchContext):
    """Return the parsed-table cache: the context's, else one beside the downloader's cache."""
    if context.parsed_cache is not None:
        return context.parsed_cache
    folder = getattr(getattr(context.downloader, "cache", None), "folder", None)
    if folder is None:
        return None
    from territorial_health_plugin.core.parsed_cache import ParsedCache

    return ParsedCache(Path(folder) / PARSED_FOLDER)


def read_source(
    source_id: str, path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = (), vintage: str | None = None
) -> SourceTable:
    """Read a source's file with its reader: ``columns`` must be there, ``optional`` may be.

    ``vintage`` chooses the yearly sheet of an APL workbook (the latest when None).
    """
    if source_id in insee.CENSUS_THEMES:
        return insee.read_census_iris(path, source_id, columns, optional=optional)
    if source_id == "insee_filosofi_iris":
        return insee.read_filosofi_iris(path, columns)
    if source_id in drees.PROFESSIONS:
        return drees.read_apl(path, source_id, vintage)
    raise DataSourceError(tr("No reader for {title}.").format(title=source_title(source_id)))


def territory_codes(territory) -> set[str]:
    """Return the codes under which sources may publish the territory's communes.

    Paris, Lyon and Marseille appear in IRIS files (and some commune files) by arrondissement
    municipal, so their arrondissement codes are kept with the commune codes.
    """
    codes = set(territory.commune_codes)
    for name in ("arrondissements", "iris_commune_codes"):
        codes.update(getattr(territory, name, None) or [])
    return codes


def restrict_to_territory(table: SourceTable, commune_codes) -> SourceTable:
    """Keep the rows of the territory's communes (IRIS by their first five characters)."""
    wanted = set(commune_codes)
    keys = table.frame[table.key_column].astype(str)
    communes = keys.str[:5] if table.level == "iris" else keys
    table.frame = table.frame[communes.isin(wanted)].reset_index(drop=True)
    return table


def _stamp(table: SourceTable, entry: dict, origin: str, path: Path) -> None:
    """Record provenance: address, licence, retrieval date and where the file came from.

    ``origin`` is ``sample``, ``data_dir``, ``cache`` or ``online``.
    """
    table.url = entry.get("url") or entry.get("page", "")
    table.licence = entry.get("licence") or LICENCE
    table.retrieved = entry.get("retrieved") or readers.today()
    table.geography_year = table.geography_year or entry.get("geography_year")
    table.origin = origin
    table.synthetic = origin == "sample" and table.source_id in sample.SYNTHETIC_SOURCES


def requested_vintage(source_id: str, context: FetchContext) -> str | None:
    """Return the year the user chose for a source's family, or None for the latest."""
    if context.vintages is None:
        context.vintages = vintages_from_settings()
    for prefix, family in VINTAGE_FAMILIES.items():
        if source_id.startswith(prefix):
            return context.vintages.get(family) or None
    return None


def vintages_from_settings() -> dict[str, str]:
    """Return the vintages chosen on the options page (empty for « latest »)."""
    from territorial_health_plugin.toolbelt.settings import SettingsManager

    settings = SettingsManager.load()
    return {
        "filosofi": settings.filosofi_vintage,
        "census": settings.census_vintage,
        "apl": settings.apl_vintage,
    }


def latest_endpoint_vintage(source_id: str) -> str | None:
    """Return the latest vintage whose download address is known for a source, else None."""
    pattern = ENDPOINTS.get(source_id, "")
    if "{vintage}" not in pattern:
        return None
    prefix = pattern.replace("{vintage}", "")
    years = [key[len(prefix):] for key in endpoints.load_endpoints() if key.startswith(prefix)]
    years = [year for year in years if year.isdigit()]
    return max(years) if years else None


def _fetch_filosofi_reference(territory, context: FetchContext, outcome: FetchOutcome) -> None:
    """Fetch the published Filosofi values of the départements, régions and France (Melodi).

    Medians cannot be computed from IRIS medians, so these published figures are the only
    valid comparisons for them. The sample has none.
    """
    if context.downloader is None:
        raise DataSourceError(tr("No downloader is configured for {title}.").format(
            title=source_title("insee_filosofi_reference")))
    filosofi = outcome.table("insee_filosofi_iris")
    vintage = (filosofi.vintage if filosofi else None) or latest_endpoint_vintage("insee_filosofi_iris")
    tables = insee.fetch_filosofi_reference(
        context.downloader, list(territory.departements), list(territory.regions), vintage
    )
    outcome.tables.extend(tables)
    outcome.origins["insee_filosofi_reference"] = context.mode


def _fetch_finess(columns: set[str], territory, context: FetchContext, outcome: FetchOutcome) -> None:
    """Read the FINESS extract: category counts per commune and a point layer."""
    path, origin, entry = locate("finess", context)
    establishments = finess.read_finess_etalab(path)
    inside = establishments.frame["code_commune"].isin(territory_codes(territory))
    establishments.frame = establishments.frame[inside].reset_index(drop=True)
    categories = sorted(name[4:] for name in columns if name.startswith("CAT_"))
    table = finess.category_counts(establishments, categories)
    _stamp(table, entry, origin, path)
    outcome.tables.append(table)
    outcome.origins["finess"] = origin

    target = Path(context.work_dir) / "finess_etablissements.gpkg"
    if target.exists():
        target.unlink()
    written = finess.write_points(establishments, target, crs=getattr(territory, "crs", "EPSG:2154") or "EPSG:2154")
    provenance = {"producer": finess.PRODUCER, "dataset": finess.DATASET, "file": path.name,
                  "vintage": establishments.extraction_date, "origin": origin}
    outcome.geometries["establishments"] = GeometrySource(
        "establishments", written, "etablissements", "nofinesset", getattr(territory, "crs", "EPSG:2154"), provenance
    )


def _fetch_user_table(path: Path, code_column: str | None, territory, outcome: FetchOutcome) -> None:
    """Read one of the user's tables and keep the territory's rows."""
    table = restrict_to_territory(local.read_user_table(path, code_column), territory_codes(territory))
    outcome.tables.append(table)
    outcome.origins[table.source_id] = "user"


# --- Geometry ---------------------------------------------------------------------------------


def _fetch_layer(kind: str, territory, context: FetchContext, outcome: FetchOutcome) -> None:
    """Find the IRIS or communes layer: the user's, the sample's or a download."""
    user_path = context.iris_layer if kind == "iris" else context.communes_layer
    level = "iris" if kind == "iris" else "commune"
    if user_path:
        outcome.geometries[kind] = local.user_layer(Path(user_path), level)
        outcome.origins[f"{kind}_layer"] = "user"
        return
    if context.mode == "sample":
        source_id = f"{kind}_layer"
        path = sample.sample_file(source_id)
        provenance = {"file": path.name, "origin": "sample", "licence": LICENCE}
        outcome.geometries[kind] = qpv.geometry_source_of(path, kind, sample.SAMPLE_CODE_FIELDS[source_id], provenance)
        outcome.origins[source_id] = "sample"
        return
    outcome.geometries[kind] = _online_layer(kind, territory, context)
    outcome.origins[f"{kind}_layer"] = context.mode


def _online_layer(kind: str, territory, context: FetchContext) -> GeometrySource:
    """Download the layer through the network colleague's geometry clients."""
    if context.downloader is None:
        raise DataSourceError(tr("No downloader is configured for {title}.").format(
            title=source_title(f"{kind}_layer")))
    try:
        if kind == "iris":
            from territorial_health_plugin.core.sources import ign_wfs as client
        else:
            from territorial_health_plugin.core.sources import geo_api as client
    except ImportError as error:
        raise DataSourceError(
            tr("Downloading the {kind} layer is not available in this version: give your own layer.").format(kind=kind)
        ) from error
    # NOTE: the geometry clients' entry point is assumed to be ``fetch_layer(territory,
    # downloader, work_dir) -> GeometrySource``; this path is not exercised by the tests yet.
    return client.fetch_layer(territory, context.downloader, Path(context.work_dir))


# WFS endpoint of the ADMIN EXPRESS départements (``resources/sources/ign.json``).
DEPARTEMENT_SOURCE = "ign.wfs.departements"


def _fetch_departement_layer(territory, context: FetchContext, outcome: FetchOutcome) -> None:
    """Find the outline of the territory's départements: the sample's, or the IGN WFS's.

    The report draws it around the territory in its location inset.
    """
    wanted = sorted(set(getattr(territory, "departements", None) or []))
    if context.mode == "sample":
        path = sample.sample_file("departement_layer")
        if path is None or not wanted or not set(wanted) <= set(sample.SAMPLE_DEPARTEMENTS):
            raise DataSourceError(tr(
                "The embedded sample has no outline for département {codes}: use online mode for the location map."
            ).format(codes=", ".join(wanted) or "?"))
        provenance = {"file": path.name, "origin": "sample", "licence": LICENCE}
        outcome.geometries["departement"] = qpv.geometry_source_of(
            path, "departement", sample.SAMPLE_CODE_FIELDS["departement_layer"], provenance)
        outcome.origins["departement_layer"] = "sample"
        return
    if context.downloader is None:
        raise DataSourceError(tr("No downloader is configured for {title}.").format(
            title=source_title(DEPARTEMENT_SOURCE)))
    from territorial_health_plugin.core.sources import ign_wfs

    crs = getattr(territory, "crs", "EPSG:2154") or "EPSG:2154"
    path, warnings = ign_wfs.layer_geojson(context.downloader, DEPARTEMENT_SOURCE, wanted, crs,
                                           Path(context.work_dir) / "departements-wfs.geojson")
    entry = endpoints.endpoint(DEPARTEMENT_SOURCE)
    provenance = {"producer": entry.get("producer", ""), "url": entry["url"], "typename": entry["typename"],
                  "licence": entry.get("licence", ""), "origin": context.mode}
    outcome.geometries["departement"] = GeometrySource("departement", path, "", entry.get("code_field", "code_insee"),
                                                       crs, provenance, warnings)
    outcome.origins["departement_layer"] = context.mode


def _fetch_qpv(context: FetchContext, outcome: FetchOutcome) -> None:
    """Fetch the QPV 2024 polygons (data folder or download; the sample has none)."""
    path, origin, entry = locate("qpv", context)
    source = qpv.qpv_source(path, Path(context.work_dir) / "qpv")
    source.provenance.update({"origin": origin, "url": entry.get("url", ""), "licence": entry.get("licence", LICENCE)})
    outcome.geometries["qpv"] = source
    outcome.origins["qpv"] = origin
