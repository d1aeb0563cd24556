"""Indicators at IRIS and commune level, and reference values, from normalised tables.

Each indicator is described by an :class:`IndicatorSpec` (built from the catalogue) whose
``method`` says how values combine across levels:

- ``ratio``: ``scale * sum(numerator) / sum(denominator)`` recomputed at every level, never an
  average of lower-level rates.
- ``weighted_mean``: a value published per unit with its weight (APL and its standardised
  population): ``sum(value * weight) / sum(weight)`` at higher levels, which is the ratio of the
  summed numerators, as the producer recommends for APL.
- ``published``: a non-additive value (median, a rate published without its counts). It is
  never aggregated: at a higher level it comes from the producer's table for that level, or it
  is unavailable. A commune of a single IRIS (``<commune>0000``) is the same population as its
  IRIS, so the IRIS value is the commune value.

Frames are keyed by ``code_iris`` / ``code_commune`` as text. Hidden values stay NaN (NULL).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pandas as pd

from territorial_health_plugin.core import joins
from territorial_health_plugin.core.source_titles import source_title
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

METHODS = ("ratio", "weighted_mean", "sum", "published", "count")
LEVELS = ("iris", "commune")
SMALL_SUFFIX = "_petit_effectif"

ORIGIN_PUBLISHED = "publiée"
ORIGIN_COMPUTED = "calculée"
ORIGIN_UNAVAILABLE = "non disponible"


# Weight of a published per-unit value at higher levels, by source id prefix. The DREES APL
# workbooks state that an APL of a larger area is the communes' APL weighted by the
# standardised population.
SOURCE_WEIGHTS = {"drees_apl_": "POP_STD"}
# Sources whose tables publish reference figures (département, région, France) for the values
# of another source: Melodi's Filosofi figures for the Filosofi IRIS tables.
REFERENCE_SOURCES = {"insee_filosofi_iris": ("insee_filosofi_reference",)}


@dataclass(frozen=True)
class IndicatorSpec:
    """How to compute one indicator: its columns in the normalised tables and how it aggregates.

    ``numerator``, ``numerator_minus`` and ``denominator`` are summed column lists (a ratio is
    ``(sum(numerator) - sum(numerator_minus)) / sum(denominator) * scale``); ``value_column``
    is the single column of ``sum``, ``published`` and ``weighted_mean`` (with ``weight``).
    """

    id: str
    label: str
    theme: str
    method: str
    level: str
    unit: str = ""
    value_column: str | None = None
    numerator: tuple[str, ...] = ()
    numerator_minus: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    subtrahend: tuple[str, ...] = ()
    weight: str | None = None
    scale: float = 1.0
    polarity: str = "higher_is_worse"
    classification: str = "quantile"
    decimals: int = 1
    min_denominator: float | None = None
    source_id: str | None = None
    missing_is_zero: bool = False

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"indicator {self.id}: unknown method {self.method!r}")
        if self.level not in LEVELS:
            raise ValueError(f"indicator {self.id}: unknown level {self.level!r}")

    @property
    def small_field(self) -> str:
        """Name of the field that flags a small denominator for this indicator."""
        return f"{self.id}{SMALL_SUFFIX}"

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column of the source table the indicator reads."""
        single = tuple(c for c in (self.value_column, self.weight) if c)
        return single + self.numerator + self.numerator_minus + self.denominator + self.subtrahend

    @property
    def higher_is_worse(self) -> bool:
        """True unless the catalogue says that a higher value is better."""
        return self.polarity != "higher_is_better"


@dataclass
class IndicatorResult:
    """Indicator values per IRIS and per commune, reference values and notes."""

    iris: pd.DataFrame
    communes: pd.DataFrame
    reference: pd.DataFrame
    specs: list[IndicatorSpec]
    warnings: list[str] = field(default_factory=list)
    # Indicator id -> French reason, for each indicator left out because its source is missing.
    unavailable: dict[str, str] = field(default_factory=dict)


