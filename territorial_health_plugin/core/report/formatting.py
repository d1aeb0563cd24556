"""Number and date formats of the diagnostic's text, in the language of its translation.

French (the default): decimal comma and U+202F (narrow no-break space) between thousands, as
INSEE and QGIS's own ``format_number(..., 'fr')`` print them, « n.d. » for a missing value and
« 4 décembre 2026 ». English (only when no French translation is loaded, see
:func:`~territorial_health_plugin.toolbelt.i18n.translation_language`): decimal point, comma
between thousands, « n/a » and « 4 December 2026 ». A no-break space (U+00A0) joins a number to
its unit in both, so « 18,3 % » never breaks across lines.
"""

from __future__ import annotations

import math

from territorial_health_plugin.toolbelt.i18n import tr, translation_language

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


def missing_text() -> str:
    """Return the text shown for a missing value: « n.d. » in French, « n/a » in English."""
    return tr("n/a", "missing value")


def format_number(value, decimals: int = 1) -> str:
    """Format ``value`` with fixed decimals: ``12345.678`` → ``12 345,7`` in French, ``12,345.7`` in English."""
    if is_missing(value):
        return missing_text()
    decimals = max(0, int(decimals))
    text = f"{float(value):,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    if translation_language() == "en":
        return text
    return text.replace(",", THOUSANDS).replace(".", ",")


def format_value(value, unit: str = "", decimals: int = 1) -> str:
    """Format ``value`` with its unit: ``18,3 %``, ``21 450 €``, ``2,8 consultations/hab.``."""
    if is_missing(value):
        return missing_text()
    number = format_number(value, decimals)
    if unit in UNITLESS:
        return number
    return f"{number}{UNIT_SPACE}{unit}"


def format_difference(difference, unit: str = "", decimals: int = 1) -> str:
    """Format a signed gap: ``+3,7 pt`` (percentage points) for rates in %, ``-1 200 €`` otherwise."""
    if is_missing(difference):
        return missing_text()
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


FRENCH_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def format_date(day) -> str:
    """Format a date: « 1er décembre 2026 » in French, « 1 December 2026 » in English."""
    if translation_language() == "en":
        return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {FRENCH_MONTHS[day.month - 1]} {day.year}"
