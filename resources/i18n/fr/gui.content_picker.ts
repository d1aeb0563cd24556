<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>online</source>
            <translation>en ligne</translation>
        </message>
        <message>
            <source>cache only</source>
            <translation>cache seulement</translation>
        </message>
        <message>
            <source>local files</source>
            <translation>fichiers locaux</translation>
        </message>
        <message>
            <source>embedded sample</source>
            <translation>exemple intégré</translation>
        </message>
        <message>
            <source>IRIS</source>
            <translation>IRIS</translation>
        </message>
        <message>
            <source>commune</source>
            <translation>commune</translation>
        </message>
        <message>
            <source>The indicator catalogue cannot be read, so only the themes are offered: {error}</source>
            <translation>Le catalogue des indicateurs est illisible, seuls les thèmes sont proposés : {error}</translation>
        </message>
        <message>
            <source>What to include</source>
            <translation>Contenu du diagnostic</translation>
        </message>
        <message>
            <source>Themes and indicators of the diagnostic; all are included by default.</source>
            <translation>Thèmes et indicateurs du diagnostic ; tous sont inclus par défaut.</translation>
        </message>
        <message>
            <source>Finest level of the maps: IRIS where published, else commune.</source>
            <translation>Niveau le plus fin des cartes : IRIS là où il est publié, sinon commune.</translation>
        </message>
        <message>
            <source>Level</source>
            <translation>Niveau</translation>
        </message>
        <message>
            <source>online: download what the cache lacks; cache only: no network; local files: tables already downloaded into a folder; embedded sample: the Métropole Européenne de Lille, offline.</source>
            <translation>en ligne : télécharge ce qui manque au cache ; cache seulement : aucun accès réseau ; fichiers locaux : tableaux déjà téléchargés dans un dossier ; exemple intégré : la Métropole Européenne de Lille, hors ligne.</translation>
        </message>
        <message>
            <source>Data</source>
            <translation>Données</translation>
        </message>
        <message>
            <source>Folder that holds the source files, named as the producers publish them.</source>
            <translation>Dossier contenant les fichiers sources, nommés comme les producteurs les publient.</translation>
        </message>
        <message>
            <source>Data folder</source>
            <translation>Dossier des données</translation>
        </message>
        <message>
            <source>PDF report</source>
            <translation>Rapport PDF</translation>
        </message>
        <message>
            <source>Compose the print layout and export diagnostic.pdf; QGIS waits during the export.</source>
            <translation>Compose la mise en page et exporte diagnostic.pdf ; QGIS attend pendant l'export.</translation>
        </message>
        <message>
            <source>Atlas of the communes</source>
            <translation>Atlas des communes</translation>
        </message>
        <message>
            <source>Also export atlas.pdf, one page per commune (slower).</source>
            <translation>Exporte aussi atlas.pdf, une page par commune (plus long).</translation>
        </message>
        <message>
            <source>Your own tables</source>
            <translation>Vos propres tableaux</translation>
        </message>
        <message>
            <source>CSV or Excel tables with a commune or IRIS code column; each numeric column becomes an indicator.</source>
            <translation>Tableaux CSV ou Excel avec une colonne de code commune ou IRIS ; chaque colonne numérique devient un indicateur.</translation>
        </message>
        <message>
            <source>Add…</source>
            <translation>Ajouter…</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Retirer</translation>
        </message>
        <message>
            <source>Add tables</source>
            <translation>Ajouter des tableaux</translation>
        </message>
        <message>
            <source>Tables (*.csv *.xlsx *.xls *.ods)</source>
            <translation>Tableaux (*.csv *.xlsx *.xls *.ods)</translation>
        </message>
    </context>
</TS>