def spec_from_catalogue(indicator, vintage: str | None = None, weight: str | None = None) -> IndicatorSpec:
    """Build an :class:`IndicatorSpec` from a catalogue ``Indicator`` for data of ``vintage``.

    ``direct`` columns are summed when the catalogue marks them additive (counts) and never
    aggregated otherwise, unless a ``weight`` column is given (APL and its standardised
    population); ``difference`` is additive.
    """
    computation = indicator.computation_for(vintage or indicator.vintage)
    if weight is None:
        weight = next((w for prefix, w in SOURCE_WEIGHTS.items() if indicator.source.startswith(prefix)), None)
    operation = computation.operation
    common = {
        "id": indicator.id, "label": indicator.label, "theme": indicator.theme, "level": indicator.level,
        "unit": indicator.unit, "polarity": indicator.polarity, "classification": indicator.classification,
        "decimals": int(indicator.decimals), "source_id": indicator.source,
        "min_denominator": float(indicator.min_denominator) if indicator.min_denominator else None,
    }
    if operation == "ratio":
        return IndicatorSpec(method="ratio", numerator=computation.numerator,
                             numerator_minus=computation.numerator_minus, denominator=computation.denominator,
                             scale=float(computation.scale or 1.0), **common)
    if operation == "difference":
        return IndicatorSpec(method="sum", numerator=computation.minuend, subtrahend=computation.subtrahend,
                             **common)
    if operation == "count":
        # The points source counts per commune and category in ``CAT_<value>`` columns; a commune
        # absent from that table has no such establishment, hence 0. Counts per IRIS (points in
        # polygons) come from core.establishment_counts, which sets the level to IRIS.
        columns = tuple(f"CAT_{value}" for value in computation.values)
        return IndicatorSpec(method="sum", numerator=columns, missing_is_zero=True, **common)
    if weight:
        return IndicatorSpec(method="weighted_mean", value_column=computation.column, weight=weight, **common)
    method = "sum" if indicator.additive else "published"
    return IndicatorSpec(method=method, value_column=computation.column, **common)


def specs_for_tables(selected: list, tables: list) -> list[IndicatorSpec]:
    """Build the spec of each catalogue indicator for the vintage of its own source's table.

    An indicator whose source has no table, or a table without a vintage, takes the
    catalogue's vintage.
    """
    vintages = {table.source_id: table.vintage for table in tables if getattr(table, "vintage", None)}
    return [spec_from_catalogue(indicator, vintages.get(indicator.source)) for indicator in selected]


def compute_indicators(
    specs: list[IndicatorSpec],
    tables: list,
    iris_units: pd.DataFrame,
    commune_codes: list[str],
) -> IndicatorResult:
    """Compute every indicator for the IRIS and communes of the territory.

    ``tables`` are readers' ``SourceTable`` objects (``source_id``, ``level``, ``frame`` keyed by
    ``code_iris`` or ``code_commune``), already harmonised to the current COG; ``iris_units`` has
    ``code_iris`` and ``code_commune`` of the territory's IRIS; ``commune_codes`` lists its
    communes. IRIS-level values are produced only for indicators published at IRIS level.
    """
    iris = iris_units[["code_iris", "code_commune"]].drop_duplicates("code_iris").reset_index(drop=True)
    communes = pd.DataFrame({"code_commune": sorted(set(commune_codes))})
    warnings: list[str] = []
    unavailable: dict[str, str] = {}

    for spec in specs:
        by_level = tables_for(spec, tables)
        if not by_level:
            # Another source's table may have a column of the same name (``APL`` in every DREES
            # workbook): borrowing it would show one profession's values under another's name.
            # The fetch step's warning about the source already names this indicator.
            reason = tr("Indicator « {label} »: its source {title} was not loaded, so it is left out.").format(
                label=spec.label, title=source_title(spec.source_id or "?"))
            unavailable[spec.id] = reason
            continue
        if spec.level == "iris" and "iris" in by_level:
            iris = iris.merge(_unit_values(spec, by_level["iris"].frame, "code_iris"), on="code_iris", how="left")
        values = _commune_values(spec, by_level, iris)
        if spec.method != "sum":
            # A city's rate, median or APL describes each of its arrondissements only as an
            # average, and a warning states it. A city's count would be wrong for any of them.
            values, notes = joins.split_city_to_arrondissements(values, list(communes["code_commune"]))
            warnings.extend(tr("Indicator « {label} »: {note}").format(label=spec.label, note=note) for note in notes)
        communes = communes.merge(values, on="code_commune", how="left")
        if spec.missing_is_zero:
            warnings.extend(_fill_missing_counts(spec, communes, values))

    for spec in specs:
        warnings.extend(implausible_shares(spec, {"iris": iris, "commune": communes}))
    reference = reference_values(specs, tables, commune_codes, iris)
    return IndicatorResult(iris=iris, communes=communes, reference=reference, specs=list(specs), warnings=warnings,
                           unavailable=unavailable)


