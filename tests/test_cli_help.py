"""The command line speaks French whatever the machine's locale."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def run_cli(*arguments: str, lang: str = "C") -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "TERRITORIAL_HEALTH_LANG"}
    environment.update({"LANG": lang, "LC_ALL": lang, "QT_QPA_PLATFORM": "offscreen"})
    environment["QGIS_CUSTOM_CONFIG_PATH"] = str(ROOT / ".qgis-settings")
    return subprocess.run(
        [sys.executable, "-m", "territorial_health_plugin", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_help_is_french_under_lang_c():
    completed = run_cli("--help")
    assert completed.returncode == 0, completed.stderr
    assert "utilisation :" in completed.stdout
    assert "Diagnostic territorial de santé" in completed.stdout
    assert "affiche cette aide et quitte" in completed.stdout
    assert "show this help" not in completed.stdout


def test_help_lists_subcommands():
    completed = run_cli("--help")
    assert "territory" in completed.stdout
    assert "diagnose" in completed.stdout


def test_help_is_french_under_english_machine_locale():
    completed = run_cli("--help", lang="en_US.UTF-8")
    assert "utilisation :" in completed.stdout


def test_missing_subcommand_error_in_french():
    completed = run_cli()
    assert completed.returncode == 2
    assert "les arguments suivants sont obligatoires" in completed.stderr


def test_unknown_option_error_in_french():
    completed = run_cli("territory", "--frobnicate")
    assert completed.returncode == 2
    assert "arguments non reconnus" in completed.stderr


def test_option_values_named_in_french():
    completed = run_cli("diagnose", "--help")
    assert "--output DOSSIER" in completed.stdout
    assert "--territory TERRITOIRE" in completed.stdout
    assert "OUTPUT" not in completed.stdout


def test_headings_take_space_before_colon():
    completed = run_cli("territory", "--help")
    assert "arguments positionnels :" in completed.stdout
    assert "options :" in completed.stdout


def test_closed_pipe_gives_no_traceback():
    environment = {key: value for key, value in os.environ.items() if key != "TERRITORIAL_HEALTH_LANG"}
    environment.update({"LANG": "C", "QT_QPA_PLATFORM": "offscreen",
                        "QGIS_CUSTOM_CONFIG_PATH": str(ROOT / ".qgis-settings")})
    completed = subprocess.run(
        f"{sys.executable} -m territorial_health_plugin territory region:32 | head -n 1",
        shell=True, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=False,
    )
    assert completed.stdout.startswith("code_commune")
    assert "Traceback" not in completed.stderr
    assert "BrokenPipeError" not in completed.stderr


@pytest.mark.parametrize("place", ["before", "after"])
def test_verbose_accepted_before_or_after_subcommand(place):
    # The error messages suggest « relancez avec -v » after a failed diagnose.
    arguments = ["diagnose", "--territory", "commune:5935", "--output", "/nonexistent/out"]
    arguments = ["-v", *arguments] if place == "before" else [*arguments, "-v"]

    completed = run_cli(*arguments)

    assert completed.returncode == 2
    assert "DEBUG" in completed.stderr
    assert "Code commune « 5935 » invalide" in completed.stderr
