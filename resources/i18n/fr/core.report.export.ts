<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Folder « {folder} » does not exist: create it or choose another output folder.</source>
            <translation>Le dossier « {folder} » n'existe pas : créez-le ou choisissez un autre dossier de sortie.</translation>
        </message>
        <message>
            <source>« {path} » cannot be overwritten: it is open in another program or read-only. Close it (PDF reader) or choose another output folder, then export again.</source>
            <translation>« {path} » ne peut pas être remplacé : il est ouvert dans un autre programme ou en lecture seule. Fermez-le (lecteur PDF) ou choisissez un autre dossier de sortie, puis relancez l'export.</translation>
        </message>
        <message>
            <source>Folder « {folder} » is not writable: choose another output folder.</source>
            <translation>Le dossier « {folder} » n'est pas accessible en écriture : choisissez un autre dossier de sortie.</translation>
        </message>
        <message>
            <source>the file could not be created (it is open elsewhere or the folder is not writable)</source>
            <translation>le fichier n'a pas pu être créé (il est ouvert ailleurs ou le dossier n'est pas accessible en écriture)</translation>
        </message>
        <message>
            <source>the PDF device could not be created</source>
            <translation>le périphérique PDF n'a pas pu être créé</translation>
        </message>
        <message>
            <source>not enough memory for the page images</source>
            <translation>mémoire insuffisante pour les images des pages</translation>
        </message>
        <message>
            <source>the atlas could not go through its features</source>
            <translation>l'atlas n'a pas pu parcourir ses entités</translation>
        </message>
        <message>
            <source>the export was cancelled</source>
            <translation>l'export a été annulé</translation>
        </message>
        <message>
            <source>error code {code}</source>
            <translation>code d'erreur {code}</translation>
        </message>
        <message>
            <source>The PDF can only be exported from QGIS's main thread: run the report step after the background task.</source>
            <translation>Le PDF ne peut être exporté que depuis le fil principal de QGIS : lancez l'étape du rapport après la tâche de fond.</translation>
        </message>
        <message>
            <source>« {path} » could not be written: {error}. Close the file if it is open and check the free space.</source>
            <translation>« {path} » n'a pas pu être écrit : {error}. Fermez le fichier s'il est ouvert et vérifiez l'espace disque libre.</translation>
        </message>
        <message>
            <source>« {name} » exported to {path}: {pages} pages in {seconds} s ({per_page} s per page).</source>
            <translation>« {name} » exporté vers {path} : {pages} pages en {seconds} s ({per_page} s par page).</translation>
        </message>
        <message>
            <source>Export of « {name} » to PDF failed: {reason}.</source>
            <translation>L'export de « {name} » en PDF a échoué : {reason}.</translation>
        </message>
    </context>
</TS>
