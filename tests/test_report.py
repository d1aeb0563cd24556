"""The diagnostic PDF and atlas built from the MEL sample: pages, items, French text, export cases."""

from __future__ import annotations

import logging
import subprocess
import threading
from pathlib import Path

import pytest

from tests.test_report_fixtures import (
    SAMPLE,
    build_sample_geopackage,
    load_layers,
    reference_frame,
    sample_indicators,
    sample_territory,
)

ATLAS_COMMUNES = ["59350", "59009", "59512"]  # Lille, Villeneuve-d'Ascq, Roubaix
ATLAS_NAMES = {"59350": "Lille", "59009": "Villeneuve-d'Ascq", "59512": "Roubaix"}
EXPECTED_PAGES = 1 + 1 + 4 + 1  # cover, synthèse, one page per mapped indicator, methods


def make_context(gpkg: Path, output_dir: Path, atlas: bool = False, with_departement: bool = True):
    from qgis.core import QgsVectorLayer

    from territorial_health_plugin.core.report import ReportContext

    layers = load_layers(gpkg)
    if with_departement:
        layers["departement"] = QgsVectorLayer(str(SAMPLE / "departement-59-nord.geojson"), "Nord", "ogr")
    territory = sample_territory(layers)
    output_dir.mkdir(parents=True, exist_ok=True)
    return ReportContext(
        territory=territory,
        output_dir=output_dir,
        indicators=sample_indicators(),
        reference_values=reference_frame(territory.communes["code_commune"].tolist()),
        run_report={"joins": [{"name": "Filosofi 2019 / IRIS", "match_rate": 0.774,
                               "unmatched": ["590050000", "590110101"]}],
                    "warnings": ["5 communes sans contour IRIS"]},
        layers=layers,
        atlas=atlas,
        cog_year="2026",
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory, qgis_app, french_translator):
    """Compose the diagnostic of the MEL sample once for the module."""
    from qgis.core import QgsProject

    from territorial_health_plugin.core.report import compose_report

    folder = tmp_path_factory.mktemp("report")
    gpkg = build_sample_geopackage(folder / "diagnostic.gpkg")
    context = make_context(gpkg, folder / "out")
    project = QgsProject()
    files = compose_report(project, context)
    yield {"project": project, "files": files, "context": context}
    release_project(project)


@pytest.fixture(scope="module")
def atlas_report(tmp_path_factory, qgis_app, french_translator):
    """Compose the diagnostic and the atlas of three MEL communes."""
    from qgis.core import QgsProject

    from territorial_health_plugin.core.report import compose_report

    folder = tmp_path_factory.mktemp("atlas")
    gpkg = build_sample_geopackage(folder / "diagnostic.gpkg", ATLAS_COMMUNES)
    context = make_context(gpkg, folder / "out", atlas=True)
    project = QgsProject()
    files = compose_report(project, context)
    yield {"project": project, "files": files, "context": context}
    release_project(project)


def release_project(project) -> None:
    """Close the project's layouts and layers while QGIS still runs.

    Left to the garbage collector, the project could be deleted after pytest-qgis exits QGIS,
    and closing its GeoPackage layers then crashes in GDAL.
    """
    project.layoutManager().clear()
    project.removeAllMapLayers()


def diagnostic_layout(project):
    return project.layoutManager().layoutByName("Diagnostic territorial de santé")


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_text(path: Path, page: int | None = None) -> str:
    command = ["pdftotext", "-layout"]
    if page is not None:
        command += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*command, str(path), "-"], capture_output=True, text=True, check=True).stdout


def items_of_page(layout, page_index: int):
    return [item for item in layout.items()
            if hasattr(item, "page") and item.type() != 65638 and item.page() == page_index and item.id()]


def test_report_files_written(report):
    files = report["files"]
    assert files["pdf"].name == "diagnostic.pdf"
    assert files["pdf"].stat().st_size > 10_000
    assert "atlas" not in files
    assert not list(files["pdf"].parent.glob(".diagnostic-*.pdf"))


