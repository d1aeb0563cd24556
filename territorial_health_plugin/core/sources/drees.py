"""DREES APL workbooks (accessibilité potentielle localisée), commune level.

Each workbook has one sheet per year (``APL 2022``, ``APL 2023``, older ``APL_2019``). A sheet
has title and note rows, the header row (« Code commune INSEE », « Commune », « APL aux
médecins généralistes »…), a row of units, then one row per commune. The header is found by
its names, never by a fixed offset. The units row and footers are dropped because their first
cell is not a commune code.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from territorial_health_plugin.core import readers
from territorial_health_plugin.core.readers import ColumnRule, SourceTable, TableSpec
from territorial_health_plugin.toolbelt.errors import DataFormatError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

PRODUCER = "DREES"
SHEET_PATTERN = re.compile(r"^APL[ _-]*(\d{4})$", re.I)

# Profession named in the « APL aux … » header, by source id (accents removed, lower case).
PROFESSIONS = {
    "drees_apl_mg": r"medecins generalistes",
    "drees_apl_inf": r"infirmier(?:e|ere)?s",
    "drees_apl_kine": r"(?:masseurs?-)?kinesitherapeutes",
    "drees_apl_sf": r"sages-femmes",
    "drees_apl_cd": r"chirurgiens-dentistes",
}
DATASET_NAMES = {
    "drees_apl_mg": "APL aux médecins généralistes",
    "drees_apl_inf": "APL aux infirmières",
    "drees_apl_kine": "APL aux masseurs-kinésithérapeutes",
    "drees_apl_sf": "APL aux sages-femmes",
    "drees_apl_cd": "APL aux chirurgiens-dentistes",
}
KEY_RULE = ColumnRule("code_commune", (r"code commune insee", r"code commune", r"codgeo", r"code insee"))


def apl_spec(source_id: str) -> TableSpec:
    """Table spec of an APL workbook for one profession."""
    profession = PROFESSIONS.get(source_id)
    if profession is None:
        raise DataFormatError(
            tr("Unknown APL source « {source} ». Known sources: {known}.").format(
                source=source_id, known=", ".join(PROFESSIONS)
            )
        )
    rules = [
        ColumnRule("APL", (rf"apl aux {profession}(?: \(sans borne d'age\))?", rf"apl {profession}")),
        ColumnRule("APL_MOINS65", (rf"apl aux {profession} de moins de 65 ans",)),
        ColumnRule("APL_MOINS62", (rf"apl aux {profession} de moins de 62 ans",)),
        ColumnRule("POP_STD", (r"population standardisee.*",)),
        ColumnRule("POP_TOT", (r"population totale.*",)),
    ]
    return TableSpec(source_id=source_id, level="commune", key_rule=KEY_RULE, rules=rules, required=("APL",))


def apl_sheets(names: list[str]) -> dict[str, str]:
    """Return the year → sheet name of the yearly sheets among the sheet ``names`` of an APL workbook."""
    sheets = {}
    for name in names:
        found = SHEET_PATTERN.match(name.strip())
        if found:
            sheets[found.group(1)] = name
    return sheets


def read_apl(path: Path, source_id: str = "drees_apl_mg", vintage: str | None = None) -> SourceTable:
    """Read the sheet of ``vintage`` (the latest year when None) of an APL workbook."""
    path = Path(path)
    with readers.ExcelFile(path) as workbook:
        sheets = apl_sheets(workbook.sheet_names)
        year = _chosen_year(sheets, vintage, path.name)
        title, rows = workbook.rows(sheets[year])
    return _apl_table(rows, title, year, path.name, source_id)


def _chosen_year(sheets: dict[str, str], vintage: str | None, file_name: str) -> str:
    """Return the year to read: ``vintage``, or the latest one; raise when it has no sheet."""
    if not sheets:
        raise DataFormatError(
            tr("No yearly sheet (« APL 2023 »…) in « {file} »: is it a DREES APL workbook?").format(file=file_name)
        )
    year = str(vintage) if vintage else max(sheets)
    if year not in sheets:
        raise DataFormatError(
            tr("No sheet for {year} in « {file} ». Years available: {years}.").format(
                year=year, file=file_name, years=", ".join(sorted(sheets))
            )
        )
    return year


def _apl_table(rows: list[tuple], title: str, year: str, file_name: str, source_id: str) -> SourceTable:
    """Build the APL table of one yearly sheet."""
    spec = apl_spec(source_id)
    header = readers.find_spec_header_row(rows, spec)
    label = f"{file_name} [{title}]"
    if header is None:
        raise readers.missing_column_error("Code commune INSEE", _first_cells(rows), label, year)
    raw = readers.rows_to_raw_table(rows, header, sheet=title)
    table = readers.build_source_table(raw, spec, label, vintage=year)
    table.geography_year = year
    table.producer = PRODUCER
    table.dataset = DATASET_NAMES[source_id]
    table.rejected_codes = [code for code in table.rejected_codes if not _is_note(code)]
    logger.info(
        tr("{file}: {rows} communes read, vintage {vintage}.").format(file=label, rows=len(table.frame), vintage=year)
    )
    return table


def _first_cells(rows: list[tuple]) -> list[str]:
    """Return the non-empty cells of the first rows (to suggest columns in an error)."""
    return [str(cell) for row in rows[:15] for cell in row if cell not in (None, "")][:40]


def _is_note(value: str) -> bool:
    """Tell a footer or units text (« Source : … », « En nombre de … ») from a wrong code."""
    return len(value) > 12 or " " in value.strip()
