"""The embedded COG reference and the script that builds it."""

from __future__ import annotations

import gzip
import importlib.util
import json

import pandas as pd
import pytest

from territorial_health_plugin.core import reference as reference_module
from territorial_health_plugin.core.reference import load_reference
from territorial_health_plugin.toolbelt.errors import InvalidInputError
from territorial_health_plugin.toolbelt.resources import resource_path
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def reference():
    return load_reference()


def test_reference_vintages(reference):
    assert reference.cog_year == "2026"
    assert reference.epci_year == "2025"
    assert reference.population_year == "2023"


def test_reference_counts(reference):
    assert len(reference.current) == 34875
    assert len(reference.arrondissements) == 45
    assert len(reference.departements) == 101
    assert len(reference.regions) == 18


def test_reference_files_are_compact():
    folder = resource_path("reference")
    total = sum(path.stat().st_size for path in folder.iterdir())
    assert total < 3_000_000


def test_reference_readme_records_vintage_and_licence():
    readme = resource_path("reference", "README.md").read_text(encoding="utf-8")
    assert "COG 2026" in readme
    assert "Licence Ouverte" in readme


def test_codes_stay_text(reference):
    assert reference.current.at["01001", "code_departement"] == "01"
    assert reference.current.at["2A004", "code_departement"] == "2A"
    assert reference.current.at["97101", "code_departement"] == "971"


def test_lille_record(reference):
    lille = reference.current.loc["59350"]
    assert lille["nom"] == "Lille"
    assert lille["code_epci"] == "200093201"
    assert lille["code_region"] == "32"
    assert lille["population"] == 238246


@pytest.mark.parametrize(("code", "parent"), [("59355", "59350"), ("59298", "59350"), ("75112", "75056")])
def test_parent_of(reference, code, parent):
    assert reference.parent_of(code) == parent


def test_parent_of_current_commune_is_none(reference):
    assert reference.parent_of("59350") is None


def test_parent_of_comd_sharing_code_is_none(reference):
    # Arbignieu is a commune déléguée that kept the code 01015 of its commune nouvelle.
    assert reference.kind_of("01015") == "COM"
    assert reference.parent_of("01015") is None


def test_children_of_lille(reference):
    assert reference.children_of("59350") == ["59298", "59355"]


@pytest.mark.parametrize(
    ("city", "first", "last", "count"),
    [("75056", "75101", "75120", 20), ("69123", "69381", "69389", 9), ("13055", "13201", "13216", 16)],
)
def test_plm_arrondissements_both_ways(reference, city, first, last, count):
    arrondissements = reference.arrondissements_of(city)
    assert len(arrondissements) == count
    assert arrondissements[0] == first
    assert arrondissements[-1] == last
    assert reference.children_of(city, types=("ARM",)) == arrondissements
    assert all(reference.city_of_arrondissement(code) == city for code in arrondissements)


def test_plm_city_population_sums_arrondissements(reference):
    arrondissements = reference.arrondissements_of("75056")
    total = reference.arrondissements.loc[arrondissements, "population"].sum()
    assert reference.current.at["75056", "population"] == total


def test_mayotte_has_population(reference):
    mayotte = reference.current[reference.current["code_departement"] == "976"]
    assert len(mayotte) == 17
    assert mayotte["population"].notna().all()


def test_region_lookups(reference):
    assert reference.region_of_departement("59") == "32"
    assert reference.departements_of_region("94") == ["2A", "2B"]
    assert reference_module.region_of_departement("2A") == "94"
    assert reference_module.departements_of_region("32") == ["02", "59", "60", "62", "80"]


def test_unknown_departement_20_raises_french(french_translator, reference):
    with pytest.raises(InvalidInputError, match="Département « 20 » inconnu.*2A ou 2B"):
        reference.region_of_departement("20")


def test_movements_loaded_on_demand(reference):
    lille_events = reference.movements_from("59298")
    assert set(lille_events["code_ap"]) == {"59298", "59350"}
    assert reference.movements_from("00000").empty


# --- Build script -----------------------------------------------------------------------------------


