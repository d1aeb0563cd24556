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
            <source>Show the territorial health diagnostic panel</source>
            <translation>Affiche le panneau du diagnostic territorial de santé</translation>
        </message>
        <message>
            <source>&amp;Territorial health diagnostic</source>
            <translation>&amp;Diagnostic territorial de santé</translation>
        </message>
    </context>
</TS>
