"""Start QGIS without a screen for the command line."""

from __future__ import annotations

import atexit
import os

_application = None


def start_headless_qgis():
    """Start (once) a QgsApplication without GUI, with the Processing framework ready.

    Returns the application. It is exited when the Python process ends.
    """
    global _application
    if _application is not None:
        return _application

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    existing = QgsApplication.instance()
    if existing is not None:
        _application = existing
        return existing

    QgsApplication.setPrefixPath(os.environ.get("QGIS_PREFIX_PATH", "/usr"), True)
    application = QgsApplication([], False)
    application.initQgis()
    _application = application
    atexit.register(_exit_qgis)
    return application


def _exit_qgis() -> None:
    global _application
    if _application is not None:
        _application.exitQgis()
        _application = None
