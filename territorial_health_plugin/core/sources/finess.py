"""FINESS establishments from the Etalab extract ``etalab-cs1100507`` (geolocated stock file).

Layout of the file: a first line ``finess;etalab;<version>;<date>``, no column header, ``;``
separator, Windows-1252/Latin-1 text, then two kinds of records named by their first cell:

- ``structureet``, 31 fields or 32 in recent files (which end with ``numuai``). They give the
  FINESS numbers, names and address, ``commune`` (3 characters within the département),
  ``departement`` (2 characters, ``9A``..``9F`` overseas), category ``categetab`` and its label.
- ``geolocalisation``: ``nofinesset``, ``coordxet``, ``coordyet``, ``sourcecoordet``,
  ``datemaj``. The last token of ``sourcecoordet`` names the CRS of the record
  (``LAMBERT_93`` in metropolitan France, a local UTM zone overseas). When it names none, the
  département's usual CRS is used if the coordinates fall in its box.

The reader returns one row per establishment with its INSEE commune code, coordinates and
EPSG code; :func:`write_points` turns them into a point layer in one CRS.

NOTE: the producer froze this extract in May 2026. Its successor, the Finess+ JSON files on
data.gouv.fr, is not read yet: the CRS of its coordinates is not documented.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from territorial_health_plugin.core import readers
from territorial_health_plugin.core.readers import SourceTable
from territorial_health_plugin.toolbelt.errors import DataFormatError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

STRUCTURE_FIELDS = (
    "nofinesset", "nofinessej", "rs", "rslongue", "complrs", "compldistrib", "numvoie", "typvoie", "voie",
    "compvoie", "lieuditbp", "commune", "departement", "libdepartement", "ligneacheminement", "telephone",
    "telecopie", "categetab", "libcategetab", "categagretab", "libcategagretab", "siret", "codeape", "codemft",
    "libmft", "codesph", "libsph", "dateouv", "dateautor", "datemaj", "numuai",
)
GEOLOCATION_FIELDS = ("nofinesset", "coordxet", "coordyet", "sourcecoordet", "datemaj_coord")

# CRS named by the last token of ``sourcecoordet``. The Antilles use RGAF09 / UTM 20N.
CRS_BY_TOKEN = {
    "LAMBERT_93": "EPSG:2154",
    "UTM_N20": "EPSG:5490",
    "UTM_N21": "EPSG:4467",
    "UTM_N22": "EPSG:2972",
    "UTM_S38": "EPSG:4471",
    "UTM_S40": "EPSG:2975",
}
# Overseas départements are coded 9A..9F in FINESS; their INSEE codes start with 97.
OVERSEAS_DEPARTEMENTS = {"9A": "971", "9B": "972", "9C": "973", "9D": "974", "9E": "975", "9F": "976"}
# CRS of a FINESS département, used when ``sourcecoordet`` names none, with the box (xmin,
# ymin, xmax, ymax) its coordinates must fall in for the guess to be kept.
CRS_BY_DEPARTEMENT = {
    "9A": ("EPSG:5490", (550_000, 1_750_000, 750_000, 1_850_000)),
    "9B": ("EPSG:5490", (680_000, 1_580_000, 750_000, 1_660_000)),
    "9C": ("EPSG:2972", (100_000, 200_000, 500_000, 650_000)),
    "9D": ("EPSG:2975", (310_000, 7_630_000, 380_000, 7_700_000)),
    "9E": ("EPSG:4467", (540_000, 5_160_000, 580_000, 5_240_000)),
    "9F": ("EPSG:4471", (490_000, 8_560_000, 540_000, 8_610_000)),
}
LAMBERT_93_BOX = (100_000, 6_000_000, 1_250_000, 7_150_000)
PRODUCER = "Ministère chargé de la santé (FINESS), extraction Etalab"
DATASET = "FINESS, établissements géolocalisés (etalab-cs1100507)"


@dataclass
class Establishments:
    """Establishments read from a FINESS extract, with what could not be placed."""

    frame: pd.DataFrame
    file: str
    extraction_date: str = ""
    encoding: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def located(self) -> pd.DataFrame:
        """Rows with coordinates and a known CRS."""
        return self.frame[self.frame["epsg"].notna() & self.frame["x"].notna() & self.frame["y"].notna()]


def read_finess_etalab(path: Path, departements: list[str] | None = None) -> Establishments:
    """Read an etalab-cs1100507 extract; keep only ``departements`` (INSEE codes) when given."""
    path = Path(path)
    data = path.read_bytes()
    text, encoding = readers.decode_text(data, path.name)
    lines = text.splitlines()
    if not lines or not lines[0].lower().startswith("finess;etalab"):
        raise DataFormatError(
            tr("« {file} » is not a FINESS Etalab extract: its first line should start with « finess;etalab ».").format(
                file=path.name
            ),
            details=lines[0][:200] if lines else "",
        )
    extraction_date = lines[0].split(";")[-1].strip()
    structures, geolocations = _split_records(lines[1:], path.name)
    frame = _join_records(structures, geolocations)
    if departements:
        codes = frame["code_commune"]
        frame = frame[codes.str[:3].isin(departements) | codes.str[:2].isin(departements)]
    result = Establishments(frame.reset_index(drop=True), path.name, extraction_date, encoding)
    _report_unlocated(result)
    logger.info(
        tr("{file}: {count} establishments read, {located} with coordinates.").format(
            file=path.name, count=len(result.frame), located=len(result.located)
        )
    )
    return result


def _split_records(lines: list[str], file_label: str) -> tuple[list[list[str]], list[list[str]]]:
    """Split the records into structure and geolocation rows (fields without the record kind)."""
    structures, geolocations = [], []
    for cells in csv.reader(io.StringIO("\n".join(lines)), delimiter=";"):
        if not cells:
            continue
        kind = cells[0].strip().lower()
        if kind == "structureet":
            structures.append((cells[1:] + [""] * len(STRUCTURE_FIELDS))[: len(STRUCTURE_FIELDS)])
        elif kind == "geolocalisation":
            geolocations.append((cells[1:] + [""] * len(GEOLOCATION_FIELDS))[: len(GEOLOCATION_FIELDS)])
    if not structures:
        raise DataFormatError(tr("No « structureet » record in « {file} ».").format(file=file_label))
    return structures, geolocations


def _join_records(structures: list[list[str]], geolocations: list[list[str]]) -> pd.DataFrame:
    """Join structures and coordinates on ``nofinesset`` and derive the INSEE code and EPSG."""
    frame = pd.DataFrame(structures, columns=STRUCTURE_FIELDS, dtype=str)
    coordinates = pd.DataFrame(geolocations, columns=GEOLOCATION_FIELDS, dtype=str)
    frame = frame.merge(coordinates.drop_duplicates("nofinesset"), on="nofinesset", how="left")
    frame["code_commune"] = [insee_code(dep, com) for dep, com in zip(frame["departement"], frame["commune"])]
    frame["x"] = readers.parse_numbers(frame["coordxet"]).values
    frame["y"] = readers.parse_numbers(frame["coordyet"]).values
    frame["epsg"] = frame["sourcecoordet"].map(crs_of_source)
    _infer_missing_crs(frame)
    columns = ["nofinesset", "nofinessej", "rs", "categetab", "libcategetab", "categagretab", "libcategagretab",
               "code_commune", "ligneacheminement", "x", "y", "epsg", "epsg_inferred", "sourcecoordet"]
    return frame[columns]


def insee_code(departement: str, commune: str) -> str:
    """Return the INSEE commune code from FINESS's département and commune fields.

    ``59`` + ``350`` → ``59350``; ``2A`` + ``004`` → ``2A004``; overseas ``9A`` + ``101`` → ``97101``.
    """
    departement = (departement or "").strip().upper()
    commune = (commune or "").strip().zfill(3)
    if departement in OVERSEAS_DEPARTEMENTS:
        return "97" + commune
    return departement.zfill(2) + commune


def crs_of_source(source: str) -> str | None:
    """Return the EPSG code named by the last token of ``sourcecoordet``, else None."""
    if not isinstance(source, str) or not source.strip():
        return None
    return CRS_BY_TOKEN.get(source.strip().split(",")[-1].strip().upper())


def _infer_missing_crs(frame: pd.DataFrame) -> None:
    """Fill ``epsg`` from the département where ``sourcecoordet`` names no CRS; flag those rows."""
    frame["epsg_inferred"] = False
    unknown = frame["epsg"].isna() & frame["x"].notna() & frame["y"].notna()
    for index in frame.index[unknown]:
        guess = crs_of_departement(frame.at[index, "departement"], frame.at[index, "x"], frame.at[index, "y"])
        frame.at[index, "epsg"] = guess
        frame.at[index, "epsg_inferred"] = guess is not None


def crs_of_departement(departement: str, x: float, y: float) -> str | None:
    """Guess the CRS of a record from its département, if its coordinates fit that CRS's box."""
    crs, box = CRS_BY_DEPARTEMENT.get((departement or "").strip().upper(), ("EPSG:2154", LAMBERT_93_BOX))
    xmin, ymin, xmax, ymax = box
    return crs if xmin <= x <= xmax and ymin <= y <= ymax else None


