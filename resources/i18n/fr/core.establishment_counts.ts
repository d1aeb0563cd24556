<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>{count} establishments without coordinates are counted at commune level only: {items}</source>
            <translation>{count} établissements sans coordonnées sont comptés à l’échelle de la commune seulement : {items}</translation>
        </message>
        <message>
            <source>{count} establishments lie outside every IRIS contour and are counted at commune level only: {items}</source>
            <translation>{count} établissements sont situés hors de tout contour d’IRIS et comptés à l’échelle de la commune seulement : {items}</translation>
        </message>
        <message>
            <source>{count} establishments lie in an IRIS of another commune than the one FINESS gives: each counts in the IRIS where its point lies.</source>
            <translation>{count} établissements sont situés dans un IRIS d’une autre commune que celle que donne FINESS : chacun est compté dans l’IRIS où se trouve son point.</translation>
        </message>
        <message>
            <source>{label} per 10,000 inhabitants</source>
            <translation>{label} pour 10 000 habitants</translation>
        </message>
        <message>
            <source>per 10,000 inhabitants</source>
            <translation>pour 10 000 hab.</translation>
        </message>
    </context>
</TS>
