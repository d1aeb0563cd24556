<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>▼ less favourable</source>
            <translation>▼ moins favorable</translation>
        </message>
        <message>
            <source>▲ more favourable</source>
            <translation>▲ plus favorable</translation>
        </message>
        <message>
            <source>≈ close</source>
            <translation>≈ proche</translation>
        </message>
        <message>
            <source>Indicator</source>
            <translation>Indicateur</translation>
        </message>
        <message>
            <source>Territory</source>
            <translation>Territoire</translation>
        </message>
        <message>
            <source>Département</source>
            <translation>Département</translation>
        </message>
        <message>
            <source>Région</source>
            <translation>Région</translation>
        </message>
        <message>
            <source>France</source>
            <translation>France</translation>
        </message>
        <message>
            <source>Compared with France</source>
            <translation>Par rapport à la France</translation>
        </message>
        <message>
            <source>Red background: the territory is notably less favourable than that place; green: notably more favourable; no colour: gap under 10 % of the compared value, or no favourable direction. ▲/▼ repeat the comparison with France for grey prints. n/a: not available (not published, or not computable from the loaded data).</source>
            <translation>Fond rouge : le territoire est nettement moins favorisé que cet échelon ; vert : nettement plus favorisé ; sans couleur : écart inférieur à 10 % de la valeur comparée, ou indicateur sans sens favorable. ▲/▼ reprennent la comparaison avec la France pour les impressions en gris. n.d. : non disponible (non publié, ou non calculable à partir des données chargées).</translation>
        </message>
        <message>
            <source>Definition</source>
            <translation>Définition</translation>
        </message>
        <message>
            <source>Producer, dataset</source>
            <translation>Producteur, jeu de données</translation>
        </message>
        <message>
            <source>Vintage</source>
            <translation>Millésime</translation>
        </message>
        <message>
            <source>Licence</source>
            <translation>Licence</translation>
        </message>
        <message>
            <source>COG {year}</source>
            <translation>COG {year}</translation>
        </message>
    </context>
</TS>
