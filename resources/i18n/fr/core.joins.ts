<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>The table has no valid code in its key column: check the column chosen as {key}.</source>
            <translation>La table n’a aucun code valide dans sa colonne de clé : vérifiez la colonne choisie comme {key}.</translation>
        </message>
        <message>
            <source>The table's codes have {found} characters but {key} has {expected}: the code type is probably wrong (commune codes against IRIS codes, or the reverse).</source>
            <translation>Les codes de la table ont {found} caractères mais {key} en a {expected} : le type de code est probablement erroné (codes commune au lieu de codes IRIS, ou l’inverse).</translation>
        </message>
        <message>
            <source>The table covers other départements than the geometries: check the territory.</source>
            <translation>La table couvre d’autres départements que les géométries : vérifiez le territoire.</translation>
        </message>
        <message>
            <source>The codes have the right form but none matches: the table and the geometries probably use different vintages of the COG (check the table's geography year).</source>
            <translation>Les codes ont la bonne forme mais aucun ne correspond : la table et les géométries utilisent probablement des millésimes différents du COG (vérifiez l’année de géographie de la table).</translation>
        </message>
        <message>
            <source>{count} duplicated codes in the table, first row kept: {codes}</source>
            <translation>{count} codes en double dans la table, première ligne conservée : {codes}</translation>
        </message>
        <message>
            <source>{count} commune codes brought to the current COG: {pairs}</source>
            <translation>{count} codes commune ramenés au COG en vigueur : {pairs}</translation>
        </message>
        <message>
            <source>{count} arrondissements carry the values of their whole city: {codes}</source>
            <translation>{count} arrondissements portent les valeurs de leur ville entière : {codes}</translation>
        </message>
        <message>
            <source>Communes of a single IRIS drawn with the commune contour: {items}</source>
            <translation>Communes d’un seul IRIS dessinées avec le contour de la commune : {items}</translation>
        </message>
        <message>
            <source>IRIS without geometry, their commune keeps its values at commune level: {items}</source>
            <translation>IRIS sans géométrie, leur commune garde ses valeurs au niveau communal : {items}</translation>
        </message>
        <message>
            <source>No {key} field found in the layer « {layer} » (fields: {fields}): rename its code field {key}.</source>
            <translation>Aucun champ {key} dans la couche « {layer} » (champs : {fields}) : renommez son champ de code en {key}.</translation>
        </message>
        <message>
            <source>{count} codes drawn by several features, combined: {codes}</source>
            <translation>{count} codes dessinés par plusieurs entités, réunies : {codes}</translation>
        </message>
        <message>
            <source>{count} arrondissement contours merged into their city: {codes}</source>
            <translation>{count} contours d’arrondissements réunis dans leur ville : {codes}</translation>
        </message>
    </context>
</TS>
