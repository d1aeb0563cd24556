"""The panel's summary of a run: readable names and lines that wrap in a narrow dock."""

from __future__ import annotations

from types import SimpleNamespace

from territorial_health_plugin.gui.result_summary import ResultSummary, join_name, row_title

JOIN = {"name": "insee_filosofi_iris × iris", "match_rate": 0.9924, "matched": 391, "data_count": 394,
        "source_id": "insee_filosofi_iris"}


def test_join_named_by_dataset(qgis_app, french_translator):
    assert join_name("insee_filosofi_iris × iris") == "Filosofi, revenus disponibles localisés par IRIS × IRIS"
    assert join_name("drees_apl_mg × communes").endswith(" × communes")
    assert "drees_apl_mg" not in join_name("drees_apl_mg × communes")


def test_join_row_starts_with_rate(qgis_app, french_translator):
    assert row_title(JOIN) == "99,2 % joints · Filosofi, revenus disponibles localisés par IRIS × IRIS"


def test_long_lines_wrap_in_narrow_dock(qgis_app, french_translator):
    summary = ResultSummary()
    summary.resize(300, 600)
    summary.show()
    warning = ("Non inclus dans l’échantillon de démonstration : APL aux infirmières, APL aux "
               "masseurs-kinésithérapeutes, APL aux sages-femmes ; utilisez le mode en ligne.")
    summary.show_result(SimpleNamespace(report={"joins": [JOIN]}, warnings=[warning]))
    summary.expandAll()
    summary.doItemsLayout()

    line_height = summary.fontMetrics().height()
    warnings = summary.topLevelItem(2)
    item = warnings.child(0)
    assert item.text(0) == warning
    assert summary.visualItemRect(item).height() >= 3 * line_height
    assert summary.visualItemRect(warnings).height() < 2 * line_height
    summary.close()
