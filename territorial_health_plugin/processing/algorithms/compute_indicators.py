"""``territorial_health:compute_indicators``: the indicator layers only, in a GeoPackage."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from qgis.core import QgsProcessingException, QgsProcessingParameterFileDestination

from territorial_health_plugin.processing.algorithms.base import (
    DiagnosticAlgorithm,
    load_geopackage_layers,
    run_pipeline,
)
from territorial_health_plugin.toolbelt.i18n import tr

OUTPUT = "OUTPUT"


class ComputeIndicatorsAlgorithm(DiagnosticAlgorithm):
    """Compute the indicators of a territory into a GeoPackage, without the PDF report."""

    def name(self) -> str:
        return "compute_indicators"

    def displayName(self) -> str:  # noqa: N802 - name fixed by QGIS
        return tr("Compute the indicators into a GeoPackage")

    def shortHelpString(self) -> str:  # noqa: N802 - name fixed by QGIS
        return tr(
            "Computes the indicators of a territory at IRIS and commune level and writes them, with "
            "their styles, the territory outline and the tables reference_values, sources and "
            "join_report, into one GeoPackage. No PDF is composed. The GeoPackage replaces an "
            "existing file only once it is complete."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - name fixed by QGIS
        self.add_territory_parameter()
        self.add_data_parameters()
        self.addParameter(QgsProcessingParameterFileDestination(OUTPUT, tr("GeoPackage"), tr("GeoPackage (*.gpkg)")))

    def processAlgorithm(self, parameters, context, feedback) -> dict:  # noqa: N802 - name fixed by QGIS
        target = Path(self.parameterAsFileOutput(parameters, OUTPUT, context))
        if target.suffix.lower() != ".gpkg":
            target = target.with_suffix(".gpkg")
        target.parent.mkdir(parents=True, exist_ok=True)

        # The pipeline writes a whole output folder, of which only the GeoPackage is kept. It is
        # moved into place with one rename, so that a reader never sees a partial file.
        work_dir = Path(tempfile.mkdtemp(prefix=".indicators-", dir=target.parent))
        try:
            request = self.build_request(parameters, context, work_dir / "diagnostic", pdf=False)
            result = run_pipeline(request, feedback)
            if result.geopackage is None or not Path(result.geopackage).exists():
                raise QgsProcessingException(tr("The pipeline wrote no GeoPackage."))
            Path(result.geopackage).replace(target)
        finally:
            shutil.rmtree(work_dir, ignore_errors=True)

        load_geopackage_layers(target, context, OUTPUT)
        return {OUTPUT: str(target)}
