"""Tolerant and strict readers of the public indicator tables.

Tolerant about the shape a file arrives in: encoding (UTF-8, UTF-8 with BOM, Windows-1252),
separator, decimal commas, thousands spaces, title rows above the header, footers, hidden-value
markers, column-name case and the census year embedded in column names. Strict about what comes
out: codes are read as text and normalised through :mod:`core.codes`, every hidden value is
counted and every unparsable number is reported by row. A missing column stops the reading with
a French message that names the file, the vintage and the closest columns found.

Every reader returns a :class:`SourceTable`.
"""

from __future__ import annotations

import csv
import difflib
import io
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from territorial_health_plugin.toolbelt.errors import DataFormatError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

# Key column by level; reference tables (one row per département, région or France) use ``code``.
KEY_COLUMNS = {
    "iris": "code_iris",
    "commune": "code_commune",
    "departement": "code",
    "region": "code",
    "france": "code",
}

# Lower-case forms of the markers that producers put in place of a value (INSEE: s = secret,
# nd = non disponible, ns = non significatif, so = sans objet; data.gouv exports: "N/A - …").
HIDDEN_MARKERS = frozenset(
    {"", "s", "nd", "ns", "so", "na", "n/a", "nan", "nc", "-", "secret", "null"}
)
HIDDEN_PREFIXES = ("n/a -", "n/a-")

# Thousands separators seen in French files: space, no-break space, narrow no-break space.
THOUSANDS_PATTERN = "[ \u00a0\u202f]"

ENCODINGS = ("utf-8-sig", "utf-8", "cp1252")
SEPARATORS = ";,\t|"
MAX_REPORTED_ROWS = 20
FAST_PATH_SAMPLE = 200


@dataclass
class SourceTable:
    """One indicator table as read: key column as text, canonical numeric columns, provenance."""

    source_id: str
    level: str
    frame: pd.DataFrame
    vintage: str | None = None
    geography_year: str | None = None
    producer: str = ""
    dataset: str = ""
    url: str = ""
    licence: str = ""
    retrieved: str = ""
    file: str = ""
    encoding: str = ""
    origin: str = ""
    # True for the invented figures of the embedded sample (census bases, FINESS extract).
    synthetic: bool = False
    # Unit names the file publishes beside the codes (Filosofi's LIBIRIS), by code.
    labels: dict[str, str] = field(default_factory=dict)
    hidden_counts: dict[str, int] = field(default_factory=dict)
    rejected_codes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    invalid_values: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    file_columns: list[str] = field(default_factory=list)

    @property
    def key_column(self) -> str:
        """Name of the key column (``code_iris`` or ``code_commune``)."""
        return KEY_COLUMNS[self.level]

    @property
    def value_columns(self) -> list[str]:
        """Canonical numeric columns of the frame."""
        return [column for column in self.frame.columns if column != self.key_column]

    def provenance(self) -> dict:
        """Return the provenance fields as a plain dictionary (for the ``sources`` table)."""
        return {
            "source_id": self.source_id,
            "producer": self.producer,
            "dataset": self.dataset,
            "vintage": self.vintage,
            "geography_year": self.geography_year,
            "licence": self.licence,
            "url": self.url,
            "retrieved": self.retrieved,
            "file": self.file,
            "origin": self.origin,
            "synthetic": self.synthetic,
        }


@dataclass
class GeometrySource:
    """A geometry layer to use: file, layer name, code field, CRS read from the file, provenance."""

    kind: str
    path: Path
    layer: str = ""
    code_field: str = ""
    crs: str = ""
    provenance: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def uri(self) -> str:
        """OGR data source string (``path|layername=…`` when the file has several layers)."""
        return f"{self.path}|layername={self.layer}" if self.layer else str(self.path)


@dataclass
class ColumnRule:
    """Regular expressions (case-insensitive) that find one canonical column in a file.

    A pattern may capture the two-digit year in a group named ``yy`` (``^P(?P<yy>\\d{2})_POP$``);
    the detected years become the table's vintage.
    """

    canonical: str
    patterns: tuple[str, ...]

    def match(self, header: str) -> re.Match | None:
        """Return the match of the first pattern that fits ``header``, else None.

        The header is tried as written, then without accents and extra spaces, so that a
        pattern written ``apl aux medecins generalistes`` matches « APL aux médecins généralistes ».
        """
        candidates = (header, normalise_label(header))
        for pattern in self.patterns:
            for candidate in candidates:
                found = re.fullmatch(pattern, candidate, flags=re.IGNORECASE)
                if found:
                    return found
        return None


