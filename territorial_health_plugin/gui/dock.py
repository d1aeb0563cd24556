"""The dock panel « Diagnostic territorial de santé »."""

from __future__ import annotations

from qgis.gui import QgsDockWidget
from qgis.PyQt.QtWidgets import QLabel, QVBoxLayout, QWidget

from territorial_health_plugin.toolbelt.i18n import tr


class DiagnosticDock(QgsDockWidget):
    """Dock panel from which the user picks a territory and runs the diagnostic."""

    def __init__(self, parent=None) -> None:
        super().__init__(tr("Territorial health diagnostic"), parent)
        self.setObjectName("TerritorialHealthDock")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(QLabel(tr("Pick a territory to build its health diagnostic."), body))
        layout.addStretch(1)
        self.setWidget(body)

    def shutdown(self) -> None:
        """Cancel running work and disconnect from QGIS before the plugin unloads."""
