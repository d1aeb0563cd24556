<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>The archive « {file} » is damaged or is not a zip file. Delete it and download it again.</source>
            <translation>L’archive « {file} » est endommagée ou n’est pas un fichier zip. Supprimez-la et téléchargez-la à nouveau.</translation>
        </message>
        <message>
            <source>No file matching « {pattern} » in the archive « {file} » (members: {members}).</source>
            <translation>Aucun fichier correspondant à « {pattern} » dans l’archive « {file} » (contenu : {members}).</translation>
        </message>
        <message>
            <source>Population census, IRIS base « {stem} »</source>
            <translation>Recensement de la population, base IRIS « {stem} »</translation>
        </message>
        <message>
            <source>No sheet of « {file} » has an IRIS column and census columns. Sheets: {sheets}.</source>
            <translation>Aucune feuille de « {file} » n’a de colonne IRIS et de colonnes du recensement. Feuilles : {sheets}.</translation>
        </message>
        <message>
            <source>Filosofi, disposable income by IRIS</source>
            <translation>Filosofi, revenus disponibles par IRIS</translation>
        </message>
        <message>
            <source>No sheet of « {file} » has an IRIS column and Filosofi columns (DISP_MED…). Sheets: {sheets}.</source>
            <translation>Aucune feuille de « {file} » n’a de colonne IRIS et de colonnes Filosofi (DISP_MED…). Feuilles : {sheets}.</translation>
        </message>
        <message>
            <source>Comparateur de territoires</source>
            <translation>Comparateur de territoires</translation>
        </message>
        <message>
            <source>The INSEE Melodi response has no « observations » list.</source>
            <translation>La réponse de l’API Melodi de l’INSEE n’a pas de liste « observations ».</translation>
        </message>
        <message>
            <source>Filosofi, reference values (INSEE Melodi DS_FILOSOFI_CC)</source>
            <translation>Filosofi, valeurs de référence (INSEE Melodi DS_FILOSOFI_CC)</translation>
        </message>
        <message>
            <source>{file}: {rows} rows read, vintage {vintage}, encoding {encoding}, hidden values {hidden}.</source>
            <translation>{file} : {rows} lignes lues, millésime {vintage}, encodage {encoding}, valeurs masquées {hidden}.</translation>
        </message>
    </context>
</TS>
