"""Tests of the indicator catalogue: content of the shipped files and validation errors."""

from __future__ import annotations

import json

import pytest

from territorial_health_plugin.core import catalogue as catalogue_module
from territorial_health_plugin.core.catalogue import THEMES, load_catalogue
from territorial_health_plugin.toolbelt.errors import DataFormatError

REQUIRED_IDS = (
    "pop_totale", "part_0_14", "part_75p", "part_80p_seuls", "part_fam_mono", "rev_median",
    "tx_pauvrete", "part_prest_soc", "part_minima_soc", "tx_chomage", "part_sans_diplome",
    "part_ouvriers", "part_suroccupation", "part_log_sociaux", "part_sans_voiture", "apl_mg",
    "nb_ehpad", "nb_etab_hospitaliers",
)


@pytest.fixture(scope="module")
def shipped():
    return load_catalogue()


def test_catalogue_has_25_indicators(shipped):
    assert len(shipped) >= 25


def test_catalogue_covers_every_theme(shipped):
    for theme in THEMES:
        assert len(shipped.by_theme(theme)) >= 5, theme


@pytest.mark.parametrize("indicator_id", REQUIRED_IDS)
def test_catalogue_contains_indicator(shipped, indicator_id):
    assert shipped.by_id(indicator_id).id == indicator_id


def test_ids_are_short_ascii(shipped):
    for indicator in shipped:
        assert len(indicator.id) <= 30
        assert indicator.id.isascii()


def test_medians_and_apl_not_additive(shipped):
    assert shipped.by_id("rev_median").additive is False
    assert shipped.by_id("apl_mg").additive is False
    assert shipped.by_id("pop_totale").additive is True


def test_ouvriers_branch_on_vintage(shipped):
    indicator = shipped.by_id("part_ouvriers")
    assert indicator.columns_for("2021") == ("C_ACT1564_CS6", "C_ACT1564")
    assert indicator.columns_for("2022") == ("C_ACT1564_STAT_GSEC16_26", "C_ACT1564")
    assert indicator.columns_for(None) == ("C_ACT1564_CS6", "C_ACT1564")


def test_for_source_lists_filosofi(shipped):
    ids = {indicator.id for indicator in shipped.for_source("insee_filosofi_iris")}
    assert {"rev_median", "tx_pauvrete", "part_minima_soc"} <= ids


def test_ratio_and_count_operands(shipped):
    chomage = shipped.by_id("tx_chomage").computation
    assert chomage.operation == "ratio"
    assert chomage.numerator == ("CHOM1564",)
    assert chomage.denominator == ("ACT1564",)
    assert chomage.scale == 100
    ehpad = shipped.by_id("nb_ehpad").computation
    assert ehpad.operation == "count"
    assert ehpad.values == ("500",)


def test_unknown_id_lists_known(shipped):
    with pytest.raises(DataFormatError, match="apl_mg"):
        shipped.by_id("apl_inconnu")


def _write_catalogue(tmp_path, **changes):
    entry = json.loads((catalogue_module.catalogue_dir() / "offre_soins.json").read_text(encoding="utf-8"))[
        "indicators"
    ][0]
    entry.update(changes)
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / "test.json").write_text(json.dumps({"indicators": [entry]}), encoding="utf-8")
    load_catalogue.cache_clear()
    return folder


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"theme": "sante"}, "theme"),
        ({"id": "Part-Pauvres"}, "id"),
        ({"id": "a" * 31}, "id"),
        ({"polarity": "bad"}, "polarity"),
        ({"computation": {"operation": "eval", "expression": "1/0"}}, "computation.operation"),
        ({"computation": {"operation": "direct", "column": "P21_POP"}}, "computation.column"),
        ({"computation": {"operation": "ratio", "numerator": ["POP75P"]}}, "computation.denominator"),
        ({"additive": "oui"}, "additive"),
        ({"unit": ""}, "unit"),
    ],
)
def test_invalid_entry_names_field(tmp_path, changes, expected):
    folder = _write_catalogue(tmp_path, **changes)
    with pytest.raises(DataFormatError) as caught:
        load_catalogue(folder)
    assert f"« {expected} »" in caught.value.message
    assert "test.json" in caught.value.message


def test_duplicate_id_rejected(tmp_path):
    folder = _write_catalogue(tmp_path)
    (folder / "copy.json").write_text((folder / "test.json").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DataFormatError, match="apl_mg"):
        load_catalogue(folder)
