<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>No value available: the map shows missing data only.</source>
            <translation>Aucune valeur disponible : la carte ne montre que des données manquantes.</translation>
        </message>
        <message>
            <source>Every unit has the same value: a single class is drawn.</source>
            <translation>Toutes les unités ont la même valeur : une seule classe est dessinée.</translation>
        </message>
        <message>
            <source>Many equal values: {count} classes instead of {requested}.</source>
            <translation>Nombreuses valeurs égales : {count} classes au lieu de {requested}.</translation>
        </message>
    </context>
</TS>
