<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>No resource of the data.gouv.fr dataset « {dataset} » matches format {formats} and title « {pattern} ». Resources: {available}.</source>
            <translation>Aucune ressource du jeu de données data.gouv.fr « {dataset} » ne correspond au format {formats} et au titre « {pattern} ». Ressources : {available}.</translation>
        </message>
    </context>
</TS>
