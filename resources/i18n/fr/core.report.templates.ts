<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Layout template « {path} » not found: reinstall the plugin or restore the file.</source>
            <translation>Modèle de mise en page « {path} » introuvable : réinstallez l'extension ou restaurez le fichier.</translation>
        </message>
        <message>
            <source>Layout template « {path} » is not valid XML: save it again from the layout designer.</source>
            <translation>Le modèle de mise en page « {path} » n'est pas un XML valide : enregistrez-le de nouveau depuis le concepteur de mise en page.</translation>
        </message>
    </context>
</TS>
