"""The catalogue of indicators: definitions kept as data in ``resources/catalogue/*.json``.

Each indicator names its source, its level, its vintage and a computation taken from a fixed
set of operations (no code is evaluated):

- ``direct``: one column, e.g. ``{"operation": "direct", "column": "DISP_MED"}``;
- ``ratio``: (sum of ``numerator`` − sum of ``numerator_minus``) / sum of ``denominator`` × ``scale``;
- ``difference``: sum of ``minuend`` − sum of ``subtrahend``;
- ``count``: points of a point source in each area whose ``field`` is one of ``values``.

Columns are named in their canonical, vintage-free form (``POP75P``, ``C_ACT1564``,
``DISP_MED``). A ``variants`` list gives another computation from a given vintage on (the
census of 2022 replaced the CS1..CS8 columns by PCS 2020 groups). The files are validated when
loaded; an error names the file, the indicator and the field in French.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from territorial_health_plugin.toolbelt.errors import DataFormatError
from territorial_health_plugin.toolbelt.i18n import tr
from territorial_health_plugin.toolbelt.resources import resource_path

THEMES = ("offre_soins", "determinants_sociaux", "populations_vulnerables")
LEVELS = ("iris", "commune")
OPERATIONS = ("direct", "ratio", "difference", "count")
POLARITIES = ("higher_is_worse", "higher_is_better", "neutral")
CLASSIFICATIONS = ("quantile", "jenks", "equal", "pretty")
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,29}")
COLUMN_PATTERN = re.compile(r"[A-Z][A-Z0-9_]*")

REQUIRED_FIELDS = (
    "id", "label", "definition", "theme", "producer", "dataset", "source", "level", "vintage",
    "computation", "unit", "polarity", "classification", "colour_ramp", "decimals",
    "min_denominator", "additive", "licence", "source_page",
)
# Operands each operation requires, and the optional ones.
OPERANDS = {
    "direct": (("column",), ()),
    "ratio": (("numerator", "denominator"), ("numerator_minus", "scale")),
    "difference": (("minuend", "subtrahend"), ()),
    "count": (("field", "values"), ()),
}


@dataclass(frozen=True)
class Computation:
    """Computation of an indicator from the canonical columns of its source."""

    operation: str
    column: str = ""
    numerator: tuple[str, ...] = ()
    numerator_minus: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    minuend: tuple[str, ...] = ()
    subtrahend: tuple[str, ...] = ()
    scale: float = 1.0
    field: str = ""
    values: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        """Canonical columns the computation reads (none for ``count``)."""
        if self.operation == "direct":
            return (self.column,)
        return self.numerator + self.numerator_minus + self.denominator + self.minuend + self.subtrahend


@dataclass(frozen=True)
class Variant:
    """A computation that replaces the default one from ``min_vintage`` on."""

    min_vintage: int
    computation: Computation


@dataclass(frozen=True)
class Indicator:
    """One indicator of the catalogue."""

    id: str
    label: str
    definition: str
    theme: str
    producer: str
    dataset: str
    source: str
    level: str
    vintage: str
    computation: Computation
    unit: str
    polarity: str
    classification: str
    colour_ramp: str
    decimals: int
    min_denominator: float
    additive: bool
    licence: str
    source_page: str
    variants: tuple[Variant, ...] = ()

    def computation_for(self, vintage: str | int | None) -> Computation:
        """Return the computation that applies to data of ``vintage`` (default one if None)."""
        if vintage is None:
            return self.computation
        year = int(str(vintage)[:4])
        chosen = self.computation
        for variant in sorted(self.variants, key=lambda item: item.min_vintage):
            if year >= variant.min_vintage:
                chosen = variant.computation
        return chosen

    def columns_for(self, vintage: str | int | None = None) -> tuple[str, ...]:
        """Canonical columns needed for data of ``vintage``."""
        return self.computation_for(vintage).columns

    @property
    def all_columns(self) -> tuple[str, ...]:
        """Every canonical column any vintage of this indicator may read."""
        names = list(self.computation.columns)
        for variant in self.variants:
            names.extend(variant.computation.columns)
        return tuple(dict.fromkeys(names))


@dataclass
class Catalogue:
    """All indicators, by id, with lookups by theme and by source."""

    indicators: dict[str, Indicator] = field(default_factory=dict)

    def by_id(self, indicator_id: str) -> Indicator:
        """Return one indicator; an unknown id raises with the list of known ones."""
        try:
            return self.indicators[indicator_id]
        except KeyError:
            known = ", ".join(sorted(self.indicators))
            raise DataFormatError(
                tr("Unknown indicator « {id} ». Known indicators: {known}.").format(id=indicator_id, known=known)
            ) from None

    def by_theme(self, theme: str) -> list[Indicator]:
        """Return the indicators of a theme, in catalogue order."""
        return [indicator for indicator in self.indicators.values() if indicator.theme == theme]

    def for_source(self, source_id: str) -> list[Indicator]:
        """Return the indicators computed from a source."""
        return [indicator for indicator in self.indicators.values() if indicator.source == source_id]

    def sources(self) -> list[str]:
        """Return the source ids the catalogue uses, in catalogue order."""
        return list(dict.fromkeys(indicator.source for indicator in self.indicators.values()))

    def select(self, themes=None, ids=None) -> list[Indicator]:
        """Return the indicators of ``themes`` or with ``ids`` (all when both are None)."""
        if ids:
            return [self.by_id(indicator_id) for indicator_id in ids]
        wanted = set(themes or THEMES)
        return [indicator for indicator in self.indicators.values() if indicator.theme in wanted]

    def __len__(self) -> int:
        return len(self.indicators)

    def __iter__(self):
        return iter(self.indicators.values())


# --- Loading and validation -------------------------------------------------------------------


def theme_label(theme: str) -> str:
    """Return the title of a theme of the diagnostic in the interface's language, else the theme itself.

    The panel, the project's layer groups, the document's sections and its key figures all
    name the themes with it.
    """
    labels = {
        "offre_soins": tr("Care and prevention supply"),
        "determinants_sociaux": tr("Social determinants of health"),
        "populations_vulnerables": tr("Vulnerable populations"),
        "donnees_utilisateur": tr("User's data"),
    }
    return labels.get(theme, theme)


def catalogue_dir() -> Path:
    """Return the folder of the catalogue files."""
    return resource_path("catalogue")


@lru_cache(maxsize=4)
def load_catalogue(folder: Path | None = None) -> Catalogue:
    """Load and validate every ``*.json`` file of the catalogue folder."""
    folder = Path(folder) if folder else catalogue_dir()
    catalogue = Catalogue()
    paths = sorted(folder.glob("*.json"))
    if not paths:
        raise DataFormatError(tr("No catalogue file (*.json) found in « {folder} ».").format(folder=folder))
    for path in paths:
        for indicator in _load_file(path):
            if indicator.id in catalogue.indicators:
                raise DataFormatError(
                    tr("Indicator « {id} » is defined twice in the catalogue (second time in « {file} »).").format(
                        id=indicator.id, file=path.name
                    )
                )
            catalogue.indicators[indicator.id] = indicator
    return catalogue


def _load_file(path: Path) -> list[Indicator]:
    """Read one catalogue file and validate each of its indicators."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataFormatError(
            tr("The catalogue file « {file} » cannot be read as JSON: {error}").format(file=path.name, error=error)
        ) from error
    entries = document.get("indicators") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise DataFormatError(
            tr("The catalogue file « {file} » must contain an object with a list « indicators ».").format(
                file=path.name
            )
        )
    return [parse_indicator(entry, path.name) for entry in entries]


