"""The methods page names joins by their dataset, not by the plugin's source ids."""

from __future__ import annotations

RUN_REPORT = {
    "tables": [
        {"source_id": "insee_filosofi_iris", "producer": "INSEE", "dataset": "Filosofi 2019, IRIS"},
    ],
    "joins": [
        {"name": "insee_filosofi_iris × iris", "match_rate": 0.9924,
         "unmatched_data": [{"code": "590090202", "name": "Gendarmerie"}]},
        {"name": "user_table × communes", "match_rate": 1.0},
    ],
}


def test_join_named_by_dataset(french_translator):
    from territorial_health_plugin.core.report.sources import _join_lines

    lines = _join_lines(RUN_REPORT)

    assert lines[0].startswith("Jointure « INSEE, Filosofi 2019, IRIS × IRIS »")
    assert "insee_filosofi_iris" not in lines[0]
    assert "590090202 Gendarmerie" in lines[0]


def test_unknown_source_keeps_its_name(french_translator):
    from territorial_health_plugin.core.report.sources import _join_lines

    lines = _join_lines(RUN_REPORT)

    assert "user_table × communes" in lines[1]
