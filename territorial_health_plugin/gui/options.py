"""The plugin's page in QGIS's Options dialog: cache, output folder, data vintages, level.

Values are read from and written to :mod:`toolbelt.settings`; QGIS calls
:meth:`OptionsPage.apply` when the user clicks OK.
"""

from __future__ import annotations

import logging

from qgis.gui import QgsFileWidget, QgsOptionsPageWidget, QgsOptionsWidgetFactory
from qgis.PyQt.QtCore import QRegularExpression
from qgis.PyQt.QtGui import QIcon, QRegularExpressionValidator
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from territorial_health_plugin.core.pipeline import LEVELS
from territorial_health_plugin.gui.content_picker import level_label
from territorial_health_plugin.gui.dock import format_bytes
from territorial_health_plugin.toolbelt.i18n import tr
from territorial_health_plugin.toolbelt.resources import resource_path
from territorial_health_plugin.toolbelt.settings import SettingsManager

logger = logging.getLogger(__name__)

# Vintages offered in the lists; the user may type another year.
VINTAGE_CHOICES = ("2023", "2022", "2021", "2020", "2019")


def vintage_fields() -> tuple[tuple[str, str], ...]:
    """Return the vintage settings and their labels."""
    return (
        ("filosofi_vintage", tr("Filosofi (income, poverty)")),
        ("census_vintage", tr("Census (population, families, housing)")),
        ("apl_vintage", tr("APL (accessibility to doctors)")),
    )


MAX_CACHE_MB = 100_000


