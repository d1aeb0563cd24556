"""Sentences written from the numbers: comparisons and spreads, nothing the data does not show.

A comparison is « notable » when the territory's value differs from the reference by at least
:data:`NOTABLE_GAP` of the reference value. Below that, the text states that the values are close.
Whether « higher » means worse follows the indicator's polarity (``higher_is_worse``,
``higher_is_better``, ``neutral``).

Every sentence is a whole English template passed through ``tr()``, French by default. French
makes the words agree with the gender of the indicator label's head word (« Le taux … est
supérieur », « La part … est supérieure ») and elides the article before a vowel (« L'APL »):
the code picks the gender and article here, and each form is its own message distinguished by the
disambiguation (:data:`MASCULINE`, :data:`FEMININE`, :data:`ELIDED_*`). A label whose gender is
unknown gets sentences that need no agreement.

The indicator labels come from the catalogue, which is French only: an English interface reads
English sentences around French labels (« The taux de pauvreté of the territory … »).
"""

from __future__ import annotations

from dataclasses import dataclass

from territorial_health_plugin.core.report.context import (
    ReferenceValue,
    indicator_attr,
    indicator_decimals,
)
from territorial_health_plugin.core.report.formatting import format_number, format_value, is_missing
from territorial_health_plugin.toolbelt.i18n import tr

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

# Initial letters before which French elides « le » and « la » into « l' ».
_ELIDING_LETTERS = "aeiouéèêâîôûh"

# NOTE: the disambiguations are the keys of the French translations in the .ts files: renaming
# one leaves its messages untranslated until the JSON given to update_translations.py --apply
# uses the new name.
MASCULINE = "masculine subject"
FEMININE = "feminine subject"
ELIDED_MASCULINE = "masculine subject, elided article"
ELIDED_FEMININE = "feminine subject, elided article"


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
    """Return the label with its definite article (lower case) and the gender of its head word."""
    words = label.split()
    head = words[0].lower() if words else ""
    gender = _HEAD_GENDER.get(head)
    if gender is None:
        return label, None

    # An acronym (« APL ») keeps its capitals; any other label starts lower case after « le ».
    lowered = label[0].lower() + label[1:] if not label[:3].isupper() else label
    if head[0] in _ELIDING_LETTERS:
        if gender == "m":
            return tr("the {label}", ELIDED_MASCULINE).format(label=lowered), gender
        return tr("the {label}", ELIDED_FEMININE).format(label=lowered), gender
    if gender == "m":
        return tr("the {label}", MASCULINE).format(label=lowered), gender
    return tr("the {label}", FEMININE).format(label=lowered), gender


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _reference_phrase(comparison: Comparison, gender: str, decimals: int, unit: str) -> str:
    """Return « celui du département (Nord : 19,0 %) », the pronoun agreeing with ``gender``."""
    value = format_value(comparison.reference, unit, decimals)
    if comparison.scope == "france":
        if gender == "m":
            return tr("that of France ({value})", MASCULINE).format(value=value)
        return tr("that of France ({value})", FEMININE).format(value=value)

    if comparison.scope == "departement":
        name = comparison.name or tr("département")
        if gender == "m":
            return tr("that of the département ({name}: {value})", MASCULINE).format(name=name, value=value)
        return tr("that of the département ({name}: {value})", FEMININE).format(name=name, value=value)

    name = comparison.name or tr("région")
    if gender == "m":
        return tr("that of the région ({name}: {value})", MASCULINE).format(name=name, value=value)
    return tr("that of the région ({name}: {value})", FEMININE).format(name=name, value=value)


def _direction_phrase(direction: str, gender: str, reference: str) -> str:
    """Return « supérieur à {reference} », the adjective agreeing with ``gender``."""
    if direction == "close":
        return tr("close to {reference}").format(reference=reference)
    if direction == "higher":
        if gender == "m":
            return tr("higher than {reference}", MASCULINE).format(reference=reference)
        return tr("higher than {reference}", FEMININE).format(reference=reference)
    if gender == "m":
        return tr("lower than {reference}", MASCULINE).format(reference=reference)
    return tr("lower than {reference}", FEMININE).format(reference=reference)


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
            return tr("{label}: no value for the whole territory ({territory}).").format(
                label=label, territory=territory_name)
        return _capitalised(tr("{subject} of the whole territory is not available.").format(subject=subject))

    if gender is None:
        parts = [tr("{value} ({place})").format(value=format_value(item.reference, unit, decimals),
                                                place=_scope_name(item)) for item in known]
        if not parts:
            return tr("{label}: {value} for {territory}.").format(label=label, value=value_text,
                                                                  territory=territory_name)
        return tr("{label}: {value} for {territory}, against {references}.").format(
            label=label, value=value_text, territory=territory_name, references=_join(parts))

    if not known:
        return _capitalised(tr("{subject} of the territory is {value}; no comparison value is available.").format(
            subject=subject, value=value_text))

    phrases = [_direction_phrase(item.direction, gender, _reference_phrase(item, gender, decimals, unit))
               for item in known]
    return _capitalised(tr("{subject} of the territory ({value}) is {comparisons}.").format(
        subject=subject, value=value_text, comparisons=_join(phrases)))


