"""The ``territory`` command, run as a user runs it: a subprocess under LANG=C."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.test_cli_help import run_cli


@pytest.fixture(scope="module")
def mel_csv():
    return run_cli("territory", "epci:200093201")


def test_epci_csv_lists_95_communes(mel_csv):
    assert mel_csv.returncode == 0, mel_csv.stderr
    rows = list(csv.DictReader(io.StringIO(mel_csv.stdout)))
    assert len(rows) == 95
    assert list(rows[0]) == [
        "code_commune",
        "nom",
        "type",
        "code_departement",
        "code_region",
        "code_epci",
        "nom_epci",
        "population",
    ]


def test_epci_csv_values(mel_csv):
    rows = {row["code_commune"]: row for row in csv.DictReader(io.StringIO(mel_csv.stdout))}
    lille = rows["59350"]
    assert lille["nom"] == "Lille"
    assert lille["type"] == "COM"
    assert lille["code_departement"] == "59"
    assert lille["nom_epci"] == "Métropole Européenne de Lille"
    assert lille["population"] == "238246"


def test_corsica_codes_printed_as_text():
    completed = run_cli("territory", "commune:2A004")
    assert completed.returncode == 0, completed.stderr
    assert "\n2A004,Ajaccio,COM,2A,94," in completed.stdout


def test_json_format_for_paris():
    completed = run_cli("territory", "commune:75056", "--format", "json")
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    assert data["name"] == "Paris"
    assert data["type_label"] == "Commune"
    assert len(data["arrondissements"]) == 20
    assert data["crs"] == "EPSG:2154"
    assert data["communes"][0]["code_commune"] == "75056"


def test_json_type_label_french():
    completed = run_cli("territory", "departement:2A", "--format", "json")
    data = json.loads(completed.stdout)
    assert data["type_label"] == "Département"
    assert data["name"] == "Corse-du-Sud"
    assert len(data["communes"]) == 124


def test_search_prints_ranked_matches():
    completed = run_cli("territory", "--search", "st etienne", "--limit", "5")
    assert completed.returncode == 0, completed.stderr
    rows = list(csv.DictReader(io.StringIO(completed.stdout)))
    assert len(rows) == 5
    assert list(rows[0]) == ["type", "code", "nom", "libelle", "population", "spec"]
    assert rows[0]["code"] == "42218"
    assert rows[0]["libelle"] == "Saint-Étienne (42) — commune"
    assert rows[0]["spec"] == "commune:42218"


def test_search_json():
    completed = run_cli("territory", "--search", "lille", "--format", "json")
    matches = json.loads(completed.stdout)
    assert matches[0]["code"] == "59350"
    assert matches[0]["kind"] == "commune"


def test_search_without_match_says_so_in_french():
    completed = run_cli("territory", "--search", "zzzqqqxx")
    assert completed.returncode == 0
    assert "Aucun lieu ne correspond à « zzzqqqxx »" in completed.stderr


def test_old_code_warns_in_french():
    completed = run_cli("territory", "commune:59298")
    assert completed.returncode == 0
    assert "avertissement : « 59298 » (Hellemmes-Lille) est une commune associée" in completed.stderr
    assert "\n59350,Lille," in completed.stdout


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("commune:5935", "Code commune « 5935 » invalide : un code commune a 5 caractères"),
        ("departement:20", "Département « 20 » inconnu"),
        ("epci:123", "EPCI « 123 » introuvable"),
        ("canton:12", "Type de territoire « canton » inconnu"),
    ],
)
def test_invalid_spec_exits_2_in_french(spec, expected):
    completed = run_cli("territory", spec)
    assert completed.returncode == 2
    assert expected in completed.stderr
    assert "formes attendues" in completed.stderr or "2A ou 2B" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert completed.stdout == ""


def test_missing_spec_exits_2_in_french():
    completed = run_cli("territory")
    assert completed.returncode == 2
    assert "Indiquez un territoire" in completed.stderr


def test_invalid_limit_exits_2():
    completed = run_cli("territory", "--search", "lille", "--limit", "0")
    assert completed.returncode == 2
    assert "--limit « 0 » invalide" in completed.stderr


def test_territory_help_in_french():
    completed = run_cli("territory", "--help")
    assert completed.returncode == 0
    assert "cherche des lieux par nom ou code" in completed.stdout
    assert "format de sortie" in completed.stdout
