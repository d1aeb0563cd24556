<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>The file « {file} » is not a delimited text table (it looks like {kind}).</source>
            <translation>Le fichier « {file} » n’est pas une table de texte délimité (il ressemble à du {kind}).</translation>
        </message>
        <message>
            <source>The file « {file} » cannot be read as a table separated by « {separator} » from line {line}: {error}</source>
            <translation>Le fichier « {file} » ne peut pas être lu comme une table séparée par « {separator} » à partir de la ligne {line} : {error}</translation>
        </message>
        <message>
            <source>The file « {file} » is not a readable XLSX workbook.</source>
            <translation>Le fichier « {file} » n’est pas un classeur XLSX lisible.</translation>
        </message>
        <message>
            <source>none</source>
            <translation>aucune</translation>
        </message>
        <message>
            <source>Column « {column} » not found in « {file} » (vintage {vintage}). Closest columns: {close}. Check that the file is the expected one or update the column table of this source.</source>
            <translation>Colonne « {column} » introuvable dans « {file} » (millésime {vintage}). Colonnes les plus proches : {close}. Vérifiez que le fichier est bien celui attendu ou mettez à jour la table des colonnes de cette source.</translation>
        </message>
        <message>
            <source>The columns of « {file} » carry several years: {years}.</source>
            <translation>Les colonnes de « {file} » portent plusieurs années : {years}.</translation>
        </message>
        <message>
            <source>row {row} « {value} »</source>
            <translation>ligne {row} « {value} »</translation>
        </message>
        <message>
            <source>{count} values of column « {column} » in « {file} » are not numbers and were left empty: {rows}</source>
            <translation>{count} valeurs de la colonne « {column} » de « {file} » ne sont pas des nombres et ont été laissées vides : {rows}</translation>
        </message>
        <message>
            <source>Column « {column} » of « {file} » mixes decimal commas and points; both were read.</source>
            <translation>La colonne « {column} » de « {file} » mêle virgules et points décimaux ; les deux ont été lus.</translation>
        </message>
        <message>
            <source>{count} codes appear more than once in « {file} », for example {examples}.</source>
            <translation>{count} codes apparaissent plusieurs fois dans « {file} », par exemple {examples}.</translation>
        </message>
    </context>
</TS>
