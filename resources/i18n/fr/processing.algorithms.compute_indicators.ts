<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Compute the indicators into a GeoPackage</source>
            <translation>Calculer les indicateurs dans un GeoPackage</translation>
        </message>
        <message>
            <source>Computes the indicators of a territory at IRIS and commune level and writes them, with their styles, the territory outline and the tables reference_values, sources and join_report, into one GeoPackage. No PDF is composed. The GeoPackage replaces an existing file only once it is complete.</source>
            <translation>Calcule les indicateurs d'un territoire aux niveaux IRIS et commune et les écrit, avec leurs styles, le contour du territoire et les tables reference_values, sources et join_report, dans un GeoPackage. Aucun PDF n'est composé. Le GeoPackage ne remplace un fichier existant qu'une fois complet.</translation>
        </message>
        <message>
            <source>GeoPackage</source>
            <translation>GeoPackage</translation>
        </message>
        <message>
            <source>GeoPackage (*.gpkg)</source>
            <translation>GeoPackage (*.gpkg)</translation>
        </message>
        <message>
            <source>The pipeline wrote no GeoPackage.</source>
            <translation>Le traitement n'a écrit aucun GeoPackage.</translation>
        </message>
    </context>
</TS>
