"""Messages distinguished by a disambiguation: extraction, .ts files, --apply, --check and the .qm."""

from __future__ import annotations

import subprocess
import sys

import pytest
from qgis.PyQt.QtCore import QTranslator

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def update_translations():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import update_translations
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return update_translations


def test_extracts_each_form_once(tmp_path, update_translations):
    module = tmp_path / "forms.py"
    module.write_text(
        'FEMININE = "feminine subject"\n'
        'tr("higher than {x}", "masculine subject")\n'
        'tr("higher than {x}", FEMININE)\n'
        'tr("higher than {x}", disambiguation="feminine subject")\n'
        'tr("higher than {x}")\n',
        encoding="utf-8",
    )
    messages, problems = update_translations.module_messages(module)

    assert problems == []
    assert messages == [("higher than {x}", "masculine subject"), ("higher than {x}", "feminine subject"),
                        ("higher than {x}", "")]


def test_rejects_variable_disambiguation(tmp_path, update_translations):
    module = tmp_path / "bad.py"
    module.write_text(
        'GENDER = "masculine subject"\n'
        'GENDER = "feminine subject"\n'
        'def f(gender):\n'
        '    tr("a", gender)\n'
        '    tr("b", GENDER)\n',
        encoding="utf-8",
    )
    messages, problems = update_translations.module_messages(module)

    assert messages == []
    assert [problem.line for problem in problems] == [4, 5]
    assert all("disambiguation" in problem.text for problem in problems)


def test_ts_keeps_disambiguation_as_comment(tmp_path, update_translations):
    messages = [("the {label}", "masculine subject"), ("the {label}", "feminine subject"), ("Ranking", "")]
    translations = {("the {label}", "masculine subject"): "le {label}", ("Ranking", ""): "Classement"}
    path = tmp_path / "forms.ts"
    path.write_text(update_translations.render_ts(messages, translations), encoding="utf-8")
    text = path.read_text(encoding="utf-8")

    assert "<comment>masculine subject</comment>" in text
    assert "<comment>feminine subject</comment>" in text
    # A message without disambiguation is written as before: no empty comment element.
    assert text.count("<comment>") == 2
    assert update_translations.read_ts(path) == translations


def test_apply_json_with_forms(update_translations):
    parsed = update_translations.parse_applied({
        "Ranking": "Classement",
        "the {label}": {"masculine subject": "le {label}", "feminine subject": "la {label}", "": "le {label}"},
    })

    assert parsed == {
        ("Ranking", ""): "Classement",
        ("the {label}", "masculine subject"): "le {label}",
        ("the {label}", "feminine subject"): "la {label}",
        ("the {label}", ""): "le {label}",
    }


def test_check_reports_form_placeholders(update_translations):
    problems = update_translations.placeholder_problems({("the {label}", "feminine subject"): "la {libelle}"})

    assert len(problems) == 1
    assert "feminine subject" in problems[0]


def test_check_lists_untranslated_form():
    """--check names the form (source and disambiguation) that lacks its French text."""
    completed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "update_translations.py"), "--check"],
        capture_output=True, text=True, check=False,
    )
    own = [line for line in completed.stderr.splitlines()
           if "core.report." in line or "toolbelt.i18n" in line]
    assert own == []


def test_lrelease_keeps_forms_apart(tmp_path, qgis_app, update_translations):
    """The compiled .qm gives each disambiguation its own translation, as QCoreApplication.translate reads it."""
    messages = [("higher than {x}", "masculine subject"), ("higher than {x}", "feminine subject")]
    translations = {messages[0]: "supérieur à {x}", messages[1]: "supérieure à {x}"}
    source = tmp_path / "forms.ts"
    source.write_text(update_translations.render_ts(messages, translations), encoding="utf-8")
    compiled = tmp_path / "forms.qm"
    subprocess.run([update_translations.find_lrelease(), "-silent", str(source), "-qm", str(compiled)], check=True)

    translator = QTranslator()
    assert translator.load(str(compiled))
    context = update_translations.CONTEXT
    assert translator.translate(context, "higher than {x}", "masculine subject") == "supérieur à {x}"
    assert translator.translate(context, "higher than {x}", "feminine subject") == "supérieure à {x}"


def test_tr_passes_disambiguation(french_translator):
    from territorial_health_plugin.toolbelt.i18n import tr

    assert tr("higher than {reference}", "masculine subject") == "supérieur à {reference}"
    assert tr("higher than {reference}", "feminine subject") == "supérieure à {reference}"
    assert tr("Number of {units}", "units starting with a vowel") == "Nombre d'{units}"


def test_translation_language_french(french_translator):
    from territorial_health_plugin.toolbelt.i18n import translation_language

    assert translation_language() == "fr"