def _load_build_script():
    spec = importlib.util.spec_from_file_location("build_reference", ROOT / "scripts" / "build_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write_tiny_cog(folder):
    """Write a tiny COG in the published formats, headers in lower case as some editions have."""
    (folder / "communes.csv").write_text(
        "typecom,com,reg,dep,ctcd,arr,tncc,ncc,nccenr,libelle,can,comparent\n"
        "COM,59350,32,59,59D,594,0,LILLE,Lille,Lille,5999,\n"
        "COMA,59355,,,,,0,LOMME,Lomme,Lomme,,59350\n"
        "COM,75056,11,75,75C,751,0,PARIS,Paris,Paris,7599,\n"
        "ARM,75101,,,,,0,PARIS 1ER,Paris 1er,Paris 1er Arrondissement,,75056\n"
        "ARM,75102,,,,,0,PARIS 2E,Paris 2e,Paris 2e Arrondissement,,75056\n",
        encoding="utf-8",
    )
    (folder / "mouvements-communes.csv").write_text(
        "mod,date_eff,typecom_av,com_av,tncc_av,ncc_av,nccenr_av,libelle_av,typecom_ap,com_ap,tncc_ap,ncc_ap,nccenr_ap,libelle_ap\n"
        "33,2000-02-27,COM,59355,0,LOMME,Lomme,Lomme,COM,59350,0,LILLE,Lille,Lille\n",
        encoding="utf-8",
    )
    (folder / "departements.csv").write_text(
        "dep,reg,cheflieu,tncc,ncc,nccenr,libelle\n59,32,59350,2,NORD,Nord,Nord\n75,11,75056,0,PARIS,Paris,Paris\n",
        encoding="utf-8",
    )
    (folder / "regions.csv").write_text(
        "reg,cheflieu,tncc,ncc,nccenr,libelle\n11,75056,1,ILE DE FRANCE,Île-de-France,Île-de-France\n"
        "32,59350,4,HAUTS DE FRANCE,Hauts-de-France,Hauts-de-France\n",
        encoding="utf-8",
    )
    (folder / "donnees_communes.csv").write_bytes(
        "REG;Région;DEP;CODARR;CODCAN;CODCOM;COM;Commune;PMUN;PCAP;PTOT\r\n"
        "32;Hauts-de-France;59;5;;350;59350;Lille;238246;1863;240109\r\n"
        "11;Île-de-France;75;1;;101;75101;Paris 1er Arrondissement;15114;93;15207\r\n"
        "11;Île-de-France;75;1;;102;75102;Paris 2e Arrondissement;20000;93;20093\r\n".encode()
    )
    members = pd.DataFrame(
        {
            "dept": ["59", "75"],
            "siren": ["200093201", "200054781"],
            "raison_sociale": ["Métropole Européenne de Lille", "Métropole du Grand Paris"],
            "nature_juridique": ["METRO", "METRO"],
            "insee": ["59350", "75056"],
            "pmun_2025": ["238695", "2100000"],
        }
    )
    members.to_excel(folder / "epcicom.xlsx", sheet_name="Epcicom2025", index=False)


def test_build_script_reads_lower_case_headers(tmp_path):
    source = tmp_path / "source"
    output = tmp_path / "reference"
    source.mkdir()
    _write_tiny_cog(source)

    assert _load_build_script().main(["--source-dir", str(source), "--output-dir", str(output)]) == 0

    with gzip.open(output / "communes.csv.gz", "rt", encoding="utf-8") as handle:
        communes = pd.read_csv(handle, dtype=str, keep_default_na=False).set_index("code_commune")
    assert communes.loc["59355", "code_parent"] == "59350"
    assert communes.loc["59355", "code_departement"] == "59"
    assert communes.loc["75056", "population"] == "35114"
    assert communes.loc["75101", "code_epci"] == "200054781"
    metadata = json.loads((output / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["counts"]["communes"] == 2
    assert metadata["counts"]["arrondissements"] == 2


def test_build_script_reports_missing_column(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    _write_tiny_cog(source)
    (source / "communes.csv").write_text("typecom,code,libelle\nCOM,59350,Lille\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="communes.csv"):
        _load_build_script().main(["--source-dir", str(source), "--output-dir", str(tmp_path / "out")])


def test_collectivite_code_not_a_departement(reference):
    with pytest.raises(InvalidInputError) as raised:
        reference.departement_name("975")
    assert "Département « 975 » inconnu" in raised.value.message
    assert "975, 977 et 978 sont des collectivités" in raised.value.message
