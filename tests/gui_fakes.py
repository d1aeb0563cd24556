"""Stand-ins for the pipeline and the territory search, for the panel and task tests.

:func:`build_template` writes, on the main thread, a real diagnostic output from the embedded
sample: ``diagnostic.gpkg`` (communes and IRIS of the MEL), ``diagnostic.qgz`` (one group per
theme, a print layout whose map is locked to the communes layer) and ``run_report.json``.
:class:`FakePipeline` is a ``run_diagnostic`` look-alike that copies that output into the
request's folder in steps, reporting progress and bytes, and stops when the feedback is
cancelled, as the real pipeline must.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from qgis.core import (
    QgsCoordinateTransformContext,
    QgsLayoutItemMap,
    QgsPrintLayout,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)

from territorial_health_plugin.core.pipeline import DiagnosticResult
from territorial_health_plugin.toolbelt.errors import CancelledError, DataSourceError
from territorial_health_plugin.toolbelt.resources import resource_path

OUTPUT_FILES = ("diagnostic.gpkg", "diagnostic.qgz", "run_report.json")

REPORT = {
    "territory": "epci:200093201",
    "sources": [
        {"id": "filosofi_iris", "producer": "INSEE", "dataset": "Filosofi 2019 IRIS", "vintage": "2019"},
        {"id": "apl_mg", "producer": "DREES", "dataset": "APL médecins généralistes", "vintage": "2023"},
    ],
    "joins": [
        {
            "table": "Filosofi 2019 IRIS",
            "matched": 394,
            "total": 509,
            "coverage": 0.774,
            "unmatched": ["590090101", "590090102"],
        },
        {"table": "APL médecins généralistes", "matched": 95, "total": 95, "coverage": 1.0, "unmatched": []},
    ],
}


def _write_layer(source: Path, gpkg: Path, name: str, append: bool) -> None:
    layer = QgsVectorLayer(str(source), name, "ogr")
    assert layer.isValid(), source
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = name
    # The portal's GeoJSON has a JSON field (geo_point_2d) that the GeoPackage writer rejects.
    options.attributes = [index for index, item in enumerate(layer.fields()) if item.typeName() != "JSON"]
    options.forceMulti = True
    options.overrideGeometryType = QgsWkbTypes.Type.MultiPolygon
    if append:
        options.actionOnExistingFile = QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer
    error = QgsVectorFileWriter.writeAsVectorFormatV2(layer, str(gpkg), QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.WriterError.NoError, error


def build_template(folder: Path) -> Path:
    """Write a real diagnostic output (GeoPackage, project, report) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    gpkg = folder / "diagnostic.gpkg"
    _write_layer(resource_path("sample", "communes-mel-admin-express-2018.geojson"), gpkg, "communes", append=False)
    _write_layer(resource_path("sample", "contours-iris-mel.geojson"), gpkg, "iris", append=True)

    project = QgsProject()
    communes = QgsVectorLayer(f"{gpkg}|layername=communes", "APL médecins généralistes", "ogr")
    iris = QgsVectorLayer(f"{gpkg}|layername=iris", "Revenu médian", "ogr")
    project.addMapLayers([communes, iris], False)
    root = project.layerTreeRoot()
    root.addGroup("Offre de soins").addLayer(communes)
    root.addGroup("Déterminants sociaux de santé").addLayer(iris)

    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName("Diagnostic territorial de santé")
    map_item = QgsLayoutItemMap(layout)
    map_item.setLayers([communes])
    map_item.setKeepLayerSet(True)
    layout.addLayoutItem(map_item)
    layout.atlas().setCoverageLayer(communes)
    project.layoutManager().addLayout(layout)
    assert project.write(str(folder / "diagnostic.qgz"))

    (folder / "run_report.json").write_text(json.dumps(REPORT, ensure_ascii=False), encoding="utf-8")
    return folder


@dataclass
class PlaceMatch:
    """The shape of ``core.territory.PlaceMatch``, for searches without the COG reference."""

    kind: str
    code: str
    name: str
    label: str
    population: int | None
    spec: str


PLACES = [
    PlaceMatch(
        "epci", "200093201", "Métropole Européenne de Lille", "Métropole Européenne de Lille (EPCI)",
        1179000, "epci:200093201",
    ),
    PlaceMatch("commune", "59350", "Lille", "Lille (59350)", 236710, "commune:59350"),
    PlaceMatch("departement", "59", "Nord", "Nord (59)", 2608000, "departement:59"),
]


def fake_search(text: str, limit: int) -> list[PlaceMatch]:
    """Match the start of a name or a code, accents ignored."""
    import unicodedata

    def plain(value: str) -> str:
        return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()

    query = plain(text)
    return [place for place in PLACES if plain(place.name).startswith(query) or place.code.startswith(query)][:limit]


class FakePipeline:
    """A ``run_diagnostic`` stand-in that copies a template output in timed, cancellable steps.

    Files are copied into a temporary folder beside the output and moved into place at the
    end, so a cancelled run leaves the folder as it was. ``fail`` raises a DataSourceError
    at the second step.
    """

    def __init__(self, template: Path, steps: int = 5, step_seconds: float = 0.1, fail: bool = False) -> None:
        self.template = template
        self.steps = steps
        self.step_seconds = step_seconds
        self.fail = fail
        self.cancel_seen_at: float | None = None
        self.thread_names: list[str] = []

    def __call__(self, request, feedback) -> DiagnosticResult:
        import threading

        self.thread_names.append(threading.current_thread().name)
        output = Path(request.output_dir)
        output.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".diagnostic-", dir=output.parent))
        try:
            self._steps(feedback, staging)
            for name in OUTPUT_FILES:
                shutil.copy2(self.template / name, staging / name)
            output.mkdir(exist_ok=True)
            for name in OUTPUT_FILES:
                (staging / name).replace(output / name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

        files = {
            "geopackage": output / "diagnostic.gpkg",
            "project": output / "diagnostic.qgz",
            "report": output / "run_report.json",
        }
        report = json.loads((output / "run_report.json").read_text(encoding="utf-8"))
        warnings = ["IRIS 590090101 : revenu médian masqué (secret statistique)"]
        return DiagnosticResult(output_dir=output, files=files, report=report, warnings=warnings)

    def _steps(self, feedback, staging: Path) -> None:
        for step in range(self.steps):
            feedback.setProgressText(f"Téléchargement {step + 1}/{self.steps}")
            if self.fail and step == 1:
                message = "Téléchargement de « apl.xlsx » impossible : délai dépassé."
                raise DataSourceError(message, "HTTP 504 from 127.0.0.1")
            # Sleep in short slices, as network code waits on sockets, so cancel is seen fast.
            deadline = time.monotonic() + self.step_seconds
            while time.monotonic() < deadline:
                if feedback.isCanceled():
                    self.cancel_seen_at = time.monotonic()
                    (staging / "partial.part").write_bytes(b"x")
                    raise CancelledError("Diagnostic annulé.")
                time.sleep(0.01)
            feedback.add_downloaded_bytes(250_000)
            feedback.setProgress(100 * (step + 1) / self.steps)
