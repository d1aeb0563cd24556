"""Locate the plugin's resources in a source checkout and in an installed plugin.

In the repository, ``metadata.txt`` and ``resources/`` sit beside the package folder; in the
zip that QGIS installs they sit inside it. Every other module finds files through here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


@cache
def _base_dir() -> Path:
    """Return the folder that holds ``metadata.txt`` and ``resources/``."""
    for candidate in (PACKAGE_DIR, PACKAGE_DIR.parent):
        if (candidate / "resources").is_dir() and (candidate / "metadata.txt").is_file():
            return candidate
    raise FileNotFoundError(f"resources/ and metadata.txt not found beside or inside {PACKAGE_DIR}")


def resources_dir() -> Path:
    """Return the ``resources/`` folder of the plugin."""
    return _base_dir() / "resources"


def resource_path(*parts: str) -> Path:
    """Return the path of a file under ``resources/`` (it may not exist)."""
    return resources_dir().joinpath(*parts)


def metadata_path() -> Path:
    """Return the path of ``metadata.txt``."""
    return _base_dir() / "metadata.txt"


@cache
def plugin_metadata() -> dict[str, str]:
    """Read ``metadata.txt`` (the ``[general]`` section) into a dictionary."""
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    parser.read(metadata_path(), encoding="utf-8")
    return dict(parser["general"])


def plugin_version() -> str:
    """Return the version declared in ``metadata.txt``."""
    return plugin_metadata().get("version", "0")
