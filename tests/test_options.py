"""The options page: shows and stores the settings, empties the cache."""

from __future__ import annotations

import pytest
from qgis.gui import QgsOptionsPageWidget, QgsOptionsWidgetFactory

from territorial_health_plugin.core.cache import Cache
from territorial_health_plugin.gui.options import OptionsFactory, OptionsPage
from territorial_health_plugin.toolbelt.settings import SettingsManager


@pytest.fixture(autouse=True)
def clean_settings(qgis_app, french_translator):
    from qgis.core import QgsSettings

    QgsSettings().remove("territorial_health")
    yield
    QgsSettings().remove("territorial_health")


def test_factory_creates_page(qgis_app):
    factory = OptionsFactory()

    page = factory.createWidget(None)

    assert isinstance(factory, QgsOptionsWidgetFactory)
    assert isinstance(page, QgsOptionsPageWidget)
    assert factory.title() == "Diagnostic territorial de santé"
    assert not factory.icon().isNull()


def test_page_shows_stored_settings(tmp_path):
    settings = SettingsManager.load()
    settings.cache_dir = str(tmp_path / "cache")
    settings.cache_max_mb = 512
    settings.default_level = "commune"
    settings.apl_vintage = "2022"
    SettingsManager.save(settings)

    page = OptionsPage()

    assert page.cache_dir_widget.filePath() == str(tmp_path / "cache")
    assert page.cache_size_spin.value() == 512
    assert page.level_combo.currentData() == "commune"
    assert page.vintage_combos["apl_vintage"].currentText() == "2022"
    assert page.vintage_combos["filosofi_vintage"].currentText() == "le plus récent"


def test_apply_stores_values(tmp_path):
    page = OptionsPage()
    page.cache_dir_widget.setFilePath(str(tmp_path / "cache"))
    page.cache_size_spin.setValue(1024)
    page.output_dir_widget.setFilePath(str(tmp_path / "sorties"))
    page.level_combo.setCurrentIndex(page.level_combo.findData("commune"))
    page.vintage_combos["filosofi_vintage"].setEditText("2021")

    page.apply()

    stored = SettingsManager.load()
    assert stored.cache_dir == str(tmp_path / "cache")
    assert stored.cache_max_mb == 1024
    assert stored.output_dir == str(tmp_path / "sorties")
    assert stored.default_level == "commune"
    assert stored.filosofi_vintage == "2021"
    assert stored.census_vintage == ""


def test_zero_size_means_no_limit():
    page = OptionsPage()
    page.cache_size_spin.setValue(0)

    page.apply()

    assert page.cache_size_spin.text() == "pas de limite"
    assert SettingsManager.load().cache_max_mb == 0


def test_clear_cache_empties_folder(tmp_path):
    cache = Cache(tmp_path / "cache")
    cache.put("a" * 64, b"x" * 2000, {"url": "http://127.0.0.1/a.csv"})
    cache.put("b" * 64, b"y" * 3000, {"url": "http://127.0.0.1/b.csv"})
    page = OptionsPage()
    page.cache_dir_widget.setFilePath(str(tmp_path / "cache"))
    page.show_cache_usage()
    assert "5,0 ko" in page.cache_usage_label.text()

    page.clear_cache(confirm=False)

    assert cache.entries() == []
    assert "0 octets" in page.cache_usage_label.text()
