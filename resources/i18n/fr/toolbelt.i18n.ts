<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>en</source>
            <comment>code of the language the text is translated into</comment>
            <translation>fr</translation>
        </message>
    </context>
</TS>
