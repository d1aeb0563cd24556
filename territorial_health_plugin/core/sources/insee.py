"""INSEE tables: census IRIS bases, Filosofi IRIS, comparateur de territoires, Melodi.

- Census IRIS bases (``base-ic-evol-struct-pop-2021_csv.zip`` and the other themes): one
  ``;`` CSV per zip, member name in upper or lower case (``.CSV`` in recent vintages), key
  ``IRIS``, columns ``P21_POP75P``/``C21_ACT1564_CS6`` read as ``POP75P``/``C_ACT1564_CS6``.
- Filosofi IRIS: 2019 as an XLSX (sheet ``IRIS_DISP``, title rows, a row of labels, then the
  row of variable names) in a zip; 2020 and 2021 as CSV zips whose names changed order
  (``BASE_TD_FILO_DISP_IRIS_2020`` then ``BASE_TD_FILO_IRIS_2021_DISP``). Columns
  ``DISP_MED19`` are read as ``DISP_MED``.
- Comparateur de territoires (``base_cc_comparateur``): commune level, key ``CODGEO``.
- Melodi JSON (``DS_FILOSOFI_CC``, ``DS_POPULATIONS_REFERENCE``…): observations for communes
  and for reference areas (``DEP-59``, ``REG-32``, ``FRANCE-F``).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import Path

import pandas as pd

from territorial_health_plugin.core import readers
from territorial_health_plugin.core.readers import ColumnRule, SourceTable, TableSpec
from territorial_health_plugin.toolbelt.errors import DataFormatError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

PRODUCER_RP = "INSEE"
PRODUCER_FILOSOFI = "INSEE-DGFiP-Cnaf-Cnav-CCMSA"

# File stem of each census IRIS base, by source id.
CENSUS_THEMES = {
    "insee_rp_population": "base-ic-evol-struct-pop",
    "insee_rp_familles": "base-ic-couples-familles-menages",
    "insee_rp_activite": "base-ic-activite-residents",
    "insee_rp_diplomes": "base-ic-diplomes-formation",
    "insee_rp_logement": "base-ic-logement",
}

# Filosofi IRIS variables on disposable income, without the DISP_ prefix and the year suffix.
FILOSOFI_VARIABLES = (
    "TP60", "Q1", "MED", "Q3", "EQ", "D1", "D2", "D3", "D4", "D6", "D7", "D8", "D9", "RD",
    "S80S20", "GI", "PACT", "PTSA", "PCHO", "PBEN", "PPEN", "PPAT", "PPSOC", "PPFAM", "PPMINI",
    "PPLOGT", "PIMPOT", "NOTE",
)
FILOSOFI_MEMBER = re.compile(r"BASE_TD_FILO_(?:DISP_IRIS_(?P<y1>\d{4})|IRIS_(?P<y2>\d{4})_DISP)\.(?:CSV|XLSX)$", re.I)
GEOGRAPHY_PATTERN = re.compile(r"G[ée]ographie au \d{2}/\d{2}/(\d{4})", re.I)

IRIS_KEY = ColumnRule("code_iris", (r"IRIS", r"CODE_IRIS", r"DCOMIRIS"))
COMMUNE_KEY = ColumnRule("code_commune", (r"CODGEO", r"COM", r"CODE_COMMUNE", r"DEPCOM"))


# --- Archives ---------------------------------------------------------------------------------


def zip_member(path: Path, pattern: re.Pattern | str) -> str:
    """Return the name of the data member of a zip whose base name matches ``pattern``.

    Names are compared case-insensitively and ``meta_*`` dictionaries are skipped.
    """
    regex = re.compile(pattern, re.I) if isinstance(pattern, str) else pattern
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile as error:
        raise DataFormatError(
            tr("The archive « {file} » is damaged or is not a zip file. Delete it and download it again.").format(
                file=path.name
            ),
            details=str(error),
        ) from error
    for name in names:
        base = name.rsplit("/", 1)[-1]
        if base.lower().startswith("meta_"):
            continue
        if regex.search(base):
            return name
    raise DataFormatError(
        tr("No file matching « {pattern} » in the archive « {file} » (members: {members}).").format(
            pattern=regex.pattern, file=path.name, members=", ".join(names) or "-"
        )
    )


def read_member_bytes(path: Path, member: str) -> bytes:
    """Return the bytes of one zip member, with a French error if the archive is damaged."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read(member)
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise DataFormatError(
            tr("The archive « {file} » is damaged or is not a zip file. Delete it and download it again.").format(
                file=path.name
            ),
            details=str(error),
        ) from error


