"""The whole run on the embedded sample (Métropole Européenne de Lille), offline."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from territorial_health_plugin.core.pipeline import DiagnosticRequest, run_diagnostic
from territorial_health_plugin.toolbelt.errors import CancelledError, InvalidInputError

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample"
MEL = "epci:200093201"
JOINED_IN_2020 = {"59005", "59011", "59052", "59133", "59477"}


def filosofi_poverty_rates() -> dict[str, float | None]:
    """Read DISP_TP6019 of every IRIS straight from the xlsx (hidden values are empty cells)."""
    workbook = load_workbook(SAMPLE / "BASE_TD_FILO_DISP_IRIS_2019_extrait_MEL.xlsx", read_only=True)
    rows = list(workbook["IRIS_DISP"].iter_rows(values_only=True))
    header_index = next(i for i, row in enumerate(rows) if "DISP_TP6019" in row)
    header = rows[header_index]
    iris, rate = header.index("IRIS"), header.index("DISP_TP6019")
    values = {}
    for row in rows[header_index + 1:]:
        if row[iris]:
            values[str(row[iris])] = None if row[rate] in (None, "", "s", "nd", "ns") else float(row[rate])
    return values


def apl_values(year: str) -> dict[str, float]:
    """Read the APL of every commune of the sheet ``APL <year>`` straight from the xlsx."""
    workbook = load_workbook(SAMPLE / "apl_generalistes_extrait_nord.xlsx", read_only=True)
    rows = list(workbook[f"APL {year}"].iter_rows(values_only=True))
    header_index = next(i for i, row in enumerate(rows) if row[0] == "Code commune INSEE")
    values = {}
    for row in rows[header_index + 1:]:
        code = str(row[0] or "")
        if len(code) == 5 and code[:2].isdigit() and row[2] is not None:
            values[code] = float(row[2])
    return values


def layer_rows(gpkg: Path, table: str, columns: str) -> list[tuple]:
    with sqlite3.connect(gpkg) as connection:
        return connection.execute(f"SELECT {columns} FROM {table}").fetchall()


@pytest.fixture(scope="module")
def sample_run(qgis_app, tmp_path_factory):
    """Run the diagnostic of the MEL on the sample once for the module (PDF left to the CLI test)."""
    output = tmp_path_factory.mktemp("diagnostic")
    request = DiagnosticRequest(territory=MEL, output_dir=output, source="sample", pdf=False)
    return run_diagnostic(request)


def test_outputs_written(sample_run):
    names = {path.name for path in sample_run.files.values()}

    assert {"diagnostic.gpkg", "diagnostic.qgz", "indicators.csv", "run_report.json"} <= names
    assert not [p for p in sample_run.output_dir.iterdir() if p.name.startswith(".diagnostic-")]


def test_poverty_rate_exact_or_null(sample_run):
    expected = filosofi_poverty_rates()
    written = dict(layer_rows(sample_run.geopackage, "iris", "code_iris, tx_pauvrete"))

    published = {code: value for code, value in expected.items() if value is not None}
    hidden = {code for code, value in expected.items() if value is None}
    assert len(published) > 250
    assert len(hidden) > 50
    drawn = set(written)
    for code, value in published.items():
        if code in drawn:
            assert written[code] == pytest.approx(value, abs=1e-9), code
    for code in hidden & drawn:
        assert written[code] is None, code
    assert len(set(published) & drawn) == len(published) - 3  # Annœullin's 3 IRIS have no contour


def test_apl_of_drees_file(sample_run):
    expected = apl_values("2023")
    written = dict(layer_rows(sample_run.geopackage, "communes", "code_commune, apl_mg"))

    assert len(written) == 95
    for code, value in written.items():
        assert value == pytest.approx(expected[code], abs=1e-9), code


def test_codes_stored_as_text(sample_run):
    with sqlite3.connect(sample_run.geopackage) as connection:
        iris_types = {row[1]: row[2] for row in connection.execute("PRAGMA table_info(iris)")}
        commune_types = {row[1]: row[2] for row in connection.execute("PRAGMA table_info(communes)")}

    assert iris_types["code_iris"] == "TEXT"
    assert commune_types["code_commune"] == "TEXT"
    assert commune_types["apl_mg"] == "REAL"


def test_join_report_names_2020_communes(sample_run):
    report = json.loads((sample_run.output_dir / "run_report.json").read_text(encoding="utf-8"))
    completion = next(join for join in report["joins"] if join["name"] == "communes × contours IRIS")
    notes = " ".join(completion["notes"])

    for code in ("590050000", "590520000", "591330000", "594770000"):
        assert code in notes
    for code in ("590110101", "590110102", "590110103"):
        assert code in notes
    assert "Annœullin" in notes
    assert {item["code"] for item in completion["unmatched_data"]} == {"59011"}

    rows = layer_rows(sample_run.geopackage, "join_report", "join_name, kind, message")
    assert any(kind == "note" and "590050000" in message for _, kind, message in rows)


def test_single_iris_communes_drawn(sample_run):
    codes = {row[0] for row in layer_rows(sample_run.geopackage, "iris", "code_iris")}
    communes = {code[:5] for code in codes}

    assert {"590050000", "590520000", "591330000", "594770000"} <= codes
    assert communes >= JOINED_IN_2020
    # Annœullin's 3 IRIS have no contour: none of them is drawn.
    assert not {"590110101", "590110102", "590110103"} & codes


def test_commune_without_iris_contours_drawn(sample_run):
    from qgis.core import QgsVectorLayer

    rows = layer_rows(sample_run.geopackage, "iris",
                      "code_iris, code_commune, iris_sans_contour, tx_pauvrete, pop_totale, nom_iris")
    flagged = [row for row in rows if row[2] == 1]

    assert [row[:3] for row in flagged] == [("59011", "59011", 1)]
    assert flagged[0][3] is None
    assert flagged[0][4] is None
    assert "Annœullin" in flagged[0][5]
    assert all(row[2] == 0 for row in rows if row[1] != "59011")

    iris = QgsVectorLayer(f"{sample_run.geopackage}|layername=iris", "iris", "ogr")
    communes = QgsVectorLayer(f"{sample_run.geopackage}|layername=communes", "communes", "ogr")
    drawn = next(iris.getFeatures("\"code_iris\" = '59011'")).geometry().area()
    commune = next(communes.getFeatures("\"code_commune\" = '59011'")).geometry().area()
    assert drawn == pytest.approx(commune, rel=1e-6)

    completion = next(join for join in sample_run.report["joins"] if join["name"] == "communes × contours IRIS")
    assert any("iris_sans_contour" in note and "59011 Annœullin" in note for note in completion["notes"])


def test_census_lists_annoeullin_iris():
    with zipfile.ZipFile(SAMPLE / "base-ic-evol-struct-pop-2021_csv.zip") as archive:
        member = next(name for name in archive.namelist() if not name.startswith("meta_"))
        lines = archive.read(member).decode("utf-8").splitlines()
    codes = [line.split(";")[0] for line in lines[1:]]

    assert sorted(code for code in codes if code.startswith("59011")) == ["590110101", "590110102", "590110103"]
    assert len(codes) == 516


def test_styles_stored_as_default(sample_run):
    rows = layer_rows(sample_run.geopackage, "layer_styles", "f_table_name, useAsDefault")

    assert {name for name, default in rows if default} == {"iris", "communes", "territory", "etablissements",
                                                           "departement"}


def test_reference_values_nord(sample_run):
    rows = layer_rows(sample_run.geopackage, "reference_values", "indicator, level, code, value, origin")
    by_key = {(indicator, level, code): (value, origin) for indicator, level, code, value, origin in rows}
    expected = apl_values("2023")

    value, origin = by_key[("apl_mg", "departement", "59")]
    assert origin == "calculée"
    assert value is not None
    assert min(expected.values()) < value < max(expected.values())
    # Filosofi values are medians or rates without counts: never computed, only published.
    assert by_key[("tx_pauvrete", "departement", "59")][1] == "non disponible"


def test_project_relative_without_memory_layers(sample_run):
    with zipfile.ZipFile(sample_run.project) as archive:
        qgs = archive.read(next(n for n in archive.namelist() if n.endswith(".qgs"))).decode("utf-8")

    assert "./diagnostic.gpkg" in qgs
    assert str(sample_run.output_dir) not in qgs
    assert 'provider="memory"' not in qgs
    assert ">memory<" not in qgs
    for group in ("Offre de soins et de prévention", "Déterminants sociaux de santé", "Populations vulnérables"):
        assert group in qgs


def test_project_reopens_styled(sample_run):
    from qgis.core import QgsProject

    project = QgsProject()
    assert project.read(str(sample_run.project))
    layers = list(project.mapLayers().values())

    assert layers
    assert all(layer.isValid() for layer in layers)
    project.clear()


def test_project_opens_on_territory(sample_run):
    """A script-written project has no canvas: its default view must frame the territory."""
    from qgis.core import QgsProject, QgsVectorLayer

    project = QgsProject()
    assert project.read(str(sample_run.project))
    view = project.viewSettings().defaultViewExtent()
    territory = QgsVectorLayer(f"{sample_run.geopackage}|layername=territory", "territory", "ogr")

    assert not view.isEmpty()
    assert view.contains(territory.extent())
    assert view.width() < territory.extent().width() * 1.2
    project.clear()


def test_csv_long_format(sample_run):
    import pandas as pd

    table = pd.read_csv(sample_run.output_dir / "indicators.csv", sep=";", decimal=",", dtype={"code": str},
                        encoding="utf-8-sig")
    apl = table[(table["indicateur"] == "apl_mg") & (table["niveau"] == "commune")].set_index("code")

    assert list(table.columns) == ["niveau", "code", "libelle", "indicateur", "valeur", "petit_effectif"]
    # Rounded to the catalogue's 1 decimal: the GeoPackage keeps the DREES value in full.
    assert apl.at["59350", "valeur"] == pytest.approx(round(apl_values("2023")["59350"], 1))


def test_invalid_level_rejected(tmp_path):
    request = DiagnosticRequest(territory=MEL, output_dir=tmp_path, source="sample", level="canton")

    with pytest.raises(InvalidInputError):
        run_diagnostic(request)
    assert list(tmp_path.iterdir()) == []


class CancelAfter:
    """A feedback that cancels once ``count`` progress texts have been shown."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.texts: list[str] = []

    def setProgressText(self, text):
        self.texts.append(text)

    def setProgress(self, value):
        pass

    def isCanceled(self):
        return len(self.texts) >= self.count


