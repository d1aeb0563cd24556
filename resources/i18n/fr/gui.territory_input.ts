<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Invalid commune codes: {codes}. A commune code has 5 characters, for example 59350 or 2A004; restore the leading zero of codes such as 01001.</source>
            <translation>Codes commune invalides : {codes}. Un code commune a 5 caractères, par exemple 59350 ou 2A004 ; rétablissez le zéro initial des codes comme 01001.</translation>
        </message>
        <message>
            <source>No commune code in the list: paste codes such as 59350, 59009, separated by commas or lines.</source>
            <translation>Aucun code commune dans la liste : collez des codes comme 59350, 59009, séparés par des virgules ou des retours à la ligne.</translation>
        </message>
        <message>
            <source>No vector layer is active: select communes in a commune layer, then try again.</source>
            <translation>Aucune couche vecteur active : sélectionnez des communes dans une couche de communes, puis réessayez.</translation>
        </message>
        <message>
            <source>No feature is selected in « {layer} »: select communes on the map, then try again.</source>
            <translation>Aucune entité sélectionnée dans « {layer} » : sélectionnez des communes sur la carte, puis réessayez.</translation>
        </message>
        <message>
            <source>No commune code field found in « {layer} »: the layer needs a text field of 5-character INSEE codes, such as INSEE_COM.</source>
            <translation>Aucun champ de code commune trouvé dans « {layer} » : la couche doit avoir un champ texte de codes Insee à 5 caractères, comme INSEE_COM.</translation>
        </message>
    </context>
</TS>