def _fill_missing_counts(spec: IndicatorSpec, communes: pd.DataFrame, values: pd.DataFrame) -> list[str]:
    """Set a count to 0 for the communes the table does not list, in place, and return the warnings.

    A count table lists only the communes that have one. An arrondissement whose city the
    table counts as a whole has an unknown count, not 0, so it stays NULL and is named.
    """
    unknown = joins.city_only_arrondissements(values, list(communes["code_commune"]))
    missing = communes[spec.id].isna() & ~communes["code_commune"].isin(unknown)
    communes.loc[missing, spec.id] = 0.0
    if not unknown:
        return []
    return [tr("Indicator « {label} »: the table counts their city as a whole, so the arrondissements {codes} "
               "have no value.").format(label=spec.label, codes=", ".join(unknown))]


def implausible_shares(spec: IndicatorSpec, frames: dict) -> list[str]:
    """Return a warning per level where a percentage of ``spec`` falls outside 0 to 100.

    A share above 100 % comes from a numerator that is not part of its denominator (columns
    of another vintage or base, or a damaged file). The values are kept as read, so the
    warning names them for the user to check.
    """
    if spec.unit != "%":
        return []
    messages = []
    for level, frame in frames.items():
        if spec.id not in frame.columns:
            continue
        values = pd.to_numeric(frame[spec.id], errors="coerce")
        outside = frame.loc[(values < 0) | (values > 100), frame.columns[0]].astype(str).tolist()
        if outside:
            messages.append(tr("Indicator {id}: {count} units ({level}) have a share outside 0 to 100 %, "
                               "for example {examples}: check the source file.").format(
                id=spec.id, count=len(outside), level=level, examples=", ".join(outside[:5])))
    return messages


def tables_for(spec: IndicatorSpec, tables: list) -> dict:
    """Return the tables (by level) of the indicator's own source that carry every column it reads.

    Only a table whose ``source_id`` is the indicator's is taken, whatever the other tables
    hold: the DREES workbooks of every profession name their column ``APL``, and the census
    bases share ``POP``. An indicator whose source is missing has no table.
    """
    found: dict = {}
    for table in tables:
        if table.source_id != spec.source_id:
            continue
        if table.level in LEVELS and table.level not in found and _has_columns(table, spec.columns):
            found[table.level] = table
    return found


def _has_columns(table, columns) -> bool:
    return bool(columns) and all(column in table.frame.columns for column in columns)


def _commune_values(spec: IndicatorSpec, by_level: dict, iris: pd.DataFrame) -> pd.DataFrame:
    """Return commune values: the commune table's own, else aggregated from IRIS as allowed."""
    if "commune" in by_level:
        return _unit_values(spec, by_level["commune"].frame, "code_commune")
    frame = _with_commune(by_level["iris"].frame, iris)
    if spec.method == "published":
        return _single_iris_communes(spec, frame)
    return _values_from_sums(spec, summed_counts(spec, frame, "code_commune"), "code_commune")


