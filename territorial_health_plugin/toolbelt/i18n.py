"""Translation of the visible strings through Qt.

Source strings are written in English and translated to French by the ``.ts`` files in
``resources/i18n/fr/`` (compiled into one ``.qm``). French is the default whatever the
machine's locale; English is shown only where QGIS's own locale is English.

Every visible string goes through :func:`tr` with a plain literal, and placeholders are
filled after translation: ``tr("{count} communes").format(count=n)``. Where French needs
several forms of one English sentence (agreement with a feminine subject, elision), each form
is its own message, told apart by a literal *disambiguation*:
``tr("higher than {reference}", "feminine subject")``. The code picks the form; the ``.ts``
files store the disambiguation as the message's ``<comment>``, as Qt Linguist does.
"""

from __future__ import annotations

import logging
import os

from qgis.PyQt.QtCore import QCoreApplication, QTranslator

from territorial_health_plugin.toolbelt.resources import resource_path

CONTEXT = "TerritorialHealth"
QM_NAME = "territorial_health_fr.qm"
LANGUAGE_ENV = "TERRITORIAL_HEALTH_LANG"

logger = logging.getLogger(__name__)

_installed: list[QTranslator] = []


def tr(text: str, disambiguation: str | None = None) -> str:
    """Translate a plain literal into the language of the interface.

    ``disambiguation`` (a literal too) distinguishes two messages with the same English text
    that French translates differently; it is never shown.
    """
    return QCoreApplication.translate(CONTEXT, text, disambiguation)


def translation_language() -> str:
    """Return ``"fr"`` when the French translation is installed, ``"en"`` otherwise.

    Number and date formats follow the language of the translated text, which is the loaded
    translation, not the machine's locale.
    """
    return tr("en", "code of the language the text is translated into")


def qm_path():
    """Return the path of the compiled French translation."""
    return resource_path("i18n", QM_NAME)


def qgis_locale(gui: bool) -> str:
    """Return QGIS's locale: the user's override, else (desktop only) the system locale."""
    from qgis.core import QgsSettings
    from qgis.PyQt.QtCore import QLocale

    settings = QgsSettings()
    override = settings.value("locale/overrideFlag", False, type=bool)
    user_locale = settings.value("locale/userLocale", "", type=str) or ""
    if override and user_locale:
        return user_locale
    if gui:
        return QLocale.system().name()
    # The command line is French unless QGIS itself is set to another language.
    return "fr_FR"


def interface_language(gui: bool = True) -> str:
    """Return ``"en"`` where QGIS's locale is English, ``"fr"`` everywhere else.

    The environment variable ``TERRITORIAL_HEALTH_LANG`` (``fr`` or ``en``) overrides it,
    for scripts and tests.
    """
    forced = os.environ.get(LANGUAGE_ENV, "").strip().lower()
    if forced in ("fr", "en"):
        return forced
    return "en" if qgis_locale(gui).lower().startswith("en") else "fr"


def install_translator(language: str | None = None, gui: bool = True) -> QTranslator | None:
    """Install the French translator unless the interface language is English.

    Returns the installed translator so that the caller can remove it on unload.
    """
    language = language or interface_language(gui)
    if language == "en":
        logger.info("English interface: no translation loaded")
        return None

    path = qm_path()
    translator = QTranslator()
    if not translator.load(str(path)):
        logger.warning("French translation not found at %s; messages stay in English", path)
        return None
    QCoreApplication.installTranslator(translator)
    _installed.append(translator)
    logger.info("French translation loaded from %s", path)
    return translator


def remove_translator(translator: QTranslator | None) -> None:
    """Remove a translator installed by :func:`install_translator`."""
    if translator is None:
        return
    QCoreApplication.removeTranslator(translator)
    if translator in _installed:
        _installed.remove(translator)
