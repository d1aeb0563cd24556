<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Resolve a territory into its communes</source>
            <translation>Résoudre un territoire en communes</translation>
        </message>
        <message>
            <source>Lists the communes of a territory (commune, EPCI, département, région or a list of communes) from the official geographic code (COG) embedded in the plugin, with their names, département, région, EPCI and population. Without a contour layer the output is a table; with one, each commune gets its contour from that layer, matched on its commune code field (detected when not given).</source>
            <translation>Liste les communes d'un territoire (commune, EPCI, département, région ou liste de communes) d'après le code officiel géographique (COG) intégré à l'extension, avec leur nom, département, région, EPCI et population. Sans couche de contours, la sortie est une table ; avec une couche, chaque commune reçoit son contour, apparié sur le champ de code commune (détecté s'il n'est pas indiqué).</translation>
        </message>
        <message>
            <source>Commune contours (optional)</source>
            <translation>Contours des communes (facultatif)</translation>
        </message>
        <message>
            <source>Commune code field of the contours</source>
            <translation>Champ de code commune des contours</translation>
        </message>
        <message>
            <source>Communes of the territory</source>
            <translation>Communes du territoire</translation>
        </message>
        <message>
            <source>Resolving the territory « {spec} »…</source>
            <translation>Résolution du territoire « {spec} »…</translation>
        </message>
        <message>
            <source>{count} communes have no contour in the layer: {codes}</source>
            <translation>{count} communes n'ont pas de contour dans la couche : {codes}</translation>
        </message>
        <message>
            <source>No commune code field found in the contour layer: choose it in « Commune code field of the contours ».</source>
            <translation>Aucun champ de code commune trouvé dans la couche de contours : choisissez-le dans « Champ de code commune des contours ».</translation>
        </message>
    </context>
</TS>
