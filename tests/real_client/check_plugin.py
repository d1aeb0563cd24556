"""Run inside the real QGIS desktop (``qgis --code``): check the installed plugin, then quit.

The result goes as JSON to the file named by the environment variable THP_RESULT.
"""

import json
import os
import traceback

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QDockWidget
from qgis.utils import active_plugins, iface, plugins, unloadPlugin

PLUGIN = "territorial_health_plugin"


def provider_ids():
    return sorted(provider.id() for provider in QgsApplication.processingRegistry().providers())


def check():
    result = {}
    try:
        result["active"] = PLUGIN in active_plugins
        window = iface.mainWindow()
        dock = window.findChild(QDockWidget, "TerritorialHealthDock")
        result["dock"] = dock is not None
        result["dock_title"] = dock.windowTitle() if dock else None
        result["provider"] = "territorial_health" in provider_ids()
        action = plugins[PLUGIN].action if PLUGIN in plugins else None
        result["action_text"] = action.text() if action else None

        result["unloaded"] = unloadPlugin(PLUGIN)
        QgsApplication.processEvents()
        result["dock_after_unload"] = any(
            widget.objectName() == "TerritorialHealthDock" and not widget.isHidden()
            for widget in window.findChildren(QDockWidget)
        )
        result["provider_after_unload"] = "territorial_health" in provider_ids()
        result["active_after_unload"] = PLUGIN in active_plugins
    except Exception:  # noqa: BLE001 - everything goes to the test as text
        result["error"] = traceback.format_exc()
    with open(os.environ["THP_RESULT"], "w", encoding="utf-8") as stream:
        json.dump(result, stream)
    QgsApplication.exit(0)


QTimer.singleShot(2000, check)
