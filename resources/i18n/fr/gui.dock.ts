<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>{count} bytes</source>
            <translation>{count} octets</translation>
        </message>
        <message>
            <source>kB</source>
            <translation>ko</translation>
        </message>
        <message>
            <source>MB</source>
            <translation>Mo</translation>
        </message>
        <message>
            <source>GB</source>
            <translation>Go</translation>
        </message>
        <message>
            <source>Territorial health diagnostic</source>
            <translation>Diagnostic territorial de santé</translation>
        </message>
        <message>
            <source>Output</source>
            <translation>Sortie</translation>
        </message>
        <message>
            <source>Folder that receives diagnostic.gpkg, diagnostic.qgz, diagnostic.pdf and run_report.json; an earlier diagnostic there is replaced.</source>
            <translation>Dossier qui reçoit diagnostic.gpkg, diagnostic.qgz, diagnostic.pdf et run_report.json ; un diagnostic antérieur dans ce dossier est remplacé.</translation>
        </message>
        <message>
            <source>Folder</source>
            <translation>Dossier</translation>
        </message>
        <message>
            <source>Run the diagnostic</source>
            <translation>Lancer le diagnostic</translation>
        </message>
        <message>
            <source>Build the diagnostic in the background; QGIS stays usable.</source>
            <translation>Construit le diagnostic en arrière-plan ; QGIS reste utilisable.</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <source>Stop the run; earlier outputs and the cache stay intact.</source>
            <translation>Arrête le traitement ; les résultats précédents et le cache restent intacts.</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>Résultat</translation>
        </message>
        <message>
            <source>Open the layout</source>
            <translation>Ouvrir la mise en page</translation>
        </message>
        <message>
            <source>Open the diagnostic's print layout in the layout designer.</source>
            <translation>Ouvre la mise en page du diagnostic dans le composeur d'impression.</translation>
        </message>
        <message>
            <source>Open the folder</source>
            <translation>Ouvrir le dossier</translation>
        </message>
        <message>
            <source>Open the output folder in the file manager.</source>
            <translation>Ouvre le dossier de sortie dans le gestionnaire de fichiers.</translation>
        </message>
        <message>
            <source>&lt;a href="{url}"&gt;Help: how the diagnostic is built&lt;/a&gt;</source>
            <translation>&lt;a href="{url}"&gt;Aide : comment le diagnostic est construit&lt;/a&gt;</translation>
        </message>
        <message>
            <source>No output folder: choose a folder in « Output ».</source>
            <translation>Aucun dossier de sortie : choisissez un dossier dans « Sortie ».</translation>
        </message>
        <message>
            <source>No theme chosen: tick at least one theme or indicator in « What to include ».</source>
            <translation>Aucun thème choisi : cochez au moins un thème ou un indicateur dans « Contenu du diagnostic ».</translation>
        </message>
        <message>
            <source>No data folder: with « local files », choose the folder that contains the source files.</source>
            <translation>Aucun dossier de données : avec « fichiers locaux », choisissez le dossier qui contient les fichiers sources.</translation>
        </message>
        <message>
            <source>Health diagnostic of {territory}</source>
            <translation>Diagnostic de santé de {territory}</translation>
        </message>
        <message>
            <source>{size} downloaded</source>
            <translation>{size} téléchargés</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>Annulation…</translation>
        </message>
        <message>
            <source>Starting…</source>
            <translation>Démarrage…</translation>
        </message>
        <message>
            <source>Composing the PDF report…</source>
            <translation>Composition du rapport PDF…</translation>
        </message>
        <message>
            <source>Done.</source>
            <translation>Terminé.</translation>
        </message>
        <message>
            <source>Diagnostic written to {folder}: {count} layers added.</source>
            <translation>Diagnostic écrit dans {folder} : {count} couches ajoutées.</translation>
        </message>
        <message>
            <source>Diagnostic done</source>
            <translation>Diagnostic terminé</translation>
        </message>
        <message>
            <source>Health diagnostic · {territory}</source>
            <translation>Diagnostic de santé · {territory}</translation>
        </message>
        <message>
            <source>The diagnostic was written to {folder} but its layers could not be added: {error}</source>
            <translation>Le diagnostic a été écrit dans {folder} mais ses couches n'ont pas pu être ajoutées : {error}</translation>
        </message>
        <message>
            <source>PDF report cancelled: the earlier PDF is kept.</source>
            <translation>Rapport PDF annulé : le PDF précédent est conservé.</translation>
        </message>
        <message>
            <source>PDF report not written.</source>
            <translation>Rapport PDF non écrit.</translation>
        </message>
        <message>
            <source>The diagnostic stopped on an unexpected error: {error}</source>
            <translation>Le diagnostic s'est arrêté sur une erreur inattendue : {error}</translation>
        </message>
        <message>
            <source>Diagnostic cancelled: no layer added, earlier outputs kept.</source>
            <translation>Diagnostic annulé : aucune couche ajoutée, les résultats précédents sont conservés.</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Annulé</translation>
        </message>
        <message>
            <source>Diagnostic</source>
            <translation>Diagnostic</translation>
        </message>
        <message>
            <source>Details</source>
            <translation>Détails</translation>
        </message>
    </context>
</TS>
