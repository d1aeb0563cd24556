"""Materialised joins of indicator tables to IRIS and commune geometries, with their report.

Codes are normalised as text first (a spreadsheet's ``1001`` or ``1001.0`` becomes ``01001``,
placeholders such as ``ZZZZZZZZZ`` are rejected and counted), old COG codes are harmonised,
arrondissements are aggregated to their city, then the merge happens in pandas. Every join
records its match rate and the unmatched codes, by name, on both sides (:class:`JoinReport`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

COMMUNE_PATTERN = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
IRIS_PATTERN = re.compile(r"^(?:\d{5}|2[AB]\d{3})\d{4}$")
CODE_LENGTH = {"code_commune": 5, "code_iris": 9}

# Match rate under which a join is shown to the user as a warning.
LOW_MATCH_RATE = 0.9

# Arrondissements municipaux of Paris, Marseille and Lyon, and their city (fixed by law).
PLM_RANGES = (("75101", "75120", "75056"), ("13201", "13216", "13055"), ("69381", "69389", "69123"))


def departement_of(code_commune: str) -> str:
    """Return the département of a commune: 2 characters, 3 for overseas (97x)."""
    code = str(code_commune)
    return code[:3] if code.startswith("97") else code[:2]


def region_of(departement: str) -> str | None:
    """Return the région of a département from the territory reference, None when unknown."""
    try:
        from territorial_health_plugin.core import reference
    except ImportError:
        return None
    lookup = getattr(reference, "region_of_departement", None)
    if lookup is None:
        return None
    try:
        return lookup(departement)
    except (KeyError, LookupError, ValueError):
        return None


def departements_of_region(region: str) -> list[str]:
    """Return the départements of a région from the territory reference (empty when unknown)."""
    try:
        from territorial_health_plugin.core import reference
    except ImportError:
        return []
    lookup = getattr(reference, "departements_of_region", None)
    try:
        return list(lookup(region)) if lookup else []
    except (KeyError, LookupError, ValueError):
        return []


def missing_communes_of_departement(covered: set[str], departement: str) -> list[str]:
    """Return the current communes of ``departement`` absent from ``covered``.

    A reference value computed from counts is valid only when the table covers the whole
    département; without the COG reference every commune is reported missing.
    """
    try:
        from territorial_health_plugin.core.reference import load_reference
    except ImportError:
        return [departement]
    communes = load_reference().current
    expected = communes.loc[communes["code_departement"] == departement, "code_commune"]
    return sorted(set(expected) - covered)


def plm_city(code_commune: str) -> str | None:
    """Return the city of an arrondissement municipal (``75112`` -> ``75056``), else None."""
    for first, last, city in PLM_RANGES:
        if first <= code_commune <= last and code_commune[:2] == first[:2]:
            return city
    return None


@dataclass
class CodeCleaning:
    """Changes made by :func:`normalise_codes`: padded codes and rejected values."""

    padded: int = 0
    rejected: list[str] = field(default_factory=list)


def normalise_codes(values: pd.Series, key: str) -> tuple[pd.Series, CodeCleaning]:
    """Return codes as text of the right length (object dtype), None for values that are not codes.

    The repairs are those of :mod:`core.codes`: a spreadsheet's ``1001`` or ``1001.0`` is padded
    back to ``01001``, placeholders such as ``ZZZZZZZZZ`` are rejected, listed and become None.
    """
    from territorial_health_plugin.core import codes

    if _already_codes(values, key):
        return values.astype(object), CodeCleaning()
    if key == "code_iris":
        normalised, report = codes.normalise_iris_codes(values, column=key)
    else:
        normalised, report = codes.normalise_commune_codes(values, pad_numeric=True, column=key)
    cleaning = CodeCleaning(padded=report.padded, rejected=sorted(value for value in report.rejected if value))
    as_object = normalised.astype(object).where(normalised.notna(), None)
    return as_object, cleaning


def _already_codes(values: pd.Series, key: str) -> bool:
    """Return True when every value is already a valid code as text (nothing to repair).

    A national IRIS layer has 49 000 codes: checking them in one vectorised pass is much
    faster than repairing them one by one.
    """
    if values.empty or values.isna().any():
        return False
    match = (IRIS_PATTERN if key == "code_iris" else COMMUNE_PATTERN).fullmatch
    try:
        return all(map(match, values.tolist()))
    except TypeError:  # a value that is not text (a number, bytes)
        return False


@dataclass
class JoinReport:
    """Coverage of one join: counts, match rate and unmatched codes by name on both sides."""

    name: str
    key: str
    geometry_count: int
    data_count: int
    matched: int
    unmatched_geometry: list[tuple[str, str]] = field(default_factory=list)
    unmatched_data: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cause: str = ""

    @property
    def match_rate(self) -> float:
        """Share of the data rows that found a geometry (1.0 when there is no data row)."""
        return self.matched / self.data_count if self.data_count else 1.0

    @property
    def geometry_rate(self) -> float:
        """Share of the geometries that received data."""
        return self.matched / self.geometry_count if self.geometry_count else 1.0

    @property
    def status(self) -> str:
        """``error`` when nothing matched, ``warning`` under :data:`LOW_MATCH_RATE`, else ``ok``."""
        if self.data_count and self.matched == 0:
            return "error"
        if self.match_rate < LOW_MATCH_RATE or self.rejected:
            return "warning"
        return "ok"

    def to_dict(self) -> dict:
        """Return the report as plain data for ``run_report.json``."""
        return {
            "name": self.name,
            "key": self.key,
            "status": self.status,
            "geometry_count": self.geometry_count,
            "data_count": self.data_count,
            "matched": self.matched,
            "match_rate": round(self.match_rate, 4),
            "geometry_rate": round(self.geometry_rate, 4),
            "unmatched_geometry": [{"code": c, "name": n} for c, n in self.unmatched_geometry],
            "unmatched_data": [{"code": c, "name": n} for c, n in self.unmatched_data],
            "rejected_codes": self.rejected,
            "notes": self.notes,
            "cause": self.cause,
        }

    def to_rows(self) -> list[dict]:
        """Return the rows of the ``join_report`` table: a summary, then one row per code."""
        base = {"join_name": self.name, "join_key": self.key}
        rows = [{**base, "kind": "bilan", "side": "", "code": "", "name": "", "status": self.status,
                 "matched": self.matched, "total": self.data_count, "match_rate": self.match_rate,
                 "message": self.cause or "; ".join(self.notes)}]
        for side, codes in (("geometrie", self.unmatched_geometry), ("donnees", self.unmatched_data)):
            for code, name in codes:
                rows.append({**base, "kind": "non_apparie", "side": side, "code": code, "name": name,
                             "status": self.status, "matched": None, "total": None, "match_rate": None,
                             "message": ""})
        for code in self.rejected:
            rows.append({**base, "kind": "code_rejete", "side": "donnees", "code": code, "name": "",
                         "status": self.status, "matched": None, "total": None, "match_rate": None,
                         "message": ""})
        for note in self.notes:
            rows.append({**base, "kind": "note", "side": "", "code": "", "name": "", "status": self.status,
                         "matched": None, "total": None, "match_rate": None, "message": note})
        return rows


JOIN_REPORT_COLUMNS = ["join_name", "join_key", "kind", "side", "code", "name", "status", "matched", "total",
                       "match_rate", "message"]


def join_report_frame(reports: list[JoinReport]) -> pd.DataFrame:
    """Return the ``join_report`` table of several joins."""
    rows = [row for report in reports for row in report.to_rows()]
    return pd.DataFrame(rows, columns=JOIN_REPORT_COLUMNS)


def probable_cause(geometry_codes: pd.Series, data_codes: pd.Series, key: str) -> str:
    """Return a French sentence naming the probable cause of a join where nothing matched."""
    data = data_codes.dropna().astype(str)
    geometry = geometry_codes.dropna().astype(str)
    if data.empty:
        return tr("The table has no valid code in its key column: check the column chosen as {key}.").format(key=key)
    lengths = data.str.len().mode().iloc[0]
    expected = CODE_LENGTH[key]
    if lengths != expected:
        return tr(
            "The table's codes have {found} characters but {key} has {expected}: the code type "
            "is probably wrong (commune codes against IRIS codes, or the reverse)."
        ).format(found=lengths, key=key, expected=expected)
    if set(data.map(departement_of)).isdisjoint(set(geometry.map(departement_of))):
        return tr("The table covers other départements than the geometries: check the territory.")
    return tr(
        "The codes have the right form but none matches: the table and the geometries probably "
        "use different vintages of the COG (check the table's geography year)."
    )


def join_frames(
    name: str,
    geometry: pd.DataFrame,
    data: pd.DataFrame,
    key: str,
    name_column: str | None = None,
    rejected: list[str] | None = None,
) -> tuple[pd.DataFrame, JoinReport]:
    """Merge ``data`` onto ``geometry`` by ``key`` (left join) and report the coverage.

    ``geometry`` has the key and optionally ``name`` (the unit's label); ``data`` has the key and
    the value columns. Duplicated keys in ``data`` keep their first row and are named in the
    report, so that a join never multiplies geometries.
    """
    notes = []
    duplicated = data[key][data[key].duplicated() & data[key].notna()]
    if not duplicated.empty:
        notes.append(tr("{count} duplicated codes in the table, first row kept: {codes}").format(
            count=len(duplicated), codes=", ".join(sorted(set(duplicated))[:20])))
        data = data.drop_duplicates(key)
    if data[key].isna().any():
        data = data[data[key].notna()]

    merged, matched_mask = _left_join(geometry, data, key)

    geometry_names = _names(geometry, key, "name")
    data_names = _names(data, key, name_column)
    data_keys = set(data[key])
    geometry_keys = set(geometry[key])
    report = JoinReport(
        name=name,
        key=key,
        geometry_count=len(geometry),
        data_count=len(data),
        matched=int(matched_mask.sum()),
        unmatched_geometry=[(c, geometry_names.get(c, "")) for c in sorted(geometry_keys - data_keys)],
        unmatched_data=[(c, data_names.get(c, "")) for c in sorted(data_keys - geometry_keys)],
        rejected=list(rejected or []),
        notes=notes,
    )
    if report.status == "error":
        report.cause = probable_cause(geometry[key], data[key], key)
    return merged, report


def _left_join(geometry: pd.DataFrame, data: pd.DataFrame, key: str) -> tuple[pd.DataFrame, pd.Series]:
    """Return ``geometry`` with the columns of ``data`` (unique keys) by ``key``, and the matched rows.

    The rows of ``data`` are taken by their position in a hash index of its keys, which is
    what ``merge(how="left")`` does, without sorting or building the indicator column. Columns
    that both frames have, and keys that are not text on both sides, go through ``merge``.
    """
    shared = set(geometry.columns) & set(data.columns) - {key}
    if shared or geometry[key].dtype != object or data[key].dtype != object:
        merged = geometry.merge(data, on=key, how="left", indicator=True)
        return merged.drop(columns="_merge"), merged["_merge"] == "both"
    positions = pd.Index(data[key]).get_indexer(geometry[key])
    columns = [index for index, name in enumerate(data.columns) if name != key]
    if (positions >= 0).all():
        rows = data.iloc[positions, columns]
    else:
        # reindex() gives NaN rows for the position -1 (no match) and upcasts as merge does.
        rows = data.iloc[:, columns].set_axis(range(len(data)), axis=0).reindex(positions)
    rows.index = range(len(rows))
    merged = pd.concat([geometry.reset_index(drop=True), rows], axis=1, copy=False)
    return merged, pd.Series(positions >= 0)


def _names(frame: pd.DataFrame, key: str, column: str | None) -> dict[str, str]:
    if not column or column not in frame.columns:
        return {}
    return dict(zip(frame[key].astype(str), frame[column].fillna("").astype(str)))


def harmonise_communes(
    frame: pd.DataFrame,
    sum_columns: list[str],
    mapping: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Bring a commune table to the current COG: old codes mapped, arrondissements to their city.

    Rows that land on the same code (a merger, or the arrondissements of a city) are combined:
    ``sum_columns`` (counts) are summed, other numeric columns become NaN because a median or a
    rate cannot be summed. Returns the table and notes for the report.
    """
    mapping = mapping or {}
    frame = frame.copy()
    original = frame["code_commune"]
    new_codes = original.map(lambda c: mapping.get(c, c) if isinstance(c, str) else c)
    new_codes = new_codes.map(lambda c: plm_city(c) or c if isinstance(c, str) else c)
    changed = original[new_codes != original].dropna()
    notes = []
    if not changed.empty:
        pairs = ", ".join(f"{old} → {new_codes[i]}" for i, old in changed.head(20).items())
        notes.append(tr("{count} commune codes brought to the current COG: {pairs}").format(
            count=len(changed), pairs=pairs))
    frame["code_commune"] = new_codes
    if not frame["code_commune"].duplicated().any():
        return frame, notes
    return _combine_rows(frame, sum_columns), notes


def _combine_rows(frame: pd.DataFrame, sum_columns: list[str]) -> pd.DataFrame:
    """Combine rows sharing a commune code: counts summed, non-additive values NULL."""
    groups = frame.groupby("code_commune", sort=False)
    sizes = groups.size()
    combined = groups.first()
    for column in frame.columns:
        if column == "code_commune":
            continue
        if column in sum_columns:
            combined[column] = groups[column].sum(min_count=1).where(groups[column].count() == sizes)
        elif pd.api.types.is_numeric_dtype(frame[column]):
            combined[column] = combined[column].where(sizes == 1)
    return combined.reset_index()


def city_only_arrondissements(values: pd.DataFrame, geometry_codes: list[str]) -> list[str]:
    """Return the arrondissements of ``geometry_codes`` that ``values`` has only as their whole city.

    Such an arrondissement has no row, its city has one, and no other arrondissement of that
    city has one. A city row beside arrondissement rows sums the other arrondissements, so it
    describes none of them.
    """
    present = set(values["code_commune"])
    published = {plm_city(code) for code in present if plm_city(code)}
    return [code for code in geometry_codes
            if plm_city(code) and code not in present and plm_city(code) in present
            and plm_city(code) not in published]


def split_city_to_arrondissements(values: pd.DataFrame, geometry_codes: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """Copy a city's values to its arrondissements when the layer draws arrondissements.

    Only the arrondissements of :func:`city_only_arrondissements` take their city's row. The
    copied values describe the whole city, as the returned note states. The caller copies only
    values that are not counts.
    """
    extra = []
    for code in city_only_arrondissements(values, geometry_codes):
        row = values[values["code_commune"] == plm_city(code)].iloc[0].copy()
        row["code_commune"] = code
        extra.append(row)
    if not extra:
        return values, []
    note = tr("{count} arrondissements carry the values of their whole city: {codes}").format(
        count=len(extra), codes=", ".join(row["code_commune"] for row in extra))
    return pd.concat([values, pd.DataFrame(extra)], ignore_index=True), [note]


@dataclass
class IrisCompletion:
    """IRIS given the contour of their commune, and IRIS left without geometry."""

    from_commune: list[tuple[str, str]] = field(default_factory=list)
    without_geometry: list[tuple[str, str]] = field(default_factory=list)

    def notes(self) -> list[str]:
        """Return the French sentences that the join report shows."""
        notes = []
        if self.from_commune:
            notes.append(tr("Communes of a single IRIS drawn with the commune contour: {items}").format(
                items=", ".join(f"{code} {name}".strip() for code, name in self.from_commune)))
        if self.without_geometry:
            notes.append(tr(
                "IRIS without geometry, their commune keeps its values at commune level: {items}"
            ).format(items=", ".join(f"{code} {name}".strip() for code, name in self.without_geometry)))
        return notes


def missing_iris(
    covered: set[str],
    commune_codes: list[str],
    known_iris: dict[str, list[str]],
    commune_names: dict[str, str] | None = None,
) -> IrisCompletion:
    """Find the communes of the territory that have no IRIS in the IRIS geometry.

    ``covered`` lists the communes that have IRIS contours (current codes, cities for
    arrondissements); ``known_iris`` maps a commune to the IRIS codes that a reference or a
    data table lists for it.
    A commune listed with several IRIS is split: those IRIS have no geometry. Otherwise the
    commune is a single IRIS ``<commune>0000`` that takes the commune contour.
    """
    commune_names = commune_names or {}
    completion = IrisCompletion()
    for commune in sorted(set(commune_codes) - covered):
        listed = sorted(code for code in known_iris.get(commune, []) if not code.endswith("0000"))
        name = commune_names.get(commune, "")
        if listed:
            completion.without_geometry.extend((code, name) for code in listed)
        else:
            completion.from_commune.append((f"{commune}0000", name))
    return completion


# --- Geometries -------------------------------------------------------------------------------

IRIS_CODE_FIELDS = ("code_iris", "iris", "dcomiris", "codeiris", "code")
COMMUNE_CODE_FIELDS = ("code_commune", "code", "insee_com", "codgeo", "code_insee", "insee", "com", "inseecom")
IRIS_NAME_FIELDS = ("nom_iris", "libiris", "lib_iris", "nom")
COMMUNE_NAME_FIELDS = ("nom_commune", "nom", "nom_com", "libgeo", "libelle", "name")


@dataclass
class GeometryTable:
    """Geometries of one level keyed by code, with names, read from a vector layer."""

    key: str
    frame: pd.DataFrame
    geometries: dict
    crs: object
    source: str = ""
    notes: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


def read_geometries(layer, key: str, code_field: str | None = None) -> GeometryTable:
    """Read the features of ``layer`` into a :class:`GeometryTable` keyed by ``key``.

    The code field is ``code_field`` or detected by name (``code_iris``, ``insee_com``, ``code``…)
    and checked on the first features' lengths. Codes are normalised as text; features sharing a
    code (a commune drawn in several parts) are combined into one geometry.
    """
    from qgis.core import QgsGeometry

    from territorial_health_plugin.toolbelt.errors import InvalidInputError

    features = list(layer.getFeatures())
    names = [f.name() for f in layer.fields()]
    field_name = code_field or _detect_code_field(features, names, key)
    if field_name is None or field_name not in names:
        raise InvalidInputError(tr(
            "No {key} field found in the layer « {layer} » (fields: {fields}): rename its code field "
            "{key}."
        ).format(key=key, layer=layer.name() or layer.source(), fields=", ".join(names)))
    name_candidates = IRIS_NAME_FIELDS if key == "code_iris" else COMMUNE_NAME_FIELDS
    name_field = next((names[i] for i, n in enumerate(n.lower() for n in names) if n in name_candidates), None)

    raw = pd.Series([f[field_name] for f in features], dtype=object)
    codes, cleaning = normalise_codes(raw.map(lambda v: None if v is None or str(v) == "NULL" else str(v)), key)
    labels = [str(f[name_field]) if name_field and f[name_field] is not None else "" for f in features]

    geometries: dict = {}
    parts: dict = {}
    for code, feature in zip(codes, features):
        if isinstance(code, str) and feature.hasGeometry():
            parts.setdefault(code, []).append(QgsGeometry(feature.geometry()))
    notes = []
    for code, pieces in parts.items():
        geometries[code] = pieces[0] if len(pieces) == 1 else QgsGeometry.unaryUnion(pieces)
    combined = [code for code, pieces in parts.items() if len(pieces) > 1]
    if combined:
        notes.append(tr("{count} codes drawn by several features, combined: {codes}").format(
            count=len(combined), codes=", ".join(sorted(combined)[:20])))

    frame = pd.DataFrame({key: codes, "name": labels}).dropna(subset=[key]).drop_duplicates(key)
    return GeometryTable(key=key, frame=frame.reset_index(drop=True), geometries=geometries, crs=layer.crs(),
                         source=layer.source(), notes=notes, rejected=cleaning.rejected)


def read_geometry_keys(layer, key: str, code_field: str | None = None) -> GeometryTable:
    """Read the codes and names of ``layer`` but leave its geometries in the file.

    The result is a :class:`GeometryTable` whose ``geometries`` is a
    :class:`core.gpkg_fast.StagedGeometries` (code to feature id): the GeoPackage writer then
    lets GDAL copy the geometries in C++, and no QgsGeometry is built in Python. Layers that GDAL
    cannot read directly (memory or WFS provider, a subset filter) and layers where a code is drawn
    by several features (which must be combined) go through :func:`read_geometries` instead.
    """
    try:
        from territorial_health_plugin.core.gpkg_fast import StagedGeometries
    except ImportError:  # pragma: no cover - QGIS without GDAL's Python bindings
        return read_geometries(layer, key, code_field)
    source = ogr_source(layer)
    if source is None:
        return read_geometries(layer, key, code_field)
    fids, columns = _read_columns(*source, wanted=_candidate_fields(key, code_field))
    names = list(columns)
    sample = [{name: columns[name][i] for name in names} for i in range(min(20, len(fids)))]
    field_name = code_field or _detect_code_field(sample, names, key)
    if field_name is None or field_name not in names:
        return read_geometries(layer, key, code_field)
    name_candidates = IRIS_NAME_FIELDS if key == "code_iris" else COMMUNE_NAME_FIELDS
    name_field = next((n for n in names if n.lower() in name_candidates), None)

    raw = pd.Series([None if v is None else str(v) for v in columns[field_name]], dtype=object)
    codes, cleaning = normalise_codes(raw, key)
    present = codes.notna()
    if codes[present].duplicated().any():
        return read_geometries(layer, key, code_field)
    labels = [""] * len(fids)
    if name_field:
        labels = ["" if value is None else str(value) for value in columns[name_field]]

    staged = StagedGeometries(path=source[0], layer=source[1], crs=layer.crs(),
                              fids=dict(zip(codes[present], fids[present.to_numpy()].tolist())))
    frame = pd.DataFrame({key: codes, "name": labels}).dropna(subset=[key])
    return GeometryTable(key=key, frame=frame.reset_index(drop=True), geometries=staged, crs=layer.crs(),
                         source=layer.source(), rejected=cleaning.rejected)


def ogr_source(layer) -> tuple[str, str | None] | None:
    """Return (file, layer name) of a layer that GDAL can read as it is, else None."""
    from qgis.core import QgsProviderRegistry

    if layer.providerType() != "ogr" or layer.subsetString():
        return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path = parts.get("path") or ""
    if not path or not Path(path).is_file() or parts.get("layerId") not in (None, "", -1):
        return None
    return path, parts.get("layerName") or None


def _candidate_fields(key: str, code_field: str | None) -> set[str]:
    """Return the lower-case names of the fields that may contain the codes or names of ``key``."""
    codes, labels = (IRIS_CODE_FIELDS, IRIS_NAME_FIELDS) if key == "code_iris" else (COMMUNE_CODE_FIELDS,
                                                                                    COMMUNE_NAME_FIELDS)
    return {*codes, *labels, *([code_field.lower()] if code_field else [])}


def _read_columns(path: str, layer_name: str | None, wanted: set[str] | None = None):
    """Return the feature ids and the attribute columns of an OGR layer, without geometries.

    ``wanted`` keeps only the fields of those lower-case names. GDAL's columnar reader read the
    codes and feature ids of 49 000 IRIS in 12 ms, where Python's sqlite3 took 22 ms (2-core
    benchmark machine of docs/benchmarks.md).
    """
    import numpy as np
    from osgeo import ogr

    dataset = ogr.Open(path)
    layer = dataset.GetLayerByName(layer_name) if layer_name else dataset.GetLayer(0)
    definition = layer.GetLayerDefn()
    names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    ignored = [name for name in names if wanted is not None and name.lower() not in wanted]
    names = [name for name in names if name not in ignored]
    layer.SetIgnoredFields(["OGR_GEOMETRY", "OGR_STYLE", *ignored])
    if hasattr(layer, "GetArrowStreamAsNumPy"):
        fid_name = layer.GetFIDColumn() or "OGC_FID"
        batches = list(layer.GetArrowStreamAsNumPy(options=["INCLUDE_FID=YES"]))
        fids = np.concatenate([batch[fid_name] for batch in batches]) if batches else np.array([], dtype="int64")
        columns = {name: [_python_value(v) for batch in batches for v in _unmasked(batch[name])] for name in names}
    else:  # GDAL before 3.6
        rows = [(feature.GetFID(), [feature.GetField(i) for i in range(len(names))]) for feature in layer]
        fids = np.array([fid for fid, _ in rows], dtype="int64")
        columns = {name: [values[i] for _, values in rows] for i, name in enumerate(names)}
    dataset = None
    return fids, columns


def _unmasked(array) -> list:
    """Return a (masked) numpy array as a list, None where it is masked (NULL)."""
    mask = getattr(array, "mask", None)
    values = array.tolist() if mask is None else array.data.tolist()
    if mask is None or not getattr(mask, "any", lambda: False)():
        return values
    return [None if masked else value for value, masked in zip(values, mask.tolist())]


def _python_value(value):
    """Decode the bytes of an OGR text column (UTF-8)."""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _detect_code_field(features, names: list[str], key: str) -> str | None:
    """Return the field whose name and first values look like codes of ``key``."""
    candidates = IRIS_CODE_FIELDS if key == "code_iris" else COMMUNE_CODE_FIELDS
    pattern = IRIS_PATTERN if key == "code_iris" else COMMUNE_PATTERN
    lower = {name.lower(): name for name in names}
    for candidate in candidates:
        name = lower.get(candidate)
        if name is None:
            continue
        sample = [str(f[name]).strip() for f in features[:20] if f[name] is not None]
        if sample and all(pattern.match(value.zfill(CODE_LENGTH[key])) for value in sample):
            return name
    return None


def harmonise_geometries(table: GeometryTable, vintage=None, keep_arrondissements=()) -> GeometryTable:
    """Bring the commune codes of a geometry table to the current COG, merging contours.

    Contours of communes that merged since the layer's vintage are combined, and so are the
    arrondissements of Paris, Lyon and Marseille into their city, whose code the territory uses.
    The arrondissements of ``keep_arrondissements`` (units of the territory) keep their contour.
    """
    from qgis.core import QgsGeometry

    from territorial_health_plugin.core import harmonise
    from territorial_health_plugin.core.reference import load_reference

    mapping, report = harmonise.map_codes(list(table.frame[table.key]), vintage=vintage)
    reference = load_reference()
    notes = report.lines()
    arrondissements = {}
    kept = set(keep_arrondissements)
    for code in table.frame[table.key]:
        city = reference.city_of_arrondissement(mapping.get(code, code))
        if city and mapping.get(code, code) not in kept:
            arrondissements[code] = city
    if arrondissements:
        mapping.update(arrondissements)
        notes.append(tr("{count} arrondissement contours merged into their city: {codes}").format(
            count=len(arrondissements), codes=", ".join(sorted(arrondissements)[:20])))
    if not mapping:
        return table
    grouped: dict = {}
    for code, geometry in table.geometries.items():
        grouped.setdefault(mapping.get(code, code), []).append(geometry)
    table.geometries = {code: g[0] if len(g) == 1 else QgsGeometry.unaryUnion(g) for code, g in grouped.items()}
    frame = table.frame.assign(**{table.key: table.frame[table.key].map(lambda c: mapping.get(c, c))})
    table.frame = frame.drop_duplicates(table.key).reset_index(drop=True)
    table.notes.extend(notes)
    return table
