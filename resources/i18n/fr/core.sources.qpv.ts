<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>The QPV file « {file} » is neither GeoJSON nor a zip (it starts with « {start} »).</source>
            <translation>Le fichier QPV « {file} » n’est ni un GeoJSON ni un zip (il commence par « {start} »).</translation>
        </message>
        <message>
            <source>The layer « {file} » cannot be opened by QGIS (OGR).</source>
            <translation>La couche « {file} » ne peut pas être ouverte par QGIS (OGR).</translation>
        </message>
        <message>
            <source>Field « {field} » not found in « {file} ». Fields: {fields}.</source>
            <translation>Champ « {field} » introuvable dans « {file} ». Champs : {fields}.</translation>
        </message>
    </context>
</TS>