def test_cancel_keeps_previous_outputs(qgis_app, sample_run, tmp_path):
    import shutil

    output = tmp_path / "out"
    shutil.copytree(sample_run.output_dir, output)
    before = {path.name: path.read_bytes() for path in output.iterdir() if path.is_file()}
    request = DiagnosticRequest(territory=MEL, output_dir=output, source="sample", pdf=False)

    with pytest.raises(CancelledError):
        run_diagnostic(request, CancelAfter(5))

    after = {path.name: path.read_bytes() for path in output.iterdir() if path.is_file()}
    assert after == before
    assert not [p for p in output.iterdir() if p.name.startswith(".diagnostic-")]


def test_failure_keeps_previous_gpkg(qgis_app, sample_run, tmp_path, monkeypatch):
    import shutil

    from territorial_health_plugin.core import assembly

    output = tmp_path / "out"
    shutil.copytree(sample_run.output_dir, output)
    before = (output / "diagnostic.gpkg").read_bytes()

    def broken_csv(path, built):
        raise OSError("disk full")

    monkeypatch.setattr(assembly, "write_csv", broken_csv)
    with pytest.raises(OSError, match="disk full"):
        run_diagnostic(DiagnosticRequest(territory=MEL, output_dir=output, source="sample", pdf=False))

    assert (output / "diagnostic.gpkg").read_bytes() == before


