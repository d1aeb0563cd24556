<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Health diagnostic ({folder})</source>
            <translation>Diagnostic de santé ({folder})</translation>
        </message>
        <message>
            <source>No GeoPackage or QGIS project in {folder}: no layer added.</source>
            <translation>Aucun GeoPackage ni projet QGIS dans {folder} : aucune couche ajoutée.</translation>
        </message>
        <message>
            <source>Could not read the QGIS project {path}: {error}</source>
            <translation>Lecture du projet QGIS {path} impossible : {error}</translation>
        </message>
        <message>
            <source>Could not copy the print layout « {name} ».</source>
            <translation>Copie de la mise en page « {name} » impossible.</translation>
        </message>
    </context>
</TS>
