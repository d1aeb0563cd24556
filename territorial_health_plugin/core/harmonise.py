"""Bring commune codes of any past COG to the current COG, and PLM arrondissements to their city.

Data of year N uses the COG of year N: since then, communes merged into communes nouvelles,
changed département or code, and a few were split. :func:`harmonise_commune_codes` maps each
old code to its current commune through the COG movements table and sums the additive columns
(counts) of codes that merged. The other columns (medians, rates) become NA for merged codes,
because a rate is recomputed later from the summed numerator and denominator. A code whose
commune was split is reported and left as it is, because its values cannot be divided.

IRIS codes start with their commune's code, so the IRIS of a commune merged since one input's
vintage differ between inputs: :func:`harmonise_iris_codes` maps those that can be derived.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from territorial_health_plugin.core.reference import Reference, load_reference
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

# Movements that leave a code no longer current send it to the COM/ARM listed "after".
TARGET_TYPES = ("COM", "ARM")
MAX_CHAIN = 20


@dataclass
class CodeChange:
    """One old code mapped to a current commune."""

    old_code: str
    old_name: str
    new_code: str
    new_name: str
    date: str = ""

    def text(self) -> str:
        """Return the change as users read it: ``59298 Hellemmes-Lille → 59350 Lille``."""
        return f"{self.old_code} {self.old_name} → {self.new_code} {self.new_name}".replace("  ", " ")


@dataclass
class CodeSplit:
    """A code whose commune was split: its values cannot be shared out between the parts."""

    code: str
    name: str
    parts: list[str]
    date: str = ""


@dataclass
class HarmonisationReport:
    """Changes made by :func:`harmonise_commune_codes`, listed by code and name."""

    cog_year: str = ""
    changes: list[CodeChange] = field(default_factory=list)
    merged: dict[str, list[str]] = field(default_factory=dict)
    splits: list[CodeSplit] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    arrondissements: int = 0

    @property
    def changed(self) -> bool:
        """True when at least one code was mapped, merged, split or unknown."""
        return bool(self.changes or self.merged or self.splits or self.unknown)

    def lines(self) -> list[str]:
        """Return the French lines of the report, one per change, split or unknown code."""
        lines = [tr("Code of an older COG: {change}").format(change=change.text()) for change in self.changes]
        for target, sources in self.merged.items():
            lines.append(
                tr("{count} rows summed into {code} (additive columns only): {codes}").format(
                    count=len(sources), code=target, codes=", ".join(sources)
                )
            )
        for split in self.splits:
            lines.append(
                tr("Commune {code} {name} was split on {date} into {parts}: its values are left unchanged.").format(
                    code=split.code, name=split.name, date=split.date, parts=", ".join(split.parts)
                )
            )
        if self.unknown:
            lines.append(
                tr("{count} codes unknown to the COG {year}: {codes}").format(
                    count=len(self.unknown), year=self.cog_year, codes=", ".join(self.unknown[:20])
                )
            )
        return lines


def _parse_vintage(vintage) -> str | None:
    """Return the first day of the data's COG year as ISO text, or None."""
    if vintage is None or vintage == "":
        return None
    if isinstance(vintage, date):
        return vintage.isoformat()
    return f"{str(vintage)[:4]}-01-01"


def current_codes_of(code: str, reference: Reference, since: str | None = None) -> tuple[list[str], str]:
    """Return the current commune(s) that an old code became, and the date of the last step.

    A current code returns itself. A commune associée or déléguée returns its commune. An
    old code follows its movements (merges, code changes) up to the current COG: one code
    back means a merge or a renumbering, several codes back mean the commune was split, an
    empty list means the code is unknown. ``since`` (ISO date) ignores movements before it.
    """
    if reference.is_current(code):
        return [code], ""
    parent = reference.parent_of(code)
    if parent is not None:
        return [reference.city_of_arrondissement(parent) or parent], ""

    pending, seen, results, last_date = [code], set(), [], ""
    while pending and len(seen) < MAX_CHAIN:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        if current != code and reference.is_current(current):
            results.append(current)
            continue
        events = reference.movements_from(current)
        events = events[events["type_ap"].isin(TARGET_TYPES) & (events["code_ap"] != current)]
        # A code absent from the data's own COG may still be mislabelled by its vintage, so
        # the movements before ``since`` are used when none follows it.
        if since is not None and (events["date_eff"] >= since).any():
            events = events[events["date_eff"] >= since]
        if events.empty:
            continue
        latest = events["date_eff"].max()
        last_date = max(last_date, latest)
        pending.extend(events.loc[events["date_eff"] == latest, "code_ap"].drop_duplicates())
    return sorted(set(results)), last_date


