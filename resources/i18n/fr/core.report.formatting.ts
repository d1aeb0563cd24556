<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>n/a</source>
            <comment>missing value</comment>
            <translation>n.d.</translation>
        </message>
    </context>
</TS>
