<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>« {file} » is not a FINESS Etalab extract: its first line should start with « finess;etalab ».</source>
            <translation>« {file} » n’est pas une extraction FINESS Etalab : sa première ligne devrait commencer par « finess;etalab ».</translation>
        </message>
        <message>
            <source>{file}: {count} establishments read, {located} with coordinates.</source>
            <translation>{file} : {count} établissements lus, dont {located} avec des coordonnées.</translation>
        </message>
        <message>
            <source>No « structureet » record in « {file} ».</source>
            <translation>Aucun enregistrement « structureet » dans « {file} ».</translation>
        </message>
        <message>
            <source>{count} establishments of « {file} » have no usable coordinates and are not mapped, e.g. {examples}.</source>
            <translation>{count} établissements de « {file} » n’ont pas de coordonnées utilisables et ne sont pas cartographiés, par exemple {examples}.</translation>
        </message>
        <message>
            <source>{count} establishments of « {file} » name no coordinate system; it was taken from their département.</source>
            <translation>{count} établissements de « {file} » n’indiquent pas de système de coordonnées : celui de leur département a été retenu.</translation>
        </message>
    </context>
</TS>
