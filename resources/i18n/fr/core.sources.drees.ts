<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Unknown APL source « {source} ». Known sources: {known}.</source>
            <translation>Source APL « {source} » inconnue. Sources connues : {known}.</translation>
        </message>
        <message>
            <source>No yearly sheet (« APL 2023 »…) in « {file} »: is it a DREES APL workbook?</source>
            <translation>Aucune feuille annuelle (« APL 2023 »…) dans « {file} » : est-ce bien un classeur APL de la DREES ?</translation>
        </message>
        <message>
            <source>No sheet for {year} in « {file} ». Years available: {years}.</source>
            <translation>Aucune feuille pour {year} dans « {file} ». Années disponibles : {years}.</translation>
        </message>
        <message>
            <source>{file}: {rows} communes read, vintage {vintage}.</source>
            <translation>{file} : {rows} communes lues, millésime {vintage}.</translation>
        </message>
    </context>
</TS>
