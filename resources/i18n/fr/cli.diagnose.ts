<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>build the diagnostic of a territory</source>
            <translation>construit le diagnostic d'un territoire</translation>
        </message>
        <message>
            <source>Build the diagnostic of a territory: GeoPackage, QGIS project, PDF and report.</source>
            <translation>Construit le diagnostic d'un territoire : GeoPackage, projet QGIS, PDF et rapport.</translation>
        </message>
        <message>
            <source>territory spec, for example epci:200093201</source>
            <translation>territoire, par exemple epci:200093201</translation>
        </message>
        <message>
            <source>output folder</source>
            <translation>dossier de sortie</translation>
        </message>
        <message>
            <source>The diagnose command is not available yet.</source>
            <translation>La commande diagnose n'est pas encore disponible.</translation>
        </message>
    </context>
</TS>
