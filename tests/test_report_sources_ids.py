"""No internal id reaches the user: warnings, the methods page and the credits name datasets and indicators."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import ROOT

LILLE = "commune:59350"


def internal_ids() -> set[str]:
    """Return every id a user must not read: catalogue indicators and sources, endpoint keys."""
    from territorial_health_plugin.core.catalogue import load_catalogue
    from territorial_health_plugin.core.source_titles import source_ids

    ids = set(source_ids())
    for indicator in load_catalogue():
        ids.update((indicator.id, indicator.source))
    for path in (ROOT / "resources" / "sources").glob("*.json"):
        ids.update(key for key in json.loads(path.read_text(encoding="utf-8")) if not key.startswith("_"))
    return ids


def ids_in(text: str, ids: set[str]) -> list[str]:
    """Return the ids found in ``text`` as whole words (case kept: « FINESS » is a dataset's name)."""
    return sorted(identifier for identifier in ids
                  if re.search(rf"(?<![\w.]){re.escape(identifier)}(?![\w])", text))


@pytest.fixture(scope="module")
def lille_run(qgis_app, tmp_path_factory):
    """Run the diagnostic of Lille on the embedded sample once (no PDF: the methods text is built below)."""
    from territorial_health_plugin.core.pipeline import DiagnosticRequest, run_diagnostic

    output = tmp_path_factory.mktemp("lille")
    return run_diagnostic(DiagnosticRequest(territory=LILLE, output_dir=output, source="sample", pdf=False))


def report_context(run):
    from qgis.core import QgsVectorLayer

    from territorial_health_plugin.core.catalogue import load_catalogue
    from territorial_health_plugin.core.report.context import ReportContext

    layers = {}
    for key in ("iris", "communes"):
        layer = QgsVectorLayer(f"{run.geopackage}|layername={key}", key, "ogr")
        assert layer.isValid(), key
        layers[key] = layer
    territory = SimpleNamespace(name=run.report["territory"]["name"])
    return ReportContext(territory=territory, output_dir=Path(run.output_dir), indicators=list(load_catalogue()),
                         run_report=run.report, layers=layers, cog_year=str(run.report["territory"]["cog_year"]))


def test_catalogue_ids_listed():
    ids = internal_ids()

    assert {"apl_inf", "drees_apl_inf", "finess", "insee_rp_population", "drees.apl_inf", "qpv"} <= ids


def test_run_warnings_name_no_id(lille_run):
    shown = list(lille_run.warnings) + list(lille_run.report["warnings"])

    assert shown
    assert ids_in("\n".join(shown), internal_ids()) == []


def test_sample_gaps_one_line(lille_run):
    lines = [line for line in lille_run.report["warnings"] if "échantillon de démonstration" in line]

    assert len(lines) == 1
    for label in ("APL aux infirmières", "APL aux masseurs-kinésithérapeutes", "APL aux sages-femmes",
                  "APL aux chirurgiens-dentistes"):
        assert label in lines[0]
    assert not any("laissé de côté" in line for line in lille_run.report["warnings"])


def test_methods_page_names_no_id(lille_run):
    from territorial_health_plugin.core.report.sources import methods_coverage_text, producers_credit, source_line

    context = report_context(lille_run)
    texts = [methods_coverage_text(context), producers_credit(context)]
    texts += [source_line(indicator, "iris") for indicator in context.indicators]

    text = "\n".join(texts)
    assert "Jointure" in text
    assert ids_in(text, internal_ids()) == []


def test_skipped_sources_named(french_translator):
    from territorial_health_plugin.core.fetch import FetchOutcome, skipped_source_warnings

    outcome = FetchOutcome(
        errors={"drees_apl_inf": "absent", "drees_apl_sf": "absent", "finess": "Délai dépassé.",
                "qpv": "Délai dépassé.", "local:mes_données": "Fichier illisible."},
        not_in_sample=["drees_apl_inf", "drees_apl_sf"],
        indicators_by_source={"drees_apl_inf": ["apl_inf"], "drees_apl_sf": ["apl_sf"],
                              "finess": ["nb_ehpad", "nb_pharmacies"]},
    )

    lines = skipped_source_warnings(outcome)

    assert lines[0] == ("Non inclus dans l’échantillon de démonstration : APL aux infirmières, APL aux sages-femmes ; "
                        "utilisez le mode en ligne ou un dossier de données pour calculer ces indicateurs.")
    assert lines[1].startswith("Source « FINESS, extraction des établissements sanitaires et sociaux géolocalisés » "
                               "(Ministère chargé de la santé (FINESS), extraction Etalab) non chargée, indicateurs "
                               "laissés de côté : EHPAD, Pharmacies d'officine. Délai dépassé.")
    assert lines[2] == ("Source quartiers prioritaires de la politique de la ville (QPV, ANCT) non chargée. "
                        "Délai dépassé.")
    assert lines[3] == "Source votre table « mes_données » non chargée. Fichier illisible."
    assert len(lines) == 4
    assert ids_in("\n".join(lines), internal_ids()) == []


def test_join_of_unlisted_source_titled(french_translator):
    from territorial_health_plugin.core.report.sources import _join_lines

    lines = _join_lines({"tables": [], "joins": [{"name": "finess × iris", "match_rate": 1.0}]})

    assert lines[0].startswith("Jointure « Ministère chargé de la santé (FINESS), extraction Etalab, FINESS, "
                               "extraction des établissements sanitaires et sociaux géolocalisés × IRIS »")


def test_join_title_replaces_source_id(french_translator):
    from territorial_health_plugin.core.source_titles import join_title

    assert join_title("insee_filosofi_iris × iris") == (
        "« Filosofi, revenus disponibles localisés par IRIS » (INSEE-DGFiP-Cnaf-Cnav-CCMSA) × IRIS")
    assert join_title("local:mes_données × communes") == "votre table « mes_données » × communes"
    # Names that hold no source id stay as they are.
    assert join_title("harmonisation COG") == "harmonisation COG"
    assert join_title("communes × contours IRIS") == "communes × contours IRIS"
