<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Territorial health diagnostic</source>
            <translation>Diagnostic territorial de santé</translation>
        </message>
        <message>
            <source>The diagnostic stopped on an unexpected error: {error}</source>
            <translation>Le diagnostic s'est arrêté sur une erreur inattendue : {error}</translation>
        </message>
        <message>
            <source>Reading the QGIS project</source>
            <translation>Lecture du projet QGIS</translation>
        </message>
        <message>
            <source>Diagnostic cancelled by the user.</source>
            <translation>Diagnostic annulé par l'utilisateur.</translation>
        </message>
        <message>
            <source>The diagnostic stopped without a result.</source>
            <translation>Le diagnostic s'est arrêté sans résultat.</translation>
        </message>
    </context>
</TS>
