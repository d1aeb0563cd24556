"""The user's own files: indicator tables (CSV, XLSX, GeoPackage) and IRIS or commune layers.

A table is joined by a code column that is named by the user or detected from its values
(the column where most values are commune or IRIS codes once normalised). Every other column
where most values are numbers becomes an indicator column under its own name. A layer keeps
its own CRS, read from the file and never assumed to be Lambert 93.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pandas as pd

from territorial_health_plugin.core import codes, readers
from territorial_health_plugin.core.readers import GeometrySource, RawTable, SourceTable, map_cells
from territorial_health_plugin.toolbelt.errors import DataFormatError, InvalidInputError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

# Share of non-empty values that must look like codes (or numbers) for a column to qualify.
MIN_CODE_SHARE = 0.8
MIN_NUMBER_SHARE = 0.5
COMMUNE_NAMES = ("codgeo", "code_commune", "insee_com", "code_insee", "com", "depcom", "code")
IRIS_NAMES = ("code_iris", "iris", "dcomiris")


def read_user_table(path: Path, code_column: str | None = None, sheet: str | None = None) -> SourceTable:
    """Read a user's table and return it keyed by commune or IRIS code."""
    path = Path(path)
    raw = _read_raw(path, sheet)
    column, level = choose_code_column(raw.frame, code_column, path.name)
    keys, rejected = readers.normalise_key(raw.frame[column], level, column)
    kept = keys.notna()

    table = SourceTable(
        source_id=f"local:{path.stem}",
        level=level,
        frame=pd.DataFrame(),
        file=path.name,
        encoding=raw.encoding,
        producer=tr("User file"),
        dataset=path.name,
        retrieved=readers.today(),
        origin="user",
        rejected_codes=rejected,
    )
    columns = {table.key_column: keys[kept].astype(str)}
    columns.update(_numeric_columns(raw, column, kept, table))
    table.frame = pd.DataFrame(columns).reset_index(drop=True)

    logger.info(
        tr("{file}: {rows} rows joined by column « {column} » ({level}).").format(
            file=path.name, rows=len(table.frame), column=column, level=level
        )
    )
    return table


def _numeric_columns(raw: RawTable, code_column: str, kept: pd.Series, table: SourceTable) -> dict[str, pd.Series]:
    """Return the columns where most values are numbers, under field-safe names.

    Their hidden and invalid values are recorded in ``table``. Text columns (names, labels)
    are left out.
    """
    first_row = raw.header_row + 2
    columns = {}
    for name in raw.frame.columns:
        if name == code_column:
            continue
        parsed = readers.parse_numbers(raw.frame[name], first_row)
        if not _is_numeric(parsed):
            continue
        parsed = parsed.restricted_to(kept, first_row)
        readers.record_column(table, safe_field_name(name), name, parsed, table.file)
        columns[safe_field_name(name)] = parsed.values
    return columns


