"""The zip installs into a fresh profile of the real QGIS desktop, loads and unloads clean.

It starts ``qgis`` under Xvfb with a temporary profile holding the unpacked zip and runs
``tests/real_client/check_plugin.py`` inside it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT

PLUGIN = "territorial_health_plugin"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("qgis") is None or shutil.which("xvfb-run") is None,
                       reason="needs the qgis and xvfb Debian packages (make setup installs them)"),
]


def make_profile(root, plugin_zip):
    """Create a QGIS profile folder with the plugin unpacked and enabled."""
    profile = root / "profiles" / "default"
    plugins_dir = profile / "python" / "plugins"
    plugins_dir.mkdir(parents=True)
    with zipfile.ZipFile(plugin_zip) as archive:
        archive.extractall(plugins_dir)
    settings_dir = profile / "QGIS"
    settings_dir.mkdir()
    (settings_dir / "QGIS3.ini").write_text(
        "[PythonPlugins]\n"
        f"{PLUGIN}=true\n"
        "[qgis]\n"
        "checkVersion=false\n"
        "showTips=false\n"
        "[core]\n"
        "first_start=false\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def real_client_result(tmp_path_factory, compiled_translation):
    work = tmp_path_factory.mktemp("real_client")
    plugin_zip = work / f"{PLUGIN}.zip"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_zip.py"), str(plugin_zip)], check=True)
    profiles = make_profile(work / "profiles_root", plugin_zip)
    result_file = work / "result.json"

    environment = dict(os.environ)
    environment.pop("QT_QPA_PLATFORM", None)
    environment.pop("QGIS_CUSTOM_CONFIG_PATH", None)
    environment.pop("QGIS_OPTIONS_PATH", None)
    environment["THP_RESULT"] = str(result_file)
    command = [
        "xvfb-run", "-a", "-s", "-screen 0 1280x900x24",
        "qgis", "--profiles-path", str(profiles), "--nologo", "--noversioncheck", "--skipbadlayers",
        "--code", str(ROOT / "tests" / "real_client" / "check_plugin.py"),
    ]
    completed = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300, check=False)
    assert result_file.exists(), f"QGIS wrote no result\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}"
    return json.loads(result_file.read_text(encoding="utf-8"))


def test_plugin_active_in_real_qgis(real_client_result):
    assert "error" not in real_client_result, real_client_result.get("error")
    assert real_client_result["active"] is True


def test_dock_and_provider_exist(real_client_result):
    assert real_client_result["dock"] is True
    assert real_client_result["dock_title"] == "Diagnostic territorial de santé"
    assert real_client_result["provider"] is True


def test_unload_removes_everything(real_client_result):
    assert real_client_result["unloaded"] is True
    assert real_client_result["dock_after_unload"] is False
    assert real_client_result["provider_after_unload"] is False
    assert real_client_result["active_after_unload"] is False
