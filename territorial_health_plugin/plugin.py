"""Entry class: registers the action, the dock panel and the Processing provider.

Every registration made in :meth:`initGui` has its twin in :meth:`unload`, so that a reload
or an uninstall leaves nothing behind in QGIS.
"""

from __future__ import annotations

import logging

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from territorial_health_plugin.toolbelt.i18n import install_translator, remove_translator, tr
from territorial_health_plugin.toolbelt.log_handler import install_message_log_handler, remove_handler
from territorial_health_plugin.toolbelt.resources import resource_path

logger = logging.getLogger(__name__)


class TerritorialHealthPlugin:
    """The plugin object that QGIS creates through ``classFactory``."""

    def __init__(self, iface) -> None:
        self.iface = iface
        self.log_handler = install_message_log_handler()
        self.translator = install_translator(gui=True)
        self.provider = None
        self.action: QAction | None = None
        self.dock = None
        self.options_factory = None

    def initProcessing(self) -> None:  # noqa: N802 - name fixed by QGIS
        """Register the Processing provider (QGIS calls this without the GUI too)."""
        if self.provider is not None:
            return
        from territorial_health_plugin.processing.provider import TerritorialHealthProvider

        self.provider = TerritorialHealthProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:  # noqa: N802 - name fixed by QGIS
        """Create the action, the dock panel and the options page."""
        self.initProcessing()

        from territorial_health_plugin.gui.dock import DiagnosticDock

        self.dock = DiagnosticDock(self.iface, self.iface.mainWindow())
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()

        self.action = QAction(
            QIcon(str(resource_path("icons", "icon.svg"))),
            tr("Territorial health diagnostic"),
            self.iface.mainWindow(),
        )
        self.action.setObjectName("territorialHealthAction")
        self.action.setToolTip(tr("Show the territorial health diagnostic panel"))
        self.dock.setToggleVisibilityAction(self.action)
        self.iface.addPluginToMenu(tr("&Territorial health diagnostic"), self.action)
        self.iface.addToolBarIcon(self.action)
        self._register_options_page()

    def _register_options_page(self) -> None:
        try:
            from territorial_health_plugin.gui.options import OptionsFactory
        except ImportError:
            return
        self.options_factory = OptionsFactory()
        self.iface.registerOptionsWidgetFactory(self.options_factory)

    def unload(self) -> None:
        """Undo every registration made by :meth:`initProcessing` and :meth:`initGui`."""
        if self.options_factory is not None:
            self.iface.unregisterOptionsWidgetFactory(self.options_factory)
            self.options_factory = None
        if self.action is not None:
            self.iface.removePluginMenu(tr("&Territorial health diagnostic"), self.action)
            self.iface.removeToolBarIcon(self.action)
            self.action.deleteLater()
            self.action = None
        if self.dock is not None:
            self.dock.shutdown()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator(self.translator)
        self.translator = None
        remove_handler(self.log_handler)
        self.log_handler = None
