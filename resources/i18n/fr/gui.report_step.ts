<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>The run wrote no QGIS project or GeoPackage: the PDF report cannot be composed.</source>
            <translation>Le traitement n'a écrit ni projet QGIS ni GeoPackage : le rapport PDF ne peut pas être composé.</translation>
        </message>
        <message>
            <source>Saving the layouts into the QGIS project</source>
            <translation>Enregistrement des mises en page dans le projet QGIS</translation>
        </message>
        <message>
            <source>Adding the layers and layouts to the project</source>
            <translation>Ajout des couches et des mises en page au projet</translation>
        </message>
        <message>
            <source>Reading the QGIS project</source>
            <translation>Lecture du projet QGIS</translation>
        </message>
        <message>
            <source>Could not read the QGIS project {path}: {error}</source>
            <translation>Lecture du projet QGIS {path} impossible : {error}</translation>
        </message>
    </context>
</TS>
