<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Territory outline</source>
            <translation>Contour du territoire</translation>
        </message>
        <message>
            <source>Communes</source>
            <translation>Communes</translation>
        </message>
        <message>
            <source>IRIS</source>
            <translation>IRIS</translation>
        </message>
        <message>
            <source>Territorial health diagnostic</source>
            <translation>Diagnostic territorial de santé</translation>
        </message>
        <message>
            <source>Territory (commune:59350, epci:200093201, departement:59, region:32, communes:59350,59009)</source>
            <translation>Territoire (commune:59350, epci:200093201, departement:59, region:32, communes:59350,59009)</translation>
        </message>
        <message>
            <source>Data source (online: download, cache: cache only, sample: embedded sample)</source>
            <translation>Source des données (online : téléchargement, cache : cache seulement, sample : exemple intégré)</translation>
        </message>
        <message>
            <source>Folder of already downloaded files</source>
            <translation>Dossier de fichiers déjà téléchargés</translation>
        </message>
        <message>
            <source>Your own indicator tables (CSV or XLSX with a commune or IRIS code column)</source>
            <translation>Vos propres tableaux d'indicateurs (CSV ou XLSX avec une colonne de code commune ou IRIS)</translation>
        </message>
        <message>
            <source>Code column of your tables (detected when empty)</source>
            <translation>Colonne de code de vos tableaux (détectée si vide)</translation>
        </message>
        <message>
            <source>Your own commune contours</source>
            <translation>Vos propres contours de communes</translation>
        </message>
        <message>
            <source>Your own IRIS contours</source>
            <translation>Vos propres contours d'IRIS</translation>
        </message>
        <message>
            <source>Vector files (*.gpkg *.geojson *.shp)</source>
            <translation>Fichiers vecteur (*.gpkg *.geojson *.shp)</translation>
        </message>
        <message>
            <source>Finest level (iris or commune)</source>
            <translation>Niveau le plus fin (iris ou commune)</translation>
        </message>
        <message>
            <source>Themes</source>
            <translation>Thèmes</translation>
        </message>
        <message>
            <source>Indicator ids, comma-separated (instead of themes)</source>
            <translation>Identifiants d'indicateurs, séparés par des virgules (à la place des thèmes)</translation>
        </message>
    </context>
</TS>