def splits_since(code: str, reference: Reference, since: str) -> CodeSplit | None:
    """Return the split of a current commune after ``since``, when one happened.

    The COG of year N already includes the movements of 1 January N, so only later ones count.
    """
    events = reference.movements_from(code)
    events = events[
        (events["type_av"] == "COM")
        & (events["type_ap"] == "COM")
        & (events["code_ap"] != code)
        & (events["date_eff"] > since)
        & events["mod"].isin(("20", "21"))
    ]
    if events.empty:
        return None
    return CodeSplit(
        code=code,
        name=reference.name_of(code) or "",
        parts=sorted(set(events["code_ap"])),
        date=events["date_eff"].max(),
    )


def _old_name(code: str, reference: Reference) -> str:
    """Return the last name a code had before it stopped being current."""
    name = reference.name_of(code)
    if name:
        return name
    names = reference.movements_from(code).sort_values("date_eff")["nom_av"]
    return names.iloc[-1] if len(names) else ""


def map_codes(codes, reference: Reference | None = None, vintage=None) -> tuple[dict[str, str], HarmonisationReport]:
    """Return ``{old code: current code}`` for codes that changed, and the report."""
    reference = reference or load_reference()
    since = _parse_vintage(vintage)
    report = HarmonisationReport(cog_year=reference.cog_year)
    mapping: dict[str, str] = {}

    for code in sorted({value for value in codes if isinstance(value, str)}):
        targets, when = current_codes_of(code, reference, since)
        if not targets:
            report.unknown.append(code)
        elif len(targets) > 1:
            report.splits.append(CodeSplit(code, _old_name(code, reference), targets, when))
        elif targets[0] != code:
            mapping[code] = targets[0]
            report.changes.append(
                CodeChange(code, _old_name(code, reference), targets[0], reference.name_of(targets[0]) or "", when)
            )
        elif since is not None:
            split = splits_since(code, reference, since)
            if split is not None:
                report.splits.append(split)
    return mapping, report


def _merge_rows(
    frame: pd.DataFrame, code_column: str, new_codes: pd.Series, additive_columns, report: HarmonisationReport
) -> pd.DataFrame:
    """Group rows that now share a code: sum additive columns, NA the others."""
    frame = frame.copy()
    original = frame[code_column].copy()
    frame[code_column] = new_codes
    sizes = frame.groupby(code_column, sort=False, dropna=False)[code_column].transform("size")
    duplicated = (sizes > 1) & frame[code_column].notna()
    if not duplicated.any():
        return frame

    merged_part = frame[duplicated]
    for target, group in original[duplicated].groupby(frame.loc[duplicated, code_column], sort=False):
        report.merged[target] = list(group)

    additive = [column for column in additive_columns if column in frame.columns]
    others = [column for column in frame.columns if column not in additive and column != code_column]
    summed = None
    if additive:
        # Counts read from text files may be object columns: sum them as numbers.
        numbers = merged_part[additive].apply(pd.to_numeric, errors="coerce")
        summed = numbers.groupby(merged_part[code_column], sort=False).sum(min_count=1)
    rows = merged_part.drop_duplicates(code_column).set_index(code_column)
    for column in others:
        rows[column] = pd.NA
    if summed is not None:
        rows[additive] = summed[additive]
    rows = rows.reset_index()[frame.columns]

    return pd.concat([frame[~duplicated], rows], ignore_index=True)


