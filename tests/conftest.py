"""Shared fixtures: a real QGIS (pytest-qgis), the compiled translation, a French interface."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QM_FILE = ROOT / "resources" / "i18n" / "territorial_health_fr.qm"
TS_DIR = ROOT / "resources" / "i18n" / "fr"

# The interface language follows the machine's locale on the desktop; tests pin it to French
# so that they do not depend on the CI machine's LANG. Tests of the choice itself unset it.
os.environ.setdefault("TERRITORIAL_HEALTH_LANG", "fr")


def _qm_is_stale() -> bool:
    if not QM_FILE.exists():
        return True
    built = QM_FILE.stat().st_mtime
    return any(path.stat().st_mtime > built for path in TS_DIR.glob("*.ts"))


@pytest.fixture(scope="session", autouse=True)
def compiled_translation() -> Path:
    """Compile the French .qm once per session when the .ts files are newer."""
    if _qm_is_stale():
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "update_translations.py"), "--compile"],
            check=True,
        )
    return QM_FILE


@pytest.fixture(scope="session", autouse=True)
def french_translator(compiled_translation, qgis_app):
    """Install the French translator for the whole session, as the plugin does by default.

    Autouse, so that a test checking a French message never depends on which test ran first.
    """
    from territorial_health_plugin.toolbelt.i18n import install_translator, remove_translator

    translator = install_translator("fr")
    yield translator
    remove_translator(translator)
