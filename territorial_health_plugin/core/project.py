"""The QGIS project saved beside the GeoPackage: one layer per indicator, grouped by theme.

The project is a fresh :class:`QgsProject`, never the running project, so that it can be
built in a worker thread. Every layer points into the GeoPackage (no memory layer, so
reopening the project shows the same map) and paths are stored relative to the project file.
"""

from __future__ import annotations

import logging
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from qgis.core import Qgis, QgsProject, QgsRectangle, QgsReferencedRectangle, QgsVectorLayer

from territorial_health_plugin.core import styling
from territorial_health_plugin.core.catalogue import theme_label
from territorial_health_plugin.toolbelt.errors import PluginError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

# Custom property of a layer that shows one indicator: its catalogue id.
INDICATOR_PROPERTY = "territorial_health/indicator"


def indicator_layers(project: QgsProject) -> dict:
    """Return ``{indicator id: layer}`` of the layers that show one indicator each."""
    layers = {}
    for layer in project.mapLayers().values():
        indicator = layer.customProperty(INDICATOR_PROPERTY)
        if indicator and indicator not in layers:
            layers[str(indicator)] = layer
    return layers


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

    context = root.addGroup(tr("Territory"))
    for table, layer_title in context_tables:
        layer = gpkg_layer(gpkg, table, layer_title)
        project.addMapLayer(layer, False)
        context.addLayer(layer)

    groups = {}
    for item in indicator_layers:
        group = groups.get(item.theme)
        if group is None:
            group = root.addGroup(theme_label(item.theme))
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
    # Saved with the project: the report finds the layer of each indicator by it.
    layer.setCustomProperty(INDICATOR_PROPERTY, item.indicator_id)
    renderer, _ = styling.choropleth_renderer(layer, item.indicator_id, item.decimals, item.unit,
                                              item.higher_is_worse, item.classification)
    layer.setRenderer(renderer)
    return layer


def save_project(project: QgsProject, path: Path) -> Path:
    """Write ``project`` to ``path`` (``.qgz``) with relative paths."""
    if not project.write(str(path)):
        raise PluginError(tr("Cannot save the QGIS project {path}.").format(path=path), project.error())
    return path


@dataclass
class TreeEntry:
    """One node of a project's layer tree: a group with its children, or a layer."""

    name: str
    visible: bool
    expanded: bool
    layer: object = None
    children: list = field(default_factory=list)


@dataclass
class ProjectLayers:
    """A saved project's layers and layer tree, read in a worker thread, for the main thread.

    Reading ``diagnostic.qgz`` with :meth:`QgsProject.read` on QGIS's main thread froze the
    panel for 0.4 to 0.6 s (the MEL sample, 35 layers). :func:`read_project_layers` reads it
    in the task's thread instead, takes the layers out of that project and moves them to the
    main thread, where :meth:`to_project` rebuilds an equal project in a few milliseconds. The
    layers keep the ids written in the file, so layouts saved into it later find them.
    """

    path: Path
    title: str
    crs: object
    view_extent: object
    tree: list
    # The project's print layouts as (name, <Layout> XML text), to copy onto the layers.
    layouts: list

    def to_project(self) -> QgsProject:
        """Return a new project holding the layers in their tree (main thread, once)."""
        project = QgsProject()
        project.setTitle(self.title)
        _use_relative_paths(project)
        project.setCrs(self.crs)
        if self.view_extent is not None:
            project.viewSettings().setDefaultViewExtent(self.view_extent)
        _attach_tree(project, project.layerTreeRoot(), self.tree)
        self.tree = []
        return project


def read_project_layers(path: Path, thread) -> ProjectLayers:
    """Read the project at ``path`` and hand its layers over to ``thread`` (see ProjectLayers).

    Raises PluginError when the file cannot be read.
    """
    project = QgsProject()
    if not project.read(str(path)):
        raise PluginError(tr("Could not read the QGIS project {path}: {error}").format(
            path=path, error=project.error()))
    try:
        # Before the layers leave: a map item drops the layers that leave its project.
        layouts = [(layout.name(), layout_xml(layout)) for layout in project.layoutManager().printLayouts()]
        tree = _detach_tree(project, project.layerTreeRoot(), thread)
        extent = project.viewSettings().defaultViewExtent()
        return ProjectLayers(Path(path), project.title(), project.crs(), None if extent.isEmpty() else extent, tree,
                             layouts)
    finally:
        project.clear()