def test_report_page_count(report):
    assert pdf_pages(report["files"]["pdf"]) == EXPECTED_PAGES
    assert diagnostic_layout(report["project"]).pageCollection().pageCount() == EXPECTED_PAGES


def test_report_layout_names(report):
    names = [layout.name() for layout in report["project"].layoutManager().layouts()]
    assert names == ["Diagnostic territorial de santé"]


def test_cover_items_present(report):
    from qgis.core import QgsLayoutItemLabel, QgsLayoutItemMap

    layout = diagnostic_layout(report["project"])
    cover = {item.id(): item for item in items_of_page(layout, 0)}
    for item_id in ("territory_name", "territory_type", "facts", "date", "producers"):
        assert isinstance(cover.get(item_id), QgsLayoutItemLabel), item_id
    assert cover["territory_name"].text() == "Métropole Européenne de Lille"
    assert "95 communes" in cover["facts"].text()
    assert "Département : Nord" in cover["facts"].text()
    assert "DREES" in cover["producers"].text()
    assert "INSEE" in cover["producers"].text()
    assert isinstance(cover.get("location_map"), QgsLayoutItemMap)
    assert [layer.name() for layer in cover["location_map"].layers()][-1] == "Nord"


def test_indicator_pages_complete(report):
    from qgis.core import QgsLayoutItemLabel, QgsLayoutItemLegend, QgsLayoutItemMap, QgsLayoutItemPicture

    layout = diagnostic_layout(report["project"])
    for page_index in range(2, 6):
        items = {item.id(): item for item in items_of_page(layout, page_index)}
        assert isinstance(items.get("map"), QgsLayoutItemMap), page_index
        legend = items.get("legend")
        assert isinstance(legend, QgsLayoutItemLegend), page_index
        assert legend.linkedMap() is items["map"]
        assert items["scale_bar"].linkedMap() is items["map"]
        assert isinstance(items.get("north_arrow"), QgsLayoutItemPicture)
        assert items["north_arrow"].picturePath().endswith("NorthArrow_02.svg")
        source = items["source"].text()
        assert source.startswith("Source : ")
        assert "Licence Ouverte" in source
        assert isinstance(items.get("narrative"), QgsLayoutItemLabel)
        assert Path(items["chart"].picturePath()).is_file()


def test_map_legends_list_classes(report):
    """Each legend shows the classes of its own indicator, and the hidden-values class where
    the map has hidden values (Filosofi at IRIS level), not where it has none (APL)."""
    from qgis.core import QgsLayoutItemLegend

    layout = diagnostic_layout(report["project"])
    legends = [item for item in layout.items() if isinstance(item, QgsLayoutItemLegend)]
    assert len(legends) == 4
    hidden_shown = {}
    for legend in legends:
        node = legend.model().rootGroup().findLayers()[0]
        labels = [" ".join(legend_node.data(0).split()) for legend_node in legend.model().layerLegendNodes(node)]
        assert len(labels) >= 2, labels
        hidden_shown[legend.title()] = any("secret statistique" in label for label in labels)
    assert any(hidden_shown.values()), hidden_shown
    assert not [title for title, shown in hidden_shown.items() if "APL" in title and shown], hidden_shown


def test_map_extents_cover_territory(report):
    from qgis.core import QgsLayoutItemMap

    layout = diagnostic_layout(report["project"])
    territory = report["context"].layers["territory"].extent()
    for item in layout.items():
        if isinstance(item, QgsLayoutItemMap) and item.id() == "map":
            assert item.extent().contains(territory)
            assert item.scale() > 0


def test_layout_uses_no_html_item(report):
    from qgis.core import QgsLayoutItemHtml

    layout = diagnostic_layout(report["project"])
    assert not [frame for frame in layout.multiFrames() if isinstance(frame, QgsLayoutItemHtml)]


