#!/usr/bin/env python3
"""Regenerate the synthetic sample files of resources/sample/ (census IRIS bases, FINESS).

No real INSEE census IRIS base or FINESS extract is shipped with the plugin, so the demo and
the tests use files built here in the EXACT published formats (zip layout, member names,
separator, encoding, column names) with invented values. The IRIS and communes are the real
ones of the Métropole Européenne de Lille sample (509 IRIS of 90 communes, plus one
row per IRIS of the 5 communes absent from the IRIS contours file: Annœullin's three IRIS codes
as Filosofi 2019 publishes them, one ``<commune>0000`` row for each of the four others).

The output is deterministic: same seed, same bytes. Run from the repository root::

    .venv/bin/python scripts/make_synthetic_sample.py

It needs numpy and openpyxl (Debian's python3-numpy and python3-openpyxl).
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample"
SEED = 20261204
YEAR = "21"
# Fixed timestamp of the zip members, so that two runs give identical archives.
ZIP_DATE = (2024, 6, 27, 12, 0, 0)
FINESS_EXTRACTION_DATE = "2026-05-12"
# Real Filosofi 2019 extract: the IRIS codes of the communes missing from the contours file.
FILOSOFI_FILE = "BASE_TD_FILO_DISP_IRIS_2019_extrait_MEL.xlsx"

POPULATION_COLUMNS = (
    "POP", "POP0002", "POP0305", "POP0610", "POP1117", "POP1824", "POP2539", "POP4054", "POP5564",
    "POP6579", "POP80P", "POP0014", "POP1529", "POP3044", "POP4559", "POP6074", "POP75P", "POP0019",
    "POP2064", "POP65P", "POPH", "POPF", "POP_FR", "POP_ETR", "POP_IMM", "PMEN", "PHORMEN",
)
COMPLEMENTARY_POPULATION = ("POP15P", *(f"POP15P_CS{group}" for group in range(1, 9)))


def filosofi_iris_codes() -> dict[str, list[str]]:
    """Return the IRIS codes that the real Filosofi 2019 extract lists, by commune."""
    from openpyxl import load_workbook

    workbook = load_workbook(SAMPLE / FILOSOFI_FILE, read_only=True)
    rows = workbook["IRIS_DISP"].iter_rows(values_only=True)
    codes: dict[str, list[str]] = {}
    header = None
    for row in rows:
        if header is None:
            header = list(row) if "IRIS" in row and "COM" in row else None
            continue
        code, commune = row[header.index("IRIS")], row[header.index("COM")]
        if code and commune:
            codes.setdefault(str(commune), []).append(str(code))
    workbook.close()
    return codes


def iris_rows() -> list[dict]:
    """Return the IRIS of the sample: code, commune, type, with rows for communes missing there.

    A commune absent from the IRIS contours gets the IRIS codes that Filosofi 2019 publishes
    for it (Annœullin's three, type H), else one ``<commune>0000`` row of type Z.
    """
    iris = json.loads((SAMPLE / "contours-iris-mel.geojson").read_text(encoding="utf-8"))
    communes = json.loads((SAMPLE / "communes-mel-admin-express-2018.geojson").read_text(encoding="utf-8"))
    rows = [
        {"IRIS": props["code_iris"], "COM": props["insee_com"], "TYP_IRIS": props["typ_iris"]}
        for props in (feature["properties"] for feature in iris["features"])
    ]
    covered = {row["COM"] for row in rows}
    published = filosofi_iris_codes()
    for feature in communes["features"]:
        code = feature["properties"]["code"]
        if code in covered:
            continue
        split = [iris_code for iris_code in published.get(code, []) if not iris_code.endswith("0000")]
        if split:
            rows.extend({"IRIS": iris_code, "COM": code, "TYP_IRIS": "H"} for iris_code in split)
        else:
            rows.append({"IRIS": f"{code}0000", "COM": code, "TYP_IRIS": "Z"})
    return sorted(rows, key=lambda row: row["IRIS"])


def split(total: float, weights, rng) -> np.ndarray:
    """Split ``total`` into parts proportional to noisy ``weights`` (weighted-estimate floats)."""
    noisy = np.asarray(weights, dtype=float) * rng.uniform(0.7, 1.3, len(weights))
    return total * noisy / noisy.sum()


# Population range by IRIS type. INSEE cuts H (habitat) IRIS at 1 800 to 5 000 inhabitants,
# A (activity) and D (miscellaneous, e.g. parks) have few, and Z (commune not split) is a small commune.
POPULATION_RANGES = {"H": (1800, 5000), "A": (20, 400), "D": (0, 120), "Z": (300, 6000)}


def population_values(rng, iris_type: str) -> dict[str, float]:
    """Invent one IRIS of the population base, with sums that hold (POP0014 = 0002+0305+0610+1114…)."""
    low, high = POPULATION_RANGES.get(iris_type, POPULATION_RANGES["H"])
    pop = float(rng.uniform(low, high)) * (1 + rng.random() * 1e-6)
    fine = split(pop, [3.3, 3.4, 6.0, 8.0, 9.0, 21.0, 19.0, 11.0, 13.0, 6.3], rng)
    names = (
        "POP0002", "POP0305", "POP0610", "POP1117", "POP1824", "POP2539", "POP4054", "POP5564", "POP6579", "POP80P",
    )
    values = dict(zip(names, fine))
    values["POP"] = pop
    values["POP0014"] = fine[0] + fine[1] + fine[2] + fine[3] * 4 / 7
    values["POP1529"] = fine[3] * 3 / 7 + fine[4] + fine[5] * 5 / 15
    values["POP3044"] = fine[5] * 10 / 15 + fine[6] * 5 / 15
    values["POP4559"] = fine[6] * 10 / 15 + fine[7] * 5 / 10
    values["POP6074"] = fine[7] * 5 / 10 + fine[8] * 10 / 15
    values["POP75P"] = fine[8] * 5 / 15 + fine[9]
    values["POP0019"] = fine[0] + fine[1] + fine[2] + fine[3] + fine[4] * 2 / 7
    values["POP65P"] = fine[8] + fine[9]
    values["POP2064"] = pop - values["POP0019"] - values["POP65P"]
    values["POPH"] = pop * rng.uniform(0.46, 0.50)
    values["POPF"] = pop - values["POPH"]
    values["POP_ETR"] = pop * rng.uniform(0.02, 0.15)
    values["POP_FR"] = pop - values["POP_ETR"]
    values["POP_IMM"] = values["POP_ETR"] * rng.uniform(1.0, 1.4)
    values["PHORMEN"] = pop * rng.uniform(0.0, 0.03)
    values["PMEN"] = pop - values["PHORMEN"]
    pop15 = pop - values["POP0014"]
    values["C_POP15P"] = pop15
    for group, share in zip(range(1, 9), split(pop15, [0.2, 3, 10, 14, 16, 12, 27, 17], rng)):
        values[f"C_POP15P_CS{group}"] = share
    return values


def activity_values(population: dict, rng) -> dict[str, float]:
    """Invent the activity base of one IRIS from its population."""
    pop1564 = population["POP"] * rng.uniform(0.6, 0.68)
    act = pop1564 * rng.uniform(0.66, 0.78)
    chom = act * rng.uniform(0.05, 0.32)
    c_act = act * rng.uniform(0.97, 1.03)
    values = {
        "POP1564": pop1564, "ACT1564": act, "ACTOCC1564": act - chom, "CHOM1564": chom,
        "INACT1564": pop1564 - act, "C_ACT1564": c_act,
    }
    for group, share in zip(range(1, 7), split(c_act, [0.2, 5, 18, 27, 28, 22], rng)):
        values[f"C_ACT1564_CS{group}"] = share
    return values


def diploma_values(population: dict, rng) -> dict[str, float]:
    """Invent the diploma base of one IRIS."""
    nscol = (population["POP"] - population["POP0014"]) * rng.uniform(0.8, 0.9)
    names = ("DIPLMIN", "BEPC", "CAPBEP", "BAC", "SUP2", "SUP34", "SUP5")
    parts = split(nscol, [22, 5, 24, 17, 12, 10, 10], rng)
    values = {"NSCOL15P": nscol}
    values.update({f"NSCOL15P_{name}": part for name, part in zip(names, parts)})
    return values


def family_values(population: dict, rng) -> dict[str, float]:
    """Invent the couples-familles-ménages base of one IRIS."""
    men = population["PMEN"] / rng.uniform(1.9, 2.6)
    fam = men * rng.uniform(0.55, 0.7)
    return {
        "POP15P": population["POP"] - population["POP0014"],
        "POP80P": population["POP80P"],
        "POP80P_PSEUL": population["POP80P"] * rng.uniform(0.3, 0.55),
        "C_MEN": men,
        "C_MENPSEUL": men * rng.uniform(0.25, 0.5),
        "C_FAM": fam,
        "C_COUPAENF": fam * rng.uniform(0.3, 0.45),
        "C_COUPSENF": fam * rng.uniform(0.3, 0.4),
        "C_FAMMONO": fam * rng.uniform(0.1, 0.35),
    }


def housing_values(family: dict, rng) -> dict[str, float]:
    """Invent the housing base of one IRIS."""
    rp = family["C_MEN"] * rng.uniform(0.98, 1.02)
    loc = rp * rng.uniform(0.3, 0.8)
    hstu = rp * rng.uniform(0.93, 0.99)
    return {
        "LOG": rp * rng.uniform(1.03, 1.12), "RP": rp, "RP_PROP": rp - loc, "RP_LOC": loc,
        "RP_LOCHLMV": loc * rng.uniform(0.05, 0.8), "RP_VOIT1P": rp * rng.uniform(0.5, 0.92),
        "C_RP_HSTU1P": hstu, "C_RP_HSTU1P_SUROCC": hstu * rng.uniform(0.02, 0.18),
    }


def census_name(canonical: str) -> str:
    """Return the published name of a canonical column for RP 2021 (``POP`` → ``P21_POP``)."""
    if canonical.startswith("C_"):
        return f"C{YEAR}_{canonical[2:]}"
    return f"P{YEAR}_{canonical}"


def write_census_zip(stem: str, rows: list[dict], tables: list[dict], labels: dict[str, str]) -> Path:
    """Write ``{stem}-2021_csv.zip`` with the data CSV and its ``meta_`` dictionary."""
    columns = list(tables[0])
    header = ["IRIS", "COM", "TYP_IRIS", "LAB_IRIS", *(census_name(name) for name in columns)]
    lines = [";".join(header)]
    for row, values in zip(rows, tables):
        cells = [row["IRIS"], row["COM"], row["TYP_IRIS"], "1"]
        cells.extend(format_value(values[name]) for name in columns)
        lines.append(";".join(cells))
    meta = ["COD_VAR;LIB_VAR;LIB_VAR_LONG;COD_MOD;LIB_MOD;TYPE_VAR;LONG_VAR"]
    meta.append("IRIS;Code de l'IRIS;Code de l'IRIS;;;CHAR;9")
    for name in columns:
        label = labels.get(name, name)
        meta.append(f"{census_name(name)};{label};{label} (synthétique);;;NUM;20")

    path = SAMPLE / f"{stem}-20{YEAR}_csv.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        add_member(archive, f"{stem}-20{YEAR}.CSV", "\r\n".join(lines) + "\r\n", "utf-8")
        add_member(archive, f"meta_{stem}-20{YEAR}.CSV", "\r\n".join(meta) + "\r\n", "utf-8")
    return path


def add_member(archive: zipfile.ZipFile, name: str, text: str, encoding: str) -> None:
    """Add a member with a fixed date, so the archive bytes do not depend on the clock."""
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text.encode(encoding))


def format_value(value: float) -> str:
    """Format a weighted estimate as INSEE does: a point decimal with many digits, 0 as 0."""
    return "0" if value == 0 else repr(round(float(value), 11))


def legal_populations() -> dict[str, float]:
    """Return the legal population of each commune, from the embedded COG reference."""
    path = ROOT / "resources" / "reference" / "communes.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return {row["code_commune"]: float(row["population"]) for row in csv.DictReader(stream)
                if row["type"] == "COM" and row["population"]}


def scale_to_communes(rows: list[dict], population: list[dict]) -> None:
    """Scale the invented IRIS so that each commune sums to its legal population, in place.

    Without this the invented IRIS sizes add up to about 1.6 million inhabitants for a
    metropolis of 1.2 million, and every territory total computed from the sample is wrong.
    A commune code missing from the reference (a former code) keeps its invented size.
    """
    legal = legal_populations()
    totals: dict[str, float] = {}
    for row, values in zip(rows, population):
        totals[row["COM"]] = totals.get(row["COM"], 0.0) + values["POP"]
    for row, values in zip(rows, population):
        target = legal.get(row["COM"])
        if target and totals[row["COM"]] > 0:
            factor = target / totals[row["COM"]]
            for name in values:
                values[name] *= factor


def make_census(rng) -> list[Path]:
    """Build the five census IRIS bases; return their paths."""
    rows = iris_rows()
    population = [population_values(rng, row["TYP_IRIS"]) for row in rows]
    scale_to_communes(rows, population)
    activity = [activity_values(values, rng) for values in population]
    diplomas = [diploma_values(values, rng) for values in population]
    families = [family_values(values, rng) for values in population]
    housing = [housing_values(values, rng) for values in families]
    population_ordered = [
        {name: values[name] for name in (*POPULATION_COLUMNS, *(f"C_{c}" for c in COMPLEMENTARY_POPULATION))}
        for values in population
    ]
    labels = {"POP": "Population", "POP75P": "Pop 75 ans ou plus", "CHOM1564": "Chômeurs 15-64 ans"}
    return [
        write_census_zip("base-ic-evol-struct-pop", rows, population_ordered, labels),
        write_census_zip("base-ic-activite-residents", rows, activity, labels),
        write_census_zip("base-ic-diplomes-formation", rows, diplomas, labels),
        write_census_zip("base-ic-couples-familles-menages", rows, families, labels),
        write_census_zip("base-ic-logement", rows, housing, labels),
    ]


# --- FINESS -----------------------------------------------------------------------------------

# (categetab, libcategetab, categagretab, libcategagretab, name stem, how many)
FINESS_CATEGORIES = (
    ("355", "Centre Hospitalier (C.H.)", "1102", "Centres Hospitaliers", "CH", 3),
    ("101", "Centre Hospitalier Régional (C.H.R.)", "1101", "Centres Hospitaliers Régionaux", "CHU", 1),
    ("128", "Etablissement de Soins Chirurgicaux", "1106", "Etablissements de soins chirurgicaux", "CLINIQUE", 3),
    ("500", "Etablissement d'hébergement pour personnes âgées dépendantes", "4401",
     "Etablissements pour personnes âgées", "EHPAD", 12),
    ("603", "Maison de santé (L.6223-3)", "1301", "Maisons de santé", "MSP", 6),
    ("124", "Centre de Santé", "1302", "Centres de santé", "CENTRE DE SANTE", 4),
    ("620", "Pharmacie d'Officine", "3101", "Pharmacies", "PHARMACIE", 10),
    ("611", "Laboratoire de Biologie Médicale", "3301", "Laboratoires", "LABORATOIRE", 3),
)
STREETS = ("DE LA GARE", "DU GENERAL DE GAULLE", "JEAN JAURES", "DE PARIS", "VICTOR HUGO", "DES ECOLES")


def commune_points(rng):
    """Return (code, name, x, y) with a point inside each MEL commune, in Lambert 93."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsJsonUtils, QgsProject

    path = SAMPLE / "communes-mel-admin-express-2018.geojson"
    text = path.read_text(encoding="utf-8")
    fields = QgsJsonUtils.stringToFields(text)
    features = QgsJsonUtils.stringToFeatureList(text, fields)
    transform = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4326"), QgsCoordinateReferenceSystem("EPSG:2154"), QgsProject.instance()
    )
    points = []
    for feature in features:
        geometry = feature.geometry()
        geometry.transform(transform)
        point = geometry.pointOnSurface().asPoint()
        points.append((str(feature["code"]), str(feature["nom"]), point.x(), point.y()))
    return sorted(points)


