"""French sentences written from the numbers: comparisons and spreads, nothing the data does not show.

A comparison is « notable » when the territory's value differs from the reference by at least
:data:`NOTABLE_GAP` of the reference value. Below that, the text states that the values are close.
Whether « higher » means worse follows the indicator's polarity (``higher_is_worse``,
``higher_is_better``, ``neutral``).

The sentences are written in French here, not passed through ``tr()``: they agree in gender
with the indicator's label and pick French articles, which a word-for-word translation of an
English template cannot do. The document is French whatever the interface language.
"""

from __future__ import annotations

from dataclasses import dataclass

from territorial_health_plugin.core.report.context import (
    ReferenceValue,
    indicator_attr,
    indicator_decimals,
)
from territorial_health_plugin.core.report.formatting import format_number, format_value, is_missing

NOTABLE_GAP = 0.10

# Grammatical gender of the head word of common indicator labels, so that a sentence can read
# « Le taux … est supérieur » or « La part … est supérieure ». Labels whose head word is not
# listed get a sentence form that needs no agreement.
_HEAD_GENDER = {
    "taux": "m", "revenu": "m", "nombre": "m", "indice": "m", "indicateur": "m", "âge": "m",
    "niveau": "m", "écart": "m", "rapport": "m", "effectif": "m",
    "part": "f", "proportion": "f", "densité": "f", "accessibilité": "f", "population": "f",
    "médiane": "f", "apl": "f", "moyenne": "f", "distance": "f", "pauvreté": "f",
}

_SCOPE_PHRASES = {
    "departement": "du département ({name} : {value})",
    "region": "de la région ({name} : {value})",
    "france": "de la France ({value})",
}


@dataclass(frozen=True)
class Comparison:
    """The comparison of the territory's value with one reference value."""

    scope: str
    name: str
    reference: float | None
    direction: str  # "higher", "lower", "close" or "unknown"
    judgement: str  # "worse", "better", "close", "neutral" or "unknown"


def compare(value, reference, polarity: str) -> tuple[str, str]:
    """Return ``(direction, judgement)`` of ``value`` against ``reference``.

    The direction is ``close`` when the gap is below :data:`NOTABLE_GAP` of the reference, or
    when both are 0. The judgement applies the polarity to a notable direction.
    """
    if is_missing(value) or is_missing(reference):
        return "unknown", "unknown"
    gap = float(value) - float(reference)
    scale = abs(float(reference))
    if (scale == 0 and gap == 0) or (scale > 0 and abs(gap) / scale < NOTABLE_GAP):
        return "close", "close"
    direction = "higher" if gap > 0 else "lower"
    if polarity == "higher_is_worse":
        return direction, "worse" if direction == "higher" else "better"
    if polarity == "higher_is_better":
        return direction, "better" if direction == "higher" else "worse"
    return direction, "neutral"


def comparisons(indicator, references: dict[str, ReferenceValue]) -> list[Comparison]:
    """Compare the territory's value with the département, région and France values present."""
    territory = references.get("territoire")
    value = territory.value if territory else None
    polarity = indicator_attr(indicator, "polarity", "neutral")
    result = []
    for scope in ("departement", "region", "france"):
        reference = references.get(scope)
        if reference is None:
            continue
        direction, judgement = compare(value, reference.value, polarity)
        decimals = indicator_decimals(indicator)
        printed_equal = format_number(value, decimals) == format_number(reference.value, decimals)
        if direction in ("higher", "lower") and printed_equal:
            # A gap the printed figures do not show (5 against 5) would read as a contradiction.
            direction, judgement = "close", "close"
        result.append(Comparison(scope, reference.name, reference.value, direction, judgement))
    return result


def _subject(label: str) -> tuple[str, str | None]:
    """Return the label with its definite article and the gender of its head word."""
    words = label.split()
    head = words[0].lower() if words else ""
    gender = _HEAD_GENDER.get(head)
    lowered = label[0].lower() + label[1:] if label and not label[:3].isupper() else label
    if gender is None:
        return label, None
    if head[0] in "aeiouéèêâîôûh":
        return f"L'{lowered}" if lowered[0].islower() else f"L'{label}", gender
    return (f"Le {lowered}" if gender == "m" else f"La {lowered}"), gender


def _reference_phrase(comparison: Comparison, gender: str, decimals: int, unit: str) -> str:
    pronoun = "celui" if gender == "m" else "celle"
    value = format_value(comparison.reference, unit, decimals)
    name = comparison.name or ("département" if comparison.scope == "departement" else "région")
    return f"{pronoun} {_SCOPE_PHRASES[comparison.scope].format(name=name, value=value)}"


def _direction_word(direction: str, gender: str) -> str:
    feminine = "e" if gender == "f" else ""
    return {"higher": f"supérieur{feminine} à", "lower": f"inférieur{feminine} à", "close": "proche de"}[direction]