@dataclass
class RawTable:
    """A table read as text, before any conversion."""

    frame: pd.DataFrame
    encoding: str = ""
    separator: str = ""
    sheet: str = ""
    header_row: int = 0


# --- Text files: encoding, separator ---------------------------------------------------------


def detect_encoding(raw: bytes) -> str:
    """Return ``utf-8-sig`` (BOM), ``utf-8`` or ``cp1252`` for the bytes of a text file."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def sniff_separator(text: str) -> str:
    """Return the separator of a delimited text, judged on its first lines."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=SEPARATORS).delimiter
    except csv.Error:
        # The sniffer gives up on one-column or irregular samples: count in the first line.
        first_line = sample.split("\n", 1)[0]
        counts = {separator: first_line.count(separator) for separator in SEPARATORS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ";"


def decode_text(raw: bytes, file_label: str) -> tuple[str, str]:
    """Decode the bytes of a text file; return ``(text, encoding)``."""
    if raw[:2] == b"PK" or raw.lstrip()[:1] == b"<":
        kind = "zip" if raw[:2] == b"PK" else "HTML/XML"
        raise DataFormatError(
            tr("The file « {file} » is not a delimited text table (it looks like {kind}).").format(
                file=file_label, kind=kind
            ),
            details=repr(raw[:120]),
        )
    encoding = detect_encoding(raw)
    logger.debug("%s decoded as %s", file_label, encoding)
    return raw.decode(encoding), encoding


def read_delimited_text(
    raw: bytes, file_label: str, spec: TableSpec | None = None, find_header: Callable | None = None
) -> RawTable:
    """Read a delimited text table with every cell as text.

    With a ``spec``, the header is the first of the first 60 lines that contains the key column
    and a known value column, so title lines above it are skipped. Otherwise ``find_header``
    (a function of the first rows, split into cells) gives its index, else it is the first line.
    """
    text, encoding = decode_text(raw, file_label)
    separator = sniff_separator(text)
    lines = text.splitlines()
    rows = [tuple(next(csv.reader([line], delimiter=separator), [])) for line in lines[:60]]
    header_row = 0
    if spec is not None:
        header_row = find_spec_header_row(rows, spec) or 0
    elif find_header is not None:
        header_row = find_header(rows)
    try:
        frame = pd.read_csv(
            io.StringIO("\n".join(lines[header_row:])),
            sep=separator,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=True,
            engine="c",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise DataFormatError(
            tr("The file « {file} » cannot be read as a table separated by « {separator} » "
               "from line {line}: {error}").format(
                file=file_label, separator=separator, line=header_row + 1, error=error
            ),
        ) from error
    frame.columns = [clean_header(column) for column in frame.columns]
    return RawTable(frame=frame, encoding=encoding, separator=separator, header_row=header_row)


# --- Spreadsheets -----------------------------------------------------------------------------


class ExcelFile:
    """An XLSX workbook opened once (read-only) to list its sheets and read their rows.

    The bytes are handed to openpyxl as a file object, because openpyxl judges a path by its
    extension and cached downloads do not keep theirs.
    """

    def __init__(self, source) -> None:
        """Open ``source``: a path, or a binary file object (a zip member read into memory)."""
        from openpyxl import load_workbook

        in_memory = hasattr(source, "read")
        self.path = Path(getattr(source, "name", "classeur.xlsx") if in_memory else source)
        stream = source if in_memory else io.BytesIO(self.path.read_bytes())
        try:
            self._workbook = load_workbook(stream, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises zipfile, KeyError or its own errors
            raise DataFormatError(
                tr("The file « {file} » is not a readable XLSX workbook.").format(file=self.path.name),
                details=str(error),
            ) from error

    @property
    def sheet_names(self) -> list[str]:
        """Names of the sheets, in workbook order."""
        return list(self._workbook.sheetnames)

    def rows(self, sheet: str | None = None) -> tuple[str, list[tuple]]:
        """Return the name and the rows (tuples of cell values) of a sheet (the first by default)."""
        worksheet = self._workbook[sheet] if sheet else self._workbook.worksheets[0]
        return worksheet.title, list(worksheet.iter_rows(values_only=True))

    def close(self) -> None:
        """Release the workbook."""
        self._workbook.close()

    def __enter__(self) -> ExcelFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def read_excel_rows(path: Path, sheet: str | None = None) -> tuple[str, list[tuple]]:
    """Return the name and the rows of one sheet of an XLSX file (the first by default)."""
    with ExcelFile(path) as workbook:
        return workbook.rows(sheet)


def sheet_names(path: Path) -> list[str]:
    """Return the sheet names of an XLSX workbook."""
    with ExcelFile(path) as workbook:
        return workbook.sheet_names


def is_xlsx(path: Path) -> bool:
    """Tell an XLSX workbook (itself a zip) from a zip archive of data files, whatever its name."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def find_header_row(rows: list[tuple], known_names: Iterable[str], limit: int = 60) -> int | None:
    """Return the index of the first row that contains one of ``known_names``, else None."""
    wanted = {normalise_label(name) for name in known_names}
    for index, row in enumerate(rows[:limit]):
        cells = {normalise_label(str(cell)) for cell in row if cell is not None}
        if cells & wanted:
            return index
    return None


def find_spec_header_row(rows: list[tuple], spec: TableSpec, limit: int = 60) -> int | None:
    """Return the index of the first row holding the key column and one known value column.

    Requiring both skips label rows that repeat the key's name (INSEE XLSX files put a row of
    French labels, whose first cell is « IRIS », just above the row of variable names).
    """
    for index, row in enumerate(rows[:limit]):
        cells = [clean_header(cell) for cell in row if cell is not None and str(cell).strip()]
        has_key = any(spec.key_rule.match(cell) for cell in cells)
        has_value = any(rule.match(cell) for cell in cells for rule in spec.rules)
        if has_key and (has_value or not spec.rules):
            return index
    return None


def rows_to_raw_table(rows: list[tuple], header_index: int, sheet: str = "") -> RawTable:
    """Build a text table from spreadsheet rows under the header row at ``header_index``."""
    header = [clean_header(cell) if cell is not None else "" for cell in rows[header_index]]
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    header = [name or f"column_{position + 1}" for position, name in enumerate(header[:width])]
    body = [list(row[:width]) + [None] * (width - len(row)) for row in rows[header_index + 1 :]]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame = map_cells(frame, cell_to_text)
    return RawTable(frame=frame, sheet=sheet, header_row=header_index, encoding="xlsx")


def cell_to_text(value) -> str:
    """Turn a spreadsheet cell into text without losing a leading zero or adding ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- Labels and column resolution -------------------------------------------------------------


def clean_header(name) -> str:
    """Strip a BOM, surrounding spaces and quotes from a column name."""
    return str(name).replace("\ufeff", "").strip().strip('"').strip()


def normalise_label(text: str) -> str:
    """Return ``text`` lower-cased, without accents and with single spaces (for matching)."""
    decomposed = unicodedata.normalize("NFKD", str(text).replace("\ufeff", ""))
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"\s+", " ", without_accents).strip().lower()


@dataclass
class ColumnResolution:
    """Mapping of canonical columns to file columns, with the years read from the names."""

    mapping: dict[str, str]
    years: set[str]


def resolve_columns(
    headers: list[str],
    rules: list[ColumnRule],
    required: Iterable[str],
    file_label: str,
    vintage: str | None = None,
) -> ColumnResolution:
    """Map file columns to canonical names through ``rules``; stop if a required one is missing.

    No column is ever renamed by its position: only a name that fits a rule is used. When
    several columns fit one rule (``P22_POP`` and ``P16_POP`` in the comparateur de
    territoires), the one with the latest year wins.
    """
    chosen: dict[str, tuple[str, str]] = {}
    for header in headers:
        for rule in rules:
            found = rule.match(header)
            if found is None:
                continue
            year = found.groupdict().get("yy") or ""
            if rule.canonical not in chosen or year > chosen[rule.canonical][1]:
                chosen[rule.canonical] = (header, year)
            break

    mapping = {canonical: header for canonical, (header, _) in chosen.items()}
    years = {year for _, year in chosen.values() if year}
    missing = [name for name in required if name not in mapping]
    if missing:
        raise missing_column_error(missing[0], headers, file_label, vintage or _vintage_text(years))
    return ColumnResolution(mapping=mapping, years=years)


def missing_column_error(canonical: str, headers: list[str], file_label: str, vintage: str) -> DataFormatError:
    """Build the error for a missing column, naming the closest columns found."""
    close = difflib.get_close_matches(canonical.upper(), [h.upper() for h in headers], n=3, cutoff=0.4)
    by_upper = {h.upper(): h for h in headers}
    suggestions = ", ".join(f"« {by_upper[name]} »" for name in close) or tr("none")
    message = tr(
        "Column « {column} » not found in « {file} » (vintage {vintage}). Closest columns: {close}. "
        "Check that the file is the expected one or update the column table of this source."
    ).format(column=canonical, file=file_label, vintage=vintage or "?", close=suggestions)
    return DataFormatError(message, details=f"columns: {headers}")


def _vintage_text(years: set[str]) -> str:
    """Return the four-digit year(s) read from column names, for messages."""
    return ", ".join(sorted(f"20{year}" for year in years)) if years else ""


def census_rules(names: Iterable[str]) -> list[ColumnRule]:
    """Rules for census columns: ``POP75P`` matches ``P21_POP75P``, ``C_ACT1564`` matches ``C21_ACT1564``.

    INSEE prefixes a column with P (main count) or C (complementary count) and the two-digit
    census year. The canonical name drops the year; a C column keeps ``C_`` in front because
    both ``P21_ACT1564`` and ``C21_ACT1564`` exist with different values.
    """
    rules = []
    for name in names:
        if name.startswith("C_"):
            pattern = rf"C(?P<yy>\d{{2}})_{re.escape(name[2:])}"
        else:
            pattern = rf"P(?P<yy>\d{{2}})_{re.escape(name)}"
        rules.append(ColumnRule(name, (pattern,)))
    return rules


def suffix_year_rules(names: Iterable[str]) -> list[ColumnRule]:
    """Rules for columns that end with the two-digit year (Filosofi: ``DISP_MED19``, ``MED21``)."""
    return [ColumnRule(name, (rf"{re.escape(name)}(?P<yy>\d{{2}})",)) for name in names]


# --- Numbers ----------------------------------------------------------------------------------


@dataclass
class ParsedColumn:
    """A column converted to float64, with what was hidden and what could not be read."""

    values: pd.Series
    hidden_mask: pd.Series
    invalid: list[tuple[int, str]]
    mixed_decimals: bool

    @property
    def hidden(self) -> int:
        """Number of hidden values."""
        return int(self.hidden_mask.sum())

    def restricted_to(self, kept: pd.Series, first_row_number: int) -> ParsedColumn:
        """Return the same column limited to the rows in ``kept`` (footers dropped)."""
        kept_rows = {first_row_number + position for position in kept.to_numpy().nonzero()[0]}
        return ParsedColumn(
            values=self.values[kept],
            hidden_mask=self.hidden_mask[kept],
            invalid=[(row, value) for row, value in self.invalid if row in kept_rows],
            mixed_decimals=self.mixed_decimals,
        )


def parse_numbers(series: pd.Series, first_row_number: int = 2) -> ParsedColumn:
    """Convert a text column to float64.

    Hidden-value markers become NULL and are counted. Thousands spaces are removed, a decimal
    comma becomes a point; when a value has both, the last one is the decimal separator. A
    column that mixes ``12,5`` and ``7.3`` is accepted (each value is read on its own) and
    flagged. A value that still cannot be read becomes NULL and is reported with its row
    number (``first_row_number`` is the file row of the first value).
    """
    text = series.fillna("").astype(str).str.strip()
    # Most values are plain numbers that pandas' C parser reads at once. Only the others
    # (markers, decimal commas, thousands spaces, invalid text) take the slower string path,
    # and a column whose first values mostly fail (a decimal-comma file) goes to it directly.
    sample = pd.to_numeric(text.head(FAST_PATH_SAMPLE), errors="coerce")
    if len(sample) and sample.notna().mean() >= 0.5:
        values = pd.to_numeric(text, errors="coerce").astype("float64")
    else:
        values = pd.Series(float("nan"), index=series.index, dtype="float64")
    pending = values.isna().to_numpy()
    hidden_mask = pd.Series(False, index=series.index)
    if not pending.any():
        return ParsedColumn(values=values, hidden_mask=hidden_mask, invalid=[], mixed_decimals=False)

    rest = _parse_number_texts(text[pending])
    values[pending] = rest.values.to_numpy()
    hidden_mask[pending] = rest.hidden_mask.to_numpy()
    positions = pending.nonzero()[0]
    invalid = [(first_row_number + positions[index], value) for index, value in rest.invalid]
    mixed = rest.mixed_decimals or bool(rest.has_decimal_comma and text[~pending].str.contains(".", regex=False).any())
    return ParsedColumn(values=values, hidden_mask=hidden_mask, invalid=invalid, mixed_decimals=mixed)


@dataclass
class _TextNumbers:
    """Result of the string path of :func:`parse_numbers` (``invalid`` lists positions in ``text``)."""

    values: pd.Series
    hidden_mask: pd.Series
    invalid: list[tuple[int, str]]
    mixed_decimals: bool
    has_decimal_comma: bool


def _parse_number_texts(text: pd.Series) -> _TextNumbers:
    """Read numbers written with markers, decimal commas or thousands spaces."""
    lowered = text.str.lower()
    hidden_mask = lowered.isin(HIDDEN_MARKERS) | lowered.str.startswith(HIDDEN_PREFIXES)

    cleaned = text.str.replace(THOUSANDS_PATTERN, "", regex=True)
    has_comma = cleaned.str.contains(",", regex=False)
    has_point = cleaned.str.contains(".", regex=False)
    both = has_comma & has_point
    if both.any():
        comma_last = cleaned.str.rfind(",") > cleaned.str.rfind(".")
        cleaned = cleaned.where(~(both & comma_last), cleaned.str.replace(".", "", regex=False))
        cleaned = cleaned.where(~(both & ~comma_last), cleaned.str.replace(",", "", regex=False))
    cleaned = cleaned.str.replace(",", ".", regex=False)

    values = pd.to_numeric(cleaned.where(~hidden_mask), errors="coerce").astype("float64")
    invalid_mask = (values.isna() & ~hidden_mask).to_numpy()
    invalid = [(int(position), text.iloc[position]) for position in invalid_mask.nonzero()[0]]
    comma_only = bool((has_comma & ~has_point & ~hidden_mask).any())
    point_only = bool((has_point & ~has_comma & ~hidden_mask).any())
    return _TextNumbers(values, hidden_mask, invalid, comma_only and point_only, comma_only)


# --- Codes ------------------------------------------------------------------------------------


def normalise_key(series: pd.Series, level: str, column: str) -> tuple[pd.Series, list[str]]:
    """Normalise a code column through :mod:`core.codes`; return ``(codes, rejected values)``.

    Empty cells (blank lines, the units row of APL workbooks) are not codes, so they are dropped
    without being reported. Any other value that is not a code becomes NULL and is listed.
    """
    from territorial_health_plugin.core import codes

    text = series.fillna("").astype(str).str.strip()
    present = text.ne("")
    if level == "iris":
        normalised, report = codes.normalise_iris_codes(text[present], column=column)
    else:
        normalised, report = codes.normalise_commune_codes(text[present], pad_numeric=True, column=column)
    result = pd.Series(pd.NA, index=series.index, dtype="string")
    result[present] = normalised
    return result, sorted(report.rejected)


# --- Assembly ---------------------------------------------------------------------------------


@dataclass
class TableSpec:
    """Description of a source table: its key column, level and canonical columns."""

    source_id: str
    level: str
    key_rule: ColumnRule
    rules: list[ColumnRule]
    required: tuple[str, ...] = ()
    keep_all: bool = True


def build_source_table(raw: RawTable, spec: TableSpec, file_label: str, vintage: str | None = None) -> SourceTable:
    """Turn a raw text table into a :class:`SourceTable` following ``spec``.

    Rows whose code does not look like a code (footers such as « Source : … ») are dropped and
    listed in ``rejected_codes``. They never stop the reading.
    """
    headers = list(raw.frame.columns)
    key_header = _find_key_header(headers, spec.key_rule, file_label, vintage)
    resolution = resolve_columns(headers, spec.rules, spec.required, file_label, vintage)
    detected = vintage or (max(f"20{year}" for year in resolution.years) if resolution.years else None)

    table = SourceTable(
        source_id=spec.source_id,
        level=spec.level,
        frame=pd.DataFrame(),
        vintage=detected,
        file=file_label,
        encoding=raw.encoding,
        file_columns=headers,
    )
    if len(resolution.years) > 1:
        table.warnings.append(
            tr("The columns of « {file} » carry several years: {years}.").format(
                file=file_label, years=_vintage_text(resolution.years)
            )
        )

    keys, rejected = normalise_key(raw.frame[key_header], spec.level, key_header)
    table.rejected_codes = rejected
    kept = keys.notna()
    columns = {table.key_column: keys[kept].astype(str)}
    first_row = raw.header_row + 2
    wanted = resolution.mapping if spec.keep_all else {c: resolution.mapping[c] for c in spec.required}
    for canonical, header in wanted.items():
        parsed = parse_numbers(raw.frame[header], first_row_number=first_row).restricted_to(kept, first_row)
        record_column(table, canonical, header, parsed, file_label)
        columns[canonical] = parsed.values
    table.frame = pd.DataFrame(columns).reset_index(drop=True)
    table.labels = _published_labels(raw.frame, headers, keys, kept, spec.level)
    _warn_duplicates(table)
    return table


# Columns that name the units of a table, by level (INSEE: LIBIRIS, LIBCOM).
LABEL_HEADERS = {"iris": ("libiris", "lib_iris"), "commune": ("libcom", "libgeo")}


def _published_labels(frame: pd.DataFrame, headers: list[str], keys: pd.Series, kept: pd.Series,
                      level: str) -> dict[str, str]:
    """Return the unit names of the file by code, or an empty dict when it has no name column."""
    wanted = LABEL_HEADERS.get(level, ())
    header = next((h for h in headers if str(h).strip().lower() in wanted), None)
    if header is None:
        return {}
    names = frame[header][kept].astype(str).str.strip()
    return {code: name for code, name in zip(keys[kept].astype(str), names) if name and name.lower() != "nan"}


def _find_key_header(headers: list[str], rule: ColumnRule, file_label: str, vintage: str | None) -> str:
    """Return the header of the key column, or raise the missing-column error."""
    for header in headers:
        if rule.match(header):
            return header
    raise missing_column_error(rule.canonical, headers, file_label, vintage or "")


def record_column(table: SourceTable, canonical: str, header: str, parsed: ParsedColumn, file_label: str):
    """Store the hidden count, invalid values and warnings of one parsed column."""
    table.hidden_counts[canonical] = parsed.hidden
    if parsed.invalid:
        table.invalid_values[canonical] = parsed.invalid
        shown = ", ".join(
            tr("row {row} « {value} »").format(row=row, value=value)
            for row, value in parsed.invalid[:MAX_REPORTED_ROWS]
        )
        table.warnings.append(
            tr("{count} values of column « {column} » in « {file} » are not numbers and were left empty: {rows}")
            .format(count=len(parsed.invalid), column=header, file=file_label, rows=shown)
        )
    if parsed.mixed_decimals:
        table.warnings.append(
            tr("Column « {column} » of « {file} » mixes decimal commas and points; both were read.").format(
                column=header, file=file_label
            )
        )


def _warn_duplicates(table: SourceTable) -> None:
    """Warn when a code appears on several rows: a join by code cannot tell them apart."""
    duplicated = table.frame[table.key_column].duplicated(keep="first")
    if duplicated.any():
        examples = ", ".join(table.frame.loc[duplicated, table.key_column].head(5))
        table.warnings.append(
            tr("{count} codes appear more than once in « {file} », for example {examples}.").format(
                count=int(duplicated.sum()), file=table.file, examples=examples
            )
        )


def today() -> str:
    """Return today's date as ISO text (the retrieval date of local files)."""
    return date.today().isoformat()


def map_cells(frame: pd.DataFrame, function) -> pd.DataFrame:
    """Apply ``function`` to every cell: ``DataFrame.map`` from pandas 2.1, ``applymap`` before."""
    if hasattr(pd.DataFrame, "map"):
        return frame.map(function)
    return frame.applymap(function)
