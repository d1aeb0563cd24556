<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Indicator « {label} »: its source {title} was not loaded, so it is left out.</source>
            <translation>Indicateur « {label} » : sa source {title} n’a pas été chargée, il est donc laissé de côté.</translation>
        </message>
        <message>
            <source>Indicator « {label} »: {note}</source>
            <translation>Indicateur « {label} » : {note}</translation>
        </message>
        <message>
            <source>Indicator « {label} »: the table counts their city as a whole, so the arrondissements {codes} have no value.</source>
            <translation>Indicateur « {label} » : la table compte leur ville en entier, donc les arrondissements {codes} n’ont pas de valeur.</translation>
        </message>
        <message>
            <source>Indicator {id}: {count} units ({level}) have a share outside 0 to 100 %, for example {examples}: check the source file.</source>
            <translation>Indicateur {id} : {count} unités ({level}) ont une part hors de 0 à 100 %, par exemple {examples} : vérifiez le fichier source.</translation>
        </message>
        <message>
            <source>non-additive value: only a published figure is valid</source>
            <translation>valeur non additive : seul un chiffre publié est valable</translation>
        </message>
        <message>
            <source>raw count: not comparable between a territory and a larger area</source>
            <translation>effectif brut : non comparable entre un territoire et un échelon plus large</translation>
        </message>
        <message>
            <source>no loaded table carries this indicator</source>
            <translation>aucune table chargée ne porte cet indicateur</translation>
        </message>
        <message>
            <source>computed from the summed counts of {count} units</source>
            <translation>calculée à partir des effectifs additionnés de {count} unités</translation>
        </message>
        <message>
            <source>the loaded data do not cover this level</source>
            <translation>les données chargées ne couvrent pas ce niveau</translation>
        </message>
    </context>
</TS>
