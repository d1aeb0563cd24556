"""What the report is built from: :class:`ReportContext`, and readers of its parts.

Indicators are the catalogue's objects, read by attribute (``id``, ``label``, ``definition``,
``theme``, ``producer``, ``dataset``, ``vintage``, ``unit``, ``polarity``, ``decimals``,
``licence``, ``source_page``); a missing attribute falls back to a neutral default so that a
user's own table (no catalogue entry) still gets a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

THEMES = ("offre_soins", "determinants_sociaux", "populations_vulnerables")
SCOPES = ("territoire", "departement", "region", "france")

# Column names accepted in the reference values table, first the preferred one.
_REFERENCE_COLUMNS = {
    "indicator": ("indicator", "indicator_id", "indicateur", "id"),
    "scope": ("scope", "level", "niveau", "echelon"),
    "name": ("name", "label", "libelle", "nom"),
    "value": ("value", "valeur"),
    "code": ("code", "code_geo", "geo"),
}

_SCOPE_ALIASES = {
    "territoire": "territoire", "territory": "territoire",
    "departement": "departement", "département": "departement", "dep": "departement",
    "region": "region", "région": "region", "reg": "region",
    "france": "france", "fr": "france", "national": "france",
}


@dataclass
class ReportContext:
    """Everything :func:`compose_report` needs, computed by the pipeline beforehand.

    ``reference_values`` is a long table, one row per indicator and scope, with the columns
    ``indicator`` (catalogue id), ``level`` (``territoire``, ``departement``, ``region``,
    ``france``), ``code`` and ``value``, as ``core.indicators.reference_values`` writes it; an
    optional ``name`` column gives the places' names, else they come from the COG reference.
    When a territory spans several départements or régions, the first row of each level is
    compared. ``layers`` maps ``iris``, ``communes``, ``territory``
    and ``etablissements`` to QgsVectorLayer objects (a missing key means no such layer).
    ``indicator_layers`` maps indicator ids to the project's layer of each indicator, which the
    maps and legends show when present.
    """

    territory: object
    output_dir: Path
    indicators: list = field(default_factory=list)
    reference_values: pd.DataFrame | None = None
    run_report: dict = field(default_factory=dict)
    layers: dict = field(default_factory=dict)
    indicator_layers: dict = field(default_factory=dict)
    atlas: bool = False
    cog_year: str = ""
    created: object = None

    def __post_init__(self) -> None:
        self.indicators = loaded_indicators(self.indicators, self.run_report)


class CreditedIndicator:
    """A catalogue indicator with the provenance the run read for it (``synthetic``)."""

    def __init__(self, indicator, synthetic: bool) -> None:
        self._indicator = indicator
        self.synthetic = synthetic

    def __getattr__(self, name):
        return getattr(self._indicator, name)


def loaded_indicators(indicators: list, run_report: dict | None) -> list:
    """Return the indicators the run loaded, each marked ``synthetic`` as its ``sources`` row says.

    The run report lists the indicators that have data (``indicators``) and their provenance
    (``sources``). An indicator whose source was not loaded is dropped, so that the report
    never credits a dataset it did not read. Without a run report the list is kept as given.
    """
    run_report = run_report or {}
    if "indicators" not in run_report:
        return list(indicators)
    loaded = {str(identifier) for identifier in run_report.get("indicators") or []}
    synthetic = {str(row.get("indicator")) for row in run_report.get("sources") or []
                 if isinstance(row, dict) and str(row.get("synthetic", 0)) in ("1", "True", "true")}
    kept = []
    for indicator in indicators:
        identifier = str(indicator_attr(indicator, "id"))
        if identifier not in loaded:
            continue
        if identifier not in synthetic or indicator_attr(indicator, "synthetic", False):
            kept.append(indicator)
        elif isinstance(indicator, dict):
            kept.append(dict(indicator, synthetic=True))
        else:
            kept.append(CreditedIndicator(indicator, True))
    return kept


@dataclass(frozen=True)
class ReferenceValue:
    """One comparison value of an indicator: its scope, the place's name and the value."""

    scope: str
    name: str
    value: float | None


def indicator_attr(indicator, name: str, default=""):
    """Return an attribute of a catalogue indicator, ``default`` when it is missing or empty."""
    value = getattr(indicator, name, None)
    if value is None and isinstance(indicator, dict):
        value = indicator.get(name)
    return default if value in (None, "") else value


def indicator_decimals(indicator) -> int:
    """Return the number of decimals to show for ``indicator`` (1 when not given)."""
    try:
        return int(indicator_attr(indicator, "decimals", 1))
    except (TypeError, ValueError):
        return 1


def indicators_by_theme(indicators) -> dict[str, list]:
    """Group the indicators by theme, in the order of :data:`THEMES`, then any other theme."""
    grouped: dict[str, list] = {theme: [] for theme in THEMES}
    for indicator in indicators:
        grouped.setdefault(indicator_attr(indicator, "theme", "autres"), []).append(indicator)
    return {theme: items for theme, items in grouped.items() if items}


def _resolve_columns(frame: pd.DataFrame) -> dict[str, str]:
    lower = {str(column).lower(): column for column in frame.columns}
    resolved = {}
    for key, aliases in _REFERENCE_COLUMNS.items():
        for alias in aliases:
            if alias in lower:
                resolved[key] = lower[alias]
                break
    return resolved


def reference_values_of(frame: pd.DataFrame | None, indicator_id: str) -> dict[str, ReferenceValue]:
    """Return the comparison values of one indicator, keyed by scope.

    Scopes missing from the table are missing from the result; a NULL value is kept as None
    so that the document can say « non disponible ».
    """
    if frame is None or frame.empty:
        return {}
    columns = _resolve_columns(frame)
    if not {"indicator", "scope", "value"} <= set(columns):
        return {}

    rows = frame[frame[columns["indicator"]].astype(str) == str(indicator_id)]
    result: dict[str, ReferenceValue] = {}
    for _, row in rows.iterrows():
        scope = _SCOPE_ALIASES.get(str(row[columns["scope"]]).strip().lower())
        if scope is None or scope in result:
            continue
        value = row[columns["value"]]
        value = None if pd.isna(value) else float(value)
        name = str(row[columns["name"]]) if "name" in columns and not pd.isna(row[columns["name"]]) else ""
        if not name and "code" in columns:
            name = place_name(scope, str(row[columns["code"]]))
        result[scope] = ReferenceValue(scope, name, value)
    return result


def place_name(scope: str, code: str) -> str:
    """Return the name of a département or région from the COG reference, else ``code``."""
    if scope == "france":
        return "France"
    if scope not in ("departement", "region") or not code:
        return code
    try:
        from territorial_health_plugin.core.reference import load_reference

        reference = load_reference()
        name = reference.departement_name(code) if scope == "departement" else reference.region_name(code)
    except (ImportError, KeyError, ValueError, OSError):
        return code
    return name or code
