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
    _ensure_runtime_dir()
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


def _ensure_runtime_dir() -> None:
    """Give Qt a private runtime folder, which it otherwise complains about on stderr."""
    if os.environ.get("XDG_RUNTIME_DIR") or not hasattr(os, "getuid"):
        return
    import tempfile

    folder = os.path.join(tempfile.gettempdir(), f"runtime-{os.getuid()}")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    os.environ["XDG_RUNTIME_DIR"] = folder


def _exit_qgis() -> None:
    global _application
    if _application is not None:
        _application.exitQgis()
        _application = None
