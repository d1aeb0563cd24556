"""Add a diagnostic's written layers and layout to the current QGIS project (main thread only).

The layers come from the files the pipeline wrote, never from memory layers: the layer tree,
the styles and the print layouts of ``diagnostic.qgz`` when it exists (or of the report step's
project, just saved as that file), else every layer of ``diagnostic.gpkg``. They go into one
group per output folder, tagged with that folder, so that a second run into the same folder
replaces the group instead of adding a copy.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from qgis.core import (
    QgsLayerTreeGroup,
    QgsLayerTreeLayer,
    QgsPrintLayout,
    QgsProject,
    QgsProviderRegistry,
    QgsVectorLayer,
)
from qgis.PyQt.QtXml import QDomDocument

from territorial_health_plugin.core.project import layout_xml
from territorial_health_plugin.core.report.layout_io import read_layout_by_page
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

OUTPUT_PROPERTY = "territorial_health/output_dir"


@dataclass
class LoadedDiagnostic:
    """The group, layers and layouts that :func:`add_diagnostic_to_project` added."""

    group: QgsLayerTreeGroup
    layers: list = field(default_factory=list)
    layouts: list = field(default_factory=list)


def remove_previous_output(project: QgsProject, output_dir: Path) -> int:
    """Remove the groups, their layers and the layouts added before for ``output_dir``.

    Returns the number of groups removed.
    """
    key = str(Path(output_dir).resolve())
    root = project.layerTreeRoot()
    # Collect before removing: removing a group deletes its subgroups, which findGroups lists too.
    previous = [group for group in root.findGroups(True) if group.customProperty(OUTPUT_PROPERTY) == key]
    removed = 0
    for group in previous:
        layer_ids = [node.layerId() for node in group.findLayers()]
        layout_names = group.customProperty(OUTPUT_PROPERTY + "/layouts") or []
        # Layers first, then their emptied group. When a removed group still contains layers,
        # QGIS removes their ids later in a queued call, which removed the layers of the new
        # run: they come back with the same ids from diagnostic.qgz.
        project.removeMapLayers(layer_ids)
        group.parent().removeChildNode(group)
        for name in _as_list(layout_names):
            layout = project.layoutManager().layoutByName(name)
            if layout is not None:
                project.layoutManager().removeLayout(layout)
        removed += 1
    return removed


def _as_list(value) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    return list(value or [])


def add_diagnostic_to_project(result, project: QgsProject | None = None, title: str = "",
                              written: QgsProject | None = None, between=None,
                              layouts: list[tuple[str, str]] | None = None) -> LoadedDiagnostic:
    """Add the layers and layouts of a :class:`DiagnosticResult` to ``project``.

    Replaces what an earlier run into the same output folder added. ``written``, when given,
    is ``diagnostic.qgz`` already in memory (the report step's project): its layers are moved
    from it and the file is not read again. ``between()``, when given, is called between the
    pieces of the work (the layers, each page of a layout), for example to let Qt process events.
    ``layouts``, when given, are the layouts of ``written`` as ``(name, XML text)``, already
    serialised for saving: they are not serialised again.
    """
    project = project or QgsProject.instance()
    output_dir = Path(result.output_dir).resolve()
    remove_previous_output(project, output_dir)

    title = title or tr("Health diagnostic ({folder})").format(folder=output_dir.name)
    group = project.layerTreeRoot().insertGroup(0, title)
    group.setCustomProperty(OUTPUT_PROPERTY, str(output_dir))
    loaded = LoadedDiagnostic(group=group)

    qgz = result.files.get("project")
    gpkg = result.files.get("geopackage")
    if written is not None:
        _copy_written_project(written, project, loaded, between, layouts)
    elif qgz and Path(qgz).exists():
        _copy_from_project(Path(qgz), project, loaded)
    elif gpkg and Path(gpkg).exists():
        _add_geopackage_layers(Path(gpkg), project, loaded)
    else:
        logger.warning(tr("No GeoPackage or QGIS project in {folder}: no layer added.").format(folder=output_dir))

    group.setCustomProperty(OUTPUT_PROPERTY + "/layouts", [layout.name() for layout in loaded.layouts])
    return loaded


def _copy_from_project(path: Path, project: QgsProject, loaded: LoadedDiagnostic) -> None:
    """Copy the layer tree and print layouts of the written project into ``project``."""
    written = QgsProject()
    if not written.read(str(path)):
        logger.warning(tr("Could not read the QGIS project {path}: {error}").format(path=path, error=written.error()))
        gpkg = path.with_name("diagnostic.gpkg")
        if gpkg.exists():
            _add_geopackage_layers(gpkg, project, loaded)
        return
    _copy_written_project(written, project, loaded)
    written.clear()


def _copy_written_project(written: QgsProject, project: QgsProject, loaded: LoadedDiagnostic,
                          between=None, layouts: list[tuple[str, str]] | None = None) -> None:
    """Move the layers and copy the layouts of ``written`` (left otherwise as it is) into ``project``."""
    # Layouts are serialised before the layers move, because a map item drops the layers
    # that leave its project.
    if layouts is None:
        layouts = [(layout.name(), layout_xml(layout)) for layout in written.layoutManager().printLayouts()]
    id_map: dict[str, str] = {}
    _copy_tree(written.layerTreeRoot(), loaded.group, written, project, id_map, loaded)
    for name, text in layouts:
        if between is not None:
            between()
        copy = _copy_layout(name, text, project, id_map, between)
        if copy is not None:
            loaded.layouts.append(copy)


def _copy_tree(source_group, target_group, source_project: QgsProject, project: QgsProject, id_map: dict,
               loaded: LoadedDiagnostic) -> None:
    """Copy groups and layers in their order, moving each layer with its style."""
    for child in source_group.children():
        if isinstance(child, QgsLayerTreeGroup):
            subgroup = target_group.addGroup(child.name())
            subgroup.setItemVisibilityChecked(child.itemVisibilityChecked())
            subgroup.setExpanded(child.isExpanded())
            _copy_tree(child, subgroup, source_project, project, id_map, loaded)
        elif isinstance(child, QgsLayerTreeLayer) and child.layer() is not None:
            # Read the node before moving its layer: the move deletes the node.
            old_id, visible, expanded = child.layerId(), child.itemVisibilityChecked(), child.isExpanded()
            layer = _move_layer(child.layer(), source_project, project)
            node = target_group.addLayer(layer)
            node.setItemVisibilityChecked(visible)
            node.setExpanded(expanded)
            id_map[old_id] = layer.id()
            loaded.layers.append(layer)


def _move_layer(layer, source_project: QgsProject, project: QgsProject):
    """Move a layer, with its style and id, from the written project into ``project``.

    Moving is about twice as fast as cloning. A layer whose id is already in ``project``
    (the same output loaded under another group) is cloned instead, which gives it a new id.
    """
    if project.mapLayer(layer.id()) is None:
        taken = source_project.takeMapLayer(layer)
        if taken is not None and project.addMapLayer(taken, False) is not None:
            return taken
    clone = layer.clone()
    project.addMapLayer(clone, False)
    return clone


def _copy_layout(name: str, text: str, project: QgsProject, id_map: dict, between=None) -> QgsPrintLayout | None:
    """Add a print layout from its XML to ``project``, pointing its maps and atlas at the added layers.

    Layer ids appear in the layout XML (locked layers, atlas coverage). A cloned layer has a
    new id, so ids are replaced textually: QGIS layer ids are unique strings, so a replacement
    cannot hit other text.
    """
    for old_id, new_id in id_map.items():
        text = text.replace(old_id, new_id)

    copied = QDomDocument()
    copied.setContent(text)
    if between is not None:
        # Parsing the diagnostic's 2 MB of XML takes about 0.08 s.
        between()
    new_layout = QgsPrintLayout(project)
    # Adding the items is no edit to undo: without this, undo in the layout designer would
    # remove the diagnostic's items one by one (456 steps for the MEL).
    new_layout.undoStack().blockCommands(True)
    # Page by page: readXml took 1.5 s in one block for the 39-page diagnostic of the MEL.
    if not read_layout_by_page(new_layout, copied.documentElement(), copied, between):
        logger.warning(tr("Could not copy the print layout « {name} ».").format(name=name))
        return None
    new_layout.undoStack().blockCommands(False)

    manager = project.layoutManager()
    previous = manager.layoutByName(name)
    if previous is not None:
        manager.removeLayout(previous)
    new_layout.setName(name)
    manager.addLayout(new_layout)
    return new_layout


def _add_geopackage_layers(path: Path, project: QgsProject, loaded: LoadedDiagnostic) -> None:
    """Add every layer of the GeoPackage (with its stored default style) to the group."""
    metadata = QgsProviderRegistry.instance().providerMetadata("ogr")
    for sublayer in metadata.querySublayers(str(path)):
        layer = QgsVectorLayer(sublayer.uri(), sublayer.name(), "ogr")
        if not layer.isValid():
            continue
        project.addMapLayer(layer, False)
        loaded.group.addLayer(layer)
        loaded.layers.append(layer)
