<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Distribution</source>
            <translation>Distribution</translation>
        </message>
        <message>
            <source>No published value</source>
            <translation>Aucune valeur publiée</translation>
        </message>
        <message>
            <source>{label}: {value}</source>
            <translation>{label} : {value}</translation>
        </message>
        <message>
            <source>Number of {units}</source>
            <comment>units starting with a consonant</comment>
            <translation>Nombre de {units}</translation>
        </message>
        <message>
            <source>Number of {units}</source>
            <comment>units starting with a vowel</comment>
            <translation>Nombre d'{units}</translation>
        </message>
        <message>
            <source>Ranking</source>
            <translation>Classement</translation>
        </message>
        <message>
            <source>Comparison</source>
            <translation>Comparaison</translation>
        </message>
    </context>
</TS>
