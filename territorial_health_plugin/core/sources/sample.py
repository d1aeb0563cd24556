"""Where each source's file is found offline: the embedded sample, or the user's data folder.

The embedded sample (``--source sample``) covers the Métropole Européenne de Lille: real IRIS
and commune contours, Filosofi 2019 and APL 2022-2023 extracts, and synthetic census IRIS bases
and FINESS extract written by ``scripts/make_synthetic_sample.py``. A data folder
(``--data-dir``) contains files the user downloaded by hand, under the names their producers
publish. Names are matched case-insensitively and the latest vintage wins.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from territorial_health_plugin.toolbelt.resources import resource_path

SAMPLE_FILES = {
    "insee_rp_population": "base-ic-evol-struct-pop-2021_csv.zip",
    "insee_rp_activite": "base-ic-activite-residents-2021_csv.zip",
    "insee_rp_diplomes": "base-ic-diplomes-formation-2021_csv.zip",
    "insee_rp_familles": "base-ic-couples-familles-menages-2021_csv.zip",
    "insee_rp_logement": "base-ic-logement-2021_csv.zip",
    "insee_filosofi_iris": "BASE_TD_FILO_DISP_IRIS_2019_extrait_MEL.xlsx",
    "drees_apl_mg": "apl_generalistes_extrait_nord.xlsx",
    "finess": "etalab-cs1100507-stock-20260512-0336-extrait-synthetique-mel.csv",
    "iris_layer": "contours-iris-mel.geojson",
    "communes_layer": "communes-mel-admin-express-2018.geojson",
    "departement_layer": "departement-59-nord.geojson",
}
# Sources whose sample file contains invented figures (see resources/sample/README-synthetic.md):
# the report credits them as synthetic demonstration data, never as the producer's.
SYNTHETIC_SOURCES = frozenset({
    "insee_rp_population", "insee_rp_activite", "insee_rp_diplomes", "insee_rp_familles", "insee_rp_logement",
    "finess",
})
# Code field of the sample geometry layers.
SAMPLE_CODE_FIELDS = {"iris_layer": "code_iris", "communes_layer": "code", "departement_layer": "code"}
# Départements whose outline the sample contains (the report's location inset).
SAMPLE_DEPARTEMENTS = ("59",)
# Communes covered by the sample (EPCI Métropole Européenne de Lille).
SAMPLE_EPCI = "200093201"

# Published file names, by source id; the group ``year`` gives the vintage.
PUBLISHED_NAMES = {
    "insee_rp_population": r"base-ic-evol-struct-pop-(?P<year>\d{4})(?:_csv|_xlsx)?\.(?:zip|csv|xlsx)",
    "insee_rp_activite": r"base-ic-activite-residents-(?P<year>\d{4})(?:_csv|_xlsx)?\.(?:zip|csv|xlsx)",
    "insee_rp_diplomes": r"base-ic-diplomes-formation-(?P<year>\d{4})(?:_csv|_xlsx)?\.(?:zip|csv|xlsx)",
    "insee_rp_familles": r"base-ic-couples-familles-menages-(?P<year>\d{4})(?:_csv|_xlsx)?\.(?:zip|csv|xlsx)",
    "insee_rp_logement": r"base-ic-logement-(?P<year>\d{4})(?:_csv|_xlsx)?\.(?:zip|csv|xlsx)",
    "insee_filosofi_iris": (
        r"BASE_TD_FILO_(?:DISP_IRIS_(?P<year>\d{4})|IRIS_(?P<year2>\d{4})_DISP)(?:_CSV)?(?:_extrait\w*)?\.(?:zip|csv|xlsx)"
    ),
    "drees_apl_mg": r"\w*(?:apl_aux_medecins_generalistes|apl_generalistes|apl_medecins_generalistes)\w*\.xlsx",
    "drees_apl_inf": r"\w*apl\w*infirmi\w*\.xlsx",
    "drees_apl_kine": r"\w*apl\w*kinesitherapeutes\w*\.xlsx",
    "drees_apl_sf": r"\w*apl\w*sages_femmes\w*\.xlsx",
    "drees_apl_cd": r"\w*apl\w*chirurgiens_dentistes\w*\.xlsx",
    "finess": r"etalab[-_]cs1100507[-_]stock[-_]\d{8}[-_]\d{4}\w*\.csv",
    "qpv": r"qpv[-_]2024[\w-]*\.(?:zip|geojson)|QP2024\w*\.geojson",
}


@lru_cache(maxsize=1)
def sample_commune_codes() -> frozenset[str]:
    """Return the current codes of the communes the embedded sample covers (the MEL's)."""
    from territorial_health_plugin.core.territory import resolve

    return frozenset(resolve(f"epci:{SAMPLE_EPCI}").commune_codes)


def sample_file(source_id: str) -> Path | None:
    """Return the sample file of a source, or None when the sample does not cover it."""
    name = SAMPLE_FILES.get(source_id)
    if name is None:
        return None
    path = resource_path("sample", name)
    return path if path.is_file() else None


def data_dir_file(folder: Path, source_id: str, vintage: str | None = None) -> Path | None:
    """Return the file of ``source_id`` in the user's data folder (latest vintage unless given)."""
    pattern = PUBLISHED_NAMES.get(source_id)
    if pattern is None or not Path(folder).is_dir():
        return None
    regex = re.compile(pattern, re.I)
    found = []
    for path in sorted(Path(folder).rglob("*")):
        match = regex.fullmatch(path.name) if path.is_file() else None
        if match is None:
            continue
        groups = match.groupdict()
        year = groups.get("year") or groups.get("year2") or ""
        if vintage and year and year != str(vintage):
            continue
        found.append((year, str(path), path))
    return max(found)[2] if found else None
