"""Visible strings are translated into French, and the .ts files are complete."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


def test_ts_files_complete_and_current():
    """Every tr() literal has a French translation with the same placeholders."""
    completed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "update_translations.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr


def test_tr_translates_with_french_translator(french_translator):
    from territorial_health_plugin.toolbelt.i18n import tr

    assert tr("Territorial health diagnostic") == "Diagnostic territorial de santé"


def test_placeholders_filled_after_translation(french_translator):
    from territorial_health_plugin.toolbelt.i18n import tr

    assert tr("error: {message}").format(message="x") == "erreur : x"


@pytest.mark.parametrize(
    ("forced", "override", "user_locale", "expected"),
    [
        ("", False, "", "fr"),
        ("", True, "en_GB", "en"),
        ("", True, "fr_FR", "fr"),
        ("", True, "de_DE", "fr"),
        ("en", True, "fr_FR", "en"),
    ],
)
def test_interface_language_follows_qgis_locale(monkeypatch, qgis_app, forced, override, user_locale, expected):
    from qgis.core import QgsSettings

    from territorial_health_plugin.toolbelt.i18n import LANGUAGE_ENV, interface_language

    monkeypatch.setenv(LANGUAGE_ENV, forced)
    settings = QgsSettings()
    settings.setValue("locale/overrideFlag", override)
    settings.setValue("locale/userLocale", user_locale)
    try:
        assert interface_language(gui=False) == expected
    finally:
        settings.remove("locale/overrideFlag")
        settings.remove("locale/userLocale")


def test_tr_rejects_non_literals(tmp_path, monkeypatch):
    """The extractor reports tr() around an f-string or a variable."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import update_translations
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    module = tmp_path / "bad.py"
    module.write_text('name = "x"\ntr(f"{name} missing")\ntr(name)\ntr("fine")\n', encoding="utf-8")
    messages, problems = update_translations.module_messages(module)
    assert messages == [("fine", "")]
    assert [problem.line for problem in problems] == [2, 3]