def harmonise_commune_codes(
    frame: pd.DataFrame,
    code_column: str,
    additive_columns=(),
    vintage=None,
    reference: Reference | None = None,
    aggregate_arrondissements: bool = False,
    keep_arrondissements=(),
) -> tuple[pd.DataFrame, HarmonisationReport]:
    """Map the commune codes of ``frame`` to the current COG and merge rows that now coincide.

    ``additive_columns`` (counts: population, number of GPs…) are summed over merged codes;
    every other column becomes NA on a merged row, because medians cannot be summed and
    rates are recomputed from their summed parts. ``vintage`` (the data's COG year) lets the
    report flag communes split since then. NOTE: without ``vintage``, a current code whose
    commune lost part of its territory is not flagged, because the split date cannot be placed.
    With ``aggregate_arrondissements`` the arrondissements of Paris, Lyon and Marseille are
    summed into their city too, except those of ``keep_arrondissements`` (the units of a
    territory made of arrondissements): their rows stay, and the city row sums the others, so
    that a sum over the département still counts each arrondissement once. Each change is
    logged as a warning and listed by name in the report.
    """
    reference = reference or load_reference()
    codes = frame[code_column]
    mapping, report = map_codes(codes.dropna().unique(), reference, vintage)

    if aggregate_arrondissements:
        unit_arrondissements = set(keep_arrondissements)
        for code in codes.dropna().unique():
            target = mapping.get(code, code)
            city = reference.city_of_arrondissement(target) if isinstance(target, str) else None
            if city and target not in unit_arrondissements:
                mapping[code] = city
                report.arrondissements += 1

    new_codes = codes.map(lambda value: mapping.get(value, value))
    result = _merge_rows(frame, code_column, new_codes, additive_columns, report)

    for line in report.lines():
        logger.warning(line)
    return result, report


def aggregate_arrondissements(
    frame: pd.DataFrame, code_column: str, additive_columns=(), reference: Reference | None = None
) -> tuple[pd.DataFrame, HarmonisationReport]:
    """Sum the rows of arrondissements municipaux into Paris, Lyon and Marseille.

    Additive columns are summed; other columns become NA on the city rows, as for merges.
    """
    reference = reference or load_reference()
    report = HarmonisationReport(cog_year=reference.cog_year)
    codes = frame[code_column]
    mapping = {}
    for code in codes.dropna().unique():
        city = reference.city_of_arrondissement(code)
        if city:
            mapping[code] = city
    report.arrondissements = len(mapping)
    new_codes = codes.map(lambda value: mapping.get(value, value))
    return _merge_rows(frame, code_column, new_codes, additive_columns, report), report


# --- Communes of codes that may be arrondissements ------------------------------------------------


def current_communes(codes: pd.Series, keep_arrondissements=(), reference: Reference | None = None) -> pd.Series:
    """Return the current commune of each commune code (an IRIS code's first 5 characters).

    An older COG code (a commune merged since) becomes today's commune, and an arrondissement
    municipal becomes its city, unless it is listed in ``keep_arrondissements``: a territory
    made of arrondissements (``commune:75112``) keeps them as its units.
    """
    reference = reference or load_reference()
    unit_arrondissements = set(keep_arrondissements)
    mapping, _ = map_codes(sorted(set(codes.dropna())), reference)

    def current(code: str) -> str:
        target = mapping.get(code, code)
        if target in unit_arrondissements:
            return target
        return reference.city_of_arrondissement(target) or target

    return codes.map(lambda code: current(code) if isinstance(code, str) else code)


# --- IRIS codes of different vintages -------------------------------------------------------------

WHOLE_COMMUNE_SUFFIX = "0000"


@dataclass
class IrisHarmonisation:
    """IRIS codes mapped across vintages, and those that cannot be, with their probable cause."""

    # Old IRIS code -> IRIS code of the current commune (single-IRIS communes only).
    mapping: dict[str, str] = field(default_factory=dict)
    # IRIS code -> its former commune and the French cause, for IRIS that INSEE renumbered.
    causes: dict[str, str] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)


