<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>resolve a territory or search places by name</source>
            <translation>résout un territoire ou cherche des lieux par leur nom</translation>
        </message>
        <message>
            <source>Print the communes of a territory, or search communes, EPCI, départements and régions.</source>
            <translation>Affiche les communes d'un territoire, ou cherche des communes, EPCI, départements et régions.</translation>
        </message>
        <message>
            <source>territory spec: commune:59350, epci:200093201, departement:59, region:32, communes:59350,59009</source>
            <translation>territoire : commune:59350, epci:200093201, departement:59, region:32, communes:59350,59009</translation>
        </message>
        <message>
            <source>The territory command is not available yet.</source>
            <translation>La commande territory n'est pas encore disponible.</translation>
        </message>
    </context>
</TS>
