<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Cannot write the layer {name} into {path}.</source>
            <translation>Impossible d’écrire la couche {name} dans {path}.</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>Annulé.</translation>
        </message>
        <message>
            <source>Cannot write the features of the layer {name}.</source>
            <translation>Impossible d’écrire les entités de la couche {name}.</translation>
        </message>
        <message>
            <source>The layer {name} cannot be opened in {path}.</source>
            <translation>La couche {name} ne peut pas être ouverte dans {path}.</translation>
        </message>
        <message>
            <source>Style of the territorial health diagnostic</source>
            <translation>Style du diagnostic territorial de santé</translation>
        </message>
        <message>
            <source>Cannot store the style of the layer {name}.</source>
            <translation>Impossible d’enregistrer le style de la couche {name}.</translation>
        </message>
    </context>
</TS>