def test_no_item_outside_page(report):
    from qgis.core import QgsLayoutItemPage

    layout = diagnostic_layout(report["project"])
    pages = layout.pageCollection()
    for item in layout.items():
        if isinstance(item, QgsLayoutItemPage) or not hasattr(item, "page") or not item.isVisible():
            continue
        page = pages.page(item.page())
        page_rect = page.sceneBoundingRect().adjusted(-0.01, -0.01, 0.01, 0.01)
        assert page_rect.contains(item.sceneBoundingRect()), f"{item.id()} on page {item.page() + 1}"


def test_no_label_overflows(report):
    from qgis.core import QgsLayoutItemLabel

    from territorial_health_plugin.core.report.fitting import label_overflow_mm

    layout = diagnostic_layout(report["project"])
    for item in layout.items():
        if isinstance(item, QgsLayoutItemLabel):
            assert label_overflow_mm(item) <= 0, f"{item.id()} on page {item.page() + 1}: {item.currentText()!r}"


def test_legends_fit_their_frames(report):
    from qgis.core import QgsLayoutItemLegend, QgsLegendRenderer

    layout = diagnostic_layout(report["project"])
    for legend in (item for item in layout.items() if isinstance(item, QgsLayoutItemLegend)):
        size = QgsLegendRenderer(legend.model(), legend.legendSettings()).minimumSize()
        assert size.width() <= legend.rect().width(), legend.title()
        assert size.height() <= legend.rect().height(), legend.title()


def test_tables_fit_their_frames(report):
    from qgis.core import QgsLayoutItemManualTable

    layout = diagnostic_layout(report["project"])
    tables = [frame for frame in layout.multiFrames() if isinstance(frame, QgsLayoutItemManualTable)]
    assert len(tables) == 2
    for table in tables:
        capacity = sum(frame.rect().height() for frame in table.frames())
        assert table.totalSize().height() <= capacity + 0.01


def test_pdf_text_is_french(report):
    text = pdf_text(report["files"]["pdf"])
    for expected in ("Diagnostic territorial de santé", "Chiffres clés", "Points saillants",
                     "Offre de soins et de prévention", "Déterminants sociaux de santé", "Méthodes et sources",
                     "Taux de pauvreté", "secret statistique", "Licence Ouverte", "COG 2026", "Définition",
                     "Indicateur", "Points saillants"):
        assert expected in text, expected
    for english in ("Key figures", "Findings", "Source: ", "Territory", "Methods and sources"):
        assert english not in text, english


def test_pdf_numbers_french_format(report):
    text = pdf_text(report["files"]["pdf"], page=2)
    assert "18,0 %" in text.replace("\u00a0", " ")
    assert "14,6 %" in text.replace("\u00a0", " ")
    assert "18.0" not in text
    cover = pdf_text(report["files"]["pdf"], page=1)
    assert "habitants" in cover
    population = report["context"].territory.population
    assert f"{population:,}".replace(",", "\u202f") in cover or f"{population:,}".replace(",", " ") in cover


def test_narrative_states_the_numbers(report):
    from qgis.core import QgsLayoutItemLabel

    layout = diagnostic_layout(report["project"])
    labels = [item for item in layout.items() if isinstance(item, QgsLayoutItemLabel)]
    texts = [label.text() for label in labels if label.id() == "narrative"]
    poverty = next(text for text in texts if text.startswith("Le taux de pauvreté"))
    assert "(18,0\u00a0%)" in poverty
    assert "supérieur à celui de la France (14,6\u00a0%)" in poverty
    assert "212 des 509 IRIS ont une valeur masquée" in poverty


