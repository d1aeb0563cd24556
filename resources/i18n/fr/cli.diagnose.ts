<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>build the diagnostic of a territory</source>
            <translation>construit le diagnostic d'un territoire</translation>
        </message>
        <message>
            <source>Build the diagnostic of a territory: GeoPackage, QGIS project, PDF and report.</source>
            <translation>Construit le diagnostic d'un territoire : GeoPackage, projet QGIS, PDF et rapport.</translation>
        </message>
        <message>
            <source>territory spec, for example epci:200093201</source>
            <translation>territoire, par exemple epci:200093201</translation>
        </message>
        <message>
            <source>output folder</source>
            <translation>dossier de sortie</translation>
        </message>
        <message>
            <source>where data comes from: online (download), cache (cache only) or sample (embedded sample); default online</source>
            <translation>origine des données : online (téléchargement), cache (cache seul) ou sample (échantillon intégré) ; par défaut online</translation>
        </message>
        <message>
            <source>folder of already downloaded files, read before any download</source>
            <translation>dossier de fichiers déjà téléchargés, lu avant tout téléchargement</translation>
        </message>
        <message>
            <source>FILE</source>
            <translation>FICHIER</translation>
        </message>
        <message>
            <source>your own indicator table (CSV or XLSX), joined by its commune or IRIS code; repeatable</source>
            <translation>votre propre table d’indicateurs (CSV ou XLSX), jointe par son code commune ou IRIS ; répétable</translation>
        </message>
        <message>
            <source>name of the code column of the --table files (detected when omitted)</source>
            <translation>nom de la colonne de code des fichiers --table (détectée si omis)</translation>
        </message>
        <message>
            <source>your own IRIS contours (GeoPackage, GeoJSON, Shapefile)</source>
            <translation>vos propres contours IRIS (GeoPackage, GeoJSON, Shapefile)</translation>
        </message>
        <message>
            <source>your own commune contours (GeoPackage, GeoJSON, Shapefile)</source>
            <translation>vos propres contours communaux (GeoPackage, GeoJSON, Shapefile)</translation>
        </message>
        <message>
            <source>finest level of the maps: iris or commune; default iris</source>
            <translation>niveau le plus fin des cartes : iris ou commune ; par défaut iris</translation>
        </message>
        <message>
            <source>comma-separated themes among {themes}; default all</source>
            <translation>thèmes séparés par des virgules parmi {themes} ; par défaut tous</translation>
        </message>
        <message>
            <source>comma-separated indicator ids of the catalogue (instead of themes)</source>
            <translation>identifiants d’indicateurs du catalogue, séparés par des virgules (à la place des thèmes)</translation>
        </message>
        <message>
            <source>add an atlas with one page per commune</source>
            <translation>ajoute un atlas d’une page par commune</translation>
        </message>
        <message>
            <source>do not compose the PDF report</source>
            <translation>ne compose pas le rapport PDF</translation>
        </message>
        <message>
            <source>The diagnostic failed ({error}); the previous outputs are left unchanged. Run again with -v for details.</source>
            <translation>Le diagnostic a échoué ({error}) ; les résultats précédents sont conservés. Relancez avec -v pour le détail.</translation>
        </message>
        <message>
            <source>warning: {message}</source>
            <translation>avertissement : {message}</translation>
        </message>
    </context>
</TS>