def _scope_name(item: Comparison) -> str:
    if item.scope == "france":
        return tr("France")
    if item.name:
        return item.name
    return tr("département") if item.scope == "departement" else tr("région")


def _join(parts: list[str]) -> str:
    """Join phrases as « a, b et c »."""
    if len(parts) <= 1:
        return "".join(parts)
    return tr("{first} and {last}").format(first=", ".join(parts[:-1]), last=parts[-1])


# Disambiguation of the sentence for a single hidden unit (singular verb in French).
HIDDEN_ONE = "one unit"


def spread_sentence(indicator, values, unit_label: str, hidden: int = 0) -> str:
    """Describe the spread of ``values`` across IRIS or communes (``unit_label`` is plural).

    Example: « Selon les IRIS, la valeur va de 3,1 % à 62,0 % (la moitié des IRIS sous 17,2 %).
    12 des 394 IRIS ont une valeur masquée (secret statistique). »
    """
    unit = str(indicator_attr(indicator, "unit", ""))
    decimals = indicator_decimals(indicator)
    known = sorted(float(value) for value in values if not is_missing(value))
    total = len(known) + hidden
    if not known:
        return tr("No value is published at the level of the territory's {units}.").format(units=unit_label)

    numbers = {
        "units": unit_label,
        "low": format_value(known[0], unit, decimals),
        "high": format_value(known[-1], unit, decimals),
        "median": format_value(_median(known), unit, decimals),
    }
    if known[0] == known[-1]:
        spread = tr("Across the {units}, every value is {low}.").format(**numbers)
    elif _median(known) == known[0]:
        # « half of the communes below 0 » would be false when most of them are at 0.
        spread = tr("Across the {units}, the value ranges from {low} to {high} (half of the {units} or more "
                    "at {low}).").format(**numbers)
    else:
        spread = tr("Across the {units}, the value ranges from {low} to {high} (half of the {units} "
                    "below {median}).").format(**numbers)
    if not hidden:
        return spread
    counts = {"hidden": format_number(hidden, 0), "total": format_number(total, 0), "units": unit_label}
    if hidden == 1:
        return spread + " " + tr("{hidden} of the {total} {units} has a hidden value (statistical "
                                 "confidentiality).", HIDDEN_ONE).format(**counts)
    return spread + " " + tr("{hidden} of the {total} {units} have a hidden value (statistical "
                             "confidentiality).").format(**counts)


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
    numbers = {
        "label": str(indicator_attr(indicator, "label", indicator_attr(indicator, "id"))),
        "value": format_value(value, unit, decimals),
        "reference": format_value(item.reference, unit, decimals),
    }
    if item.scope == "france":
        if item.judgement == "worse":
            return tr("{label}: {value} against {reference} in France, a less favourable situation.").format(**numbers)
        return tr("{label}: {value} against {reference} in France, a more favourable situation.").format(**numbers)

    name = item.name or tr("unnamed")
    if item.judgement == "worse":
        return tr("{label}: {value} against {reference} in the département ({name}), a less favourable "
                  "situation.").format(name=name, **numbers)
    return tr("{label}: {value} against {reference} in the département ({name}), a more favourable "
              "situation.").format(name=name, **numbers)


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
        parts.append(tr("{label}: {value}").format(label=label, value=value))
        if any(item.direction != "unknown" for item in comparisons(indicator, references)):
            compared.append(comparison_sentence(indicator, references, ""))

    text = tr("; ", "list separator").join(parts) + "."
    if compared:
        return text + " " + " ".join(compared)
    return text + " " + tr("No comparison value is available for these indicators.")
