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
            <source>TEXT</source>
            <translation>TEXTE</translation>
        </message>
        <message>
            <source>search places by name or code (accents, case and Saint/St are ignored) instead of resolving a spec</source>
            <translation>cherche des lieux par nom ou code (accents, majuscules et Saint/St ignorés) au lieu de résoudre un territoire</translation>
        </message>
        <message>
            <source>maximum number of places printed by --search (default 20)</source>
            <translation>nombre maximal de lieux affichés par --search (20 par défaut)</translation>
        </message>
        <message>
            <source>output format: csv (default) or json</source>
            <translation>format de sortie : csv (par défaut) ou json</translation>
        </message>
        <message>
            <source>Give a territory spec (for example epci:200093201) or --search TEXT to find one by name.</source>
            <translation>Indiquez un territoire (par exemple epci:200093201) ou --search TEXTE pour en chercher un par son nom.</translation>
        </message>
        <message>
            <source>warning: {message}</source>
            <translation>avertissement : {message}</translation>
        </message>
        <message>
            <source>Invalid --limit « {value} »: give a number of places of 1 or more.</source>
            <translation>--limit « {value} » invalide : indiquez un nombre de lieux supérieur ou égal à 1.</translation>
        </message>
        <message>
            <source>No place matches « {text} ».</source>
            <translation>Aucun lieu ne correspond à « {text} ».</translation>
        </message>
    </context>
</TS>
