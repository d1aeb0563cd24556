"""Starting the plugin and opening the panel reach no network (a slow network must never hang QGIS at start)."""

from __future__ import annotations

import json

import pytest

from territorial_health_plugin.core import endpoints
from tests.mock_http import MockResponse, MockServer
from tests.test_plugin_lifecycle import RecordingInterface


@pytest.fixture
def watched_sources(tmp_path, monkeypatch, qgis_app):
    """Point every endpoint at a local server that records any request."""
    with MockServer() as server:
        overrides = {}
        for source_id in endpoints.load_endpoints():
            path = "/" + source_id.replace(".", "/")
            server.add(path, MockResponse(body=b"{}", delay_s=5))
            overrides[source_id] = {"url": server.url(path)}
        override = tmp_path / "sources.json"
        override.write_text(json.dumps(overrides), encoding="utf-8")
        monkeypatch.setenv(endpoints.OVERRIDE_ENV, str(override))
        endpoints.clear_cache()
        yield server
    endpoints.clear_cache()


def test_init_gui_and_panel_reach_no_network(watched_sources, qgis_iface, qgis_processing):
    from qgis.PyQt.QtCore import QCoreApplication

    from territorial_health_plugin import classFactory

    interface = RecordingInterface(qgis_iface)
    plugin = classFactory(interface)
    plugin.initGui()
    try:
        plugin.action.trigger()
        for _ in range(20):
            QCoreApplication.processEvents()

        assert plugin.dock.isUserVisible()
        assert watched_sources.paths() == []
    finally:
        plugin.unload()
