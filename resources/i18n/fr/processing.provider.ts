<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Territorial health diagnostic</source>
            <translation>Diagnostic territorial de santé</translation>
        </message>
    </context>
</TS>
