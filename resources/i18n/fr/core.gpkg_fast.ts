<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Cannot create the GeoPackage {path}.</source>
            <translation>Impossible de créer le GeoPackage {path}.</translation>
        </message>
        <message>
            <source>Cannot write the layer {name} into {path}.</source>
            <translation>Impossible d’écrire la couche {name} dans {path}.</translation>
        </message>
        <message>
            <source>Cannot copy the geometries of {path}.</source>
            <translation>Impossible de copier les géométries de {path}.</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>Annulé.</translation>
        </message>
        <message>
            <source>Cannot write the GeoPackage {path}.</source>
            <translation>Impossible d’écrire le GeoPackage {path}.</translation>
        </message>
    </context>
</TS>
