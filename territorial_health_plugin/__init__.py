"""QGIS entry point of the territorial health diagnostic plugin."""


def classFactory(iface):  # noqa: N802 - name fixed by QGIS
    """Return the plugin instance that QGIS drives through initGui and unload."""
    from territorial_health_plugin.plugin import TerritorialHealthPlugin

    return TerritorialHealthPlugin(iface)
