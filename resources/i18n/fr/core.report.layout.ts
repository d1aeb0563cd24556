<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Territorial health diagnostic</source>
            <translation>Diagnostic territorial de santé</translation>
        </message>
        <message>
            <source>(continued in run_report.json)</source>
            <translation>(suite dans run_report.json)</translation>
        </message>
        <message>
            <source>Territorial health diagnostic · {name} · {date}</source>
            <translation>Diagnostic territorial de santé · {name} · {date}</translation>
        </message>
        <message>
            <source>Indicator « {id} » has no value on any layer: it has no map page.</source>
            <translation>L'indicateur « {id} » n'a de valeur sur aucune couche : il n'a pas de page de carte.</translation>
        </message>
        <message>
            <source>1 commune</source>
            <translation>1 commune</translation>
        </message>
        <message>
            <source>{count} communes</source>
            <translation>{count} communes</translation>
        </message>
        <message>
            <source>{population} inhabitants</source>
            <translation>{population} habitants</translation>
        </message>
        <message>
            <source>Produced on {date}</source>
            <translation>Produit le {date}</translation>
        </message>
        <message>
            <source>Département</source>
            <translation>Département</translation>
        </message>
        <message>
            <source>Départements</source>
            <translation>Départements</translation>
        </message>
        <message>
            <source>Région</source>
            <translation>Région</translation>
        </message>
        <message>
            <source>Régions</source>
            <translation>Régions</translation>
        </message>
        <message>
            <source>Location of the territory (red) in its département.</source>
            <translation>Situation du territoire (en rouge) dans son département.</translation>
        </message>
        <message>
            <source>Outline of the territory (red) and its communes.</source>
            <translation>Contour du territoire (en rouge) et ses communes.</translation>
        </message>
        <message>
            <source>Boundaries: IGN, ADMIN EXPRESS.</source>
            <translation>Limites : IGN, ADMIN EXPRESS.</translation>
        </message>
        <message>
            <source>Synthesis</source>
            <translation>Synthèse</translation>
        </message>
        <message>
            <source>Key figures</source>
            <translation>Chiffres clés</translation>
        </message>
        <message>
            <source>The territory's value of each indicator beside those of its département, its région and France. The colour marks a gap of at least 10 % of the compared value.</source>
            <translation>Valeur de chaque indicateur pour le territoire, à côté de celles de son département, de sa région et de la France. La couleur signale un écart d'au moins 10 % de la valeur comparée.</translation>
        </message>
        <message>
            <source>Findings</source>
            <translation>Points saillants</translation>
        </message>
        <message>
            <source>No indicator differs from France or the département by 10 % or more.</source>
            <translation>Aucun indicateur ne s'écarte de 10 % ou plus de la France ou du département.</translation>
        </message>
        <message>
            <source>Without a value for the territory, so left out: {names}.</source>
            <translation>Sans valeur pour le territoire, donc absents du tableau : {names}.</translation>
        </message>
        <message>
            <source>Territory</source>
            <translation>Territoire</translation>
        </message>
        <message>
            <source>Age structure</source>
            <translation>Structure par âge</translation>
        </message>
        <message>
            <source>Share of each age group in the population (%)</source>
            <translation>Part de chaque groupe d'âge dans la population (%)</translation>
        </message>
        <message>
            <source>Distribution of the IRIS by « {label} »</source>
            <translation>Répartition des IRIS selon « {label} »</translation>
        </message>
        <message>
            <source>Communes ranked by « {label} »</source>
            <translation>Communes classées selon « {label} »</translation>
        </message>
        <message>
            <source>, the 10 highest and the 10 lowest</source>
            <translation>, les 10 plus élevées et les 10 plus faibles</translation>
        </message>
        <message>
            <source>; dashed line: territory</source>
            <translation> ; trait pointillé : territoire</translation>
        </message>
        <message>
            <source>Methods and sources</source>
            <translation>Méthodes et sources</translation>
        </message>
        <message>
            <source>Indicators, sources and coverage</source>
            <translation>Indicateurs, sources et couverture</translation>
        </message>
    </context>
</TS>
