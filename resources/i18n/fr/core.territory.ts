<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>metropolitan France</source>
            <translation>la France métropolitaine</translation>
        </message>
        <message>
            <source>The layer has no valid CRS: set its CRS in QGIS (layer properties) before using it; overseas layers use a local UTM CRS, for example EPSG:4471 for Mayotte.</source>
            <translation>La couche n'a pas de SCR valide : définissez son SCR dans QGIS (propriétés de la couche) avant de l'utiliser ; les couches d'outre-mer utilisent un SCR UTM local, par exemple EPSG:4471 pour Mayotte.</translation>
        </message>
        <message>
            <source>extent</source>
            <translation>emprise</translation>
        </message>
        <message>
            <source>« {layer} »: {outside} of {checked} features lie outside {place} (longitude {xmin} to {xmax}, latitude {ymin} to {ymax}). The geometries seem moved away from their true place, as in contours with overseas départements drawn near the metropole: use contours at their true place, for example in {crs}.</source>
            <translation>« {layer} » : {outside} entités sur {checked} sont hors de {place} (longitude {xmin} à {xmax}, latitude {ymin} à {ymax}). Les géométries semblent déplacées de leur vraie place, comme dans les contours où les départements d'outre-mer sont rapprochés de la métropole : utilisez des contours à leur vraie place, par exemple en {crs}.</translation>
        </message>
        <message>
            <source>expected forms: commune:59350, epci:200093201, departement:59, region:32 or communes:59350,59009,59512</source>
            <translation>formes attendues : commune:59350, epci:200093201, departement:59, region:32 ou communes:59350,59009,59512</translation>
        </message>
        <message>
            <source>Invalid territory « {spec} »: {forms}.</source>
            <translation>Territoire « {spec} » invalide : {forms}.</translation>
        </message>
        <message>
            <source>Unknown territory type « {kind} » in « {spec} »: {forms}.</source>
            <translation>Type de territoire « {kind} » inconnu dans « {spec} » : {forms}.</translation>
        </message>
        <message>
            <source>Territory « {spec} » has no code: {forms}.</source>
            <translation>Le territoire « {spec} » n'a pas de code : {forms}.</translation>
        </message>
        <message>
            <source>Invalid commune code « {code} »: a commune code has 5 characters, for example 59350, 2A004 or 97101 ({forms}).</source>
            <translation>Code commune « {code} » invalide : un code commune a 5 caractères, par exemple 59350, 2A004 ou 97101 ({forms}).</translation>
        </message>
        <message>
            <source>« {code} » ({name}) is a commune associée or déléguée of {parent} {parent_name}: the territory takes the whole commune.</source>
            <translation>« {code} » ({name}) est une commune associée ou déléguée de {parent} {parent_name} : le territoire prend la commune entière.</translation>
        </message>
        <message>
            <source>Commune « {code} » not found in the COG {year}: check the code (5 characters, for example 59350) or use a département, an EPCI or a région ({forms}).</source>
            <translation>Commune « {code} » introuvable dans le COG {year} : vérifiez le code (5 caractères, par exemple 59350) ou choisissez un département, un EPCI ou une région ({forms}).</translation>
        </message>
        <message>
            <source>Commune code « {code} » ({name}) is not current in the COG {year}: replaced by {targets}.</source>
            <translation>Le code commune « {code} » ({name}) n'existe plus dans le COG {year} : remplacé par {targets}.</translation>
        </message>
        <message>
            <source>Commune</source>
            <translation>Commune</translation>
        </message>
        <message>
            <source>Territory « {value} » lists no commune code: {forms}.</source>
            <translation>Le territoire « {value} » ne contient aucun code commune : {forms}.</translation>
        </message>
        <message>
            <source>{count} communes ({first}…)</source>
            <translation>{count} communes ({first}…)</translation>
        </message>
        <message>
            <source>Group of communes</source>
            <translation>Ensemble de communes</translation>
        </message>
        <message>
            <source>Arrondissement « {code} » is already inside « {city} » in the list: its population counts twice.</source>
            <translation>L'arrondissement « {code} » est déjà compris dans « {city} » dans la liste : sa population compte deux fois.</translation>
        </message>
        <message>
            <source>EPCI « {code} » not found in the DGCL list {year}: an EPCI is named by its 9-digit SIREN, for example 200093201 (Métropole Européenne de Lille); search it by name with « territory --search » ({forms}).</source>
            <translation>EPCI « {code} » introuvable dans la liste DGCL {year} : un EPCI se désigne par son SIREN à 9 chiffres, par exemple 200093201 (Métropole Européenne de Lille) ; cherchez-le par son nom avec « territory --search » ({forms}).</translation>
        </message>
        <message>
            <source>EPCI</source>
            <translation>EPCI</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>Département</translation>
        </message>
        <message>
            <source>Unknown région « {code} »: a région code has 2 digits, for example 32 (Hauts-de-France); {forms}.</source>
            <translation>Région « {code} » inconnue : un code région a 2 chiffres, par exemple 32 (Hauts-de-France) ; {forms}.</translation>
        </message>
        <message>
            <source>Region</source>
            <translation>Région</translation>
        </message>
        <message>
            <source>The territory spans parts of France that no single projection shows together: maps use {crs} (its most populated part) and the communes of {departements} fall outside them. Build one diagnostic per part for readable maps.</source>
            <translation>Le territoire couvre des parties de la France qu'aucune projection ne montre ensemble : les cartes utilisent {crs} (sa partie la plus peuplée) et les communes de {departements} en sortent. Faites un diagnostic par partie pour des cartes lisibles.</translation>
        </message>
        <message>
            <source>{name} ({departement}) — arrondissement municipal</source>
            <translation>{name} ({departement}) — arrondissement municipal</translation>
        </message>
        <message>
            <source>{name} ({departement}) — commune</source>
            <translation>{name} ({departement}) — commune</translation>
        </message>
        <message>
            <source>{name} — EPCI ({nature})</source>
            <translation>{name} — EPCI ({nature})</translation>
        </message>
        <message>
            <source>{name} ({code}) — département</source>
            <translation>{name} ({code}) — département</translation>
        </message>
        <message>
            <source>{name} ({code}) — région</source>
            <translation>{name} ({code}) — région</translation>
        </message>
    </context>
</TS>
