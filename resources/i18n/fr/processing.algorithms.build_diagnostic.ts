<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Build a territorial health diagnostic</source>
            <translation>Construire un diagnostic territorial de santé</translation>
        </message>
        <message>
            <source>Builds the health diagnostic of a French territory, as the command line « diagnose » does: it resolves the territory, fetches the public indicator tables (or reads the cache, a folder of files or the embedded sample), joins them to the IRIS and commune contours and writes diagnostic.gpkg (styled layers), diagnostic.qgz, diagnostic.pdf, indicators.csv and run_report.json into the output folder. An earlier diagnostic in that folder is replaced only when every output is written; a cancelled run leaves it as it was.

Example: qgis_process run territorial_health:build_diagnostic -- TERRITORY=epci:200093201 SOURCE=sample OUTPUT=/tmp/diagnostic</source>
            <translation>Construit le diagnostic de santé d'un territoire français, comme la commande « diagnose » : résout le territoire, récupère les tableaux publics d'indicateurs (ou lit le cache, un dossier de fichiers ou l'exemple intégré), les joint aux contours des IRIS et des communes et écrit diagnostic.gpkg (couches stylées), diagnostic.qgz, diagnostic.pdf, indicators.csv et run_report.json dans le dossier de sortie. Un diagnostic antérieur dans ce dossier n'est remplacé qu'une fois toutes les sorties écrites ; un traitement annulé le laisse intact.

Exemple : qgis_process run territorial_health:build_diagnostic -- TERRITORY=epci:200093201 SOURCE=sample OUTPUT=/tmp/diagnostic</translation>
        </message>
        <message>
            <source>Atlas, one page per commune</source>
            <translation>Atlas, une page par commune</translation>
        </message>
        <message>
            <source>Compose the PDF report</source>
            <translation>Composer le rapport PDF</translation>
        </message>
        <message>
            <source>Output folder</source>
            <translation>Dossier de sortie</translation>
        </message>
        <message>
            <source>GeoPackage</source>
            <translation>GeoPackage</translation>
        </message>
        <message>
            <source>QGIS project</source>
            <translation>Projet QGIS</translation>
        </message>
        <message>
            <source>PDF report</source>
            <translation>Rapport PDF</translation>
        </message>
        <message>
            <source>Run report (JSON)</source>
            <translation>Compte rendu du traitement (JSON)</translation>
        </message>
    </context>
</TS>
