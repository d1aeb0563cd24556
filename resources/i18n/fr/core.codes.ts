<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Column « {column} »: {total} codes, {padded} padded with a leading zero, {repaired} repaired from a decimal number, {rejected} rejected ({placeholders} placeholders, {invalid} invalid).</source>
            <translation>Colonne « {column} » : {total} codes, {padded} complétés par un zéro initial, {repaired} réparés depuis un nombre décimal, {rejected} rejetés ({placeholders} codes de remplissage, {invalid} invalides).</translation>
        </message>
        <message>
            <source>Column « {column} »: {count} codes padded with a leading zero (spreadsheet damage).</source>
            <translation>Colonne « {column} » : {count} codes complétés par un zéro initial (zéro perdu par un tableur).</translation>
        </message>
        <message>
            <source>Column « {column} »: {count} codes rejected (placeholders or invalid), for example {examples}.</source>
            <translation>Colonne « {column} » : {count} codes rejetés (codes de remplissage ou invalides), par exemple {examples}.</translation>
        </message>
        <message>
            <source>empty cells</source>
            <translation>cellules vides</translation>
        </message>
        <message>
            <source>Invalid commune code « {code} »: a commune code has 5 characters, for example 59350, 2A004 or 97101 (an IRIS code has 9).</source>
            <translation>Code commune « {code} » invalide : un code commune a 5 caractères, par exemple 59350, 2A004 ou 97101 (un code IRIS en a 9).</translation>
        </message>
        <message>
            <source>Invalid IRIS code « {code} »: an IRIS code has 9 characters, for example 593500101.</source>
            <translation>Code IRIS « {code} » invalide : un code IRIS a 9 caractères, par exemple 593500101.</translation>
        </message>
        <message>
            <source>Invalid commune code « {code} »: a commune code has 5 characters, for example 59350.</source>
            <translation>Code commune « {code} » invalide : un code commune a 5 caractères, par exemple 59350.</translation>
        </message>
    </context>
</TS>
