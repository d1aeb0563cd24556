"""Parts shared by the diagnostic's algorithms: data parameters, the request, running the pipeline.

Parameter names and values follow the command line ``diagnose`` (``SOURCE=sample``,
``LEVEL=commune``, ``THEMES=offre_soins``), so that a ``qgis_process`` call reads like it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
    QgsProviderRegistry,
)
from qgis.PyQt.QtGui import QIcon

from territorial_health_plugin.core.pipeline import LEVELS, SOURCE_MODES, THEMES, DiagnosticRequest
from territorial_health_plugin.toolbelt.errors import PluginError
from territorial_health_plugin.toolbelt.i18n import tr
from territorial_health_plugin.toolbelt.resources import resource_path

logger = logging.getLogger(__name__)

TERRITORY = "TERRITORY"
SOURCE = "SOURCE"
DATA_DIR = "DATA_DIR"
TABLES = "TABLES"
TABLE_CODE_COLUMN = "TABLE_CODE_COLUMN"
IRIS_LAYER = "IRIS_LAYER"
COMMUNES_LAYER = "COMMUNES_LAYER"
LEVEL = "LEVEL"
THEMES_PARAMETER = "THEMES"
INDICATORS = "INDICATORS"

# Spatial layers of diagnostic.gpkg loaded into the project, with their names in QGIS.
SPATIAL_LAYERS = ("territory", "communes", "iris")


def layer_title(name: str) -> str:
    """Return the French name shown in QGIS for a layer of the GeoPackage."""
    titles = {
        "territory": tr("Territory outline"),
        "communes": tr("Communes"),
        "iris": tr("IRIS"),
    }
    return titles.get(name, name)


class DiagnosticAlgorithm(QgsProcessingAlgorithm):
    """Base of the provider's algorithms: group, icon, instance creation, shared parameters."""

    def group(self) -> str:
        return tr("Territorial health diagnostic")

    def groupId(self) -> str:  # noqa: N802 - name fixed by QGIS
        return "diagnostic"

    def icon(self) -> QIcon:
        return QIcon(str(resource_path("icons", "icon.svg")))

    def createInstance(self):  # noqa: N802 - name fixed by QGIS
        return type(self)()

    def add_territory_parameter(self) -> None:
        """Add TERRITORY, a territory spec such as ``epci:200093201``."""
        self.addParameter(
            QgsProcessingParameterString(
                TERRITORY,
                tr("Territory (commune:59350, epci:200093201, departement:59, region:32, communes:59350,59009)"),
            )
        )

    def add_data_parameters(self) -> None:
        """Add where data comes from, the user's tables and layers, the level and the themes."""
        self.addParameter(
            QgsProcessingParameterEnum(
                SOURCE,
                tr("Data source (online: download, cache: cache only, sample: embedded sample)"),
                options=list(SOURCE_MODES),
                defaultValue="online",
                usesStaticStrings=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                DATA_DIR,
                tr("Folder of already downloaded files"),
                behavior=QgsProcessingParameterFile.Behavior.Folder,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                TABLES,
                tr("Your own indicator tables (CSV or XLSX with a commune or IRIS code column)"),
                layerType=QgsProcessing.SourceType.TypeFile,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                TABLE_CODE_COLUMN, tr("Code column of your tables (detected when empty)"), optional=True
            )
        )
        for name, label in (
            (COMMUNES_LAYER, tr("Your own commune contours")),
            (IRIS_LAYER, tr("Your own IRIS contours")),
        ):
            self.addParameter(
                QgsProcessingParameterFile(
                    name, label, fileFilter=tr("Vector files (*.gpkg *.geojson *.shp)"), optional=True
                )
            )
        self.addParameter(
            QgsProcessingParameterEnum(
                LEVEL,
                tr("Finest level (iris or commune)"),
                options=list(LEVELS),
                defaultValue="iris",
                usesStaticStrings=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                THEMES_PARAMETER,
                tr("Themes"),
                options=list(THEMES),
                allowMultiple=True,
                defaultValue=list(THEMES),
                usesStaticStrings=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                INDICATORS, tr("Indicator ids, comma-separated (instead of themes)"), optional=True
            )
        )

    def build_request(
        self, parameters, context, output_dir: Path, atlas: bool = False, pdf: bool = True
    ) -> DiagnosticRequest:
        """Return the DiagnosticRequest described by the parameters."""

        def optional_path(name: str) -> Path | None:
            value = self.parameterAsFile(parameters, name, context)
            return Path(value) if value else None

        indicators = self.parameterAsString(parameters, INDICATORS, context).strip()
        themes = self.parameterAsEnumStrings(parameters, THEMES_PARAMETER, context) or list(THEMES)
        return DiagnosticRequest(
            territory=self.parameterAsString(parameters, TERRITORY, context).strip(),
            output_dir=output_dir,
            source=self.parameterAsEnumString(parameters, SOURCE, context),
            data_dir=optional_path(DATA_DIR),
            tables=[Path(path) for path in self.parameterAsFileList(parameters, TABLES, context) if path],
            table_code_column=self.parameterAsString(parameters, TABLE_CODE_COLUMN, context).strip() or None,
            iris_layer=optional_path(IRIS_LAYER),
            communes_layer=optional_path(COMMUNES_LAYER),
            level=self.parameterAsEnumString(parameters, LEVEL, context),
            themes=tuple(themes),
            indicators=tuple(part.strip() for part in indicators.split(",") if part.strip()) or None,
            atlas=atlas,
            pdf=pdf,
        )


def run_pipeline(request: DiagnosticRequest, feedback):
    """Run the pipeline; a PluginError becomes a QgsProcessingException with its details."""
    from territorial_health_plugin.core.pipeline import run_diagnostic

    try:
        result = run_diagnostic(request, feedback)
    except PluginError as error:
        if error.details:
            feedback.reportError(error.details, fatalError=False)
        raise QgsProcessingException(error.message) from error
    for warning in result.warnings:
        feedback.pushWarning(str(warning))
    return result


class DefaultStylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Apply the style stored in the GeoPackage to a layer that Processing loaded.

    Processing loads output layers without their default style, so this reloads it.
    """

    def postProcessLayer(self, layer, context, feedback) -> None:  # noqa: N802 - name fixed by QGIS
        message, loaded = layer.loadDefaultStyle()
        if not loaded:
            logger.debug("No default style for %s: %s", layer.name(), message)
        layer.triggerRepaint()


# Processing keeps only a pointer to a post-processor, so Python must keep the objects alive.
_post_processors: list[DefaultStylePostProcessor] = []


def load_geopackage_layers(gpkg: Path, context: QgsProcessingContext, output_name: str) -> list[str]:
    """Ask Processing to add the spatial layers of ``gpkg``, styled, when the algorithm ends.

    Returns the layer URIs.
    """
    if not gpkg.exists():
        return []
    names = {
        detail.name() for detail in QgsProviderRegistry.instance().providerMetadata("ogr").querySublayers(str(gpkg))
    }
    uris = []
    for name in SPATIAL_LAYERS:
        if name not in names:
            continue
        uri = f"{gpkg}|layername={name}"
        details = QgsProcessingContext.LayerDetails(layer_title(name), context.project(), output_name)
        post_processor = DefaultStylePostProcessor()
        _post_processors.append(post_processor)
        details.setPostProcessor(post_processor)
        context.addLayerToLoadOnCompletion(uri, details)
        uris.append(uri)
    return uris
