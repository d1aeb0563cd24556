<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Atlas of the communes</source>
            <translation>Atlas des communes</translation>
        </message>
        <message>
            <source>Other communes</source>
            <translation>Autres communes</translation>
        </message>
        <message>
            <source>Commune of the page</source>
            <translation>Commune de la page</translation>
        </message>
        <message>
            <source>No communes layer: the atlas of the communes is not built.</source>
            <translation>Aucune couche des communes : l'atlas des communes n'est pas produit.</translation>
        </message>
        <message>
            <source>Atlas of the communes · {territory}</source>
            <translation>Atlas des communes · {territory}</translation>
        </message>
        <message>
            <source>Key figures of the commune</source>
            <translation>Chiffres clés de la commune</translation>
        </message>
        <message>
            <source>Map: </source>
            <translation>Carte : </translation>
        </message>
        <message>
            <source>Territorial health diagnostic · {name} · {date} · page [% @atlas_featurenumber %] of [% @atlas_totalfeatures %]</source>
            <translation>Diagnostic territorial de santé · {name} · {date} · page [% @atlas_featurenumber %] sur [% @atlas_totalfeatures %]</translation>
        </message>
        <message>
            <source>{label} (IRIS): [% {ranges} %]</source>
            <translation>{label} (IRIS) : [% {ranges} %]</translation>
        </message>
        <message>
            <source>(territory: {value})</source>
            <translation>(territoire : {value})</translation>
        </message>
        <message>
            <source>No indicator at commune level.</source>
            <translation>Aucun indicateur à l'échelle de la commune.</translation>
        </message>
        <message>
            <source>from {low} to {high}</source>
            <translation>de {low} à {high}</translation>
        </message>
    </context>
</TS>