def test_establishments_layer_styled(sample_run):
    points = layer_rows(sample_run.geopackage, "etablissements", "code_commune, categetab")
    styles = {row[0] for row in layer_rows(sample_run.geopackage, "layer_styles", "f_table_name")}

    assert points
    assert "etablissements" in styles
    counts = dict(layer_rows(sample_run.geopackage, "communes", "code_commune, nb_pharmacies"))
    pharmacies = {}
    for commune, category in points:
        if category == "620":
            pharmacies[commune] = pharmacies.get(commune, 0) + 1
    for commune, value in counts.items():
        assert value == pharmacies.get(commune, 0), commune


def test_filosofi_join_names_annoeullin(sample_run):
    report = json.loads((sample_run.output_dir / "run_report.json").read_text(encoding="utf-8"))
    filosofi = next(join for join in report["joins"] if join["name"].startswith("insee_filosofi_iris"))
    unmatched = {item["code"]: item["name"] for item in filosofi["unmatched_data"]}

    assert unmatched == {"590110101": "Annœullin", "590110102": "Annœullin", "590110103": "Annœullin"}
    assert filosofi["status"] == "ok"


def test_harmonisation_reported(sample_run):
    report = json.loads((sample_run.output_dir / "run_report.json").read_text(encoding="utf-8"))
    harmonisation = next(join for join in report["joins"] if join["name"] == "harmonisation COG")
    notes = " ".join(harmonisation["notes"])

    # The APL file of 2023 still lists Bermeries, merged into L'Orée de Mormal.
    assert "59070" in notes
    assert "59006" in notes


