<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Territory</source>
            <translation>Territoire</translation>
        </message>
        <message>
            <source>Search</source>
            <translation>Recherche</translation>
        </message>
        <message>
            <source>A commune, an EPCI, a département or a région, by name or code; accents are ignored.</source>
            <translation>Une commune, un EPCI, un département ou une région, par nom ou par code ; les accents sont ignorés.</translation>
        </message>
        <message>
            <source>Selection on the map</source>
            <translation>Sélection sur la carte</translation>
        </message>
        <message>
            <source>The features selected in the active layer, which must have a commune code field (INSEE_COM, code, CODGEO…).</source>
            <translation>Les entités sélectionnées dans la couche active, qui doit avoir un champ de code commune (INSEE_COM, code, CODGEO…).</translation>
        </message>
        <message>
            <source>List of codes</source>
            <translation>Liste de codes</translation>
        </message>
        <message>
            <source>Paste the commune codes of a perimeter (CLS, CPTS…), separated by commas, spaces or lines.</source>
            <translation>Collez les codes commune d'un périmètre (CLS, CPTS…), séparés par des virgules, des espaces ou des retours à la ligne.</translation>
        </message>
        <message>
            <source>e.g. Lille, 59350, Métropole Européenne de Lille, Nord</source>
            <translation>ex. : Lille, 59350, Métropole Européenne de Lille, Nord</translation>
        </message>
        <message>
            <source>Type at least two letters or digits, then pick a place in the list.</source>
            <translation>Tapez au moins deux lettres ou chiffres, puis choisissez un lieu dans la liste.</translation>
        </message>
        <message>
            <source>Use the selection</source>
            <translation>Utiliser la sélection</translation>
        </message>
        <message>
            <source>Reads the commune codes of the selected features of the active layer.</source>
            <translation>Lit les codes commune des entités sélectionnées de la couche active.</translation>
        </message>
        <message>
            <source>Select communes on the map, then click the button.</source>
            <translation>Sélectionnez des communes sur la carte, puis cliquez sur le bouton.</translation>
        </message>
        <message>
            <source>59350, 59009, 59512…</source>
            <translation>59350, 59009, 59512…</translation>
        </message>
        <message>
            <source>Commune codes of 5 characters, separated by commas, spaces or lines.</source>
            <translation>Codes commune à 5 caractères, séparés par des virgules, des espaces ou des retours à la ligne.</translation>
        </message>
        <message>
            <source>Territory spec: {spec}</source>
            <translation>Territoire : {spec}</translation>
        </message>
        <message>
            <source>No place matches « {text} ».</source>
            <translation>Aucun lieu ne correspond à « {text} ».</translation>
        </message>
        <message>
            <source>{label} · {population} inhabitants</source>
            <translation>{label} · {population} habitants</translation>
        </message>
        <message>
            <source>{count} communes selected in « {layer} » (field {field}).</source>
            <translation>{count} communes sélectionnées dans « {layer} » (champ {field}).</translation>
        </message>
        <message>
            <source>{count} communes</source>
            <translation>{count} communes</translation>
        </message>
        <message>
            <source>No communes taken from the map: select communes in a commune layer and click « Use the selection ».</source>
            <translation>Aucune commune prise sur la carte : sélectionnez des communes dans une couche de communes et cliquez sur « Utiliser la sélection ».</translation>
        </message>
        <message>
            <source>No territory chosen: type a name or a code in « Territory » and pick a place in the list.</source>
            <translation>Aucun territoire choisi : tapez un nom ou un code dans « Territoire » et choisissez un lieu dans la liste.</translation>
        </message>
    </context>
</TS>
