"""Normalisation of French geographic codes: communes, IRIS and départements.

Every reader calls this module before anything else touches a code column. Codes are text
and are never cast to numbers: ``01001`` (Ain), ``2A004`` (Corse-du-Sud) and ``97101``
(Guadeloupe) are all valid commune codes.

Spreadsheets damage codes in known ways, and each repair is explicit and counted in a
:class:`CodeReport`:

- ``1001.0`` (a float column because of a missing value) loses its ``.0``;
- ``1001`` (leading zero lost) is padded to ``01001`` only when ``pad_numeric`` is true;
- placeholders (``ZZZZZ``, ``976ZZ``, ``ZZZZZZZZZ``, empty cells) become NA.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from territorial_health_plugin.toolbelt.errors import InvalidInputError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

COMMUNE_CODE_LENGTH = 5
IRIS_CODE_LENGTH = 9

# A commune code is the département (2 characters, or 3 for 97x) followed by the commune's
# number in it: 59350, 2A004, 97101.
COMMUNE_PATTERN = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
IRIS_PATTERN = re.compile(r"^(?:\d{5}|2[AB]\d{3})\d{4}$")
WHOLE_COMMUNE_IRIS_PATTERN = re.compile(r"^(?:\d{5}|2[AB]\d{3})0000$")

# Placeholders published instead of a code: all Z (IGN "code updated after an event"),
# a département or commune followed by Z (e.g. 976ZZ, "commune not known") and spreadsheet NaN.
PLACEHOLDER_PATTERN = re.compile(r"^(?:Z+|(?:\d{2,5}|2[AB]\d{0,3})Z+|NAN|NONE|NULL|NA|N/A|-+)?$", re.IGNORECASE)

# Départements of the COG (101: metropolitan France with Corsica as 2A/2B, and the 5 DROM).
# "20" is not a département since 1976: a "20" in a département column is reported, not mapped.
DEPARTEMENTS = (
    tuple(f"{number:02d}" for number in range(1, 20))
    + ("2A", "2B")
    + tuple(f"{number:02d}" for number in range(21, 96))
    + ("971", "972", "973", "974", "976")
)
DEPARTEMENT_SET = frozenset(DEPARTEMENTS)
OVERSEAS_DEPARTEMENTS = ("971", "972", "973", "974", "976")

# Spreadsheets write a numeric code as 1001.0 when the column also contains empty cells.
FLOAT_SUFFIX = re.compile(r"^(\d+)\.0+$")
EXAMPLE_LIMIT = 10


@dataclass
class CodeReport:
    """What a normalisation did to one column of codes.

    ``rejected`` counts every original value that became NA, placeholders and invalid codes
    alike, with an empty cell under the key ``""``. ``invalid_examples`` lists a few values
    that were not placeholders but did not have the shape of a code either.
    """

    column: str = ""
    kind: str = "commune"
    total: int = 0
    padded: int = 0
    float_repaired: int = 0
    upper_cased: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    placeholders: int = 0
    invalid: int = 0
    invalid_examples: list[str] = field(default_factory=list)

    @property
    def rejected_count(self) -> int:
        """Number of rows whose code became NA."""
        return sum(self.rejected.values())

    @property
    def valid(self) -> int:
        """Number of rows left with a well-formed code."""
        return self.total - self.rejected_count

    def summary(self) -> str:
        """Return a French one-line summary for the run report and the log."""
        return tr(
            "Column « {column} »: {total} codes, {padded} padded with a leading zero, "
            "{repaired} repaired from a decimal number, {rejected} rejected "
            "({placeholders} placeholders, {invalid} invalid)."
        ).format(
            column=self.column or "?",
            total=self.total,
            padded=self.padded,
            repaired=self.float_repaired,
            rejected=self.rejected_count,
            placeholders=self.placeholders,
            invalid=self.invalid,
        )


def _as_text(series: pd.Series) -> pd.Series:
    """Return the values as stripped strings, NA kept as NA, without any numeric cast."""
    text = series.astype("object").where(series.notna(), None)
    return text.map(lambda value: None if value is None else str(value).strip())


def _normalise(series: pd.Series, length: int, pattern: re.Pattern, pad_numeric: bool, report: CodeReport):
    """Apply the shared repairs to a series of codes of ``length`` characters."""
    text = _as_text(series)
    report.total = len(text)
    rejected: Counter = Counter()
    padded = repaired = upper_cased = placeholders = invalid = 0
    examples: list[str] = []
    result: list[object] = []

    for value in text:
        original = "" if value is None else value
        code = original

        match = FLOAT_SUFFIX.match(code)
        if match:
            code = match.group(1)
            repaired += 1

        if code != code.upper():
            code = code.upper()
            upper_cased += 1

        if PLACEHOLDER_PATTERN.match(code):
            rejected[original] += 1
            placeholders += 1
            result.append(pd.NA)
            continue

        # Padding only repairs a purely numeric code that lost its leading zero(s).
        if pad_numeric and code.isdigit() and length - 1 <= len(code) < length:
            code = code.zfill(length)
            padded += 1

        if not pattern.match(code):
            rejected[original] += 1
            invalid += 1
            if len(examples) < EXAMPLE_LIMIT and original not in examples:
                examples.append(original)
            result.append(pd.NA)
            continue

        result.append(code)

    report.padded = padded
    report.float_repaired = repaired
    report.upper_cased = upper_cased
    report.placeholders = placeholders
    report.invalid = invalid
    report.invalid_examples = examples
    report.rejected = dict(rejected)
    return pd.Series(result, index=series.index, dtype="string", name=series.name)


def _log_report(report: CodeReport) -> None:
    """Log the repairs that changed values, so that users see what was touched."""
    if report.padded:
        logger.info(
            tr("Column « {column} »: {count} codes padded with a leading zero (spreadsheet damage).").format(
                column=report.column or "?", count=report.padded
            )
        )
    if report.rejected_count:
        logger.warning(
            tr("Column « {column} »: {count} codes rejected (placeholders or invalid), for example {examples}.").format(
                column=report.column or "?",
                count=report.rejected_count,
                examples=", ".join(
                    f"« {value} »" if value else tr("empty cells") for value in list(report.rejected)[:5]
                ),
            )
        )
    logger.debug("code normalisation: %s", report)


def normalise_commune_codes(
    series: pd.Series, pad_numeric: bool = True, column: str = ""
) -> tuple[pd.Series, CodeReport]:
    """Normalise a column of commune codes to 5-character strings.

    Returns the normalised series (pandas ``string`` dtype, NA where a code was rejected)
    and the :class:`CodeReport` that counts every repair. ``2A``/``2B`` codes are kept,
    lower case ``2a004`` is upper-cased; 4-digit numeric codes are padded only when
    ``pad_numeric`` is true, otherwise they are rejected as invalid.
    """
    report = CodeReport(column=column or str(series.name or ""), kind="commune")
    result = _normalise(series, COMMUNE_CODE_LENGTH, COMMUNE_PATTERN, pad_numeric, report)
    _log_report(report)
    return result, report


def normalise_iris_codes(series: pd.Series, column: str = "", pad_numeric: bool = True) -> tuple[pd.Series, CodeReport]:
    """Normalise a column of IRIS codes to 9-character strings.

    Same repairs as :func:`normalise_commune_codes`; ``ZZZZZZZZZ`` and other placeholders
    become NA and are counted in the report.
    """
    report = CodeReport(column=column or str(series.name or ""), kind="iris")
    result = _normalise(series, IRIS_CODE_LENGTH, IRIS_PATTERN, pad_numeric, report)
    _log_report(report)
    return result, report


def is_commune_code(code: object) -> bool:
    """Return True when ``code`` is a string with the shape of a commune code."""
    return isinstance(code, str) and bool(COMMUNE_PATTERN.match(code))


def is_iris_code(code: object) -> bool:
    """Return True when ``code`` is a string with the shape of an IRIS code."""
    return isinstance(code, str) and bool(IRIS_PATTERN.match(code))


def departement_of(code: str) -> str:
    """Return the département of a commune or IRIS code: 2 characters, 3 for ``97x``.

    Raises :class:`InvalidInputError` when ``code`` is not a commune or IRIS code.
    """
    if not isinstance(code, str) or not (COMMUNE_PATTERN.match(code[:5]) and len(code) in (5, 9)):
        raise InvalidInputError(
            tr(
                "Invalid commune code « {code} »: a commune code has 5 characters, for example 59350, "
                "2A004 or 97101 (an IRIS code has 9)."
            ).format(code=code)
        )
    return code[:3] if code.startswith("97") else code[:2]


def departement_series(codes: pd.Series) -> pd.Series:
    """Return the département of each commune or IRIS code of a series (NA stays NA)."""
    text = codes.astype("string")
    overseas = text.str.startswith("97").fillna(False)
    return text.str[:2].where(~overseas, text.str[:3])


def is_departement_code(code: object) -> bool:
    """Return True when ``code`` is a département of the COG (``20`` is not one)."""
    return isinstance(code, str) and code in DEPARTEMENT_SET


def normalise_departement_codes(series: pd.Series, column: str = "") -> tuple[pd.Series, CodeReport]:
    """Normalise a column of département codes (``1`` → ``01``, ``2a`` → ``2A``).

    Unknown values such as ``20`` (Corsica before 1976, or a postcode prefix) become NA and
    are counted in ``report.rejected``: they are never mapped to 2A or 2B.
    """
    report = CodeReport(column=column or str(series.name or ""), kind="departement")
    text = _as_text(series)
    report.total = len(text)
    rejected: Counter = Counter()
    result: list[object] = []

    for value in text:
        original = "" if value is None else value
        code = original.upper()
        match = FLOAT_SUFFIX.match(code)
        if match:
            code = match.group(1)
            report.float_repaired += 1
        if code.isdigit() and len(code) == 1:
            code = code.zfill(2)
            report.padded += 1
        if code in DEPARTEMENT_SET:
            result.append(code)
            continue
        rejected[original] += 1
        if PLACEHOLDER_PATTERN.match(code):
            report.placeholders += 1
        else:
            report.invalid += 1
            if len(report.invalid_examples) < EXAMPLE_LIMIT and original not in report.invalid_examples:
                report.invalid_examples.append(original)
        result.append(pd.NA)

    report.rejected = dict(rejected)
    _log_report(report)
    return pd.Series(result, index=series.index, dtype="string", name=series.name), report


def sort_key_departement(code: str) -> str:
    """Return a text key that sorts départements as the COG does: 19, 2A, 2B, 21 … 95, 971.

    Works for commune and IRIS codes too, so ``sorted(codes, key=sort_key_departement)``
    never casts a code to a number.
    """
    if code[:2] in ("2A", "2B"):
        return "20" + code[1:]
    return code


def commune_of_iris(code: str) -> str:
    """Return the commune code of an IRIS code (its first 5 characters)."""
    if not is_iris_code(code):
        raise InvalidInputError(
            tr("Invalid IRIS code « {code} »: an IRIS code has 9 characters, for example 593500101.").format(code=code)
        )
    return code[:COMMUNE_CODE_LENGTH]


def is_whole_commune_iris(code: object) -> bool:
    """Return True for ``<commune>0000``, the single IRIS of a commune not split into IRIS."""
    return isinstance(code, str) and bool(WHOLE_COMMUNE_IRIS_PATTERN.match(code))


def whole_commune_iris(code_commune: str) -> str:
    """Return the IRIS code that stands for a whole commune not split into IRIS."""
    if not is_commune_code(code_commune):
        raise InvalidInputError(
            tr("Invalid commune code « {code} »: a commune code has 5 characters, for example 59350.").format(
                code=code_commune
            )
        )
    return code_commune + "0000"


def find_column(columns, *names: str) -> str | None:
    """Return the column whose name matches one of ``names`` ignoring case and spaces.

    COG files spell the same column ``COM`` one year and ``com`` another; readers look
    columns up through this instead of exact names.
    """
    wanted = [name.strip().lower() for name in names]
    by_key = {str(column).strip().lstrip("\ufeff").lower(): column for column in columns}
    for name in wanted:
        if name in by_key:
            return by_key[name]
    return None