def test_territory_population_is_its_communes(sample_run):
    # The MEL's legal population (embedded COG reference) is 1 195 234; the sample census is
    # built to add up to it commune by commune, so a larger total means rows of other communes.
    with sqlite3.connect(sample_run.geopackage) as connection:
        total = connection.execute("SELECT value FROM reference_values WHERE indicator = 'pop_totale' "
                                   "AND level = 'territoire'").fetchone()[0]
        communes = connection.execute("SELECT SUM(pop_totale) FROM communes").fetchone()[0]
    assert total == pytest.approx(1_195_234, abs=1)
    assert communes == pytest.approx(1_195_234, abs=1)
    assert not [w for w in sample_run.warnings if "population" in w.lower()]


def test_missing_apl_sources_not_borrowed(sample_run):
    # The sample has the GPs' APL only: the other professions are left out, never given the GPs' values.
    with sqlite3.connect(sample_run.geopackage) as connection:
        fields = {row[1] for row in connection.execute("PRAGMA table_info(communes)")}
        sourced = {row[0] for row in connection.execute("SELECT indicator FROM sources")}
    assert "apl_mg" in fields
    for name in ("apl_inf", "apl_kine", "apl_sf", "apl_cd"):
        assert name not in fields
        assert name not in sourced
        assert name in sample_run.report["indicators_unavailable"]
        assert name not in sample_run.report["indicators"]
    assert "indicator_errors" in sample_run.report


def test_finess_counts_are_points_per_commune(sample_run):
    points = layer_rows(sample_run.geopackage, "etablissements", "code_commune, categetab")
    expected: dict[str, int] = {}
    for commune, category in points:
        if category == "620":
            expected[commune] = expected.get(commune, 0) + 1
    written = dict(layer_rows(sample_run.geopackage, "communes", "code_commune, nb_pharmacies"))

    assert sum(expected.values()) == 10
    for commune, value in written.items():
        # 0 where the FINESS extract is there and the commune has none; never NULL.
        assert value == expected.get(commune, 0), commune


def test_run_report_carries_table_warnings(sample_run):
    from types import SimpleNamespace

    from territorial_health_plugin.core import assembly
    from territorial_health_plugin.core.readers import SourceTable

    table = SourceTable(source_id="insee_rp_population", level="iris", frame=sample_run_frame(),
                        warnings=["2 codes apparaissent plusieurs fois"], invalid_values={"POP": [(12, "abc")]})
    inputs = assembly.Inputs(tables=[table], indicator_errors={"part_ouvriers": "Indicateur part_ouvriers : …"})
    built = SimpleNamespace(warnings=[], reports=[], specs=[], unavailable={"apl_inf": "absent"},
                            sources=assembly.sources_frame([], []))
    territory = SimpleNamespace(spec=MEL, code="200093201", name="MEL", crs="EPSG:2154", cog_year=2026,
                                commune_codes=["59350"])
    report = assembly.run_report(territory, inputs, built, SimpleNamespace(timings={}), {}, {})

    assert report["indicator_errors"] == {"part_ouvriers": "Indicateur part_ouvriers : …"}
    assert report["tables"][0]["warnings"] == ["2 codes apparaissent plusieurs fois"]
    assert report["tables"][0]["invalid_values"] == {"POP": [{"row": 12, "value": "abc"}]}
    assert "2 codes apparaissent plusieurs fois" in report["warnings"]
    assert report["indicators_unavailable"] == {"apl_inf": "absent"}


def sample_run_frame():
    import pandas as pd

    return pd.DataFrame({"code_iris": ["593500101"], "POP": [1.0]})


