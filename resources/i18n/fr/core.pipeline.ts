<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Cancelled: the previous outputs are left unchanged.</source>
            <translation>Annulé : les résultats précédents sont conservés.</translation>
        </message>
        <message>
            <source>Unknown data source « {value} »: use online, cache or sample.</source>
            <translation>Source de données « {value} » inconnue : utilisez online, cache ou sample.</translation>
        </message>
        <message>
            <source>Unknown classification « {value} »: use {known}.</source>
            <translation>Classification « {value} » inconnue : utilisez {known}.</translation>
        </message>
        <message>
            <source>Unknown level « {value} »: use iris or commune.</source>
            <translation>Niveau « {value} » inconnu : utilisez iris ou commune.</translation>
        </message>
        <message>
            <source>Unknown theme « {value} »: use {known}.</source>
            <translation>Thème « {value} » inconnu : utilisez {known}.</translation>
        </message>
        <message>
            <source>File not found for {option}: « {path} ». Check the path.</source>
            <translation>Fichier introuvable pour {option} : « {path} ». Vérifiez le chemin.</translation>
        </message>
        <message>
            <source>The output « {path} » is a file: give a folder.</source>
            <translation>La sortie « {path} » est un fichier : indiquez un dossier.</translation>
        </message>
    </context>
</TS>
