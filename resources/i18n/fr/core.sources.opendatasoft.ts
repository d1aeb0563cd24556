<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Unknown Opendatasoft portal « {portal} »: use one of {portals}.</source>
            <translation>Portail Opendatasoft « {portal} » inconnu : utilisez {portals}.</translation>
        </message>
        <message>
            <source>Unknown export format « {format} »: use csv, json, geojson or xlsx.</source>
            <translation>Format d'export « {format} » inconnu : utilisez csv, json, geojson ou xlsx.</translation>
        </message>
        <message>
            <source>The catalog entry of « {dataset} » on {portal} has no licence (metas.default.license).</source>
            <translation>La fiche catalogue de « {dataset} » sur {portal} n'indique aucune licence (metas.default.license).</translation>
        </message>
    </context>
</TS>
