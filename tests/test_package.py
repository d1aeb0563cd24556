"""The zip that users install holds the plugin and nothing of the build."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT

PLUGIN = "territorial_health_plugin"


@pytest.fixture(scope="module")
def plugin_zip(tmp_path_factory, compiled_translation):
    target = tmp_path_factory.mktemp("dist") / f"{PLUGIN}.zip"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_zip.py"), str(target)], check=True)
    return target


def test_zip_has_one_plugin_folder(plugin_zip):
    with zipfile.ZipFile(plugin_zip) as archive:
        tops = {name.split("/")[0] for name in archive.namelist()}
    assert tops == {PLUGIN}


def test_zip_holds_metadata_resources_translation(plugin_zip):
    with zipfile.ZipFile(plugin_zip) as archive:
        names = set(archive.namelist())
    assert f"{PLUGIN}/metadata.txt" in names
    assert f"{PLUGIN}/__init__.py" in names
    assert f"{PLUGIN}/resources/icons/icon.svg" in names
    assert f"{PLUGIN}/resources/i18n/territorial_health_fr.qm" in names


def test_zip_has_no_build_clutter(plugin_zip):
    with zipfile.ZipFile(plugin_zip) as archive:
        names = archive.namelist()
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]
    assert not [name for name in names if "/tests/" in name or name.endswith(".ts")]


def test_metadata_is_complete():
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "metadata.txt", encoding="utf-8")
    general = parser["general"]
    for key in (
        "name", "description", "about", "version", "author", "email", "qgisMinimumVersion",
        "qgisMaximumVersion", "hasProcessingProvider", "category", "tags", "homepage",
        "repository", "tracker", "icon", "changelog",
    ):
        assert general.get(key, "").strip(), key
    assert general["qgisMinimumVersion"] == "3.22"
    assert general["hasProcessingProvider"] == "yes"
    assert (ROOT / "resources" / "icons" / "icon.svg").exists()