def layout_xml(layout, between=None) -> str:
    """Return the ``<Layout>`` XML text of a print layout, paths kept absolute.

    ``between()``, when given, runs between serialising the layout and writing its text, which
    take up to 0.1 s each for the 39-page diagnostic of the MEL.
    """
    from qgis.core import QgsReadWriteContext
    from qgis.PyQt.QtXml import QDomDocument

    document = QDomDocument()
    document.appendChild(layout.writeXml(document, QgsReadWriteContext()))
    if between is not None:
        between()
    return document.toString()


def _detach_tree(project: QgsProject, group, thread) -> list:
    from qgis.core import QgsLayerTreeGroup, QgsLayerTreeLayer

    entries = []
    for child in group.children():
        if isinstance(child, QgsLayerTreeGroup):
            entries.append(TreeEntry(child.name(), child.itemVisibilityChecked(), child.isExpanded(),
                                     children=_detach_tree(project, child, thread)))
        elif isinstance(child, QgsLayerTreeLayer) and child.layer() is not None:
            # Read the node before taking its layer: taking deletes the node.
            entry = TreeEntry(child.name(), child.itemVisibilityChecked(), child.isExpanded())
            layer = project.takeMapLayer(child.layer())
            if layer is None:
                continue
            # A layer lives in the thread that created it; the main thread draws and edits it.
            layer.moveToThread(thread)
            entry.layer = layer
            entries.append(entry)
    return entries


def _attach_tree(project: QgsProject, group, entries: list) -> None:
    for entry in entries:
        if entry.layer is None:
            subgroup = group.addGroup(entry.name)
            subgroup.setItemVisibilityChecked(entry.visible)
            subgroup.setExpanded(entry.expanded)
            _attach_tree(project, subgroup, entry.children)
            continue
        project.addMapLayer(entry.layer, False)
        node = group.addLayer(entry.layer)
        node.setItemVisibilityChecked(entry.visible)
        node.setExpanded(entry.expanded)


# The print layouts element of a saved project. Only its end tag reads "</Layouts>", because
# QGIS escapes "<" in attribute values and text.
_LAYOUTS = re.compile(r"<Layouts\s*/>|<Layouts>.*?</Layouts>", re.DOTALL)


def save_layouts_into_project(path: Path, layouts: list[str], folder: Path | None = None) -> Path:
    """Write print layouts (``<Layout>`` XML texts) into the saved project at ``path``, replacing its own.

    This is what :meth:`QgsProject.write` does for layouts, without holding QGIS's main thread:
    the text work and the compression run in any thread. Paths under ``folder`` (the charts
    the layouts show) are stored relative to the project, as QGIS stores them. The file is
    replaced in one rename, so a failure keeps the previous one. Raises PluginError.
    """
    path = Path(path)
    body = "".join(layouts)
    if folder is not None:
        for prefix in {str(folder), Path(folder).as_posix()}:
            body = body.replace(f'="{prefix}/', '="./').replace(f'="{prefix}\\', '="./')
    temporary = path.with_name(".saving-" + path.name)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            qgs = next(member for member in members if member.filename.lower().endswith(".qgs"))
            text = archive.read(qgs).decode("utf-8")
            others = [(member, archive.read(member)) for member in members if member is not qgs]
        match = _LAYOUTS.search(text)
        if match is None:
            raise ValueError("no <Layouts> element")
        text = f"{text[:match.start()]}<Layouts>{body}</Layouts>{text[match.end():]}"
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            # QGIS opens the first .qgs member of a .qgz; name it after the project.
            archive.writestr(f"{path.stem}.qgs", text.encode("utf-8"))
            for member, data in others:
                archive.writestr(member, data)
        os.replace(temporary, path)
    except (OSError, ValueError, StopIteration, zipfile.BadZipFile) as error:
        temporary.unlink(missing_ok=True)
        raise PluginError(tr("Cannot save the QGIS project {path}.").format(path=path), str(error)) from error
    return path