class OptionsPage(QgsOptionsPageWidget):
    """Settings of the diagnostic, shown as a page of QGIS's Options dialog."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("TerritorialHealthOptions")
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_cache_box())
        layout.addWidget(self._build_defaults_box())
        layout.addWidget(self._build_vintages_box())
        layout.addStretch(1)
        self.load()

    def _build_cache_box(self) -> QGroupBox:
        box = QGroupBox(tr("Download cache"), self)
        form = QFormLayout(box)
        self.cache_dir_widget = QgsFileWidget(box)
        self.cache_dir_widget.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.cache_dir_widget.setToolTip(tr("Folder where downloaded source files are kept between runs."))
        form.addRow(tr("Cache folder"), self.cache_dir_widget)

        self.cache_size_spin = QSpinBox(box)
        self.cache_size_spin.setRange(0, MAX_CACHE_MB)
        self.cache_size_spin.setSingleStep(256)
        self.cache_size_spin.setSuffix(tr(" MB"))
        self.cache_size_spin.setSpecialValueText(tr("no limit"))
        self.cache_size_spin.setToolTip(tr(
            "Maximum size of the cache in megabytes; the least recently used files are deleted beyond it. 0: no "
            "limit."
        ))
        form.addRow(tr("Size limit"), self.cache_size_spin)

        row = QHBoxLayout()
        self.cache_usage_label = QLabel(box)
        self.clear_cache_button = QPushButton(tr("Empty the cache"), box)
        self.clear_cache_button.setToolTip(tr(
            "Delete every downloaded file; the next online run downloads them again."
        ))
        self.clear_cache_button.clicked.connect(self.clear_cache)
        row.addWidget(self.cache_usage_label, 1)
        row.addWidget(self.clear_cache_button)
        form.addRow(row)
        return box

    def _build_defaults_box(self) -> QGroupBox:
        box = QGroupBox(tr("Defaults"), self)
        form = QFormLayout(box)
        self.output_dir_widget = QgsFileWidget(box)
        self.output_dir_widget.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.output_dir_widget.setToolTip(tr("Output folder proposed by the panel."))
        form.addRow(tr("Output folder"), self.output_dir_widget)

        self.level_combo = QComboBox(box)
        for level in LEVELS:
            self.level_combo.addItem(level_label(level), level)
        self.level_combo.setToolTip(tr("Finest level of the maps when the panel has no remembered choice."))
        form.addRow(tr("Level"), self.level_combo)
        return box

    def _build_vintages_box(self) -> QGroupBox:
        box = QGroupBox(tr("Data vintages"), self)
        box.setToolTip(tr("Year of each source; « latest » takes the most recent vintage known to the plugin."))
        form = QFormLayout(box)
        self.vintage_combos: dict[str, QComboBox] = {}
        validator = QRegularExpressionValidator(QRegularExpression(r"^(\d{4})?$"), box)
        for name, label in vintage_fields():
            combo = QComboBox(box)
            combo.setEditable(True)
            combo.addItem(tr("latest"), "")
            for year in VINTAGE_CHOICES:
                combo.addItem(year, year)
            combo.lineEdit().setValidator(validator)
            self.vintage_combos[name] = combo
            form.addRow(label, combo)
        return box

    # -- values -------------------------------------------------------------------------

    def load(self) -> None:
        """Show the stored settings."""
        settings = SettingsManager.load()
        self.cache_dir_widget.setFilePath(settings.cache_dir)
        self.cache_size_spin.setValue(settings.cache_max_mb)
        self.output_dir_widget.setFilePath(settings.output_dir)
        index = self.level_combo.findData(settings.default_level)
        self.level_combo.setCurrentIndex(max(index, 0))
        for name, combo in self.vintage_combos.items():
            value = getattr(settings, name)
            index = combo.findData(value)
            if index >= 0:
                combo.setCurrentIndex(index)
            else:
                combo.setEditText(value)
        self.show_cache_usage()

    def apply(self) -> None:
        """Store the page's values (QGIS calls this when the Options dialog is accepted)."""
        settings = SettingsManager.load()
        settings.cache_dir = self.cache_dir_widget.filePath().strip() or settings.cache_dir
        settings.cache_max_mb = self.cache_size_spin.value()
        settings.output_dir = self.output_dir_widget.filePath().strip()
        settings.default_level = self.level_combo.currentData()
        for name, combo in self.vintage_combos.items():
            setattr(settings, name, vintage_value(combo))
        SettingsManager.save(settings)

    def _cache(self):
        from territorial_health_plugin.core.cache import Cache

        folder = self.cache_dir_widget.filePath().strip() or SettingsManager.load().cache_dir
        return Cache(folder, self.cache_size_spin.value() * 1024 * 1024)

    def show_cache_usage(self) -> None:
        """Show how much the cache folder uses."""
        try:
            size = self._cache().total_bytes()
        except OSError as error:
            self.cache_usage_label.setText(tr("Cache not readable: {error}").format(error=error))
            return
        self.cache_usage_label.setText(tr("In use: {size}").format(size=format_bytes(size)))

    def clear_cache(self, confirm: bool = True) -> None:
        """Delete every cache entry, after the user confirms."""
        if confirm:
            answer = QMessageBox.question(
                self,
                tr("Empty the cache"),
                tr("Delete every downloaded file of the cache?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        cache = self._cache()
        cache.clear()
        logger.info(tr("Cache emptied: {folder}").format(folder=cache.folder))
        self.show_cache_usage()


def vintage_value(combo: QComboBox) -> str:
    """Return the year chosen in a vintage list, "" for « latest »."""
    text = combo.currentText().strip()
    if text == combo.itemText(0):
        return ""
    return text if text.isdigit() and len(text) == 4 else ""


class OptionsFactory(QgsOptionsWidgetFactory):
    """Creates the plugin's page of QGIS's Options dialog."""

    def __init__(self) -> None:
        super().__init__(tr("Territorial health diagnostic"), QIcon(str(resource_path("icons", "icon.svg"))))
        self.setObjectName("TerritorialHealthOptionsFactory")

    def icon(self) -> QIcon:
        return QIcon(str(resource_path("icons", "icon.svg")))

    def createWidget(self, parent=None) -> OptionsPage:  # noqa: N802 - name fixed by QGIS
        return OptionsPage(parent)