def parse_indicator(entry: dict, file_name: str) -> Indicator:
    """Validate one catalogue entry and build its :class:`Indicator`."""
    indicator_id = str(entry.get("id", "?")) if isinstance(entry, dict) else "?"
    if not isinstance(entry, dict):
        _fail(file_name, indicator_id, "id", tr("each entry must be a JSON object"))
    for name in REQUIRED_FIELDS:
        if name not in entry or entry[name] in (None, ""):
            _fail(file_name, indicator_id, name, tr("the field is missing or empty"))

    _check_id(file_name, indicator_id)
    _check_choice(file_name, entry, "theme", THEMES)
    _check_choice(file_name, entry, "level", LEVELS)
    _check_choice(file_name, entry, "polarity", POLARITIES)
    _check_choice(file_name, entry, "classification", CLASSIFICATIONS)
    if not isinstance(entry["additive"], bool):
        _fail(file_name, indicator_id, "additive", tr("expected true or false"))
    if not isinstance(entry["decimals"], int) or not 0 <= entry["decimals"] <= 4:
        _fail(file_name, indicator_id, "decimals", tr("expected an integer from 0 to 4"))

    computation = parse_computation(entry["computation"], file_name, indicator_id, "computation")
    variants = tuple(_parse_variant(item, file_name, indicator_id) for item in entry.get("variants", []))
    return Indicator(
        id=indicator_id,
        label=str(entry["label"]),
        definition=str(entry["definition"]),
        theme=entry["theme"],
        producer=str(entry["producer"]),
        dataset=str(entry["dataset"]),
        source=str(entry["source"]),
        level=entry["level"],
        vintage=str(entry["vintage"]),
        computation=computation,
        unit=str(entry["unit"]),
        polarity=entry["polarity"],
        classification=entry["classification"],
        colour_ramp=str(entry["colour_ramp"]),
        decimals=entry["decimals"],
        min_denominator=float(entry["min_denominator"]),
        additive=entry["additive"],
        licence=str(entry["licence"]),
        source_page=str(entry["source_page"]),
        variants=variants,
    )


