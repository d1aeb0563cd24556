"""``territorial_health:resolve_territory``: the communes of a territory, as a layer."""

from __future__ import annotations

import pandas as pd
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from territorial_health_plugin.gui.territory_input import detect_code_field
from territorial_health_plugin.processing.algorithms.base import DiagnosticAlgorithm
from territorial_health_plugin.toolbelt.errors import PluginError
from territorial_health_plugin.toolbelt.i18n import tr

CONTOURS = "CONTOURS"
CODE_FIELD = "CODE_FIELD"
OUTPUT = "OUTPUT"
TEXT_COLUMNS = ("code_commune", "nom", "code_departement", "code_region", "code_epci", "nom_epci")


def output_fields() -> QgsFields:
    """Return the fields of the output layer: the codes and names as text, the population."""
    fields = QgsFields()
    for name in TEXT_COLUMNS:
        fields.append(QgsField(name, QVariant.String))
    fields.append(QgsField("population", QVariant.LongLong))
    return fields


class ResolveTerritoryAlgorithm(DiagnosticAlgorithm):
    """List the current communes of a territory spec, with their contours when a layer is given."""

    def name(self) -> str:
        return "resolve_territory"

    def displayName(self) -> str:  # noqa: N802 - name fixed by QGIS
        return tr("Resolve a territory into its communes")

    def shortHelpString(self) -> str:  # noqa: N802 - name fixed by QGIS
        return tr(
            "Lists the communes of a territory (commune, EPCI, département, région or a list of communes) "
            "from the official geographic code (COG) embedded in the plugin, with their names, "
            "département, région, EPCI and population. Without a contour layer the output is a table; "
            "with one, each commune gets its contour from that layer, matched on its commune code "
            "field (detected when not given)."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - name fixed by QGIS
        self.add_territory_parameter()
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                CONTOURS, tr("Commune contours (optional)"), [QgsProcessing.SourceType.TypeVectorPolygon], optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                CODE_FIELD, tr("Commune code field of the contours"), parentLayerParameterName=CONTOURS, optional=True
            )
        )
        self.addParameter(QgsProcessingParameterFeatureSink(OUTPUT, tr("Communes of the territory")))

    def processAlgorithm(self, parameters, context, feedback) -> dict:  # noqa: N802 - name fixed by QGIS
        from territorial_health_plugin.core.territory import resolve

        spec = self.parameterAsString(parameters, "TERRITORY", context).strip()
        feedback.setProgressText(tr("Resolving the territory « {spec} »…").format(spec=spec))
        try:
            territory = resolve(spec)
        except PluginError as error:
            raise QgsProcessingException(error.message) from error
        for warning in territory.warnings:
            feedback.pushWarning(warning)

        source = self.parameterAsSource(parameters, CONTOURS, context)
        geometries, crs, geometry_type = {}, QgsCoordinateReferenceSystem(), QgsWkbTypes.Type.NoGeometry
        if source is not None:
            geometries = self._contours(source, parameters, context, feedback)
            crs, geometry_type = source.sourceCrs(), QgsWkbTypes.Type.MultiPolygon

        sink, sink_id = self.parameterAsSink(parameters, OUTPUT, context, output_fields(), geometry_type, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, OUTPUT))
        self._write(sink, territory.communes, geometries, feedback)
        if source is not None:
            missing = [code for code in territory.commune_codes if code not in geometries]
            if missing:
                feedback.pushWarning(
                    tr("{count} communes have no contour in the layer: {codes}").format(
                        count=len(missing), codes=", ".join(missing[:20])
                    )
                )
        return {OUTPUT: sink_id}

    def _contours(self, source, parameters, context, feedback) -> dict:
        field_name = self.parameterAsString(parameters, CODE_FIELD, context) or detect_code_field(source)
        if not field_name:
            raise QgsProcessingException(
                tr(
                    "No commune code field found in the contour layer: choose it in « Commune code field of the "
                    "contours »."
                )
            )
        geometries = {}
        for feature in source.getFeatures(QgsFeatureRequest().setSubsetOfAttributes([field_name], source.fields())):
            if feedback.isCanceled():
                break
            geometry = feature.geometry()
            geometry.convertToMultiType()
            geometries[str(feature[field_name])] = geometry
        return geometries

    @staticmethod
    def _write(sink, communes, geometries: dict, feedback) -> None:
        total = max(len(communes), 1)
        for index, row in enumerate(communes.itertuples(index=False)):
            if feedback.isCanceled():
                return
            feature = QgsFeature(output_fields())
            values = [getattr(row, name) for name in TEXT_COLUMNS]
            population = row.population
            texts = [None if pd.isna(value) else str(value) for value in values]
            feature.setAttributes(texts + [_integer(population)])
            if row.code_commune in geometries:
                feature.setGeometry(geometries[row.code_commune])
            sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
            feedback.setProgress(100 * (index + 1) / total)


def _integer(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
