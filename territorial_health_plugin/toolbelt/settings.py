"""The plugin's settings, typed, in one place, stored in QgsSettings.

Each field of :class:`PluginSettings` is a setting with its type and default; the
:class:`SettingsManager` reads and writes them under the ``territorial_health/`` group,
passing each field's type to QgsSettings so that ``False``, ``0`` and ``""`` survive.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, fields
from pathlib import Path

SETTINGS_GROUP = "territorial_health"


def default_cache_dir() -> str:
    """Return the default cache folder, inside QGIS's user profile when QGIS runs."""
    try:
        from qgis.core import QgsApplication

        base = QgsApplication.qgisSettingsDirPath()
    except Exception:  # noqa: BLE001 - settings may be read before QGIS starts
        base = ""
    if base:
        return str(Path(base) / "cache" / "territorial_health")
    return str(Path.home() / ".cache" / "territorial_health")


@dataclass
class PluginSettings:
    """Typed settings with their defaults."""

    cache_dir: str = field(default_factory=default_cache_dir)
    cache_max_mb: int = 2048
    network_timeout_s: int = 60
    output_dir: str = ""
    default_level: str = "iris"
    data_source: str = "online"
    last_territory: str = ""
    last_themes: str = ""
    last_territory_label: str = ""
    last_indicators: str = ""
    last_level: str = ""
    data_dir: str = ""
    filosofi_vintage: str = ""
    census_vintage: str = ""
    apl_vintage: str = ""


class SettingsManager:
    """Read and write :class:`PluginSettings` through QgsSettings."""

    @staticmethod
    def load() -> PluginSettings:
        """Return the stored settings, defaults where nothing is stored."""
        from qgis.core import QgsSettings

        stored = QgsSettings()
        defaults = PluginSettings()
        values = {}
        for item in fields(PluginSettings):
            default = getattr(defaults, item.name)
            key = f"{SETTINGS_GROUP}/{item.name}"
            values[item.name] = stored.value(key, default, type=type(default))
        return PluginSettings(**values)

    @staticmethod
    def save(settings: PluginSettings) -> None:
        """Store every field of ``settings``."""
        from qgis.core import QgsSettings

        stored = QgsSettings()
        for name, value in dataclasses.asdict(settings).items():
            stored.setValue(f"{SETTINGS_GROUP}/{name}", value)

    @staticmethod
    def set_value(name: str, value) -> None:
        """Store one field, checking that it exists."""
        if name not in {item.name for item in fields(PluginSettings)}:
            raise KeyError(name)
        from qgis.core import QgsSettings

        QgsSettings().setValue(f"{SETTINGS_GROUP}/{name}", value)
