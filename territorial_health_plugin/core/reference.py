"""The embedded COG reference: communes, arrondissements, EPCI, départements, régions, movements.

The files in ``resources/reference/`` are built by ``scripts/build_reference.py`` from the
INSEE COG, INSEE legal populations and the DGCL list of EPCI members. Their editions are in
``metadata.json`` and are exposed as :attr:`Reference.cog_year` and friends.

:func:`load_reference` reads them once per process; the movements table, which only the
harmonisation of old codes needs, is read on first use.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from territorial_health_plugin.toolbelt.errors import InvalidInputError
from territorial_health_plugin.toolbelt.i18n import tr
from territorial_health_plugin.toolbelt.resources import resource_path

logger = logging.getLogger(__name__)

REFERENCE_DIR = ("reference",)
CURRENT_TYPES = ("COM", "ARM")
ATTACHED_TYPES = ("COMA", "COMD")

# Paris, Marseille and Lyon: most sources publish them only by arrondissement municipal.
PLM_CITIES = ("75056", "13055", "69123")


def _read_csv(name: str) -> pd.DataFrame:
    """Read a reference file with every column as text (codes keep their zeros)."""
    path = resource_path(*REFERENCE_DIR, name)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@dataclass
class Reference:
    """The COG reference tables and the lookups built on them.

    ``communes`` has one row per COG entry: ``COM`` (current commune), ``ARM``
    (arrondissement municipal of Paris, Lyon, Marseille), ``COMA``/``COMD`` (commune associée
    or déléguée, with ``code_parent``). A ``COMD`` may share its code with its parent.
    """

    communes: pd.DataFrame
    departements: pd.DataFrame
    regions: pd.DataFrame
    epci: pd.DataFrame
    metadata: dict
    _movements: pd.DataFrame | None = field(default=None, repr=False)
    _movement_positions: dict | None = field(default=None, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def __post_init__(self) -> None:
        self.communes["population"] = pd.to_numeric(self.communes["population"], errors="coerce").astype("Int64")
        self.current = self.communes[self.communes["type"] == "COM"].set_index("code_commune", drop=False)
        self.arrondissements = self.communes[self.communes["type"] == "ARM"].set_index("code_commune", drop=False)
        self.departement_index = self.departements.set_index("code_departement", drop=False)
        self.region_index = self.regions.set_index("code_region", drop=False)
        self.epci_index = self.epci.set_index("code_epci", drop=False)

        # Parent links: arrondissements to their city, communes associées/déléguées to their
        # commune. A COMD that shares its parent's code is the current commune itself.
        attached = self.communes[
            self.communes["type"].isin(("ARM",) + ATTACHED_TYPES)
            & (self.communes["code_parent"] != "")
            & (self.communes["code_commune"] != self.communes["code_parent"])
        ]
        self._parent = dict(zip(attached["code_commune"], attached["code_parent"]))
        self._children: dict[str, list[str]] = {}
        for code, parent in zip(attached["code_commune"], attached["code_parent"]):
            self._children.setdefault(parent, []).append(code)
        self._attached_names = dict(zip(attached["code_commune"], attached["nom"]))
        self._attached_types = dict(zip(attached["code_commune"], attached["type"]))

    # --- Editions --------------------------------------------------------------------------

    @property
    def cog_year(self) -> str:
        """COG edition of the communes (``"2026"``)."""
        return str(self.metadata.get("cog_year", ""))

    @property
    def epci_year(self) -> str:
        """Edition of the DGCL EPCI membership (``"2025"``)."""
        return str(self.metadata.get("epci_year", ""))

    @property
    def population_year(self) -> str:
        """Census year of the legal populations."""
        return str(self.metadata.get("population_year", ""))

    # --- Communes ---------------------------------------------------------------------------

    def is_current(self, code: str) -> bool:
        """Return True for a commune or arrondissement municipal of the current COG."""
        return code in self.current.index or code in self.arrondissements.index

    def is_commune(self, code: str) -> bool:
        """Return True for a current commune (type COM, not an arrondissement)."""
        return code in self.current.index

    def kind_of(self, code: str) -> str | None:
        """Return the COG type of a code: COM, ARM, COMA, COMD, or None when unknown."""
        if code in self.current.index:
            return "COM"
        if code in self.arrondissements.index:
            return "ARM"
        return self._attached_types.get(code)

    def name_of(self, code: str) -> str | None:
        """Return the name of a current commune, arrondissement or attached commune."""
        if code in self.current.index:
            return self.current.at[code, "nom"]
        if code in self.arrondissements.index:
            return self.arrondissements.at[code, "nom"]
        return self._attached_names.get(code)

    def parent_of(self, code: str) -> str | None:
        """Return the commune that contains ``code``, or None.

        An arrondissement municipal returns its city (``75112`` → ``75056``), a commune
        associée or déléguée returns its commune (``59355`` Lomme → ``59350`` Lille). A
        current commune returns None.
        """
        return self._parent.get(code)

    def children_of(self, code: str, types: tuple[str, ...] = ("ARM", "COMA", "COMD")) -> list[str]:
        """Return the arrondissements and communes associées/déléguées of a commune.

        ``children_of("75056", types=("ARM",))`` gives the 20 arrondissements of Paris;
        ``children_of("59350")`` gives Hellemmes-Lille 59298 and Lomme 59355. Codes that
        equal the parent's (a COMD that kept the code of its commune nouvelle) are left out.
        """
        children = self._children.get(code, [])
        return sorted(child for child in children if self._attached_types[child] in types)

    def arrondissements_of(self, code: str) -> list[str]:
        """Return the arrondissements municipaux of Paris, Lyon or Marseille (empty elsewhere)."""
        if code not in PLM_CITIES:
            return []
        return sorted(self.arrondissements.index[self.arrondissements["code_parent"] == code])

    def city_of_arrondissement(self, code: str) -> str | None:
        """Return the city of an arrondissement municipal, None for any other code."""
        if code in self.arrondissements.index:
            return self.arrondissements.at[code, "code_parent"]
        return None

    # --- Départements, régions, EPCI ---------------------------------------------------------

    def departement_name(self, code: str) -> str:
        """Return the name of a département, raising InvalidInputError when unknown."""
        if code not in self.departement_index.index:
            raise InvalidInputError(unknown_departement_message(code))
        return self.departement_index.at[code, "nom"]

    def region_of_departement(self, code: str) -> str:
        """Return the région of a département (``"59"`` → ``"32"``)."""
        if code not in self.departement_index.index:
            raise InvalidInputError(unknown_departement_message(code))
        return self.departement_index.at[code, "code_region"]

    def departements_of_region(self, code: str) -> list[str]:
        """Return the départements of a région, in COG order."""
        if code not in self.region_index.index:
            raise InvalidInputError(
                tr("Unknown région « {code} »: a région code has 2 digits, for example 32 (Hauts-de-France).").format(
                    code=code
                )
            )
        return list(self.departements.loc[self.departements["code_region"] == code, "code_departement"])

    def region_name(self, code: str) -> str:
        """Return the name of a région."""
        return self.region_index.at[code, "nom"]

    def epci_name(self, code: str) -> str:
        """Return the name of an EPCI from its SIREN."""
        return self.epci_index.at[code, "nom_epci"]

    # --- Movements ----------------------------------------------------------------------------

    @property
    def movements(self) -> pd.DataFrame:
        """History of commune code movements since 1943 (read on first use)."""
        with self._lock:
            if self._movements is None:
                self._movements = _read_csv("mouvements.csv.gz")
        return self._movements

    def movements_from(self, code: str) -> pd.DataFrame:
        """Return the movements whose code before the event is ``code`` (an indexed lookup)."""
        with self._lock:
            if self._movement_positions is None:
                self._movement_positions = self.movements.groupby("code_av").indices
        positions = self._movement_positions.get(code)
        if positions is None:
            return self.movements.iloc[0:0]
        return self.movements.iloc[positions]


def unknown_departement_message(code: str) -> str:
    """Return the French message for a département code that the COG does not know."""
    return tr(
        "Unknown département « {code} »: a département code has 2 characters (01 to 95, 2A, 2B) "
        "or 3 for the overseas départements (971, 972, 973, 974, 976); 20 is not a département, use 2A or "
        "2B, and 975, 977 and 978 are collectivités, not départements."
    ).format(code=code)


@lru_cache(maxsize=1)
def load_reference() -> Reference:
    """Read the embedded reference once per process and return it."""
    metadata_path = resource_path(*REFERENCE_DIR, "metadata.json")
    metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    reference = Reference(
        communes=_read_csv("communes.csv.gz"),
        departements=_read_csv("departements.csv"),
        regions=_read_csv("regions.csv"),
        epci=_read_csv("epci.csv"),
        metadata=metadata,
    )
    logger.debug("COG %s reference loaded: %s communes", reference.cog_year, len(reference.current))
    return reference


def region_of_departement(code: str) -> str:
    """Return the région of a département from the embedded reference."""
    return load_reference().region_of_departement(code)


def departements_of_region(code: str) -> list[str]:
    """Return the départements of a région from the embedded reference."""
    return load_reference().departements_of_region(code)


def parent_of(code: str) -> str | None:
    """Return the commune containing an arrondissement or commune associée/déléguée."""
    return load_reference().parent_of(code)


def children_of(code: str) -> list[str]:
    """Return the arrondissements and communes associées/déléguées of a commune."""
    return load_reference().children_of(code)