def test_report_credits_vintage_read():
    import pandas as pd

    from territorial_health_plugin.core import assembly
    from territorial_health_plugin.core.catalogue import load_catalogue

    catalogue = load_catalogue()
    selected = [catalogue.by_id("part_75p"), catalogue.by_id("apl_inf"), catalogue.by_id("apl_mg")]
    sources = pd.DataFrame({"indicator": ["part_75p", "apl_mg"], "vintage": ["2022", "2023"],
                            "dataset": ["Recensement de la population, base IRIS « base-ic-evol-struct-pop »",
                                        "APL aux médecins généralistes"]})
    built = assembly.Built(iris=None, communes=pd.DataFrame(), outline=pd.DataFrame(), geometries={}, crs={},
                           reference=pd.DataFrame(), sources=sources, reports=[], specs=[],
                           unavailable={"apl_inf": "absent"})
    shown = {indicator.id: indicator for indicator in assembly.report_indicators(selected, built)}

    # The nurses' APL was not loaded: the cover does not credit it.
    assert set(shown) == {"part_75p", "apl_mg"}
    # A census 2022 file read for a catalogue written for 2021 is credited as 2022.
    assert shown["part_75p"].vintage == "2022"
    assert "2021" not in shown["part_75p"].dataset
    assert shown["apl_mg"] == catalogue.by_id("apl_mg")


def test_departement_outline_written(sample_run):
    # Written without a PDF too: the panel composes the report later from the saved project.
    rows = layer_rows(sample_run.geopackage, "departement", "code, nom")

    assert rows == [("59", "Nord")]


@pytest.fixture(scope="module")
def lille_run(qgis_app, tmp_path_factory):
    """Run the diagnostic of Lille alone on the sample, whose files cover the whole MEL."""
    output = tmp_path_factory.mktemp("lille")
    request = DiagnosticRequest(territory="commune:59350", output_dir=output, source="sample", pdf=False)
    return run_diagnostic(request)


def test_outline_is_territory_communes(lille_run):
    from qgis.core import QgsVectorLayer

    outline = QgsVectorLayer(f"{lille_run.geopackage}|layername=territory", "territory", "ogr")
    communes = QgsVectorLayer(f"{lille_run.geopackage}|layername=communes", "communes", "ogr")
    outline_area = next(outline.getFeatures()).geometry().area()
    lille_area = sum(feature.geometry().area() for feature in communes.getFeatures())

    assert communes.featureCount() == 1
    # Lille is about 35 km², the MEL about 650 km².
    assert outline_area == pytest.approx(lille_area, rel=1e-6)
    assert 30e6 < outline_area < 40e6


def test_counts_have_no_departement_value(lille_run):
    rows = layer_rows(lille_run.geopackage, "reference_values", "indicator, level, value, origin")
    counts = [row for row in rows if row[0].startswith("nb_") and row[1] != "territoire"]

    assert counts, "the catalogue has establishment counts"
    for indicator, level, value, origin in counts:
        assert value is None, (indicator, level)
        assert origin == "non disponible", (indicator, level)


SYNTHETIC_SOURCES = {"insee_rp_population", "insee_rp_activite", "insee_rp_diplomes", "insee_rp_familles",
                     "insee_rp_logement", "finess"}


def catalogue_indicator(catalogue, identifier: str):
    """Return the catalogue indicator of a field; a rate per 10 000 inhabitants (``dens_``) is its count's."""
    if identifier.startswith("dens_"):
        return catalogue.by_id(f"nb_{identifier[len('dens_'):]}")
    return catalogue.by_id(identifier)


def test_sources_flag_synthetic_sample(sample_run):
    from territorial_health_plugin.core.catalogue import load_catalogue

    catalogue = load_catalogue()
    rows = layer_rows(sample_run.geopackage, "sources", "indicator, synthetic")

    assert rows
    for indicator, synthetic in rows:
        expected = 1 if catalogue_indicator(catalogue, indicator).source in SYNTHETIC_SOURCES else 0
        assert synthetic == expected, indicator
    flags = {row["indicator"]: row["synthetic"] for row in sample_run.report["sources"]}
    assert flags["tx_pauvrete"] == 0
    assert flags["apl_mg"] == 0
    assert flags["nb_pharmacies"] == 1
    tables = {table["source_id"]: table["synthetic"] for table in sample_run.report["tables"]}
    assert tables["insee_rp_population"] is True
    assert tables["insee_filosofi_iris"] is False