def harmonise_iris_codes(code_sets: dict[str, set[str]], reference: Reference | None = None) -> IrisHarmonisation:
    """Map IRIS codes of communes merged since, where the inputs disagree on them.

    ``code_sets`` gives the IRIS codes of each input (the contours, each IRIS table). When a
    commune merged into a commune nouvelle, the IRIS geography of a later year codes the
    whole commune nouvelle under its own code. Codes are changed only for a commune nouvelle on
    which the inputs disagree, that is, one input lists the former communes' IRIS and another
    lists only the commune nouvelle's. Inputs of the same vintage keep their codes, and so their
    values. When every former commune and the commune nouvelle are single IRIS
    (``<commune>0000``), the former codes map to ``<commune nouvelle>0000``. Otherwise INSEE
    renumbered the IRIS and no code can be derived: each former IRIS gets the cause
    « IRIS d’une commune fusionnée en … » for the join report.
    """
    reference = reference or load_reference()
    result = IrisHarmonisation()
    all_codes = {code for codes in code_sets.values() for code in codes if isinstance(code, str)}
    former = _former_iris_by_commune(all_codes, reference)

    for commune, old_codes in sorted(former.items()):
        own = {code for code in all_codes if code[:5] == commune}
        if not _inputs_disagree(code_sets, old_codes, own):
            continue
        name = reference.name_of(commune) or ""
        if all(code.endswith(WHOLE_COMMUNE_SUFFIX) for code in old_codes | own):
            target = commune + WHOLE_COMMUNE_SUFFIX
            for code in sorted(old_codes):
                result.mapping[code] = target
            result.lines.append(tr("IRIS of communes merged into {code} {name} mapped to {target}: {codes}").format(
                code=commune, name=name, target=target, codes=", ".join(sorted(old_codes))))
            continue
        cause = tr("IRIS of a commune merged into {code} {name}").format(code=commune, name=name).strip()
        for code in sorted(old_codes):
            former = _old_name(code[:5], reference)
            result.causes[code] = f"{former} ({cause})" if former else cause
        result.lines.append(tr("{count} IRIS of communes merged into {code} {name} were renumbered by INSEE and "
                               "cannot be matched: {codes}").format(count=len(old_codes), code=commune, name=name,
                                                                   codes=", ".join(sorted(old_codes)[:20])))
    return result


def _former_iris_by_commune(codes: set[str], reference: Reference) -> dict[str, set[str]]:
    """Group the IRIS codes whose commune part is no longer current by the commune they joined."""
    former: dict[str, set[str]] = {}
    for prefix in sorted({code[:5] for code in codes}):
        if reference.is_current(prefix):
            continue
        targets, _ = current_codes_of(prefix, reference)
        if len(targets) != 1 or targets[0] == prefix:
            continue
        former.setdefault(targets[0], set()).update(code for code in codes if code[:5] == prefix)
    return former


def _inputs_disagree(code_sets: dict[str, set[str]], old_codes: set[str], own: set[str]) -> bool:
    """Return True when one input lists former IRIS of a commune and another only its current ones."""
    with_old = [name for name, codes in code_sets.items() if codes & old_codes]
    only_new = [name for name, codes in code_sets.items() if codes & own and not codes & old_codes]
    return bool(with_old) and bool(only_new)


def merge_iris_rows(frame: pd.DataFrame, mapping: dict[str, str], additive_columns=()) -> pd.DataFrame:
    """Apply an IRIS code mapping to a table: rows that now share a code are combined.

    Additive columns are summed; the others become NA on a combined row, as for communes.
    """
    if not mapping:
        return frame
    report = HarmonisationReport()
    new_codes = frame["code_iris"].map(lambda code: mapping.get(code, code))
    return _merge_rows(frame, "code_iris", new_codes, additive_columns, report)