def _with_commune(frame: pd.DataFrame, iris: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add the commune of each IRIS: from the territory's IRIS when listed, else the code's prefix.

    The territory's list maps the IRIS of an arrondissement (``751120101``) to its city, or keeps
    the arrondissement when the territory is made of arrondissements. An IRIS outside that list
    whose prefix is an arrondissement goes to its city too, unless the list keeps that
    arrondissement, so that a département's sum finds Paris, Lyon and Marseille by their code.
    """
    frame = frame.drop_duplicates("code_iris")
    commune = frame["code_iris"].str[:5]
    units = set(iris["code_commune"]) if iris is not None else set()
    commune = commune.map(lambda code: code if code in units else (joins.plm_city(code) or code)
                          if isinstance(code, str) else code)
    if iris is not None:
        listed = frame["code_iris"].map(dict(zip(iris["code_iris"], iris["code_commune"])))
        commune = listed.where(listed.notna(), commune)
    return frame.assign(code_commune=commune.to_numpy())


def _single_iris_communes(spec: IndicatorSpec, frame: pd.DataFrame) -> pd.DataFrame:
    """Give a non-additive IRIS value to its commune only when the commune is that one IRIS."""
    single = frame[frame["code_iris"].str.endswith("0000")]
    values = pd.to_numeric(single[spec.value_column], errors="coerce").to_numpy(float)
    out = pd.DataFrame({"code_commune": single["code_commune"].to_numpy(), spec.id: values})
    out[spec.small_field] = pd.array([pd.NA] * len(out), dtype="boolean")
    return out


def _row_sum(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    """Sum columns row by row; a missing operand makes the row's sum missing."""
    numbers = frame[list(columns)].apply(pd.to_numeric, errors="coerce")
    return numbers.sum(axis=1, skipna=False)


def _top_bottom(spec: IndicatorSpec, frame: pd.DataFrame) -> tuple[pd.Series, pd.Series | None]:
    """Return the additive parts of ``spec`` per row: (numerator, denominator or None)."""
    if spec.method == "ratio":
        top = _row_sum(frame, spec.numerator)
        if spec.numerator_minus:
            top = top - _row_sum(frame, spec.numerator_minus)
        return top, _row_sum(frame, spec.denominator)
    if spec.method == "weighted_mean":
        weight = pd.to_numeric(frame[spec.weight], errors="coerce")
        return pd.to_numeric(frame[spec.value_column], errors="coerce") * weight, weight
    if spec.method == "sum" and spec.numerator:
        return _row_sum(frame, spec.numerator) - _row_sum(frame, spec.subtrahend), None
    return pd.to_numeric(frame[spec.value_column], errors="coerce"), None


def _unit_values(spec: IndicatorSpec, frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Return the value of ``spec`` for each row of a table at its own level."""
    frame = frame.drop_duplicates(key)
    top, bottom = _top_bottom(spec, frame)
    if spec.method == "ratio":
        value = _safe_ratio(top, bottom) * spec.scale
    elif spec.method == "weighted_mean":
        value = pd.to_numeric(frame[spec.value_column], errors="coerce")
    else:
        value = top
    out = pd.DataFrame({key: frame[key].astype(str).to_numpy(), spec.id: value.to_numpy(dtype=float)})
    out[spec.small_field] = _small_flag(spec, bottom, len(out))
    return out


def summed_counts(spec: IndicatorSpec, frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Sum the numerator and denominator of ``spec`` by ``key``.

    A unit whose numerator or denominator is missing (hidden) makes its group's sum unknown:
    summing the known part only would bias the rate, so such a group is NaN.
    """
    top, bottom = _top_bottom(spec, frame)
    parts = pd.DataFrame({key: frame[key].to_numpy(), "top": top.to_numpy(float),
                          "bottom": (bottom if bottom is not None else top * 0 + 1).to_numpy(float)})
    grouped = parts.groupby(key, sort=True)
    size = grouped.size()
    sums = pd.DataFrame({
        "top": grouped["top"].sum(min_count=1).where(grouped["top"].count() == size),
        "bottom": grouped["bottom"].sum(min_count=1).where(grouped["bottom"].count() == size),
        "units": size,
    })
    return sums.reset_index()


def _values_from_sums(spec: IndicatorSpec, sums: pd.DataFrame, key: str) -> pd.DataFrame:
    """Turn summed counts into the indicator's value at the summed level."""
    if spec.method == "ratio":
        values = _safe_ratio(sums["top"], sums["bottom"]) * spec.scale
    elif spec.method == "weighted_mean":
        values = _safe_ratio(sums["top"], sums["bottom"])
    else:
        values = sums["top"]
    out = pd.DataFrame({key: sums[key].to_numpy(), spec.id: values.to_numpy(float)})
    bottom = sums["bottom"] if spec.method in ("ratio", "weighted_mean") else None
    out[spec.small_field] = _small_flag(spec, bottom, len(out))
    return out


def _safe_ratio(top: pd.Series, bottom: pd.Series) -> pd.Series:
    """Return ``top / bottom`` with NaN where the denominator is 0 or missing."""
    return top / bottom.where(bottom != 0)


def _small_flag(spec: IndicatorSpec, denominator: pd.Series | None, length: int):
    """Flag units whose denominator is under the threshold; NULL where unknown or no threshold."""
    if denominator is None or not spec.min_denominator:
        return pd.array([pd.NA] * length, dtype="boolean")
    denominator = pd.Series(denominator).reset_index(drop=True)
    flags = (denominator < float(spec.min_denominator)).astype("boolean")
    flags[denominator.isna()] = pd.NA
    return flags.array


# --- Reference values ---------------------------------------------------------------------------

REFERENCE_COLUMNS = ["indicator", "level", "code", "value", "origin", "units", "note"]


def reference_values(specs: list[IndicatorSpec], tables: list, commune_codes: list[str],
                     iris_units: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the reference values of the territory, its départements and régions, and France.

    Columns: ``indicator``, ``level`` (territoire, departement, region, france), ``code``,
    ``value``, ``origin`` (publiée, calculée, non disponible), ``units`` (units summed) and
    ``note``. A figure that a table publishes for the level wins over a computed one.
    ``iris_units`` (``code_iris``, ``code_commune``) gives the current commune of the
    territory's IRIS, whose codes may start with a former commune's code.
    """
    territory_codes = sorted(set(commune_codes))
    departements = sorted({joins.departement_of(code) for code in territory_codes})
    regions = sorted({region for region in (joins.region_of(dep) for dep in departements) if region})
    targets = [("territoire", "", territory_codes)]
    targets += [("departement", dep, territory_codes) for dep in departements]
    targets += [("region", region, territory_codes) for region in regions]
    targets.append(("france", "FR", territory_codes))

    rows = [_reference_row(spec, tables, level, code, members, iris_units)
            for spec in specs for level, code, members in targets]
    return pd.DataFrame(rows, columns=REFERENCE_COLUMNS)


def _reference_row(spec: IndicatorSpec, tables: list, level: str, code: str, members,
                   iris_units: pd.DataFrame | None = None) -> dict:
    """Return one reference value: published where a table has it, else computed from counts."""
    published = _published_reference(spec, tables, level, code)
    if published is not None:
        return _row(spec, level, code, published, ORIGIN_PUBLISHED, None, "")
    if spec.method == "published":
        return _row(spec, level, code, None, ORIGIN_UNAVAILABLE, None,
                    tr("non-additive value: only a published figure is valid"))
    if spec.missing_is_zero and level != "territoire":
        # A raw count (establishments) of a commune and of its département are not comparable,
        # and a count table cut to the territory cannot tell a commune without any from a
        # commune left out, so no higher level is computed.
        return _row(spec, level, code, None, ORIGIN_UNAVAILABLE, None,
                    tr("raw count: not comparable between a territory and a larger area"))
    by_level = tables_for(spec, tables)
    table = by_level.get("commune") or by_level.get("iris")
    if table is None:
        return _row(spec, level, code, None, ORIGIN_UNAVAILABLE, None, tr("no loaded table carries this indicator"))

    # An IRIS of a commune merged since keeps the former code in its own: the territory's list
    # maps it to today's commune, so that the territory total does not leave it out.
    frame = table.frame if table.level == "commune" else _with_commune(table.frame, iris_units)
    subset = _members(frame, level, code, members)
    if spec.missing_is_zero and level == "territoire":
        # A count table lists only the communes that have one: the others count 0, so the
        # territory total covers all its communes even when none has any.
        value = 0.0 if subset.empty else _values_from_sums(
            spec, summed_counts(spec, subset.assign(_all="all"), "_all"), "_all")[spec.id].iloc[0]
        units = len(set(members))
        return _row(spec, level, code, None if pd.isna(value) else float(value), ORIGIN_COMPUTED, units,
                    tr("computed from the summed counts of {count} units").format(count=units))
    if subset is None or subset.empty:
        return _row(spec, level, code, None, ORIGIN_UNAVAILABLE, None,
                    tr("the loaded data do not cover this level"))
    sums = summed_counts(spec, subset.assign(_all="all"), "_all")
    value = _values_from_sums(spec, sums, "_all")[spec.id].iloc[0]
    return _row(spec, level, code, None if pd.isna(value) else float(value), ORIGIN_COMPUTED, int(len(subset)),
                tr("computed from the summed counts of {count} units").format(count=len(subset)))


def _members(frame: pd.DataFrame, level: str, code: str, members) -> pd.DataFrame | None:
    """Return the rows of ``frame`` inside the unit, None when the data do not cover all of it."""
    departement = frame["code_commune"].map(joins.departement_of)
    if level == "territoire":
        return frame[frame["code_commune"].isin(members)]
    if level == "departement":
        if joins.missing_communes_of_departement(set(frame["code_commune"]), code):
            return None
        return frame[(departement == code).to_numpy()]
    if level == "region":
        expected = set(joins.departements_of_region(code))
        covered = set(frame["code_commune"])
        covered_everywhere = not any(joins.missing_communes_of_departement(covered, dep) for dep in expected)
        if not expected or not covered_everywhere:
            return None
        return frame[departement.isin(expected).to_numpy()]
    return None


def _published_reference(spec: IndicatorSpec, tables: list, level: str, code: str) -> float | None:
    """Return the value a table publishes for ``level``/``code`` (tables keyed by ``code``).

    Only the indicator's own source and the sources publishing its reference figures count,
    and only for the vintage of the indicator's own table. A figure of another year or of
    another source would otherwise be shown as the published value of this one.
    """
    column = spec.value_column
    sources = {spec.source_id, *REFERENCE_SOURCES.get(spec.source_id or "", ())}
    own_vintages = {str(t.vintage) for t in tables_for(spec, tables).values() if getattr(t, "vintage", None)}
    for table in tables:
        frame = table.frame
        if table.source_id not in sources:
            continue
        if table.level != level or not column or column not in frame.columns or "code" not in frame.columns:
            continue
        vintage = getattr(table, "vintage", None)
        if vintage and own_vintages and str(vintage) not in own_vintages:
            continue
        match = frame.loc[frame["code"].astype(str) == str(code), column]
        if not match.empty and pd.notna(match.iloc[0]):
            return float(match.iloc[0])
    return None


def _row(spec, level, code, value, origin, units, note) -> dict:
    return {"indicator": spec.id, "level": level, "code": code, "value": value, "origin": origin,
            "units": units, "note": note}
