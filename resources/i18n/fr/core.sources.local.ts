<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>User file</source>
            <translation>Fichier de l’utilisateur</translation>
        </message>
        <message>
            <source>{file}: {rows} rows joined by column « {column} » ({level}).</source>
            <translation>{file} : {rows} lignes jointes par la colonne « {column} » ({level}).</translation>
        </message>
        <message>
            <source>The layer « {file} » cannot be opened by QGIS (OGR).</source>
            <translation>La couche « {file} » ne peut pas être ouverte par QGIS (OGR).</translation>
        </message>
        <message>
            <source>Code column « {column} » not found in « {file} ». Columns: {columns}.</source>
            <translation>Colonne de codes « {column} » introuvable dans « {file} ». Colonnes : {columns}.</translation>
        </message>
        <message>
            <source>No column of « {file} » holds commune codes (5 characters) or IRIS codes (9 characters). Name the code column with the code column option.</source>
            <translation>Aucune colonne de « {file} » ne contient de codes commune (5 caractères) ou IRIS (9 caractères). Indiquez la colonne des codes avec l’option de colonne de codes.</translation>
        </message>
        <message>
            <source>The layer « {file} » holds {found} codes in « {field} », not {expected} codes.</source>
            <translation>La couche « {file} » contient des codes {found} dans « {field} », et non des codes {expected}.</translation>
        </message>
        <message>
            <source>The layer « {file} » has no coordinate reference system: set one (e.g. a .prj file) and retry.</source>
            <translation>La couche « {file} » n’a pas de système de coordonnées : définissez-en un (par exemple un fichier .prj) et recommencez.</translation>
        </message>
    </context>
</TS>
