"""The panel's « what to include » section: themes and indicators, level, data mode, own tables."""

from __future__ import annotations

import logging

from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from territorial_health_plugin.core.catalogue import theme_label
from territorial_health_plugin.core.pipeline import LEVELS, THEMES
from territorial_health_plugin.toolbelt.errors import PluginError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

# Data modes of the panel, in the order shown; dock.request_source maps them to the request.
DATA_MODES = ("online", "cache", "local", "sample")
ID_ROLE = Qt.ItemDataRole.UserRole


def data_mode_label(mode: str) -> str:
    """Return the French name of a data mode."""
    labels = {
        "online": tr("online"),
        "cache": tr("cache only"),
        "local": tr("local files"),
        "sample": tr("embedded sample"),
    }
    return labels.get(mode, mode)


def level_label(level: str) -> str:
    """Return the French name of a geographic level."""
    return {"iris": tr("IRIS"), "commune": tr("commune")}.get(level, level)


def _entry_value(entry, name: str, default=None):
    if isinstance(entry, dict):
        return entry.get(name, default)
    return getattr(entry, name, default)


def indicators_by_theme() -> dict[str, list[tuple[str, str]]]:
    """Return ``{theme: [(indicator id, label), ...]}`` from the catalogue.

    When the catalogue cannot be read, each theme gets an empty list. The panel then offers
    the themes alone, and the pipeline includes all their indicators.
    """
    from territorial_health_plugin.core.catalogue import load_catalogue

    result: dict[str, list[tuple[str, str]]] = {theme: [] for theme in THEMES}
    try:
        entries = list(load_catalogue())
    except PluginError as error:
        logger.warning(tr("The indicator catalogue cannot be read, so only the themes are offered: {error}").format(
            error=error.message))
        return result

    for entry in entries:
        theme = _entry_value(entry, "theme", "")
        identifier = _entry_value(entry, "id")
        if theme in result and identifier:
            result[theme].append((identifier, _entry_value(entry, "label", identifier) or identifier))
    return result


