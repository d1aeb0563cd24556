"""Names of sources and indicators as users know them, for every message they read.

The plugin keys sources and indicators by ids (``drees_apl_inf``, ``apl_inf``) that a GIS officer
never saw. Messages, the run's warnings and the PDF name a source by its dataset and producer
from the catalogue, such as « Indicateur d'accessibilité potentielle localisée (APL) aux
infirmières » (DREES), and an indicator by its French label (« APL aux infirmières »). Ids stay
in DEBUG logs and as keys of the JSON files.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from territorial_health_plugin.toolbelt.errors import PluginError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

# Prefix of the source id of a table the user gives (``local:<file stem>``).
USER_TABLE_PREFIX = "local:"


@lru_cache(maxsize=1)
def _catalogue_entries() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Return ``source id -> (dataset, producer)`` and ``indicator id -> label`` from the catalogue."""
    from territorial_health_plugin.core.catalogue import load_catalogue

    datasets: dict[str, tuple[str, str]] = {}
    labels: dict[str, str] = {}
    try:
        catalogue = load_catalogue()
    except (PluginError, OSError, ValueError) as error:
        # A broken catalogue is reported where it is loaded; here the ids stand in for titles.
        logger.debug("catalogue not readable for source titles: %s", error)
        return datasets, labels
    for indicator in catalogue:
        labels[indicator.id] = indicator.label
        datasets.setdefault(indicator.source, (indicator.dataset, indicator.producer))
    return datasets, labels


def _fixed_titles() -> dict[str, str]:
    """Return the titles of the sources that are not in the catalogue: layers and reference values."""
    departements = tr("département boundaries (IGN, ADMIN EXPRESS)")
    return {
        "iris_layer": tr("IRIS contours (IGN-INSEE, Contours IRIS®)"),
        "communes_layer": tr("commune boundaries (IGN, ADMIN EXPRESS)"),
        "departement_layer": departements,
        "ign.wfs.departements": departements,
        "qpv": tr("priority neighbourhoods of the city policy (QPV, ANCT)"),
        "insee_filosofi_reference": tr("Filosofi values of the départements, régions and France (INSEE)"),
    }


def source_title(source_id: str) -> str:
    """Return how a user knows a source: « dataset » (producer), a layer's name, or « your table … »."""
    source_id = str(source_id)
    if source_id.startswith(USER_TABLE_PREFIX):
        return tr("your table « {name} »").format(name=source_id[len(USER_TABLE_PREFIX):])

    datasets, _labels = _catalogue_entries()
    if source_id in datasets:
        dataset, producer = datasets[source_id]
        return tr("« {dataset} » ({producer})").format(dataset=dataset, producer=producer)

    fixed = _fixed_titles()
    if source_id in fixed:
        return fixed[source_id]
    # NOTE: a source neither in the catalogue nor above (a new layer kind) is shown by its id.
    logger.debug("no title for source %s", source_id)
    return source_id


def join_title(name: str) -> str:
    """Return a join report's name (``insee_filosofi_iris × iris``) with the source's title in place of its id."""
    source, separator, level = str(name).partition(" × ")
    title = source_title(source) if source in source_ids() or source.startswith(USER_TABLE_PREFIX) else source
    if not separator:
        return title
    level = {"iris": "IRIS", "communes": tr("communes"), "commune": tr("communes")}.get(level, level)
    return f"{title}{separator}{level}"


def catalogue_dataset(source_id: str) -> tuple[str, str] | None:
    """Return ``(dataset, producer)`` of a catalogue source, None for any other source."""
    datasets, _labels = _catalogue_entries()
    return datasets.get(str(source_id))


def indicator_label(indicator_id: str) -> str:
    """Return the catalogue's French label of an indicator, else its id (a user table's column)."""
    _datasets, labels = _catalogue_entries()
    return labels.get(str(indicator_id), str(indicator_id))


def source_ids() -> set[str]:
    """Return every source id that a message could name: the catalogue's and the fixed ones."""
    datasets, _labels = _catalogue_entries()
    return set(datasets) | set(_fixed_titles())


def indicator_ids() -> set[str]:
    """Return every indicator id of the catalogue."""
    _datasets, labels = _catalogue_entries()
    return set(labels)
