"""Turn what the user gives in the panel into a territory spec: pasted codes, map selection.

A set of communes becomes the spec ``communes:59350,59009``; the territory module checks
that each code exists in the COG when the diagnostic runs.
"""

from __future__ import annotations

import re

from territorial_health_plugin.toolbelt.errors import InvalidInputError
from territorial_health_plugin.toolbelt.i18n import tr

# Five characters: five digits, or 2A/2B and three digits in Corsica.
COMMUNE_CODE = re.compile(r"^(?:\d{5}|2[ABab]\d{3})$")
SEPARATORS = re.compile(r"[\s,;]+")

# Field names that commune layers use for the INSEE code, in order of preference
# (ADMIN EXPRESS: INSEE_COM; france-geojson: code; INSEE files: CODGEO, COM, DEPCOM).
CODE_FIELD_NAMES = (
    "insee_com",
    "code_insee",
    "code_commune",
    "codgeo",
    "insee",
    "code_com",
    "depcom",
    "com",
    "code",
)


def parse_code_list(text: str) -> list[str]:
    """Return the commune codes in ``text`` (separated by spaces, commas, semicolons, lines).

    Duplicates are dropped and the order kept. Raises InvalidInputError naming every code
    that is not a commune code, and when ``text`` contains no code at all.
    """
    codes: list[str] = []
    invalid: list[str] = []
    for token in SEPARATORS.split(text.strip()):
        if not token:
            continue
        # A spreadsheet that stored codes as numbers drops the leading zero of 01001..09999.
        if token.isdigit() and len(token) == 4:
            invalid.append(token)
            continue
        if not COMMUNE_CODE.match(token):
            invalid.append(token)
            continue
        code = token.upper()
        if code not in codes:
            codes.append(code)

    if invalid:
        raise InvalidInputError(
            tr(
                "Invalid commune codes: {codes}. A commune code has 5 characters, for example 59350 or 2A004; "
                "restore the leading zero of codes such as 01001."
            ).format(
                codes=", ".join(f"« {code} »" for code in invalid[:10])
            )
        )
    if not codes:
        raise InvalidInputError(tr(
            "No commune code in the list: paste codes such as 59350, 59009, separated by commas or lines."
        ))
    return codes


def communes_spec(codes: list[str]) -> str:
    """Return the territory spec of a set of communes."""
    return "communes:" + ",".join(codes)


def detect_code_field(layer) -> str | None:
    """Return the name of the field of ``layer`` that contains commune codes, or None.

    A known field name wins when its values look like commune codes; otherwise the first
    text field whose sampled values are all commune codes.
    """
    names = [item.name() for item in layer.fields()]
    lowered = {name.lower(): name for name in names}
    for candidate in CODE_FIELD_NAMES:
        name = lowered.get(candidate)
        if name is not None and _values_are_codes(layer, name):
            return name
    for name in names:
        if _values_are_codes(layer, name):
            return name
    return None


def _values_are_codes(layer, name: str, sample: int = 20) -> bool:
    """Return True when the first ``sample`` non-null values of the field are commune codes."""
    from qgis.core import QgsFeatureRequest

    request = QgsFeatureRequest().setSubsetOfAttributes([name], layer.fields()).setLimit(sample)
    request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
    seen = 0
    for feature in layer.getFeatures(request):
        value = feature[name]
        if value is None or str(value) in ("", "NULL"):
            continue
        if not isinstance(value, str) or not COMMUNE_CODE.match(value):
            return False
        seen += 1
    return seen > 0


def selected_commune_codes(layer) -> tuple[list[str], str]:
    """Return the commune codes of the selected features of ``layer`` and the field used.

    Raises InvalidInputError when the layer has no selection or no commune code field.
    """
    if layer is None or not hasattr(layer, "selectedFeatureCount"):
        raise InvalidInputError(tr("No vector layer is active: select communes in a commune layer, then try again."))
    if layer.selectedFeatureCount() == 0:
        raise InvalidInputError(tr(
            "No feature is selected in « {layer} »: select communes on the map, then try again."
        ).format(layer=layer.name()))

    field_name = detect_code_field(layer)
    if field_name is None:
        raise InvalidInputError(
            tr(
                "No commune code field found in « {layer} »: the layer needs a text field of 5-character INSEE "
                "codes, such as INSEE_COM."
            ).format(layer=layer.name())
        )

    codes: list[str] = []
    for feature in layer.selectedFeatures():
        value = feature[field_name]
        if isinstance(value, str) and COMMUNE_CODE.match(value) and value.upper() not in codes:
            codes.append(value.upper())
    return codes, field_name
