"""The plugin loads into QGIS and unload leaves nothing behind."""

from __future__ import annotations

import logging

import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QMainWindow


class RecordingInterface:
    """A QgisInterface stand-in that records what a plugin registers, on a real main window."""

    def __init__(self, base) -> None:
        self._base = base
        self._window = QMainWindow()
        self._window.show()
        self.menu_actions: list = []
        self.toolbar_actions: list = []
        self.docks: list = []
        self.options_factories: list = []

    def __getattr__(self, name):
        return getattr(self._base, name)

    def mainWindow(self):
        return self._window

    def addPluginToMenu(self, name, action):
        self.menu_actions.append((name, action))

    def removePluginMenu(self, name, action):
        self.menu_actions.remove((name, action))

    def addToolBarIcon(self, action):
        self.toolbar_actions.append(action)

    def removeToolBarIcon(self, action):
        self.toolbar_actions.remove(action)

    def addDockWidget(self, area, dock):
        self._window.addDockWidget(area, dock)
        self.docks.append(dock)

    def removeDockWidget(self, dock):
        self._window.removeDockWidget(dock)
        self.docks.remove(dock)

    def registerOptionsWidgetFactory(self, factory):
        self.options_factories.append(factory)

    def unregisterOptionsWidgetFactory(self, factory):
        self.options_factories.remove(factory)


@pytest.fixture
def recording_iface(qgis_iface):
    return RecordingInterface(qgis_iface)


def _provider_ids() -> set[str]:
    return {provider.id() for provider in QgsApplication.processingRegistry().providers()}


def _package_handlers() -> list:
    return list(logging.getLogger("territorial_health_plugin").handlers)


def test_plugin_registers_action_dock_provider(recording_iface, qgis_processing):
    from territorial_health_plugin import classFactory

    plugin = classFactory(recording_iface)
    plugin.initGui()
    try:
        assert len(recording_iface.menu_actions) == 1
        assert len(recording_iface.toolbar_actions) == 1
        assert len(recording_iface.docks) == 1
        assert "territorial_health" in _provider_ids()
        assert recording_iface.docks[0].windowTitle() == "Diagnostic territorial de santé"
    finally:
        plugin.unload()


def test_unload_leaves_nothing(recording_iface, qgis_processing):
    from territorial_health_plugin import classFactory

    handlers_before = _package_handlers()
    plugin = classFactory(recording_iface)
    plugin.initGui()
    plugin.unload()

    assert recording_iface.menu_actions == []
    assert recording_iface.toolbar_actions == []
    assert recording_iface.docks == []
    assert recording_iface.options_factories == []
    assert "territorial_health" not in _provider_ids()
    assert _package_handlers() == handlers_before
    assert plugin.translator is None


def test_action_toggles_dock(recording_iface, qgis_processing):
    from territorial_health_plugin import classFactory

    plugin = classFactory(recording_iface)
    plugin.initGui()
    try:
        dock = recording_iface.docks[0]
        assert not dock.isUserVisible()
        plugin.action.trigger()
        assert dock.isUserVisible()
        plugin.action.trigger()
        assert not dock.isUserVisible()
    finally:
        plugin.unload()
