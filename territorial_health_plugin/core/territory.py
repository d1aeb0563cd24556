"""Territories: resolve a territory spec to its communes, and search places by name or code.

A territory spec is one of ``commune:59350``, ``epci:200093201``, ``departement:59``,
``region:32`` or ``communes:59350,59009,59512`` (any set of communes, such as the perimeter
of a contrat local de santé). :func:`resolve` returns a :class:`Territory` built from the
embedded COG reference; :func:`search` feeds the panel's completion.

This module also contains the projected CRS of each part of France and :func:`check_bbox`, the
sanity check that rejects overseas geometries moved away from their true place.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from territorial_health_plugin.core import codes
from territorial_health_plugin.core.harmonise import current_codes_of
from territorial_health_plugin.core.reference import (
    CURRENT_TYPES,
    Reference,
    load_reference,
    unknown_departement_message,
)
from territorial_health_plugin.toolbelt.errors import InvalidInputError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

KINDS = ("commune", "communes", "epci", "departement", "region")
KIND_ALIASES = {
    "commune": "commune",
    "com": "commune",
    "communes": "communes",
    "epci": "epci",
    "departement": "departement",
    "dep": "departement",
    "region": "region",
    "reg": "region",
}
COMMUNE_COLUMNS = [
    "code_commune",
    "nom",
    "type",
    "code_departement",
    "code_region",
    "code_epci",
    "nom_epci",
    "population",
]
EPCI_PATTERN = re.compile(r"^\d{9}$")
REGION_PATTERN = re.compile(r"^\d{2}$")

# --- Projections and extents -------------------------------------------------------------------

METROPOLITAN_CRS = "EPSG:2154"  # RGF93 v1 / Lambert-93, metropolitan France and Corsica
OVERSEAS_CRS = {
    "971": "EPSG:5490",  # RGAF09 / UTM zone 20N (Guadeloupe)
    "972": "EPSG:5490",  # RGAF09 / UTM zone 20N (Martinique)
    "973": "EPSG:2972",  # RGFG95 / UTM zone 22N (Guyane)
    "974": "EPSG:2975",  # RGR92 / UTM zone 40S (La Réunion)
    "976": "EPSG:4471",  # RGM04 / UTM zone 38S (Mayotte)
}

# Longitude/latitude boxes (xmin, ymin, xmax, ymax) around each part of France, with a margin
# of about 0.1 degree around the land so that coastal features and islets stay inside.
# NOTE: every metropolitan département shares the box of metropolitan France, so a layer of
# the wrong metropolitan département passes the check.
BOXES = {
    "metropole": (-5.5, 41.2, 9.8, 51.2),
    "971": (-61.9, 15.8, -60.9, 16.6),
    "972": (-61.3, 14.3, -60.7, 14.95),
    "973": (-54.7, 2.0, -51.5, 5.9),
    "974": (55.1, -21.5, 55.95, -20.8),
    "976": (44.9, -13.1, 45.4, -12.5),
}


def crs_for_departement(departement: str) -> str:
    """Return the projected CRS (authid) for maps of a département: Lambert-93 or the DROM's UTM."""
    if not codes.is_departement_code(departement):
        raise InvalidInputError(unknown_departement_message(departement))
    return OVERSEAS_CRS.get(departement, METROPOLITAN_CRS)


def box_of_departement(departement: str) -> tuple[float, float, float, float]:
    """Return the lon/lat box in which every feature of a département lies."""
    if not codes.is_departement_code(departement):
        raise InvalidInputError(unknown_departement_message(departement))
    return BOXES.get(departement, BOXES["metropole"])


@dataclass
class BboxCheck:
    """Result of :func:`check_bbox`: how many features were checked and how many lie outside."""

    departement: str
    checked: int
    outside: int
    outside_ids: list = field(default_factory=list)


def _place_name(departement: str) -> str:
    """Return the French name of the part of France whose box a département uses."""
    if departement in BOXES:
        return load_reference().departement_name(departement)
    return tr("metropolitan France")


