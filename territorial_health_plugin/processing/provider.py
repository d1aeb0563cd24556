"""Processing provider ``territorial_health``."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from territorial_health_plugin.toolbelt.i18n import tr
from territorial_health_plugin.toolbelt.resources import resource_path

PROVIDER_ID = "territorial_health"


class TerritorialHealthProvider(QgsProcessingProvider):
    """Provider of the diagnostic's algorithms."""

    def id(self) -> str:
        return PROVIDER_ID

    def name(self) -> str:
        return tr("Territorial health diagnostic")

    def icon(self) -> QIcon:
        return QIcon(str(resource_path("icons", "icon.svg")))

    def loadAlgorithms(self) -> None:  # noqa: N802 - name fixed by QGIS
        """Add the algorithms listed in :mod:`processing.algorithms`."""
        from territorial_health_plugin.processing.algorithms import algorithm_classes

        for algorithm_class in algorithm_classes():
            self.addAlgorithm(algorithm_class())
