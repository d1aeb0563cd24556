<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>département boundaries (IGN, ADMIN EXPRESS)</source>
            <translation>contours des départements (IGN, ADMIN EXPRESS)</translation>
        </message>
        <message>
            <source>IRIS contours (IGN-INSEE, Contours IRIS®)</source>
            <translation>contours des IRIS (IGN-INSEE, Contours IRIS®)</translation>
        </message>
        <message>
            <source>commune boundaries (IGN, ADMIN EXPRESS)</source>
            <translation>contours des communes (IGN, ADMIN EXPRESS)</translation>
        </message>
        <message>
            <source>priority neighbourhoods of the city policy (QPV, ANCT)</source>
            <translation>quartiers prioritaires de la politique de la ville (QPV, ANCT)</translation>
        </message>
        <message>
            <source>Filosofi values of the départements, régions and France (INSEE)</source>
            <translation>valeurs Filosofi des départements, des régions et de la France (INSEE)</translation>
        </message>
        <message>
            <source>your table « {name} »</source>
            <translation>votre table « {name} »</translation>
        </message>
        <message>
            <source>« {dataset} » ({producer})</source>
            <translation>« {dataset} » ({producer})</translation>
        </message>
        <message>
            <source>communes</source>
            <translation>communes</translation>
        </message>
    </context>
</TS>