def _to_lonlat(crs):
    """Return a transform from ``crs`` to WGS 84 lon/lat, raising when the CRS is unknown."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject

    if crs is None or not crs.isValid():
        raise InvalidInputError(
            tr(
                "The layer has no valid CRS: set its CRS in QGIS (layer properties) before using it; "
                "overseas layers use a local UTM CRS, for example EPSG:4471 for Mayotte."
            )
        )
    return QgsCoordinateTransform(crs, QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance())


def _inside(box, x: float, y: float) -> bool:
    xmin, ymin, xmax, ymax = box
    return xmin <= x <= xmax and ymin <= y <= ymax


def check_bbox(layer_or_extent, departement: str, crs=None, max_outside_share: float = 0.0) -> BboxCheck:
    """Check that features lie in the lon/lat box of their département (or DROM).

    ``layer_or_extent`` is a ``QgsVectorLayer`` (the centroid of every feature is checked,
    in the layer's own CRS), a ``QgsRectangle`` or an ``(xmin, ymin, xmax, ymax)`` tuple
    (its centre is checked, in ``crs``, WGS 84 lon/lat by default). Raises
    :class:`InvalidInputError` with a French message when more than ``max_outside_share``
    of the features lie outside, as with "DROM rapprochés" contours drawn near the metropole.
    """
    from qgis.core import QgsCoordinateReferenceSystem, QgsFeatureRequest, QgsPointXY, QgsRectangle, QgsVectorLayer

    box = box_of_departement(departement)
    if isinstance(layer_or_extent, QgsVectorLayer):
        layer = layer_or_extent
        transform = _to_lonlat(layer.crs())
        name = layer.name()
        request = QgsFeatureRequest().setNoAttributes()
        checked, outside_ids = 0, []
        for feature in layer.getFeatures(request):
            geometry = feature.geometry()
            if geometry is None or geometry.isEmpty():
                continue
            checked += 1
            point = transform.transform(geometry.centroid().asPoint())
            if not _inside(box, point.x(), point.y()):
                outside_ids.append(feature.id())
    else:
        extent = layer_or_extent
        if not isinstance(extent, QgsRectangle):
            extent = QgsRectangle(*extent)
        transform = _to_lonlat(crs if crs is not None else QgsCoordinateReferenceSystem("EPSG:4326"))
        name = tr("extent")
        point = transform.transform(QgsPointXY(extent.center()))
        checked = 1
        outside_ids = [] if _inside(box, point.x(), point.y()) else [0]

    result = BboxCheck(departement, checked, len(outside_ids), outside_ids[:20])
    if checked and len(outside_ids) > max_outside_share * checked:
        raise InvalidInputError(
            tr(
                "« {layer} »: {outside} of {checked} features lie outside {place} (longitude {xmin} to {xmax}, "
                "latitude {ymin} to {ymax}). The geometries seem moved away from their true place, as in "
                "contours with overseas départements drawn near the metropole: use contours at their true "
                "place, for example in {crs}."
            ).format(
                layer=name,
                outside=len(outside_ids),
                checked=checked,
                place=_place_name(departement),
                xmin=_decimal(box[0]),
                xmax=_decimal(box[2]),
                ymin=_decimal(box[1]),
                ymax=_decimal(box[3]),
                crs=crs_for_departement(departement),
            )
        )
    return result


def _decimal(value: float) -> str:
    """Format a coordinate with a decimal comma, as French readers expect."""
    return f"{value:g}".replace(".", ",").replace("-", "−")


# --- Territory ----------------------------------------------------------------------------------


@dataclass
class Territory:
    """A resolved territory and its current communes (COG of the embedded reference).

    ``communes`` has one row per current commune (an arrondissement municipal only when the
    spec named it). Paris, Lyon and Marseille stay one row each; their arrondissements,
    under which most files publish them, are in ``arrondissements``.
    """

    spec: str
    kind: str
    code: str
    name: str
    type_label: str
    communes: pd.DataFrame
    crs: str
    crs_warning: str = ""
    warnings: list[str] = field(default_factory=list)
    cog_year: str = ""

    @property
    def commune_codes(self) -> list[str]:
        """Codes of the territory's communes, in COG order."""
        return list(self.communes["code_commune"])

    @property
    def departements(self) -> list[str]:
        """Codes of the départements the territory touches, in COG order."""
        return sorted(set(self.communes["code_departement"]), key=codes.sort_key_departement)

    @property
    def regions(self) -> list[str]:
        """Codes of the régions the territory touches."""
        return sorted(set(self.communes["code_region"]))

    @property
    def population(self) -> int:
        """Sum of the municipal populations of the communes."""
        return int(self.communes["population"].sum())

    @property
    def arrondissements(self) -> list[str]:
        """Arrondissements municipaux of the Paris, Lyon and Marseille communes of the territory."""
        reference = load_reference()
        result: list[str] = []
        for code in self.commune_codes:
            result.extend(reference.arrondissements_of(code))
        return result

    @property
    def iris_commune_codes(self) -> list[str]:
        """Commune codes under which IRIS files publish the territory (PLM by arrondissement)."""
        reference = load_reference()
        result: list[str] = []
        for code in self.commune_codes:
            result.extend(reference.arrondissements_of(code) or [code])
        return result

    def iris_expectation(self) -> pd.DataFrame:
        """Return, per commune (PLM by arrondissement), whether IRIS data should exist.

        ``expected`` is ``split`` for communes of 10 000 inhabitants or more, ``maybe`` from
        5 000 to 10 000, and ``whole`` below, where the commune is one IRIS coded
        ``<commune>0000`` (``whole_commune_iris``).
        """
        reference = load_reference()
        rows = []
        for code in self.iris_commune_codes:
            population = _population_of(reference, code)
            rows.append(
                {
                    "code_commune": code,
                    "population": population,
                    "expected": expected_iris_level(population),
                    "whole_commune_iris": codes.whole_commune_iris(code),
                }
            )
        frame = pd.DataFrame(rows, columns=["code_commune", "population", "expected", "whole_commune_iris"])
        frame["population"] = frame["population"].astype("Int64")
        return frame

    def to_dict(self) -> dict:
        """Return the territory as plain JSON-ready values."""
        communes = self.communes.astype(object).where(self.communes.notna(), None)
        return {
            "spec": self.spec,
            "kind": self.kind,
            "code": self.code,
            "name": self.name,
            "type_label": self.type_label,
            "cog_year": self.cog_year,
            "population": self.population,
            "crs": self.crs,
            "crs_warning": self.crs_warning,
            "departements": self.departements,
            "regions": self.regions,
            "arrondissements": self.arrondissements,
            "warnings": self.warnings,
            "communes": communes.to_dict(orient="records"),
        }


def expected_iris_level(population) -> str:
    """Return ``split``, ``maybe`` or ``whole``: INSEE splits communes of 10 000+ inhabitants.

    NOTE: INSEE split the communes of 10 000 inhabitants or more and most of those from
    5 000 to 10 000, by their population when the IRIS were drawn. The current population
    gives only an expectation, so the IRIS files remain the authority.
    """
    if population is None or pd.isna(population):
        return "maybe"
    if population >= 10000:
        return "split"
    if population >= 5000:
        return "maybe"
    return "whole"


def _population_of(reference: Reference, code: str):
    """Return the population of a current commune or arrondissement, None when unknown."""
    table = reference.current if code in reference.current.index else reference.arrondissements
    if code not in table.index:
        return None
    value = table.at[code, "population"]
    return None if pd.isna(value) else int(value)


# --- Spec parsing -------------------------------------------------------------------------------


def spec_help() -> str:
    """Return the French list of accepted spec forms, for error messages and help."""
    return tr("expected forms: commune:59350, epci:200093201, departement:59, region:32 or communes:59350,59009,59512")


def parse_spec(spec: str) -> tuple[str, str]:
    """Split a spec into its kind and value, raising InvalidInputError when malformed."""
    if not isinstance(spec, str) or ":" not in spec:
        raise InvalidInputError(tr("Invalid territory « {spec} »: {forms}.").format(spec=spec, forms=spec_help()))
    kind, _, value = spec.partition(":")
    kind = _strip_accents(kind.strip().lower())
    value = value.strip()
    if kind not in KIND_ALIASES:
        raise InvalidInputError(
            tr("Unknown territory type « {kind} » in « {spec} »: {forms}.").format(
                kind=kind, spec=spec, forms=spec_help()
            )
        )
    if not value:
        raise InvalidInputError(tr("Territory « {spec} » has no code: {forms}.").format(spec=spec, forms=spec_help()))
    return KIND_ALIASES[kind], value


def resolve(spec: str, reference: Reference | None = None) -> Territory:
    """Resolve a territory spec to a :class:`Territory` of the current COG.

    Raises :class:`InvalidInputError` with a French message naming the value and the
    expected forms when the spec is malformed or a code is unknown. Codes of an older COG
    (``commune:59298``) resolve to their current commune with a warning.
    """
    reference = reference or load_reference()
    kind, value = parse_spec(spec)
    resolver = {
        "commune": _resolve_commune,
        "communes": _resolve_communes,
        "epci": _resolve_epci,
        "departement": _resolve_departement,
        "region": _resolve_region,
    }[kind]
    territory = resolver(reference, value)
    territory.spec = spec.strip()
    territory.cog_year = reference.cog_year
    territory.crs, territory.crs_warning = choose_crs(territory.communes)
    for warning in territory.warnings:
        logger.warning(warning)
    return territory


def _communes_frame(reference: Reference, commune_codes: list[str]) -> pd.DataFrame:
    """Return the communes (or arrondissements) of ``commune_codes``, in COG order, with EPCI names."""
    current = reference.current.reindex([code for code in commune_codes if reference.is_commune(code)])
    arrondissements = reference.arrondissements.reindex(
        [code for code in commune_codes if code in reference.arrondissements.index]
    )
    frame = pd.concat([current, arrondissements], ignore_index=True)
    frame["nom_epci"] = frame["code_epci"].map(reference.epci_index["nom_epci"]).fillna("")
    frame = frame[COMMUNE_COLUMNS]
    order = frame["code_commune"].map(codes.sort_key_departement)
    frame = frame.assign(_order=order).sort_values("_order").drop(columns="_order").reset_index(drop=True)
    frame["population"] = frame["population"].astype("Int64")
    return frame


def _commune_code(reference: Reference, value: str, warnings: list[str]) -> list[str]:
    """Return the current code(s) for one commune code of a spec, raising when unknown."""
    code = value.strip().upper()
    if not codes.is_commune_code(code):
        raise InvalidInputError(
            tr(
                "Invalid commune code « {code} »: a commune code has 5 characters, for example 59350, "
                "2A004 or 97101 ({forms})."
            ).format(code=value, forms=spec_help())
        )
    if reference.is_current(code):
        return [code]

    parent = reference.parent_of(code)
    if parent is not None:
        warnings.append(
            tr(
                "« {code} » ({name}) is a commune associée or déléguée of {parent} {parent_name}: "
                "the territory takes the whole commune."
            ).format(
                code=code, name=reference.name_of(code) or "", parent=parent, parent_name=reference.name_of(parent)
            )
        )
        return [parent]

    targets, _ = current_codes_of(code, reference)
    if not targets:
        raise InvalidInputError(
            tr(
                "Commune « {code} » not found in the COG {year}: check the code (5 characters, for "
                "example 59350) or use a département, an EPCI or a région ({forms})."
            ).format(code=code, year=reference.cog_year, forms=spec_help())
        )
    names = ", ".join(f"{target} {reference.name_of(target)}" for target in targets)
    warnings.append(
        tr("Commune code « {code} » ({name}) is not current in the COG {year}: replaced by {targets}.").format(
            code=code, name=reference.name_of(code) or "", year=reference.cog_year, targets=names
        )
    )
    return targets


def _resolve_commune(reference: Reference, value: str) -> Territory:
    warnings: list[str] = []
    targets = _commune_code(reference, value, warnings)
    frame = _communes_frame(reference, targets)
    code = targets[0]
    name = reference.name_of(code) if len(targets) == 1 else ", ".join(frame["nom"])
    return Territory("", "commune", code, name, tr("Commune"), frame, "", warnings=warnings)


def _resolve_communes(reference: Reference, value: str) -> Territory:
    warnings: list[str] = []
    selected: list[str] = []
    for part in re.split(r"[,;\s]+", value):
        if not part:
            continue
        for code in _commune_code(reference, part, warnings):
            if code not in selected:
                selected.append(code)
    if not selected:
        raise InvalidInputError(
            tr("Territory « {value} » lists no commune code: {forms}.").format(value=value, forms=spec_help())
        )
    _warn_overlaps(reference, selected, warnings)
    frame = _communes_frame(reference, selected)
    if len(frame) == 1:
        name = frame["nom"].iloc[0]
    else:
        name = tr("{count} communes ({first}…)").format(count=len(frame), first=frame["nom"].iloc[0])
    code = ",".join(frame["code_commune"])
    return Territory("", "communes", code, name, tr("Group of communes"), frame, "", warnings=warnings)


def _warn_overlaps(reference: Reference, selected: list[str], warnings: list[str]) -> None:
    """Warn when a list contains both a PLM city and one of its arrondissements (counted twice)."""
    for code in selected:
        city = reference.city_of_arrondissement(code)
        if city and city in selected:
            warnings.append(
                tr(
                    "Arrondissement « {code} » is already inside « {city} » in the list: its population counts twice."
                ).format(code=code, city=city)
            )


def _resolve_epci(reference: Reference, value: str) -> Territory:
    if not EPCI_PATTERN.match(value) or value not in reference.epci_index.index:
        raise InvalidInputError(
            tr(
                "EPCI « {code} » not found in the DGCL list {year}: an EPCI is named by its 9-digit SIREN, "
                "for example 200093201 (Métropole Européenne de Lille); search it by name with "
                "« territory --search » ({forms})."
            ).format(code=value, year=reference.epci_year, forms=spec_help())
        )
    members = list(reference.current.index[reference.current["code_epci"] == value])
    frame = _communes_frame(reference, members)
    name = reference.epci_name(value)
    return Territory("", "epci", value, name, tr("EPCI"), frame, "")


def _resolve_departement(reference: Reference, value: str) -> Territory:
    code = value.upper()
    if code not in reference.departement_index.index:
        raise InvalidInputError(unknown_departement_message(value))
    members = list(reference.current.index[reference.current["code_departement"] == code])
    frame = _communes_frame(reference, members)
    return Territory("", "departement", code, reference.departement_name(code), tr("Department"), frame, "")


def _resolve_region(reference: Reference, value: str) -> Territory:
    if not REGION_PATTERN.match(value) or value not in reference.region_index.index:
        raise InvalidInputError(
            tr(
                "Unknown région « {code} »: a région code has 2 digits, for example 32 (Hauts-de-France); {forms}."
            ).format(code=value, forms=spec_help())
        )
    members = list(reference.current.index[reference.current["code_region"] == value])
    frame = _communes_frame(reference, members)
    return Territory("", "region", value, reference.region_name(value), tr("Region"), frame, "")


def choose_crs(communes: pd.DataFrame) -> tuple[str, str]:
    """Return the projected CRS for the communes, and a French warning when they span several.

    One projection cannot show metropolitan France and an overseas département, or two
    overseas départements, at their true place. The CRS of the most populated part is chosen
    and the warning names the départements whose communes fall off the map.
    """
    if communes.empty:
        return METROPOLITAN_CRS, ""
    crs = communes["code_departement"].map(lambda code: OVERSEAS_CRS.get(code, METROPOLITAN_CRS))
    if crs.nunique() == 1:
        return crs.iloc[0], ""

    weight = communes["population"].fillna(0).groupby(crs).sum().sort_values(ascending=False)
    chosen = weight.index[0]
    others = sorted(set(communes.loc[crs != chosen, "code_departement"]), key=codes.sort_key_departement)
    warning = tr(
        "The territory spans parts of France that no single projection shows together: maps use {crs} "
        "(its most populated part) and the communes of {departements} fall outside them. Build one "
        "diagnostic per part for readable maps."
    ).format(crs=chosen, departements=", ".join(others))
    return chosen, warning


# --- Search ---------------------------------------------------------------------------------------


@dataclass
class PlaceMatch:
    """One place offered by the search: a commune, an EPCI, a département or a région."""

    kind: str
    code: str
    name: str
    label: str
    population: int | None
    spec: str


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(character for character in decomposed if not unicodedata.combining(character))


SAINT_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def normalise_name(text: str) -> str:
    """Return a search key: no accents or case, hyphens and apostrophes as spaces, St → Saint."""
    text = _strip_accents(str(text)).lower().replace("œ", "oe").replace("æ", "ae")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    words = [SAINT_ABBREVIATIONS.get(word, word) for word in text.split()]
    return " ".join(words)


# Within a rank and at equal population (Paris the commune and the département), communes
# come first because most searches are for a commune.
KIND_ORDER = {"commune": 0, "departement": 1, "region": 2, "epci": 3}


def _places(
    kind: str, place_codes: pd.Series, names: pd.Series, population, context, arrondissement=False
) -> pd.DataFrame:
    """Return one block of the search index, all columns aligned on ``place_codes``."""
    return pd.DataFrame(
        {
            "kind": kind,
            "code": place_codes,
            "name": names,
            "population": population,
            "context": context,
            "arrondissement": arrondissement,
        }
    )


@lru_cache(maxsize=1)
def search_index() -> pd.DataFrame:
    """Build (once) the table searched by :func:`search`: every commune, EPCI, département, région."""
    reference = load_reference()
    current = reference.current

    places = reference.communes[reference.communes["type"].isin(CURRENT_TYPES)]
    communes = _places(
        "commune",
        places["code_commune"],
        places["nom"],
        places["population"],
        places["code_departement"],
        places["type"] == "ARM",
    )

    epci_codes = reference.epci["code_epci"]
    epci_population = epci_codes.map(current.groupby("code_epci")["population"].sum())
    epci = _places("epci", epci_codes, reference.epci["nom_epci"], epci_population, reference.epci["nature"])

    departement_codes = reference.departements["code_departement"]
    departement_population = departement_codes.map(current.groupby("code_departement")["population"].sum())
    departements = _places("departement", departement_codes, reference.departements["nom"], departement_population, "")

    region_codes = reference.regions["code_region"]
    region_population = region_codes.map(current.groupby("code_region")["population"].sum())
    regions = _places("region", region_codes, reference.regions["nom"], region_population, "")

    index = pd.concat([communes, epci, departements, regions], ignore_index=True)
    index["population"] = pd.to_numeric(index["population"], errors="coerce").astype("Int64")
    index["key"] = index["name"].map(normalise_name)
    index["padded_key"] = " " + index["key"]
    index["kind_order"] = index["kind"].map(KIND_ORDER)
    return index


def _label(row) -> str:
    if row.kind == "commune" and row.arrondissement:
        return tr("{name} ({departement}) — arrondissement municipal").format(name=row.name, departement=row.context)
    if row.kind == "commune":
        return tr("{name} ({departement}) — commune").format(name=row.name, departement=row.context)
    if row.kind == "epci":
        return tr("{name} — EPCI ({nature})").format(name=row.name, nature=row.context)
    if row.kind == "departement":
        return tr("{name} ({code}) — département").format(name=row.name, code=row.code)
    return tr("{name} ({code}) — région").format(name=row.name, code=row.code)


def search(text: str, limit: int = 20) -> list[PlaceMatch]:
    """Return the places whose name or code matches ``text``, best first.

    Accents, case, hyphens, apostrophes and St/Ste/Saint/Sainte are ignored. Matches are
    ranked: exact name or code first, then names starting with the text, then names with a
    word starting with it, then names containing every word of the text. Within a rank, the
    most populated place comes first.
    """
    query = normalise_name(text)
    if not query:
        return []
    index = search_index()
    code_query = str(text).strip().upper()

    # Every name match contains each word of the query at the start of a word, so the
    # candidates narrow word by word before the ranks are computed on the few rows left.
    candidates = index
    for word in query.split():
        candidates = candidates[candidates["padded_key"].str.contains(" " + word, regex=False)]
    if any(character.isdigit() for character in code_query):
        by_code = index[index["code"].str.startswith(code_query)]
        candidates = pd.concat([candidates, by_code[~by_code.index.isin(candidates.index)]])

    rank = pd.Series(99, index=candidates.index)
    rank = rank.mask(candidates["padded_key"].str.contains(" " + query, regex=False), 2)
    all_words = pd.Series(True, index=candidates.index)
    for word in query.split():
        all_words &= candidates["padded_key"].str.contains(" " + word, regex=False)
    rank = rank.mask(all_words & (rank > 2), 3)
    rank = rank.mask(candidates["key"].str.startswith(query), 1)
    rank = rank.mask(candidates["key"] == query, 0)
    if any(character.isdigit() for character in code_query):
        rank = rank.mask(candidates["code"].str.startswith(code_query) & (rank > 1), 1)
        rank = rank.mask(candidates["code"] == code_query, 0)

    found = candidates.assign(rank=rank)[rank < 99]
    found = found.assign(sort_population=found["population"].fillna(0).astype("int64"))
    found = found.sort_values(["rank", "sort_population", "kind_order"], ascending=[True, False, True]).head(limit)

    matches = []
    for row in found.itertuples(index=False):
        population = None if pd.isna(row.population) else int(row.population)
        matches.append(PlaceMatch(row.kind, row.code, row.name, _label(row), population, f"{row.kind}:{row.code}"))
    return matches
