#!/usr/bin/env python3
"""Build the compact COG reference embedded in ``resources/reference/``.

Run at development time only, once per COG edition::

    python3 scripts/build_reference.py --source-dir DIR [--cog-year 2026]

``DIR`` contains the files of the Etalab ``decoupage-administratif`` sources:

- ``communes.csv``: INSEE COG ``v_commune`` (TYPECOM, COM, REG, DEP, LIBELLE, COMPARENT…);
- ``mouvements-communes.csv``: INSEE COG ``v_mvt_commune``;
- ``departements.csv``, ``regions.csv``: INSEE COG tables;
- ``donnees_communes.csv``: INSEE legal populations (``;``-separated, PLM as arrondissements);
- ``epcicom.xlsx``: DGCL composition of the EPCI à fiscalité propre (one row per member).

Column names are looked up ignoring case, because INSEE spells them ``COM`` in some editions
and ``com`` in others. The plugin and its tests read only the files written here.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from territorial_health_plugin.core.codes import find_column  # noqa: E402

DEFAULT_OUTPUT = ROOT / "resources" / "reference"
COMMUNE_TYPES = ("COM", "ARM", "COMA", "COMD")
PLM_CITIES = {"75056": "75", "13055": "13", "69123": "69"}


def read_csv_text(path: Path, sep: str = ",") -> pd.DataFrame:
    """Read a CSV with every column as text (codes keep their leading zeros)."""
    return pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def pick(frame: pd.DataFrame, path: Path, *names: str) -> pd.Series:
    """Return the first column of ``frame`` named like one of ``names``, ignoring case."""
    column = find_column(frame.columns, *names)
    if column is None:
        raise SystemExit(f"{path.name}: none of the columns {names} found; columns are {list(frame.columns)}")
    return frame[column].str.strip()


def build_communes(source: Path) -> pd.DataFrame:
    """Return one row per COG entry (COM, ARM, COMA, COMD) with its parent, département and région."""
    path = source / "communes.csv"
    raw = read_csv_text(path)
    communes = pd.DataFrame(
        {
            "code_commune": pick(raw, path, "COM"),
            "type": pick(raw, path, "TYPECOM"),
            "nom": pick(raw, path, "LIBELLE"),
            "code_parent": pick(raw, path, "COMPARENT"),
            "code_departement": pick(raw, path, "DEP"),
            "code_region": pick(raw, path, "REG"),
        }
    )
    communes = communes[communes["type"].isin(COMMUNE_TYPES)].copy()

    # COMA, COMD and ARM rows leave DEP and REG empty: they take their parent's.
    current = communes[communes["type"] == "COM"].set_index("code_commune")
    for column in ("code_departement", "code_region"):
        missing = communes[column] == ""
        communes.loc[missing, column] = communes.loc[missing, "code_parent"].map(current[column]).fillna("")
    return communes


def read_populations(source: Path) -> pd.DataFrame:
    """Return the municipal population (PMUN) of each commune and arrondissement."""
    path = source / "donnees_communes.csv"
    raw = read_csv_text(path, sep=";")
    return pd.DataFrame({"code_commune": pick(raw, path, "COM"), "population": pick(raw, path, "PMUN")})


def read_epci(source: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the EPCI table (SIREN, name, nature) and the membership (commune → SIREN)."""
    path = source / "epcicom.xlsx"
    raw = pd.read_excel(path, dtype=str).fillna("")
    members = pd.DataFrame(
        {
            "code_commune": pick(raw, path, "insee"),
            "code_epci": pick(raw, path, "siren"),
            "population_dgcl": pick(raw, path, "pmun_2025", "pmun"),
        }
    )
    epci = pd.DataFrame(
        {
            "code_epci": pick(raw, path, "siren"),
            "nom_epci": pick(raw, path, "raison_sociale"),
            "nature": pick(raw, path, "nature_juridique"),
        }
    ).drop_duplicates("code_epci")
    return epci.sort_values("code_epci").reset_index(drop=True), members