def _report_unlocated(result: Establishments) -> None:
    """Warn about establishments without usable coordinates and those whose CRS was guessed."""
    missing = len(result.frame) - len(result.located)
    if missing:
        examples = ", ".join(result.frame.loc[~result.frame.index.isin(result.located.index), "nofinesset"].head(5))
        result.warnings.append(
            tr("{count} establishments of « {file} » have no usable coordinates and are not mapped, e.g. {examples}.")
            .format(count=missing, file=result.file, examples=examples)
        )
    inferred = int(result.frame["epsg_inferred"].sum())
    if inferred:
        result.warnings.append(
            tr("{count} establishments of « {file} » name no coordinate system; it was taken from their département.")
            .format(count=inferred, file=result.file)
        )


def category_counts(establishments: Establishments, categories: list[str]) -> SourceTable:
    """Count establishments per commune and category: columns ``CAT_<categetab>``."""
    frame = establishments.frame[establishments.frame["categetab"].isin(categories)]
    counts = pd.crosstab(frame["code_commune"], frame["categetab"]).reindex(columns=categories, fill_value=0)
    counts.columns = [f"CAT_{code}" for code in counts.columns]
    counts = counts.astype("float64").reset_index()
    return SourceTable(
        source_id="finess",
        level="commune",
        frame=counts,
        vintage=establishments.extraction_date[:4] or None,
        producer=PRODUCER,
        dataset=DATASET,
        file=establishments.file,
        encoding=establishments.encoding,
        warnings=list(establishments.warnings),
    )


