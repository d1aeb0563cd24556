<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>The layer {name} cannot be opened in {path}.</source>
            <translation>La couche {name} ne peut pas être ouverte dans {path}.</translation>
        </message>
        <message>
            <source>Territory</source>
            <translation>Territoire</translation>
        </message>
        <message>
            <source>Cannot save the QGIS project {path}.</source>
            <translation>Impossible d'enregistrer le projet QGIS {path}.</translation>
        </message>
        <message>
            <source>Could not read the QGIS project {path}: {error}</source>
            <translation>Lecture du projet QGIS {path} impossible : {error}</translation>
        </message>
    </context>
</TS>