def test_pages_render_not_blank(report, tmp_path):
    from qgis.PyQt.QtGui import QImage

    subprocess.run(["pdftoppm", "-png", "-r", "30", str(report["files"]["pdf"]), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == EXPECTED_PAGES
    for path in images:
        image = QImage(str(path))
        colours = {image.pixel(x, y) for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)}
        assert len(colours) > 20, path.name


def test_atlas_one_page_per_commune(atlas_report):
    files = atlas_report["files"]
    assert files["atlas"].name == "atlas.pdf"
    assert pdf_pages(files["atlas"]) == len(ATLAS_COMMUNES)
    names = [layout.name() for layout in atlas_report["project"].layoutManager().layouts()]
    assert "Atlas des communes" in names


def test_atlas_pages_show_own_commune(atlas_report):
    """Each page carries its own commune's name and figures, not the first commune's."""
    path = atlas_report["files"]["atlas"]
    pages = [pdf_text(path, page) for page in range(1, len(ATLAS_COMMUNES) + 1)]
    ordered = sorted(ATLAS_NAMES.items(), key=lambda item: item[1])
    for (code, name), text in zip(ordered, pages):
        assert f"{name} ({code})" in text
        assert "Chiffres clés de la commune" in text
        assert "[%" not in text
    assert len({page.split("APL aux médecins généralistes :")[1][:12] for page in pages}) == len(pages)


def test_atlas_legend_identical_every_page(atlas_report):
    from qgis.core import QgsLayoutItemLegend, QgsLegendRenderer

    layout = atlas_report["project"].layoutManager().layoutByName("Atlas des communes")
    legend = next(item for item in layout.items() if isinstance(item, QgsLayoutItemLegend))
    assert not legend.legendFilterByMapEnabled()
    atlas = layout.atlas()
    assert atlas.beginRender()
    counts = []
    for index in range(atlas.count()):
        atlas.seekTo(index)
        node = legend.model().rootGroup().findLayers()[0]
        counts.append(len(legend.model().layerLegendNodes(node)))
        size = QgsLegendRenderer(legend.model(), legend.legendSettings()).minimumSize()
        assert size.height() <= legend.rect().height()
    atlas.endRender()
    assert len(set(counts)) == 1


def test_export_result_both_shapes():
    from qgis.core import QgsLayoutExporter

    from territorial_health_plugin.core.report.export import result_code

    success = QgsLayoutExporter.ExportResult.Success
    assert result_code(success) == (success, "")
    assert result_code((success, "")) == (success, "")
    assert result_code((QgsLayoutExporter.ExportResult.FileError, "locked")) == (
        QgsLayoutExporter.ExportResult.FileError, "locked")


def test_export_locked_file_message(report, monkeypatch):
    """A PDF held open by a reader (Windows locks it) is reported before any export."""
    import builtins

    from territorial_health_plugin.core.report.export import ExportError, export_pdf

    target = report["files"]["pdf"]
    before = target.read_bytes()
    real_open = builtins.open

    def locked_open(path, mode="r", *args, **kwargs):
        if Path(path) == target and mode != "rb":
            raise PermissionError(13, "The process cannot access the file because it is being used")
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", locked_open)
    with pytest.raises(ExportError) as caught:
        export_pdf(diagnostic_layout(report["project"]), target)
    monkeypatch.undo()
    assert "est ouvert dans un autre programme" in caught.value.message
    assert str(target) in caught.value.message
    assert target.read_bytes() == before


def test_export_failure_keeps_previous_pdf(report, monkeypatch):
    from qgis.PyQt.QtGui import QPainter

    from territorial_health_plugin.core.report import export
    from territorial_health_plugin.core.report.export import ExportError, export_pdf

    class RefusingPainter(QPainter):
        """A painter that cannot open its PDF device, as when the file cannot be created."""

        def begin(self, device) -> bool:
            return False

    target = report["files"]["pdf"]
    before = target.read_bytes()
    monkeypatch.setattr(export, "QPainter", RefusingPainter)
    with pytest.raises(ExportError) as caught:
        export_pdf(diagnostic_layout(report["project"]), target)
    assert "le fichier n'a pas pu être créé" in caught.value.message
    assert target.read_bytes() == before
    assert not list(target.parent.glob(".diagnostic-*.pdf"))


def test_export_ticks_after_every_page(report, tmp_path):
    from territorial_health_plugin.core.report.export import export_pdf

    layout = diagnostic_layout(report["project"])
    ticks: list[tuple[int, int]] = []
    export_pdf(layout, tmp_path / "ticked.pdf", tick=lambda done, total: ticks.append((done, total)))

    pages = layout.pageCollection().pageCount()
    # A tick after each page drawn, and one before drawing a page whose items were refreshed.
    assert sorted(set(done for done, _total in ticks)) == list(range(pages + 1))
    assert [done for done, _total in ticks][-1] == pages
    assert len(ticks) <= 2 * pages
    assert pdf_pages(tmp_path / "ticked.pdf") == pages


@pytest.mark.parametrize("stop_after", [1, 3])
def test_cancel_between_pages_keeps_previous_pdf(report, stop_after):
    from territorial_health_plugin.core.report.export import export_pdf
    from territorial_health_plugin.toolbelt.errors import CancelledError

    target = report["files"]["pdf"]
    before = target.read_bytes()

    def tick(done: int, total: int) -> None:
        if done >= stop_after:
            raise CancelledError("stop")

    with pytest.raises(CancelledError):
        export_pdf(diagnostic_layout(report["project"]), target, tick=tick)
    assert target.read_bytes() == before
    assert not list(target.parent.glob(".diagnostic-*.pdf"))


def test_cancel_inside_atlas_keeps_previous_atlas(atlas_report):
    from territorial_health_plugin.core.report.export import export_pdf
    from territorial_health_plugin.toolbelt.errors import CancelledError

    target = atlas_report["files"]["atlas"]
    before = target.read_bytes()
    layout = atlas_report["project"].layoutManager().layoutByName("Atlas des communes")
    seen: list[int] = []

    def tick(done: int, total: int) -> None:
        seen.append(done)
        if done == 2:
            raise CancelledError("stop")

    with pytest.raises(CancelledError):
        export_pdf(layout, target, atlas=layout.atlas(), tick=tick)
    assert seen == [1, 2]
    assert target.read_bytes() == before
    assert not list(target.parent.glob(".atlas-*.pdf"))
    # The atlas ended its render, so a new export goes through every commune again.
    export_pdf(layout, target, atlas=layout.atlas())
    assert pdf_pages(target) == len(ATLAS_COMMUNES)


def test_export_missing_folder_message(report, tmp_path):
    from territorial_health_plugin.core.report.export import ExportError, export_pdf

    with pytest.raises(ExportError) as caught:
        export_pdf(diagnostic_layout(report["project"]), tmp_path / "absent" / "diagnostic.pdf")
    assert "n'existe pas" in caught.value.message


def test_export_refused_off_main_thread(report, tmp_path):
    from territorial_health_plugin.core.report.export import ExportError, export_pdf

    outcome = {}

    def worker():
        try:
            export_pdf(diagnostic_layout(report["project"]), tmp_path / "thread.pdf")
        except ExportError as error:
            outcome["error"] = error.message

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(60)
    assert "fil principal" in outcome["error"]
    assert not (tmp_path / "thread.pdf").exists()


def test_qgis_pdf_export_declares_no_threading(qgis_processing):
    """QGIS's own layout-to-PDF algorithm runs only on the main thread: so does the report."""
    from qgis.core import QgsApplication, QgsProcessingAlgorithm

    algorithm = QgsApplication.processingRegistry().algorithmById("native:printlayouttopdf")
    assert algorithm is not None
    assert algorithm.flags() & QgsProcessingAlgorithm.Flag.FlagNoThreading


def test_missing_template_font_replaced(qgis_app, caplog):
    from qgis.core import QgsLayoutItemLabel, QgsPrintLayout, QgsProject
    from qgis.PyQt.QtGui import QFont

    from territorial_health_plugin.core.report.fitting import label_font
    from territorial_health_plugin.core.report.fonts import FALLBACK_FAMILY, check_layout_fonts

    project = QgsProject()
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    label = QgsLayoutItemLabel(layout)
    label.setText("Titre")
    label.setFont(QFont("Marianne", 20))
    layout.addLayoutItem(label)
    with caplog.at_level(logging.WARNING, logger="territorial_health_plugin"):
        replaced = check_layout_fonts(layout)
    assert replaced == {"Marianne": FALLBACK_FAMILY}
    assert label_font(label).family() == FALLBACK_FAMILY
    assert any("Marianne" in record.getMessage() for record in caplog.records)


def test_fallback_font_registered_when_missing(qgis_app, monkeypatch):
    from territorial_health_plugin.core.report import fonts

    calls = []
    real_available = fonts.family_available

    def lato_missing_once(family):
        calls.append(family)
        return real_available(family) if len(calls) > 1 else False

    monkeypatch.setattr(fonts, "family_available", lato_missing_once)
    assert fonts.ensure_fallback_font() == "Lato"
    assert (Path(fonts.resource_path("fonts", "Lato-Regular.ttf"))).is_file()


def test_long_key_figures_continue_on_next_page(report, tmp_path):
    """Sixty indicators overflow the synthesis page: the table continues on the next page."""
    from types import SimpleNamespace

    import pandas as pd
    from qgis.core import QgsLayoutItemManualTable, QgsProject

    from territorial_health_plugin.core.report.context import ReportContext
    from territorial_health_plugin.core.report.layout import build_diagnostic_layout

    base = report["context"]
    indicators = [SimpleNamespace(id=f"ind_{number}", label=f"Indicateur de test numéro {number}", unit="%",
                                  decimals=1, polarity="higher_is_worse", theme="determinants_sociaux")
                  for number in range(60)]
    rows = [{"indicator": f"ind_{number}", "level": level, "code": code, "value": value + number}
            for number in range(60)
            for level, code, value in (("territoire", "", 20.0), ("departement", "59", 18.0), ("france", "FR", 10.0))]
    context = ReportContext(territory=base.territory, output_dir=tmp_path, indicators=indicators,
                            reference_values=pd.DataFrame(rows), layers=base.layers, cog_year="2026")
    project = QgsProject()
    layout = build_diagnostic_layout(project, context, tmp_path)

    table = next(frame for frame in layout.multiFrames() if isinstance(frame, QgsLayoutItemManualTable)
                 and any(item.id() == "key_figures" for item in frame.frames()))
    assert len(table.frames()) >= 2
    capacity = sum(frame.rect().height() for frame in table.frames())
    assert table.totalSize().height() <= capacity
    assert [frame.page() for frame in table.frames()] == list(range(1, 1 + len(table.frames())))
    first, second = table.frames()[:2]
    assert second.pagePos() == first.pagePos()
    pages = layout.pageCollection()
    for item in layout.items():
        if hasattr(item, "page") and item.isVisible() and item.id():
            assert pages.page(item.page()).sceneBoundingRect().adjusted(-0.01, -0.01, 0.01, 0.01).contains(
                item.sceneBoundingRect()), item.id()


def test_cancelled_report_keeps_previous_pdf(report):
    from qgis.core import QgsProcessingFeedback, QgsProject

    from territorial_health_plugin.core.report import compose_report
    from territorial_health_plugin.toolbelt.errors import CancelledError

    target = report["files"]["pdf"]
    before = target.read_bytes()
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    project = QgsProject()
    with pytest.raises(CancelledError) as caught:
        compose_report(project, report["context"], feedback)
    assert "annulé" in caught.value.message
    assert target.read_bytes() == before


def test_age_structure_page(report, tmp_path):
    from types import SimpleNamespace

    import pandas as pd
    from qgis.core import QgsLayoutItemLabel, QgsProject

    from territorial_health_plugin.core.report.context import ReportContext
    from territorial_health_plugin.core.report.layout import build_diagnostic_layout

    base = report["context"]
    ages = [SimpleNamespace(id=indicator_id, label=label, unit="%", decimals=1, polarity="neutral",
                            theme="populations_vulnerables")
            for indicator_id, label in (("part_0_14", "Part des moins de 15 ans"),
                                        ("part_65p", "Part des 65 ans ou plus"),
                                        ("part_75p", "Part des 75 ans ou plus"))]
    rows = [{"indicator": "part_0_14", "level": "territoire", "code": "", "value": 20.0},
            {"indicator": "part_0_14", "level": "france", "code": "FR", "value": 17.5},
            {"indicator": "part_65p", "level": "territoire", "code": "", "value": 16.0},
            {"indicator": "part_75p", "level": "territoire", "code": "", "value": 7.9}]
    context = ReportContext(territory=base.territory, output_dir=tmp_path, indicators=ages,
                            reference_values=pd.DataFrame(rows), layers=base.layers, cog_year="2026")
    project = QgsProject()
    layout = build_diagnostic_layout(project, context, tmp_path)

    titles = {item.page(): item.text() for item in layout.items()
              if isinstance(item, QgsLayoutItemLabel) and item.id() == "page_title"}
    age_page = next(page for page, title in titles.items() if title == "Structure par âge")
    narrative = next(item.text() for item in layout.items()
                     if isinstance(item, QgsLayoutItemLabel) and item.id() == "narrative" and item.page() == age_page)
    assert narrative.startswith("Part des moins de 15 ans : 20,0\u00a0%")
    assert "supérieure à celle de la France (17,5\u00a0%)" in narrative
    chart = (tmp_path / "chart_age_structure.svg").read_text(encoding="utf-8")
    assert "France" in chart
    assert "Territoire" in chart


def test_methods_name_unmatched_units(report, french_translator):
    from territorial_health_plugin.core.report.context import ReportContext
    from territorial_health_plugin.core.report.sources import methods_coverage_text

    join = {"name": "insee_filosofi_iris × iris", "match_rate": 0.774, "unmatched_geometry": [
        {"code": "590050000", "name": "Allennes-les-Marais"}], "unmatched_data": [{"code": "590110101", "name": ""}]}
    context = ReportContext(territory=report["context"].territory, output_dir=Path("."), indicators=[],
                            run_report={"joins": [join]}, cog_year="2026")
    text = methods_coverage_text(context)
    assert "Géographie : communes du COG 2026" in text
    # Named by its catalogue dataset even though the run report lists no table for it.
    assert ("Jointure « INSEE-DGFiP-Cnaf-Cnav-CCMSA, Filosofi, revenus disponibles localisés par IRIS × IRIS » : "
            "77,4 % des unités appariées") in text
    assert "insee_filosofi_iris" not in text
    assert "non appariés : 590050000 Allennes-les-Marais, 590110101" in text


def test_long_url_wrapped_in_cell(qgis_app):
    from qgis.PyQt.QtGui import QFont

    from territorial_health_plugin.core.report.fitting import text_width_mm
    from territorial_health_plugin.core.report.tables import wrap_url

    font = QFont("Lato")
    font.setPointSizeF(6.5)
    url = "https://data.drees.solidarites-sante.gouv.fr/explore/dataset/530_l-accessibilite-potentielle-localisee-apl/"
    wrapped = wrap_url(url, font, 39)
    assert wrapped.replace("\n", "") == url
    assert all(text_width_mm(line, font) <= 39 for line in wrapped.split("\n"))
    assert len(wrapped.split("\n")) >= 2


def test_export_logs_time_per_page(report, tmp_path, caplog):
    from territorial_health_plugin.core.report.export import export_pdf

    with caplog.at_level(logging.INFO, logger="territorial_health_plugin"):
        export_pdf(diagnostic_layout(report["project"]), tmp_path / "timed.pdf")
    message = next(record.getMessage() for record in caplog.records if "timed.pdf" in record.getMessage())
    assert f"{EXPECTED_PAGES} pages en" in message
    assert "s par page" in message


def _layout_signature(layout) -> list:
    """Describe every item: uuid, type, page, position, linked map, table frame count."""
    from qgis.core import QgsLayoutItem

    rows = []
    for item in layout.items():
        if not isinstance(item, QgsLayoutItem):
            continue
        linked = item.linkedMap() if hasattr(item, "linkedMap") else None
        position = item.positionWithUnits()
        rows.append((item.uuid(), item.type(), item.page(), round(position.x(), 2), round(position.y(), 2),
                     linked.uuid() if linked is not None else ""))
    return sorted(rows)


@pytest.mark.parametrize(("fixture_name", "layout_name"), [("report", "Diagnostic territorial de santé"),
                                                       ("atlas_report", "Atlas des communes")])
def test_layout_read_by_page_matches_read_xml(request, tmp_path, fixture_name, layout_name):
    from qgis.core import QgsPrintLayout, QgsReadWriteContext
    from qgis.PyQt.QtXml import QDomDocument

    from territorial_health_plugin.core.report.export import export_pdf
    from territorial_health_plugin.core.report.layout_io import read_layout_by_page

    project = request.getfixturevalue(fixture_name)["project"]
    source = project.layoutManager().layoutByName(layout_name)
    saved = QDomDocument()
    saved.appendChild(source.writeXml(saved, QgsReadWriteContext()))
    text = saved.toString()
    whole_document, paged_document = QDomDocument(), QDomDocument()
    whole_document.setContent(text)
    paged_document.setContent(text)
    whole, paged = QgsPrintLayout(project), QgsPrintLayout(project)
    breaths: list[int] = []

    assert whole.readXml(whole_document.documentElement(), whole_document, QgsReadWriteContext())
    assert read_layout_by_page(paged, paged_document.documentElement(), paged_document,
                               between=lambda: breaths.append(1))

    pages = source.pageCollection().pageCount()
    assert paged.pageCollection().pageCount() == pages
    # One pause after the layout's settings and pages, one after each page of items but the
    # last, then two per table (multiframe): before it is read and before its frames are laid out.
    assert len(breaths) == 1 + pages - 1 + 2 * len(source.multiFrames())
    assert _layout_signature(paged) == _layout_signature(whole)
    assert sorted((frame.uuid(), frame.frameCount()) for frame in paged.multiFrames()) == sorted(
        (frame.uuid(), frame.frameCount()) for frame in whole.multiFrames())
    assert paged.atlas().enabled() == whole.atlas().enabled()
    assert paged.atlas().coverageLayer() == whole.atlas().coverageLayer()
    atlas = (lambda layout: layout.atlas()) if whole.atlas().enabled() else (lambda layout: None)
    export_pdf(whole, tmp_path / "whole.pdf", atlas=atlas(whole))
    export_pdf(paged, tmp_path / "paged.pdf", atlas=atlas(paged))
    assert pdf_text(tmp_path / "paged.pdf") == pdf_text(tmp_path / "whole.pdf")


def test_scale_bars_write_french_numbers(report, french_translator):
    from qgis.core import QgsLayoutItemScaleBar, QgsNumericFormatContext

    layout = diagnostic_layout(report["project"])
    bars = [item for item in layout.items() if isinstance(item, QgsLayoutItemScaleBar)]

    assert bars
    for bar in bars:
        assert bar.numericFormat().formatDouble(0.9, QgsNumericFormatContext()) == "0,9"
        assert bar.numericFormat().formatDouble(20.0, QgsNumericFormatContext()) == "20"
