"""``territorial_health:build_diagnostic``: the whole diagnostic, as the command line ``diagnose``."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
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
from territorial_health_plugin.toolbelt.i18n import tr

OUTPUT = "OUTPUT"
ATLAS = "ATLAS"
PDF = "PDF"
FILE_OUTPUTS = (("GEOPACKAGE", "geopackage"), ("PROJECT", "project"), ("PDF_FILE", "pdf"), ("REPORT", "report"))


class BuildDiagnosticAlgorithm(DiagnosticAlgorithm):
    """Build the diagnostic of a territory: GeoPackage, QGIS project, PDF and run report."""

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
        result = run_pipeline(request, feedback)

        outputs = {OUTPUT: str(output_dir), "OUTPUT_FOLDER": str(output_dir)}
        for output_name, key in FILE_OUTPUTS:
            path = result.files.get(key)
            outputs[output_name] = str(path) if path else None
        if result.geopackage:
            load_geopackage_layers(Path(result.geopackage), context, OUTPUT)
        return outputs
