"""The ``diagnose`` subcommand end to end on the embedded sample, and its exit codes."""

from __future__ import annotations

import json
import sqlite3

from tests.conftest import ROOT
from tests.test_cli_help import run_cli

MEL = "epci:200093201"


def test_sample_end_to_end(tmp_path):
    output = tmp_path / "demo"
    completed = run_cli("diagnose", "--territory", MEL, "--source", "sample", "--output", str(output))

    assert completed.returncode == 0, completed.stderr[-3000:]
    names = {path.name for path in output.iterdir()}
    assert {"diagnostic.gpkg", "diagnostic.qgz", "diagnostic.pdf", "indicators.csv", "run_report.json"} <= names
    report = json.loads((output / "run_report.json").read_text(encoding="utf-8"))
    assert report["territory"]["code"] == "200093201"
    assert report["joins"]
    assert (output / "diagnostic.pdf").read_bytes()[:5] == b"%PDF-"

    # Every message shown to the user is French: the sources the sample lacks too, in one line
    # that names the indicators by their labels.
    shown = completed.stdout + completed.stderr + "\n".join(report["warnings"])
    sample_lines = [line for line in report["warnings"] if "Non inclus dans l’échantillon de démonstration" in line]
    assert len(sample_lines) == 1
    assert "APL aux infirmières" in sample_lines[0]
    assert "drees_apl_inf" not in shown
    for english in ("skipped", "Indicator ", "not computed", "left out", "no loaded table"):
        assert english not in shown

    # The PDF's location inset has the département: its outline is a layer of the GeoPackage.
    with sqlite3.connect(output / "diagnostic.gpkg") as connection:
        tables = {row[0] for row in connection.execute("SELECT table_name FROM gpkg_contents")}
    assert "departement" in tables


def test_selected_indicators_only(tmp_path):
    output = tmp_path / "apl"
    completed = run_cli("diagnose", "--territory", MEL, "--source", "sample", "--output", str(output),
                        "--indicators", "apl_mg,tx_pauvrete", "--no-pdf")

    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads((output / "run_report.json").read_text(encoding="utf-8"))
    assert report["indicators"] == ["apl_mg", "tx_pauvrete"]
    assert not (output / "diagnostic.pdf").exists()


def test_unknown_indicator_exit_2(tmp_path):
    output = tmp_path / "bad"
    completed = run_cli("diagnose", "--territory", MEL, "--source", "sample", "--output", str(output),
                        "--indicators", "taux_inconnu", "--no-pdf")

    assert completed.returncode == 2, completed.stderr
    assert "taux_inconnu" in completed.stderr
    assert not output.exists()


def test_invalid_territory_exit_2(tmp_path):
    completed = run_cli("diagnose", "--territory", "commune:5935", "--source", "sample", "--output",
                        str(tmp_path / "bad"), "--no-pdf")

    assert completed.returncode == 2, completed.stderr
    assert "5935" in completed.stderr


def test_missing_layer_file_exit_2(tmp_path):
    output = tmp_path / "bad"
    completed = run_cli("diagnose", "--territory", MEL, "--source", "sample", "--output", str(output),
                        "--iris-layer", str(tmp_path / "absent.gpkg"), "--no-pdf")

    assert completed.returncode == 2, completed.stderr
    assert "absent.gpkg" in completed.stderr
    assert not output.exists() or list(output.iterdir()) == []


def test_invalid_source_exit_2(tmp_path):
    completed = run_cli("diagnose", "--territory", MEL, "--source", "ftp", "--output", str(tmp_path))

    assert completed.returncode == 2


def test_user_communes_layer(tmp_path):
    output = tmp_path / "own"
    layer = ROOT / "resources" / "sample" / "communes-mel-admin-express-2018.geojson"
    completed = run_cli("diagnose", "--territory", MEL, "--source", "sample", "--output", str(output),
                        "--communes-layer", str(layer), "--level", "commune", "--indicators", "apl_mg", "--no-pdf")

    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads((output / "run_report.json").read_text(encoding="utf-8"))
    apl = next(join for join in report["joins"] if join["name"].startswith("drees_apl_mg"))
    assert apl["matched"] == 95


