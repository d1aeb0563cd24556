"""French number formats for the text of the diagnostic: decimal comma, spaces between thousands.

The thousands separator is U+202F (narrow no-break space), as INSEE and QGIS's own
``format_number(..., 'fr')`` print it. A no-break space (U+00A0) joins a number to its unit, so
« 18,3 % » never breaks across lines.
"""

from __future__ import annotations

import math

THOUSANDS = "\u202f"
# Catalogue units that name the kind of number rather than a unit to print after it.
UNITLESS = ("nombre", "ratio", "indice", "")
UNIT_SPACE = "\u00a0"


def is_missing(value) -> bool:
    """Return True for None, NaN and pandas' NA, which the document shows as « n.d. »."""
    if value is None:
        return True
    try:
        return bool(math.isnan(float(value)))
    except (TypeError, ValueError):
        return True


def format_number(value, decimals: int = 1) -> str:
    """Format ``value`` the French way: ``12345.678`` → ``12 345,7`` (decimals fixed)."""
    if is_missing(value):
        return "n.d."
    decimals = max(0, int(decimals))
    text = f"{float(value):,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    return text.replace(",", THOUSANDS).replace(".", ",")


def format_value(value, unit: str = "", decimals: int = 1) -> str:
    """Format ``value`` with its unit: ``18,3 %``, ``21 450 €``, ``2,8 consultations/hab.``."""
    number = format_number(value, decimals)
    if number == "n.d." or unit in UNITLESS:
        return number
    return f"{number}{UNIT_SPACE}{unit}"


def format_difference(difference, unit: str = "", decimals: int = 1) -> str:
    """Format a signed gap: ``+3,7 pt`` (percentage points) for rates in %, ``-1 200 €`` otherwise."""
    if is_missing(difference):
        return "n.d."
    sign = ""
    if difference > 0:
        sign = "+"
    elif difference < 0:
        sign = "-"
    magnitude = format_number(abs(difference), decimals)
    if unit == "%":
        return f"{sign}{magnitude}{UNIT_SPACE}pt"
    return f"{sign}{format_value(abs(difference), unit, decimals)}" if unit else f"{sign}{magnitude}"


def format_count(value) -> str:
    """Format a whole number: ``1179421`` → ``1 179 421``."""
    return format_number(value, 0)


def format_date(day) -> str:
    """Format a date the French way: « 4 décembre 2026 »."""
    months = (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    )
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {months[day.month - 1]} {day.year}"