def comparison_sentence(indicator, references: dict[str, ReferenceValue], territory_name: str) -> str:
    """Write one sentence comparing the territory with its département, région and France.

    Example: « Le taux de pauvreté du territoire (18,3 %) est supérieur à celui de la France
    (14,6 %) et proche de celui du département (Nord : 19,0 %). »
    """
    label = str(indicator_attr(indicator, "label", indicator_attr(indicator, "id")))
    unit = str(indicator_attr(indicator, "unit", ""))
    decimals = indicator_decimals(indicator)
    territory = references.get("territoire")
    value_text = format_value(territory.value if territory else None, unit, decimals)
    subject, gender = _subject(label)
    known = [item for item in comparisons(indicator, references) if item.direction != "unknown"]

    if territory is None or is_missing(territory.value):
        if gender is None:
            return f"{label} : pas de valeur pour l'ensemble du territoire ({territory_name})."
        return f"{subject} de l'ensemble du territoire n'est pas disponible."
    if gender is None:
        parts = [f"{format_value(item.reference, unit, decimals)} ({_scope_name(item)})" for item in known]
        against = f", contre {_join(parts)}" if parts else ""
        return f"{label} : {value_text} pour {territory_name}{against}."
    if not known:
        return f"{subject} du territoire est de {value_text} ; aucune valeur de comparaison n'est disponible."

    phrases = [
        f"{_direction_word(item.direction, gender)} {_reference_phrase(item, gender, decimals, unit)}"
        for item in known
    ]
    return f"{subject} du territoire ({value_text}) est {_join(phrases)}."


def _scope_name(item: Comparison) -> str:
    if item.scope == "france":
        return "France"
    return item.name or {"departement": "département", "region": "région"}[item.scope]


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " et " + parts[-1]


def spread_sentence(indicator, values, unit_label: str, hidden: int = 0) -> str:
    """Describe the spread of ``values`` across IRIS or communes (``unit_label`` is plural).

    Example: « Selon les IRIS, la valeur va de 3,1 % à 62,0 % (moitié des IRIS sous 17,2 %) ;
    12 IRIS sur 394 ont une valeur masquée par le secret statistique. »
    """
    unit = str(indicator_attr(indicator, "unit", ""))
    decimals = indicator_decimals(indicator)
    known = sorted(float(value) for value in values if not is_missing(value))
    total = len(known) + hidden
    if not known:
        return f"Aucune valeur n'est publiée à l'échelle des {unit_label} du territoire."

    median = _median(known)
    text = (
        f"Selon les {unit_label}, la valeur va de {format_value(known[0], unit, decimals)} "
        f"à {format_value(known[-1], unit, decimals)} (la moitié des {unit_label} sous "
        f"{format_value(median, unit, decimals)})"
    )
    if hidden:
        text += (f" ; {format_number(hidden, 0)} {unit_label} sur {format_number(total, 0)} "
                 "ont une valeur masquée (secret statistique)")
    return text + "."


def _median(values: list[float]) -> float:
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def key_findings(indicators, references_by_id: dict[str, dict], limit: int = 4) -> list[str]:
    """Return the few comparisons with France (else the département) that stand out most.

    Each finding is a short sentence naming the indicator, the two values and whether the gap
    is favourable. Indicators without polarity are left out because no judgement applies.
    """
    scored = []
    for indicator in indicators:
        references = references_by_id.get(str(indicator_attr(indicator, "id")), {})
        territory = references.get("territoire")
        for item in comparisons(indicator, references):
            if item.scope in ("france", "departement") and item.judgement in ("worse", "better"):
                gap = abs(territory.value - item.reference) / max(abs(item.reference), 1e-9)
                scored.append((item.scope == "france", gap, indicator, item, territory.value))
    scored.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)

    findings, seen = [], set()
    for _france, _gap, indicator, item, value in scored:
        key = indicator_attr(indicator, "id")
        if key in seen:
            continue
        seen.add(key)
        findings.append(_finding_sentence(indicator, item, value))
        if len(findings) >= limit:
            break
    return findings


def _finding_sentence(indicator, item: Comparison, value: float) -> str:
    unit = str(indicator_attr(indicator, "unit", ""))
    decimals = indicator_decimals(indicator)
    label = str(indicator_attr(indicator, "label", indicator_attr(indicator, "id")))
    verdict = "moins favorable" if item.judgement == "worse" else "plus favorable"
    place = "en France" if item.scope == "france" else f"dans le département ({item.name or 'non nommé'})"
    return (
        f"{label} : {format_value(value, unit, decimals)} contre "
        f"{format_value(item.reference, unit, decimals)} {place}, situation {verdict}."
    )


def values_sentence(indicators, references_by_id: dict[str, dict]) -> str:
    """Write the territory's values of several indicators as one sentence, then their comparisons.

    Example: « Part des moins de 15 ans : 17,2 % ; part des 65 ans ou plus : 19,3 %. » followed
    by the comparison sentence of each indicator that has a comparison value.
    """
    parts, compared = [], []
    for position, indicator in enumerate(indicators):
        references = references_by_id.get(str(indicator_attr(indicator, "id")), {})
        territory = references.get("territoire")
        label = str(indicator_attr(indicator, "label", indicator_attr(indicator, "id")))
        label = label if position == 0 else label[0].lower() + label[1:]
        value = format_value(territory.value if territory else None, str(indicator_attr(indicator, "unit", "")),
                             indicator_decimals(indicator))
        parts.append(f"{label} : {value}")
        if any(item.direction != "unknown" for item in comparisons(indicator, references)):
            compared.append(comparison_sentence(indicator, references, ""))
    text = " ; ".join(parts) + "."
    if compared:
        return text + " " + " ".join(compared)
    return text + " Aucune valeur de comparaison n'est disponible pour ces indicateurs."