def write_points(establishments: Establishments, target: Path, crs: str = "EPSG:2154", layer: str = "etablissements"):
    """Write the located establishments as points in ``crs`` to a GeoPackage; return its path.

    Each record is transformed from its own CRS, so overseas and metropolitan records can be
    mixed in one file.
    """
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsFeature,
        QgsField,
        QgsFields,
        QgsGeometry,
        QgsPointXY,
        QgsProject,
        QgsVectorFileWriter,
        QgsWkbTypes,
    )
    from qgis.PyQt.QtCore import QVariant

    names = ("nofinesset", "rs", "categetab", "libcategetab", "code_commune")
    fields = QgsFields()
    for name in names:
        fields.append(QgsField(name, QVariant.String))
    target_crs = QgsCoordinateReferenceSystem(crs)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = layer
    writer = QgsVectorFileWriter.create(
        str(target), fields, QgsWkbTypes.Point, target_crs, QgsProject.instance().transformContext(), options
    )
    transforms = {}
    for row in establishments.located.itertuples(index=False):
        if row.epsg not in transforms:
            transforms[row.epsg] = QgsCoordinateTransform(
                QgsCoordinateReferenceSystem(row.epsg), target_crs, QgsProject.instance()
            )
        geometry = QgsGeometry.fromPointXY(QgsPointXY(row.x, row.y))
        geometry.transform(transforms[row.epsg])
        feature = QgsFeature(fields)
        feature.setGeometry(geometry)
        feature.setAttributes([getattr(row, name) for name in names])
        writer.addFeature(feature)
    del writer
    return Path(target)
