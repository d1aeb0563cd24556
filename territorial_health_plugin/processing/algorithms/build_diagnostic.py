"""``territorial_health:build_diagnostic``: the whole diagnostic, as the command line ``diagnose``."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputFolder,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFolderDestination,
)

from territorial_health_plugin.processing.algorithms.base import (
    DiagnosticAlgorithm,
    load_geopackage_layers,
    run_pipeline,
)
from territorial_health_plugin.toolbelt.errors import PluginError
from territorial_health_plugin.toolbelt.i18n import tr

OUTPUT = "OUTPUT"
ATLAS = "ATLAS"
PDF = "PDF"
FILE_OUTPUTS = (("GEOPACKAGE", "geopackage"), ("PROJECT", "project"), ("PDF_FILE", "pdf"), ("REPORT", "report"))


class BuildDiagnosticAlgorithm(DiagnosticAlgorithm):
    """Build the diagnostic of a territory: GeoPackage, QGIS project, PDF and run report.

    The pipeline runs in :meth:`processAlgorithm`, which the Processing dialog runs in a
    worker thread; the PDF is composed in :meth:`postProcessAlgorithm`, which Processing
    calls on the main thread, the only one where QGIS 3.22 exports layouts.
    """

    def __init__(self) -> None:
        super().__init__()
        self.request = None
        self.result = None

    def name(self) -> str:
        return "build_diagnostic"

    def displayName(self) -> str:  # noqa: N802 - name fixed by QGIS
        return tr("Build a territorial health diagnostic")

    def shortHelpString(self) -> str:  # noqa: N802 - name fixed by QGIS
        return tr(
            "Builds the health diagnostic of a French territory, as the command line « diagnose » does: "
            "it resolves the territory, fetches the public indicator tables (or reads the cache, a folder "
            "of files or the embedded sample), joins them to the IRIS and commune contours and writes "
            "diagnostic.gpkg (styled layers), diagnostic.qgz, diagnostic.pdf, indicators.csv and "
            "run_report.json into the output folder. An earlier diagnostic in that folder is replaced only "
            "when every output is written; a cancelled run leaves it as it was.\n\n"
            "Example: qgis_process run territorial_health:build_diagnostic -- TERRITORY=epci:200093201 "
            "SOURCE=sample OUTPUT=/tmp/diagnostic"
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - name fixed by QGIS
        self.add_territory_parameter()
        self.add_data_parameters()
        self.addParameter(QgsProcessingParameterBoolean(ATLAS, tr("Atlas, one page per commune"), defaultValue=False))
        self.addParameter(QgsProcessingParameterBoolean(PDF, tr("Compose the PDF report"), defaultValue=True))
        self.addParameter(QgsProcessingParameterFolderDestination(OUTPUT, tr("Output folder")))
        self.addOutput(QgsProcessingOutputFile("GEOPACKAGE", tr("GeoPackage")))
        self.addOutput(QgsProcessingOutputFile("PROJECT", tr("QGIS project")))
        self.addOutput(QgsProcessingOutputFile("PDF_FILE", tr("PDF report")))
        self.addOutput(QgsProcessingOutputFile("REPORT", tr("Run report (JSON)")))
        self.addOutput(QgsProcessingOutputFolder("OUTPUT_FOLDER", tr("Output folder")))

    def processAlgorithm(self, parameters, context, feedback) -> dict:  # noqa: N802 - name fixed by QGIS
        output_dir = Path(self.parameterAsString(parameters, OUTPUT, context))
        request = self.build_request(
            parameters,
            context,
            output_dir,
            atlas=self.parameterAsBoolean(parameters, ATLAS, context),
            pdf=self.parameterAsBoolean(parameters, PDF, context),
        )
        self.request = request
        self.result = run_pipeline(dataclasses.replace(request, pdf=False), feedback)
        return self._outputs(output_dir)

    def postProcessAlgorithm(self, context, feedback) -> dict:  # noqa: N802 - name fixed by QGIS
        """Compose the PDF (main thread), then ask Processing to load the layers."""
        from territorial_health_plugin.gui.report_step import compose_pdf_report

        if self.result is None:
            return {}
        if self.request.pdf:
            try:
                compose_pdf_report(self.request, self.result, feedback)
            except PluginError as error:
                raise QgsProcessingException(error.message) from error
        if self.result.geopackage:
            load_geopackage_layers(Path(self.result.geopackage), context, OUTPUT)
        return self._outputs(Path(self.result.output_dir))

    def _outputs(self, output_dir: Path) -> dict:
        outputs = {OUTPUT: str(output_dir), "OUTPUT_FOLDER": str(output_dir)}
        for output_name, key in FILE_OUTPUTS:
            path = self.result.files.get(key)
            outputs[output_name] = str(path) if path else None
        return outputs