def make_finess(rng) -> Path:
    """Write ``etalab-cs1100507-stock-20260512-0336.csv``: a cp1252 file, no column header."""
    points = commune_points(rng)
    structures, geolocations = [], []
    number = 0
    for category, label, aggregate, aggregate_label, stem, count in FINESS_CATEGORIES:
        for _ in range(count):
            number += 1
            code, name, x, y = points[int(rng.integers(len(points)))]
            nofinesset = f"59{number:07d}"
            nofinessej = f"59{number + 500:07d}"
            street = STREETS[int(rng.integers(len(STREETS)))]
            postal = "59000" if code == "59350" else f"59{int(rng.integers(100, 999)):03d}"
            structures.append(";".join([
                "structureet", nofinesset, nofinessej, f"{stem} {name.upper()}"[:38],
                f"{stem} SYNTHETIQUE DE {name.upper()}"[:60], "", "", str(int(rng.integers(1, 200))), "RUE", street, "",
                "", code[2:], "59", "NORD", f"{postal} {name.upper()}"[:32], "0320000000", "", category, label,
                aggregate, aggregate_label, "", "", "", "", "", "", "2001-01-01", "2001-01-01", "2026-01-15", "",
            ]))
            jitter_x, jitter_y = rng.uniform(-30, 30, 2)
            source = "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93"
            geolocations.append(";".join([
                "geolocalisation", nofinesset, f"{x + jitter_x:.1f}", f"{y + jitter_y:.1f}", source, "2026-01-15",
            ]))
    lines = [f"finess;etalab;111;{FINESS_EXTRACTION_DATE}", *structures, *geolocations]
    path = SAMPLE / "etalab-cs1100507-stock-20260512-0336-extrait-synthetique-mel.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from territorial_health_plugin.toolbelt.qgis_app import start_headless_qgis

    start_headless_qgis()
    rng = np.random.default_rng(SEED)
    written = make_census(rng)
    written.append(make_finess(rng))
    for path in written:
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
