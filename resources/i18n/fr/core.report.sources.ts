<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>unknown producer</source>
            <translation>producteur inconnu</translation>
        </message>
        <message>
            <source>Source: {source}.</source>
            <translation>Source : {source}.</translation>
        </message>
        <message>
            <source>Licence: {licence}.</source>
            <translation>Licence : {licence}.</translation>
        </message>
        <message>
            <source>Boundaries: {boundaries}.</source>
            <translation>Limites : {boundaries}.</translation>
        </message>
        <message>
            <source>synthetic demonstration data</source>
            <translation>données fictives de démonstration</translation>
        </message>
        <message>
            <source>; </source>
            <comment>list separator</comment>
            <translation> ; </translation>
        </message>
        <message>
            <source>Data:</source>
            <translation>Données :</translation>
        </message>
        <message>
            <source>{label}: {value}</source>
            <translation>{label} : {value}</translation>
        </message>
        <message>
            <source>Boundaries: IGN and INSEE (Contours IRIS®, ADMIN EXPRESS).</source>
            <translation>Limites : IGN et INSEE (Contours IRIS®, ADMIN EXPRESS).</translation>
        </message>
        <message>
            <source>Reused under {licences}; each map names its producer and vintage.</source>
            <translation>Réutilisation sous {licences} ; chaque carte cite son producteur et son millésime.</translation>
        </message>
        <message>
            <source>Document produced with QGIS and the « Diagnostic territorial de santé » plugin.</source>
            <translation>Document produit avec QGIS et l'extension « Diagnostic territorial de santé ».</translation>
        </message>
        <message>
            <source>Geography: communes of the COG {year} (code officiel géographique, INSEE).</source>
            <translation>Géographie : communes du COG {year} (code officiel géographique, INSEE).</translation>
        </message>
        <message>
            <source>Warnings of the run: {warnings}</source>
            <translation>Avertissements de l'exécution : {warnings}</translation>
        </message>
        <message>
            <source>(and {count} more in run_report.json)</source>
            <translation>(et {count} autres dans run_report.json)</translation>
        </message>
        <message>
            <source>Every unit of the territory was joined to its data.</source>
            <translation>Chaque unité du territoire a été jointe à ses données.</translation>
        </message>
        <message>
            <source>Join « {name} »</source>
            <translation>Jointure « {name} »</translation>
        </message>
        <message>
            <source>{rate} % of the units matched</source>
            <translation>{rate} % des unités appariées</translation>
        </message>
        <message>
            <source>{rate} % of the territory's units have a value</source>
            <translation>{rate} % des unités du territoire ont une valeur</translation>
        </message>
        <message>
            <source>not matched: {codes}</source>
            <translation>non appariés : {codes}</translation>
        </message>
        <message>
            <source>and {count} more</source>
            <translation>et {count} autres</translation>
        </message>
        <message>
            <source>communes</source>
            <translation>communes</translation>
        </message>
        <message>
            <source>{label}: {hidden} {units} of {total}</source>
            <translation>{label} : {hidden} {units} sur {total}</translation>
        </message>
        <message>
            <source>Units without a value (secret statistique, or not published by the producer), drawn in grey on the maps: {parts}.</source>
            <translation>Unités sans valeur (secret statistique, ou non publiées par le producteur), en gris sur les cartes : {parts}.</translation>
        </message>
    </context>
</TS>
