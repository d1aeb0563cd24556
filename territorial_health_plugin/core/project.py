"""The QGIS project saved beside the GeoPackage: one layer per indicator, grouped by theme.

The project is a fresh :class:`QgsProject`, never the running project, so that it can be
built in a worker thread. Every layer points into the GeoPackage (no memory layer, so
reopening the project shows the same map) and paths are stored relative to the project file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from qgis.core import Qgis, QgsProject, QgsRectangle, QgsReferencedRectangle, QgsVectorLayer

from territorial_health_plugin.core import styling
from territorial_health_plugin.toolbelt.errors import PluginError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

THEME_GROUPS = {
    "offre_soins": "Offre de soins et de prévention",
    "determinants_sociaux": "Déterminants sociaux de santé",
    "populations_vulnerables": "Populations vulnérables",
    "donnees_utilisateur": "Données de l’utilisateur",
}
CONTEXT_GROUP = "Territoire"


@dataclass
class IndicatorLayer:
    """One indicator to show: which GeoPackage layer carries it and how to style it."""

    indicator_id: str
    title: str
    theme: str
    table: str
    decimals: int = 1
    unit: str = ""
    higher_is_worse: bool = True
    classification: str = styling.DEFAULT_METHOD


def gpkg_layer(gpkg: Path, table: str, title: str) -> QgsVectorLayer:
    """Open one table of the GeoPackage as a layer named ``title``."""
    layer = QgsVectorLayer(f"{gpkg}|layername={table}", title, "ogr")
    if not layer.isValid():
        raise PluginError(tr("The layer {name} cannot be opened in {path}.").format(name=table, path=gpkg))
    return layer


def build_project(gpkg: Path, indicator_layers: list[IndicatorLayer], context_tables: list[tuple[str, str]],
                  title: str) -> QgsProject:
    """Return a new project with the context layers and one styled layer per indicator.

    ``context_tables`` lists ``(table, title)`` of the outline layers (territory, QPV,
    establishments), drawn above the indicators and styled from the GeoPackage's default style.
    """
    project = QgsProject()
    project.setTitle(title)
    _use_relative_paths(project)
    root = project.layerTreeRoot()

    context = root.addGroup(CONTEXT_GROUP)
    for table, layer_title in context_tables:
        layer = gpkg_layer(gpkg, table, layer_title)
        project.addMapLayer(layer, False)
        context.addLayer(layer)

    groups = {}
    for item in indicator_layers:
        group = groups.get(item.theme)
        if group is None:
            group = root.addGroup(THEME_GROUPS.get(item.theme, item.theme))
            groups[item.theme] = group
        layer = _indicator_layer(gpkg, item)
        project.addMapLayer(layer, False)
        node = group.addLayer(layer)
        # Only the first map of each theme is switched on, so that the maps do not hide each other.
        node.setItemVisibilityChecked(len(group.children()) == 1)
    if indicator_layers:
        project.setCrs(gpkg_layer(gpkg, indicator_layers[0].table, "crs").crs())
    _set_default_view(project, gpkg)
    return project


def _set_default_view(project: QgsProject, gpkg: Path) -> None:
    """Open the project on the territory.

    A project written by a script stores no map canvas, so without a default view extent
    QGIS opens it on an empty canvas.
    """
    layer = gpkg_layer(gpkg, "territory", "territory")
    if not layer.isValid() or layer.extent().isEmpty():
        return
    extent = QgsRectangle(layer.extent())
    extent.scale(1.05)
    project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(extent, layer.crs()))


def _use_relative_paths(project: QgsProject) -> None:
    """Store layer paths relative to the project file (the default, set explicitly)."""
    if hasattr(project, "setFilePathStorage") and hasattr(Qgis, "FilePathType"):
        project.setFilePathStorage(Qgis.FilePathType.Relative)
    else:
        project.writeEntryBool("Paths", "/Absolute", False)


def _indicator_layer(gpkg: Path, item: IndicatorLayer) -> QgsVectorLayer:
    layer = gpkg_layer(gpkg, item.table, item.title)
    renderer, _ = styling.choropleth_renderer(layer, item.indicator_id, item.decimals, item.unit,
                                              item.higher_is_worse, item.classification)
    layer.setRenderer(renderer)
    return layer


def save_project(project: QgsProject, path: Path) -> Path:
    """Write ``project`` to ``path`` (``.qgz``) with relative paths."""
    if not project.write(str(path)):
        raise PluginError(tr("Cannot save the QGIS project {path}.").format(path=path), project.error())
    return path