def parse_computation(raw, file_name: str, indicator_id: str, where: str) -> Computation:
    """Validate a computation object and build its :class:`Computation`."""
    if not isinstance(raw, dict):
        _fail(file_name, indicator_id, where, tr("expected an object with an « operation »"))
    operation = raw.get("operation")
    if operation not in OPERATIONS:
        _fail(
            file_name, indicator_id, f"{where}.operation",
            tr("« {value} » is not one of {choices}").format(value=operation, choices=", ".join(OPERATIONS)),
        )
    required, optional = OPERANDS[operation]
    unknown = set(raw) - set(required) - set(optional) - {"operation"}
    if unknown:
        _fail(
            file_name, indicator_id, where,
            tr("unexpected fields for « {operation} »: {fields}").format(
                operation=operation, fields=", ".join(sorted(unknown))
            ),
        )
    values = {}
    for name in required + optional:
        if name not in raw:
            if name in required:
                _fail(file_name, indicator_id, f"{where}.{name}", tr("the field is missing or empty"))
            continue
        values[name] = _operand(raw[name], name, file_name, indicator_id, f"{where}.{name}")
    return Computation(operation=operation, **values)


def _operand(value, name: str, file_name: str, indicator_id: str, where: str):
    """Validate one operand: a column name, a list of column names, a scale or category values."""
    if name == "scale":
        if not isinstance(value, (int, float)) or value <= 0:
            _fail(file_name, indicator_id, where, tr("expected a positive number"))
        return float(value)
    if name == "values":
        if not isinstance(value, list) or not value:
            _fail(file_name, indicator_id, where, tr("expected a non-empty list"))
        return tuple(str(item) for item in value)
    if name == "field":
        if not isinstance(value, str) or not value:
            _fail(file_name, indicator_id, where, tr("expected a field name"))
        return value
    columns = [value] if name == "column" else value
    if not isinstance(columns, list) or not columns:
        _fail(file_name, indicator_id, where, tr("expected a non-empty list of column names"))
    for column in columns:
        if not isinstance(column, str) or not COLUMN_PATTERN.fullmatch(column) or re.match(r"[PC]\d{2}_", column):
            _fail(
                file_name, indicator_id, where,
                tr("« {column} » is not a canonical column name (upper case, without the year, e.g. POP75P)").format(
                    column=column
                ),
            )
    return columns[0] if name == "column" else tuple(columns)


def _parse_variant(raw, file_name: str, indicator_id: str) -> Variant:
    """Validate one vintage variant."""
    if not isinstance(raw, dict) or not isinstance(raw.get("min_vintage"), int):
        _fail(file_name, indicator_id, "variants", tr("each variant needs an integer « min_vintage »"))
    computation = parse_computation(raw.get("computation"), file_name, indicator_id, "variants.computation")
    return Variant(min_vintage=raw["min_vintage"], computation=computation)


def _check_id(file_name: str, indicator_id: str) -> None:
    """Check that an id is a usable field name: lower-case ASCII, at most 30 characters."""
    if not ID_PATTERN.fullmatch(indicator_id):
        _fail(
            file_name, indicator_id, "id",
            tr("expected lower-case ASCII letters, digits and « _ », 30 characters at most, starting with a letter"),
        )


def _check_choice(file_name: str, entry: dict, name: str, choices: tuple[str, ...]) -> None:
    """Check that a field takes one of its allowed values."""
    if entry[name] not in choices:
        _fail(
            file_name, str(entry.get("id")), name,
            tr("« {value} » is not one of {choices}").format(value=entry[name], choices=", ".join(choices)),
        )


def _fail(file_name: str, indicator_id: str, field_name: str, reason: str):
    """Raise the validation error for one field of one indicator."""
    raise DataFormatError(
        tr("Catalogue « {file} », indicator « {id} », field « {field} »: {reason}.").format(
            file=file_name, id=indicator_id, field=field_name, reason=reason
        )
    )