def test_user_table_spreadsheet_codes(tmp_path):
    table = tmp_path / "mes_indicateurs.csv"
    # Codes saved by a spreadsheet as decimal numbers, values with decimal commas.
    table.write_text("codgeo;taux_local\n59350.0;12,5\n59009.0;7,25\n59512.0;\n", encoding="utf-8")
    output = tmp_path / "own"
    completed = run_cli("diagnose", "--territory", MEL, "--source", "sample", "--output", str(output),
                        "--table", str(table), "--indicators", "apl_mg", "--level", "commune", "--no-pdf")

    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads((output / "run_report.json").read_text(encoding="utf-8"))
    join = next(item for item in report["joins"] if item["name"].startswith("local:mes_indicateurs"))
    assert join["matched"] == 3
    import sqlite3

    with sqlite3.connect(output / "diagnostic.gpkg") as connection:
        values = dict(connection.execute("SELECT code_commune, taux_local FROM communes"))
    assert values["59350"] == 12.5
    assert values["59009"] == 7.25
    assert values["59512"] is None


def pdf_text(path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_commune_of_sample_pdf(tmp_path):
    # Lille alone, from sample files that cover the whole MEL.
    output = tmp_path / "lille"
    completed = run_cli("diagnose", "--territory", "commune:59350", "--source", "sample", "--output", str(output))

    assert completed.returncode == 0, completed.stderr[-3000:]
    # Each warning is printed once, and none about communes outside Lille (Bermeries, in the
    # APL workbook of Nord), which stay in run_report.json.
    lines = [line for line in completed.stderr.splitlines() if line.strip()]
    assert len(lines) == len(set(lines)), completed.stderr
    skipped = [line for line in lines if "APL aux infirmières" in line and "Non inclus" in line]
    assert len(skipped) == 1
    assert "drees_apl_inf" not in completed.stderr
    assert "59070" not in completed.stderr
    assert "59070" in (output / "run_report.json").read_text(encoding="utf-8")
    text = pdf_text(output / "diagnostic.pdf")
    # The census bases and the FINESS extract of the sample are invented: the PDF says so.
    census = [line for line in text.splitlines() if "Recensement de la population" in line]
    assert census
    assert all("données fictives de démonstration" in line for line in census if line.startswith("Source"))
    finess = [line for line in text.splitlines() if line.startswith("Source") and "FINESS" in line]
    assert finess
    assert all("données fictives de démonstration" in line for line in finess)
    # Real sources stay credited as such.
    filosofi = [line for line in text.splitlines() if line.startswith("Source") and "Filosofi" in line]
    assert filosofi
    assert not any("fictives" in line for line in filosofi)
    # Only the sources loaded are credited: the sample has no APL of nurses or dentists, which
    # only the methods page's line about the sample names.
    import re

    flat = " ".join(text.split())
    notice = re.compile(r"Non inclus dans l’échantillon de démonstration :.*?ces indicateurs\.")
    assert len(notice.findall(flat)) == 1
    credits = notice.sub("", flat).lower()
    assert "infirmi" not in credits
    assert "dentiste" not in credits
    # Establishment counts are not compared with the département.
    assert not any(line.strip().startswith(("• EHPAD", "• Pharmacies")) and "contre" in line
                   for line in text.splitlines())


def test_sample_outside_mel_exit_2(tmp_path):
    output = tmp_path / "saint-etienne"
    completed = run_cli("diagnose", "--territory", "commune:42218", "--source", "sample", "--output", str(output))

    assert completed.returncode == 2
    assert "ne couvre que la Métropole Européenne de Lille" in completed.stderr
    assert "42218" in completed.stderr
    # Stopped before fetching: no step after the territory, no output folder.
    assert "Récupération des données" not in completed.stderr
    assert not output.exists()
