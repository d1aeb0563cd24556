<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>{typename}: communes {first} to {last}</source>
            <translation>{typename} : communes {first} à {last}</translation>
        </message>
        <message>
            <source>The WFS « {typename} » announced {matched} features but returned {received}: the response is incomplete, so run again later.</source>
            <translation>Le WFS « {typename} » a annoncé {matched} objets mais en a renvoyé {received} : la réponse est incomplète, relancez plus tard.</translation>
        </message>
        <message>
            <source>The WFS « {typename} » returned exactly {count} features on a page without saying how many match (no numberMatched): the server may cap its responses, so the next page is requested to check.</source>
            <translation>Le WFS « {typename} » a renvoyé exactement {count} objets sur une page sans indiquer le nombre total (pas de numberMatched) : le serveur plafonne peut-être ses réponses, la page suivante est donc demandée pour vérifier.</translation>
        </message>
        <message>
            <source>The WFS returned coordinates ({x}, {y}) outside metropolitan France in EPSG:2154: the server ignored SRSNAME or swapped the axes.</source>
            <translation>Le WFS a renvoyé des coordonnées ({x}, {y}) hors de la France métropolitaine en EPSG:2154 : le serveur a ignoré SRSNAME ou inversé les axes.</translation>
        </message>
        <message>
            <source>No commune code given for the WFS request.</source>
            <translation>Aucun code commune fourni pour la requête WFS.</translation>
        </message>
        <message>
            <source>The WFS « {typename} » returned no feature for the {count} communes of the territory: check the codes and the COG year.</source>
            <translation>Le WFS « {typename} » n'a renvoyé aucun objet pour les {count} communes du territoire : vérifiez les codes et l'année du COG.</translation>
        </message>
    </context>
</TS>