def _read_raw(path: Path, sheet: str | None) -> RawTable:
    """Read a CSV, XLSX or GeoPackage attribute table as text."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        title, rows = readers.read_excel_rows(path, sheet)
        return readers.rows_to_raw_table(rows, guess_header_row(rows), sheet=title)
    if suffix in (".gpkg", ".shp", ".geojson", ".json"):
        return _read_vector_attributes(path)
    return readers.read_delimited_text(path.read_bytes(), path.name, find_header=guess_header_row)


def guess_header_row(rows: list[tuple], limit: int = 40) -> int:
    """Return the index of the header row of a spreadsheet whose columns are not known.

    The header is the first row with at least two cells that is followed, within two rows (a
    units row may sit between), by a row holding a commune or IRIS code. Title and note rows
    above it are skipped. Without such a row, the first row with two cells is the header.
    """
    candidates = [index for index, row in enumerate(rows[:limit]) if _filled(row) >= 2]
    for index in candidates:
        following = rows[index + 1 : index + 3]
        if any(_has_code(row) for row in following):
            return index
    return candidates[0] if candidates else 0


def _filled(row: tuple) -> int:
    """Return the number of non-empty cells of a row."""
    return sum(cell is not None and str(cell).strip() != "" for cell in row)


def _has_code(row: tuple) -> bool:
    """Tell whether a row has a cell shaped like a commune or IRIS code (zeros possibly lost)."""
    for cell in row:
        text = readers.cell_to_text(cell)
        if text.isdigit() and len(text) in (4, 8):
            text = "0" + text
        if codes.is_commune_code(text) or codes.is_iris_code(text):
            return True
    return False


def _read_vector_attributes(path: Path, layer_name: str = "") -> RawTable:
    """Read the attribute table of a vector file as text (codes keep their leading zeros)."""
    from qgis.core import QgsVectorLayer

    uri = f"{path}|layername={layer_name}" if layer_name else str(path)
    layer = QgsVectorLayer(uri, path.stem, "ogr")
    if not layer.isValid():
        raise DataFormatError(tr("The layer « {file} » cannot be opened by QGIS (OGR).").format(file=path.name))
    names = [field.name() for field in layer.fields()]
    rows = [["" if value is None else str(value) for value in feature.attributes()] for feature in layer.getFeatures()]
    frame = map_cells(pd.DataFrame(rows, columns=names, dtype=str), lambda value: "" if value == "NULL" else value)
    return RawTable(frame=frame, encoding="ogr")


def choose_code_column(
    frame: pd.DataFrame, named: str | None, file_label: str, level: str | None = None
) -> tuple[str, str]:
    """Return ``(column, level)`` of the code column: the named one, else the best detected one.

    With ``level``, only columns whose values look like codes of that level compete (an IRIS
    layer also has a 4-digit ``iris`` field that looks like a damaged commune code).
    """
    if named:
        actual = next((column for column in frame.columns if column.lower() == named.lower()), None)
        if actual is None:
            raise InvalidInputError(
                tr("Code column « {column} » not found in « {file} ». Columns: {columns}.").format(
                    column=named, file=file_label, columns=", ".join(frame.columns)
                )
            )
        return actual, _level_of(frame[actual])[0]

    scored = []
    for column in frame.columns:
        detected, share = _level_of(frame[column])
        if level and detected != level:
            continue
        bonus = 0.01 if column.lower() in COMMUNE_NAMES + IRIS_NAMES else 0.0
        scored.append((share + bonus, column, detected))
    best = max(scored, default=(0, "", level or "commune"))
    if best[0] < MIN_CODE_SHARE:
        raise InvalidInputError(
            tr("No column of « {file} » holds commune codes (5 characters) or IRIS codes (9 characters). "
               "Name the code column with the code column option.").format(file=file_label)
        )
    return best[1], best[2]


def _level_of(series: pd.Series) -> tuple[str, float]:
    """Return the level whose code shape most values of ``series`` have, and that share."""
    text = series.fillna("").astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
    # Notes and footers (« Champ : … », « Source : … ») are long and have spaces; codes never do.
    text = text[text.ne("") & ~(text.str.contains(" ", regex=False) & (text.str.len() > 12))]
    if text.empty:
        return "commune", 0.0
    commune = text.map(lambda value: codes.is_commune_code(value.zfill(5) if value.isdigit() else value)).mean()
    iris = text.map(lambda value: codes.is_iris_code(value.zfill(9) if value.isdigit() else value)).mean()
    # A 4-digit value could be a padded commune code but never an IRIS code, and 8-9 digits the reverse.
    lengths = text.str.len()
    if iris >= commune and lengths.between(8, 9).mean() > 0.5:
        return "iris", float(iris)
    return "commune", float(commune if lengths.between(4, 5).mean() > 0.5 else 0.0)


def _layer_code_field(frame: pd.DataFrame, file_label: str, kind: str) -> str:
    """Return the field of a layer that contains codes of ``kind``, or raise naming what it contains."""
    try:
        return choose_code_column(frame, None, file_label, level=kind)[0]
    except InvalidInputError:
        other = "commune" if kind == "iris" else "iris"
        field, _ = choose_code_column(frame, None, file_label, level=other)
        raise InvalidInputError(
            tr("The layer « {file} » holds {found} codes in « {field} », not {expected} codes.").format(
                file=file_label, found=other, field=field, expected=kind
            )
        ) from None


def _is_numeric(parsed: readers.ParsedColumn) -> bool:
    """Tell whether most non-hidden values of a column are numbers."""
    present = (~parsed.hidden_mask).sum()
    return bool(present) and parsed.values.notna().sum() / present >= MIN_NUMBER_SHARE


def safe_field_name(name: str) -> str:
    """Return a GeoPackage-friendly field name: ASCII letters, digits and ``_``."""
    plain = readers.normalise_label(name)
    return re.sub(r"[^a-z0-9_]+", "_", plain).strip("_")[:30] or "valeur"


def user_layer(path: Path, kind: str, code_field: str | None = None, layer: str = "") -> GeometrySource:
    """Describe the user's IRIS or commune layer: field of codes (named or detected), CRS from the file."""
    from qgis.core import QgsVectorLayer

    path = Path(path)
    uri = f"{path}|layername={layer}" if layer else str(path)
    vector = QgsVectorLayer(uri, kind, "ogr")
    if not vector.isValid():
        raise InvalidInputError(tr("The layer « {file} » cannot be opened by QGIS (OGR).").format(file=path.name))
    if not vector.crs().isValid():
        raise InvalidInputError(
            tr("The layer « {file} » has no coordinate reference system: set one (e.g. a .prj file) and retry.").format(
                file=path.name
            )
        )
    frame = _read_vector_attributes(path, layer).frame
    field = code_field or _layer_code_field(frame, path.name, kind)
    provenance = {"producer": tr("User file"), "dataset": path.name, "file": path.name, "retrieved": readers.today()}
    return GeometrySource(kind, path, layer, field, vector.crs().authid(), provenance)
