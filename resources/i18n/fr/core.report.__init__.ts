<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Report cancelled: the previous PDF files are kept.</source>
            <translation>Rapport annulé : les fichiers PDF précédents sont conservés.</translation>
        </message>
        <message>
            <source>Composing the diagnostic layout</source>
            <translation>Composition de la mise en page du diagnostic</translation>
        </message>
        <message>
            <source>Exporting diagnostic.pdf</source>
            <translation>Export de diagnostic.pdf</translation>
        </message>
        <message>
            <source>Composing the atlas of the communes</source>
            <translation>Composition de l'atlas des communes</translation>
        </message>
        <message>
            <source>Exporting atlas.pdf</source>
            <translation>Export de atlas.pdf</translation>
        </message>
        <message>
            <source>Report written</source>
            <translation>Rapport écrit</translation>
        </message>
    </context>
</TS>