def test_report_credits_loaded_sources_only(sample_run):
    from territorial_health_plugin.core.catalogue import load_catalogue
    from territorial_health_plugin.core.report.context import ReportContext
    from territorial_health_plugin.core.report.sources import producers_credit

    # The panel hands the report every selected indicator, APL of nurses included.
    catalogue = load_catalogue()
    selected = [catalogue.by_id(identifier) for identifier in ("apl_mg", "apl_inf", "tx_pauvrete", "nb_pharmacies")]
    context = ReportContext(territory=None, output_dir=sample_run.output_dir, indicators=selected,
                            run_report=sample_run.report)
    credit = producers_credit(context)

    assert [item.id for item in context.indicators] == ["apl_mg", "tx_pauvrete", "nb_pharmacies"]
    assert "infirmi" not in credit.lower()
    assert "Filosofi" in credit
    finess_line = next(line for line in credit.splitlines() if "FINESS" in line)
    assert "synthetic demonstration data" in finess_line or "données fictives de démonstration" in finess_line
    filosofi_line = next(line for line in credit.splitlines() if "Filosofi" in line)
    assert "fictive" not in filosofi_line
    assert "synthetic" not in filosofi_line


def test_csv_values_rounded(sample_run):
    import csv

    from territorial_health_plugin.core.catalogue import load_catalogue

    catalogue = load_catalogue()
    with open(sample_run.output_dir / "indicators.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))

    assert rows
    for row in rows:
        decimals = row["valeur"].partition(",")[2]
        indicator = catalogue_indicator(catalogue, row["indicateur"])
        # Counts and populations keep 2 decimals (census populations are weighted estimates).
        allowed = max(int(indicator.decimals), 2) if indicator.unit == "nombre" else int(indicator.decimals)
        assert len(decimals) <= allowed, (row["indicateur"], row["code"], row["valeur"])


def test_gpkg_keeps_full_precision(sample_run):
    rates = dict(layer_rows(sample_run.geopackage, "iris", "code_iris, part_75p"))
    values = [value for value in rates.values() if value is not None]

    # A share of counts is rarely a round number: the GeoPackage keeps its unrounded value.
    assert any(round(value, 1) != value for value in values)


def test_iris_names_repaired(sample_run):
    names = dict(layer_rows(sample_run.geopackage, "iris", "code_iris, nom_iris"))

    assert names["593502705"] == "Bourg Délivrance 5"
    for code, name in names.items():
        assert not any(ord(character) < 32 for character in name or ""), code
    repairs = sample_run.report["iris_names_repaired"]
    assert repairs["from_table"] > 0
    assert repairs["from_table"] + repairs["control_removed"] == 58


def test_territory_warnings_filtered():
    from types import SimpleNamespace

    from territorial_health_plugin.core.assembly import territory_warnings

    territory = SimpleNamespace(commune_codes=["59350", "59009"], iris_commune_codes=[])
    warnings = [
        "Source « drees_apl_inf » ignorée",
        "Code d'un COG antérieur : 59070 Bermeries → 59006 L'Orée de Mormal",
        "Code d'un COG antérieur : 59298 Hellemmes-Lille → 59350 Lille",
        "IRIS 593500101 sans contour",
        "Source « drees_apl_inf » ignorée",
    ]

    assert territory_warnings(warnings, territory) == [
        "Source « drees_apl_inf » ignorée",
        "Code d'un COG antérieur : 59298 Hellemmes-Lille → 59350 Lille",
        "IRIS 593500101 sans contour",
    ]


@pytest.fixture(scope="module")
def commune_level_run(qgis_app, tmp_path_factory):
    """Run the MEL at commune level: the IRIS tables are summed by commune."""
    output = tmp_path_factory.mktemp("commune_level")
    request = DiagnosticRequest(territory=MEL, output_dir=output, source="sample", level="commune", pdf=False)
    return run_diagnostic(request)


def test_commune_level_joins_iris_tables_to_communes(commune_level_run):
    joins = {join["name"]: join for join in commune_level_run.report["joins"]}

    assert joins["insee_rp_population × communes"]["status"] == "ok"
    assert joins["insee_rp_population × communes"]["match_rate"] == 1.0
    assert not [name for name in joins if name.endswith("× iris")]


def test_commune_level_writes_communes_only(commune_level_run):
    from qgis.core import QgsVectorLayer

    communes = QgsVectorLayer(f"{commune_level_run.geopackage}|layername=communes", "communes", "ogr")
    iris = QgsVectorLayer(f"{commune_level_run.geopackage}|layername=iris", "iris", "ogr")

    assert communes.featureCount() == 95
    assert all(feature["pop_totale"] is not None and feature["pop_totale"] > 0 for feature in communes.getFeatures())
    assert not iris.isValid()