def add_populations(communes: pd.DataFrame, populations: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Attach populations: INSEE legal populations, PLM cities summed, DGCL figures as fallback."""
    by_code = populations.set_index("code_commune")["population"]
    communes["population"] = communes["code_commune"].map(by_code).fillna("")
    communes["population_source"] = communes["population"].map(lambda value: "insee" if value else "")
    communes.loc[~communes["type"].isin(("COM", "ARM")), ["population", "population_source"]] = ""

    # PLM cities are published only as arrondissements: the city is the sum of them.
    for city in PLM_CITIES:
        arrondissements = communes[(communes["type"] == "ARM") & (communes["code_parent"] == city)]
        total = sum(int(value) for value in arrondissements["population"])
        row = (communes["type"] == "COM") & (communes["code_commune"] == city)
        communes.loc[row, "population"] = str(total)
        communes.loc[row, "population_source"] = "insee_arm"

    # NOTE: the INSEE file has no legal population for Mayotte's communes, so DGCL's 2025
    # figures stand in for them, one census vintage older than the other rows.
    dgcl = members.set_index("code_commune")["population_dgcl"]
    missing = (communes["type"] == "COM") & (communes["population"] == "")
    communes.loc[missing, "population"] = communes.loc[missing, "code_commune"].map(dgcl).fillna("")
    communes.loc[missing & (communes["population"] != ""), "population_source"] = "dgcl"
    return communes


def add_epci(communes: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Attach each current commune's EPCI; arrondissements take their city's."""
    by_code = members.drop_duplicates("code_commune").set_index("code_commune")["code_epci"]
    communes["code_epci"] = ""
    current = communes["type"] == "COM"
    communes.loc[current, "code_epci"] = communes.loc[current, "code_commune"].map(by_code).fillna("")
    arrondissements = communes["type"] == "ARM"
    communes.loc[arrondissements, "code_epci"] = communes.loc[arrondissements, "code_parent"].map(by_code).fillna("")
    return communes


def build_departements(source: Path) -> pd.DataFrame:
    """Return the départements: code, name, région, chef-lieu."""
    path = source / "departements.csv"
    raw = read_csv_text(path)
    return pd.DataFrame(
        {
            "code_departement": pick(raw, path, "DEP"),
            "nom": pick(raw, path, "LIBELLE"),
            "code_region": pick(raw, path, "REG"),
            "cheflieu": pick(raw, path, "CHEFLIEU"),
        }
    )


def build_regions(source: Path) -> pd.DataFrame:
    """Return the régions: code, name, chef-lieu."""
    path = source / "regions.csv"
    raw = read_csv_text(path)
    return pd.DataFrame(
        {
            "code_region": pick(raw, path, "REG"),
            "nom": pick(raw, path, "LIBELLE"),
            "cheflieu": pick(raw, path, "CHEFLIEU"),
        }
    )


def build_movements(source: Path) -> pd.DataFrame:
    """Return the history of code movements, one row per (before, after) pair."""
    path = source / "mouvements-communes.csv"
    raw = read_csv_text(path)
    return pd.DataFrame(
        {
            "mod": pick(raw, path, "MOD"),
            "date_eff": pick(raw, path, "DATE_EFF"),
            "type_av": pick(raw, path, "TYPECOM_AV"),
            "code_av": pick(raw, path, "COM_AV"),
            "nom_av": pick(raw, path, "LIBELLE_AV"),
            "type_ap": pick(raw, path, "TYPECOM_AP"),
            "code_ap": pick(raw, path, "COM_AP"),
            "nom_ap": pick(raw, path, "LIBELLE_AP"),
        }
    )


def check(communes: pd.DataFrame, departements: pd.DataFrame, epci: pd.DataFrame) -> list[str]:
    """Return the inconsistencies worth a look before committing a new edition."""
    problems = []
    current = communes[communes["type"] == "COM"]
    unknown_departements = set(current["code_departement"]) - set(departements["code_departement"])
    if unknown_departements:
        problems.append(f"communes in unknown départements: {sorted(unknown_departements)}")
    without_epci = current[current["code_epci"] == ""]
    if len(without_epci):
        problems.append(f"{len(without_epci)} communes without EPCI: {list(without_epci['code_commune'])[:10]}")
    without_population = current[current["population"] == ""]
    if len(without_population):
        problems.append(
            f"{len(without_population)} communes without population: {list(without_population['code_commune'])[:10]}"
        )
    unknown_epci = set(current["code_epci"]) - set(epci["code_epci"]) - {""}
    if unknown_epci:
        problems.append(f"unknown EPCI: {sorted(unknown_epci)}")
    return problems


def write(frame: pd.DataFrame, path: Path) -> None:
    """Write a CSV (gzip when the name ends with .gz) with a fixed timestamp for stable bytes."""
    if path.suffix == ".gz":
        frame.to_csv(path, index=False, compression={"method": "gzip", "mtime": 0})
    else:
        frame.to_csv(path, index=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", required=True, type=Path, help="folder of the COG source files")
    parser.add_argument("--output-dir", type=Path, default=DEFAULT_OUTPUT, help="where to write the reference")
    parser.add_argument("--cog-year", default="2026", help="COG edition of communes.csv (default 2026)")
    parser.add_argument("--epci-year", default="2025", help="edition of epcicom.xlsx (default 2025)")
    parser.add_argument("--population-year", default="2023", help="census year of the legal populations")
    arguments = parser.parse_args(argv)
    source: Path = arguments.source_dir

    communes = build_communes(source)
    epci, members = read_epci(source)
    communes = add_populations(communes, read_populations(source), members)
    communes = add_epci(communes, members)
    departements = build_departements(source)
    regions = build_regions(source)
    movements = build_movements(source)

    for problem in check(communes, departements, epci):
        print(f"warning: {problem}", file=sys.stderr)

    output: Path = arguments.output_dir
    output.mkdir(parents=True, exist_ok=True)
    write(communes, output / "communes.csv.gz")
    write(epci, output / "epci.csv")
    write(departements, output / "departements.csv")
    write(regions, output / "regions.csv")
    write(movements, output / "mouvements.csv.gz")
    metadata = {
        "cog_year": arguments.cog_year,
        "epci_year": arguments.epci_year,
        "population_year": arguments.population_year,
        "built": date.today().isoformat(),
        "counts": {
            "communes": int((communes["type"] == "COM").sum()),
            "arrondissements": int((communes["type"] == "ARM").sum()),
            "communes_associees_deleguees": int(communes["type"].isin(("COMA", "COMD")).sum()),
            "epci": len(epci),
            "departements": len(departements),
            "regions": len(regions),
            "mouvements": len(movements),
        },
    }
    (output / "metadata.json").write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(metadata["counts"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