class ContentPicker(QGroupBox):
    """Choose the themes and indicators, the level, where data comes from and own tables."""

    def __init__(self, parent=None) -> None:
        super().__init__(tr("What to include"), parent)
        layout = QVBoxLayout(self)

        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setToolTip(tr("Themes and indicators of the diagnostic; all are included by default."))
        self.tree.setMinimumHeight(90)
        self.tree.setMaximumHeight(130)
        self._fill_tree(indicators_by_theme())
        layout.addWidget(self.tree)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.level_combo = QComboBox(self)
        for level in LEVELS:
            self.level_combo.addItem(level_label(level), level)
        self.level_combo.setToolTip(tr("Finest level of the maps: IRIS where published, else commune."))
        form.addRow(tr("Level"), self.level_combo)

        self.mode_combo = QComboBox(self)
        for mode in DATA_MODES:
            self.mode_combo.addItem(data_mode_label(mode), mode)
        self.mode_combo.setToolTip(
            tr(
                "online: download what the cache lacks; cache only: no network; local files: tables already "
                "downloaded into a folder; embedded sample: the Métropole Européenne de Lille, offline."
            )
        )
        form.addRow(tr("Data"), self.mode_combo)

        self.data_dir_widget = QgsFileWidget(self)
        self.data_dir_widget.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.data_dir_widget.setToolTip(tr("Folder that holds the source files, named as the producers publish them."))
        self.data_dir_label = QLabel(tr("Data folder"), self)
        form.addRow(self.data_dir_label, self.data_dir_widget)
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        self._mode_changed()

        self.pdf_check = QCheckBox(tr("PDF report"), self)
        self.pdf_check.setChecked(True)
        self.pdf_check.setToolTip(tr(
            "Compose the print layout and export diagnostic.pdf; QGIS waits during the export."
        ))
        form.addRow(self.pdf_check)

        self.atlas_check = QCheckBox(tr("Atlas of the communes"), self)
        self.atlas_check.setToolTip(tr("Also export atlas.pdf, one page per commune (slower)."))
        form.addRow(self.atlas_check)
        layout.addLayout(form)

        layout.addWidget(self._build_tables_box())

    def _fill_tree(self, catalogue: dict[str, list[tuple[str, str]]]) -> None:
        for theme in THEMES:
            item = QTreeWidgetItem(self.tree, [theme_label(theme)])
            item.setData(0, ID_ROLE, theme)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate)
            item.setCheckState(0, Qt.CheckState.Checked)
            for identifier, label in catalogue.get(theme, []):
                child = QTreeWidgetItem(item, [label])
                child.setData(0, ID_ROLE, identifier)
                child.setToolTip(0, identifier)
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                child.setCheckState(0, Qt.CheckState.Checked)

    def _build_tables_box(self) -> QWidget:
        box = QGroupBox(tr("Your own tables"), self)
        box.setToolTip(tr(
            "CSV or Excel tables with a commune or IRIS code column; each numeric column becomes an indicator."
        ))
        layout = QVBoxLayout(box)
        self.tables_list = QListWidget(box)
        self.tables_list.setMaximumHeight(70)
        buttons = QHBoxLayout()
        add_button = QPushButton(tr("Add…"), box)
        add_button.clicked.connect(self._add_tables)
        remove_button = QPushButton(tr("Remove"), box)
        remove_button.clicked.connect(self._remove_table)
        buttons.addWidget(add_button)
        buttons.addWidget(remove_button)
        buttons.addStretch(1)
        layout.addWidget(self.tables_list)
        layout.addLayout(buttons)
        return box

    def _mode_changed(self, *args) -> None:
        local = self.data_mode() == "local"
        self.data_dir_widget.setVisible(local)
        self.data_dir_label.setVisible(local)

    def _add_tables(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, tr("Add tables"), "", tr("Tables (*.csv *.xlsx *.xls *.ods)"))
        self.add_tables(paths)

    def add_tables(self, paths: list[str]) -> None:
        """Add table files, once each."""
        present = set(self.tables())
        for path in paths:
            if path and path not in present:
                self.tables_list.addItem(path)
                present.add(path)

    def _remove_table(self) -> None:
        for item in self.tables_list.selectedItems():
            self.tables_list.takeItem(self.tables_list.row(item))

    # -- values -------------------------------------------------------------------------

    def tables(self) -> list[str]:
        """Return the paths of the user's tables."""
        return [self.tables_list.item(row).text() for row in range(self.tables_list.count())]

    def data_mode(self) -> str:
        """Return the chosen data mode (one of DATA_MODES)."""
        return self.mode_combo.currentData()

    def level(self) -> str:
        """Return the chosen level (``iris`` or ``commune``)."""
        return self.level_combo.currentData()

    def themes(self) -> tuple[str, ...]:
        """Return the themes with at least one checked indicator (or checked, without any)."""
        chosen = []
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item.checkState(0) != Qt.CheckState.Unchecked:
                chosen.append(item.data(0, ID_ROLE))
        return tuple(chosen)

    def indicators(self) -> tuple[str, ...] | None:
        """Return the checked indicator ids, or None when every indicator is checked."""
        checked, total = [], 0
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            for row in range(item.childCount()):
                total += 1
                child = item.child(row)
                if child.checkState(0) == Qt.CheckState.Checked:
                    checked.append(child.data(0, ID_ROLE))
        if len(checked) == total:
            return None
        return tuple(checked)

    def set_choices(self, themes: list[str], indicators: list[str], level: str, mode: str) -> None:
        """Restore remembered choices; unknown values are ignored."""
        self._select(self.level_combo, level)
        self._select(self.mode_combo, mode)
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item.childCount() and indicators:
                for row in range(item.childCount()):
                    child = item.child(row)
                    state = Qt.CheckState.Checked if child.data(0, ID_ROLE) in indicators else Qt.CheckState.Unchecked
                    child.setCheckState(0, state)
            elif themes:
                state = Qt.CheckState.Checked if item.data(0, ID_ROLE) in themes else Qt.CheckState.Unchecked
                item.setCheckState(0, state)

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)