# --- Census IRIS bases ------------------------------------------------------------------------


def census_spec(source_id: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> TableSpec:
    """Build the table spec of a census IRIS base: ``required`` columns must exist, ``optional`` may."""
    return TableSpec(
        source_id=source_id,
        level="iris",
        key_rule=IRIS_KEY,
        rules=readers.census_rules(tuple(required) + tuple(optional)),
        required=tuple(required),
    )


def read_census_iris(
    path: Path, source_id: str, required: tuple[str, ...], vintage: str | None = None, optional: tuple[str, ...] = ()
) -> SourceTable:
    """Read a census IRIS base keeping the canonical ``required`` and ``optional`` columns.

    The file may be the CSV zip, the XLSX zip (title rows and a row of labels above the
    variable names), or the bare CSV or XLSX taken out of either.
    """
    path = Path(path)
    stem = CENSUS_THEMES.get(source_id, "base-ic")
    spec = census_spec(source_id, tuple(required), tuple(optional))
    if readers.is_xlsx(path):
        raw, label = _census_xlsx(path, path.name, spec)
    elif zipfile.is_zipfile(path):
        member = zip_member(path, rf"^{re.escape(stem)}-\d{{4}}\.(?:csv|xlsx)$")
        label = f"{path.name}/{member}"
        data = read_member_bytes(path, member)
        if member.lower().endswith(".xlsx"):
            raw, label = _census_xlsx(io.BytesIO(data), label, spec)
        else:
            raw = readers.read_delimited_text(data, label, spec)
    else:
        raw, label = readers.read_delimited_text(path.read_bytes(), path.name, spec), path.name
    table = readers.build_source_table(raw, spec, label, vintage)
    table.producer = PRODUCER_RP
    table.dataset = tr("Population census, IRIS base « {stem} »").format(stem=stem)
    # RP year N IRIS bases are published in the IRIS geography of 1 January N+2.
    if table.vintage:
        table.geography_year = str(int(table.vintage) + 2)
    _log_table(table)
    return table


def _census_xlsx(source, label: str, spec: TableSpec) -> tuple[readers.RawTable, str]:
    """Read the IRIS sheet of a census XLSX (the first sheet holding the variable names)."""
    with readers.ExcelFile(source) as workbook:
        for sheet in workbook.sheet_names:
            title, rows = workbook.rows(sheet)
            header = readers.find_spec_header_row(rows, spec)
            if header is not None:
                return readers.rows_to_raw_table(rows, header, sheet=title), f"{label} [{title}]"
        sheets = workbook.sheet_names
    raise DataFormatError(
        tr("No sheet of « {file} » has an IRIS column and census columns. Sheets: {sheets}.").format(
            file=label, sheets=", ".join(sheets)
        )
    )


# --- Filosofi IRIS ----------------------------------------------------------------------------


def filosofi_spec(required: tuple[str, ...] = ()) -> TableSpec:
    """Table spec of the Filosofi IRIS file (disposable income)."""
    names = tuple(f"DISP_{name}" for name in FILOSOFI_VARIABLES)
    return TableSpec(
        source_id="insee_filosofi_iris",
        level="iris",
        key_rule=IRIS_KEY,
        rules=readers.suffix_year_rules(names),
        required=tuple(required),
        keep_all=not required,
    )


def read_filosofi_iris(path: Path, required: tuple[str, ...] = (), vintage: str | None = None) -> SourceTable:
    """Read a Filosofi IRIS file: zip (XLSX or CSV inside), bare XLSX or bare CSV.

    Hidden values (« s », « nd », « ns », « so », empty cells) are NULL and counted per column.
    """
    path = Path(path)
    spec = filosofi_spec(tuple(required))
    if readers.is_xlsx(path):
        table = _read_filosofi_xlsx(path, path.name, spec, vintage)
    elif zipfile.is_zipfile(path):
        member = zip_member(path, FILOSOFI_MEMBER)
        data = read_member_bytes(path, member)
        label = f"{path.name}/{member}"
        if member.lower().endswith(".xlsx"):
            table = _read_filosofi_xlsx_bytes(data, label, spec, vintage)
        else:
            table = readers.build_source_table(readers.read_delimited_text(data, label, spec), spec, label, vintage)
    else:
        raw = readers.read_delimited_text(path.read_bytes(), path.name, spec)
        table = readers.build_source_table(raw, spec, path.name, vintage)

    table.producer = PRODUCER_FILOSOFI
    table.dataset = tr("Filosofi, disposable income by IRIS")
    _log_table(table)
    return table


def _read_filosofi_xlsx_bytes(data: bytes, label: str, spec: TableSpec, vintage: str | None) -> SourceTable:
    """Read a Filosofi XLSX held in memory (member of a zip)."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        handle.write(data)
        handle.flush()
        return _read_filosofi_xlsx(Path(handle.name), label, spec, vintage)


def _read_filosofi_xlsx(path: Path, label: str, spec: TableSpec, vintage: str | None) -> SourceTable:
    """Read the IRIS sheet of a Filosofi XLSX (the sheet that has the header, ``IRIS_DISP`` first)."""
    with readers.ExcelFile(path) as workbook:
        names = workbook.sheet_names
        ordered = sorted(names, key=lambda name: 0 if name.upper().startswith("IRIS") else 1)
        for sheet in ordered:
            title, rows = workbook.rows(sheet)
            header = readers.find_spec_header_row(rows, spec)
            if header is None:
                continue
            raw = readers.rows_to_raw_table(rows, header, sheet=title)
            table = readers.build_source_table(raw, spec, f"{label} [{title}]", vintage)
            table.geography_year = geography_year_from_titles(rows[:header])
            return table
    raise DataFormatError(
        tr("No sheet of « {file} » has an IRIS column and Filosofi columns (DISP_MED…). Sheets: {sheets}.").format(
            file=label, sheets=", ".join(names)
        )
    )


def geography_year_from_titles(rows: list[tuple]) -> str | None:
    """Return the year of « Géographie au 01/01/AAAA » found in title rows, else None."""
    for row in rows:
        for cell in row:
            found = GEOGRAPHY_PATTERN.search(str(cell or ""))
            if found:
                return found.group(1)
    return None


# --- Comparateur de territoires (commune level) -----------------------------------------------


def read_comparateur(path: Path, required: tuple[str, ...]) -> SourceTable:
    """Read ``base_cc_comparateur`` (zip or CSV): census columns and Filosofi ``MED21``, ``TP6021``.

    ``required`` names census columns as :func:`readers.census_rules` does (``POP``) and
    Filosofi ones with their prefix (``MED``, ``TP60``).
    """
    path = Path(path)
    if zipfile.is_zipfile(path):
        member = zip_member(path, r"^base_cc_comparateur\.csv$")
        data, label = read_member_bytes(path, member), f"{path.name}/{member}"
    else:
        data, label = path.read_bytes(), path.name
    census = [name for name in required if name not in ("MED", "TP60")]
    rules = readers.census_rules(census) + readers.suffix_year_rules([n for n in required if n in ("MED", "TP60")])
    spec = TableSpec("insee_comparateur", "commune", COMMUNE_KEY, rules, tuple(required))
    table = readers.build_source_table(readers.read_delimited_text(data, label, spec), spec, label)
    table.producer = PRODUCER_RP
    table.dataset = tr("Comparateur de territoires")
    return table


# --- Melodi -----------------------------------------------------------------------------------


def parse_melodi(document: dict, measure_dimension: str | None = None) -> pd.DataFrame:
    """Flatten a Melodi ``/data`` response into rows.

    Columns: ``geo_year``, ``geo_level`` (COM, DEP, REG, FRANCE…), ``geo_code``, ``time_period``,
    ``measure`` (value of ``measure_dimension``, e.g. ``FILOSOFI_MEASURE``), ``value`` (float,
    NULL when the observation has no value). ``GEO`` values look like ``2025-DEP-69``.
    """
    if not isinstance(document, dict) or "observations" not in document:
        raise DataFormatError(
            tr("The INSEE Melodi response has no « observations » list."), details=str(document)[:300]
        )
    records = []
    for observation in document["observations"]:
        dimensions = observation.get("dimensions", {})
        geo_year, geo_level, geo_code = split_melodi_geo(dimensions.get("GEO", ""))
        measure = dimensions.get(measure_dimension, "") if measure_dimension else _measure_of(dimensions)
        value = (observation.get("measures", {}).get("OBS_VALUE_NIVEAU") or {}).get("value")
        records.append(
            {
                "geo_year": geo_year,
                "geo_level": geo_level,
                "geo_code": geo_code,
                "time_period": str(dimensions.get("TIME_PERIOD", "")),
                "measure": measure,
                "value": float(value) if value is not None else float("nan"),
            }
        )
    return pd.DataFrame.from_records(
        records, columns=["geo_year", "geo_level", "geo_code", "time_period", "measure", "value"]
    )


def split_melodi_geo(geo: str) -> tuple[str, str, str]:
    """Split ``2025-DEP-69`` into ``("2025", "DEP", "69")``; ``FRANCE-F`` into ``("", "FRANCE", "F")``."""
    parts = str(geo).split("-")
    if len(parts) >= 3 and parts[0].isdigit():
        return parts[0], parts[1], "-".join(parts[2:])
    if len(parts) == 2:
        return "", parts[0], parts[1]
    return "", "", str(geo)


def _measure_of(dimensions: dict) -> str:
    """Return the value of the dimension whose name ends with ``_MEASURE``, else empty."""
    for name, value in dimensions.items():
        if name.endswith("_MEASURE"):
            return str(value)
    return ""


def melodi_reference_values(document: dict, measure_dimension: str | None = None) -> pd.DataFrame:
    """Return one row per (area, measure) with the latest period: reference values for comparisons."""
    frame = parse_melodi(document, measure_dimension)
    if frame.empty:
        return frame
    frame = frame.sort_values("time_period").groupby(["geo_level", "geo_code", "measure"], as_index=False).last()
    return frame.reset_index(drop=True)


# Melodi DS_FILOSOFI_CC measures, by the canonical Filosofi IRIS column they are compared with.
MELODI_FILOSOFI_MEASURES = {"MED_SL": "DISP_MED", "PR_MD60": "DISP_TP60"}
MELODI_LEVELS = {"DEP": "departement", "REG": "region", "FRANCE": "france"}


def melodi_geo_filters(departements: list[str], regions: list[str]) -> list[str]:
    """Return the Melodi ``GEO`` values of the reference areas: ``DEP-59``, ``REG-32``, ``FRANCE-F``."""
    return [f"DEP-{code}" for code in departements] + [f"REG-{code}" for code in regions] + ["FRANCE-F"]


def fetch_filosofi_reference(
    downloader, departements: list[str], regions: list[str], vintage: str
) -> list[SourceTable]:
    """Download Filosofi reference values (median, poverty rate) of départements, régions and France.

    One Melodi request (``DS_FILOSOFI_CC``, the ``GEO`` parameter repeated) for the Filosofi
    ``vintage``, so that IRIS values are compared with figures of the same year.
    """
    from territorial_health_plugin.core import endpoints

    entry = endpoints.endpoint("insee.melodi.data")
    url = entry["url"].format(dataset="DS_FILOSOFI_CC")
    params = [("GEO", geo) for geo in melodi_geo_filters(departements, regions)]
    params += [("TIME_PERIOD", str(vintage)), ("maxResult", "10000")]
    document = downloader.fetch_json(url, params, source_id="insee.melodi.data")
    tables = filosofi_reference_tables(parse_melodi(document, "FILOSOFI_MEASURE"), str(vintage))
    for table in tables:
        table.url = entry.get("page", "")
        table.licence = entry.get("licence", "")
        table.retrieved = readers.today()
        table.origin = "online"
    return tables


def filosofi_reference_tables(frame: pd.DataFrame, vintage: str) -> list[SourceTable]:
    """Shape Melodi Filosofi rows into one table per level, keyed by ``code``, in canonical columns."""
    frame = frame[frame["measure"].isin(MELODI_FILOSOFI_MEASURES) & frame["geo_level"].isin(MELODI_LEVELS)]
    tables = []
    for geo_level, rows in frame.groupby("geo_level"):
        level = MELODI_LEVELS[geo_level]
        # Melodi names France « FRANCE-F »; reference tables name it « FR ».
        codes = pd.Series("FR", index=rows.index) if geo_level == "FRANCE" else rows["geo_code"]
        wide = rows.assign(code=codes).pivot_table(index="code", columns="measure", values="value", aggfunc="last")
        wide = wide.rename(columns=MELODI_FILOSOFI_MEASURES).reset_index()
        wide.columns.name = None
        tables.append(
            SourceTable(
                source_id="insee_filosofi_reference",
                level=level,
                frame=wide,
                vintage=vintage,
                producer=PRODUCER_FILOSOFI,
                dataset=tr("Filosofi, reference values (INSEE Melodi DS_FILOSOFI_CC)"),
            )
        )
    return tables


def _log_table(table: SourceTable) -> None:
    """Log what was read (rows, vintage, encoding, hidden values)."""
    logger.info(
        tr("{file}: {rows} rows read, vintage {vintage}, encoding {encoding}, hidden values {hidden}.").format(
            file=table.file,
            rows=len(table.frame),
            vintage=table.vintage or "?",
            encoding=table.encoding or "?",
            hidden=sum(table.hidden_counts.values()),
        )
    )
