<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Invalid EPCI code « {code} »: an EPCI is named by its 9-digit SIREN, for example 200093201.</source>
            <translation>Code EPCI « {code} » invalide : un EPCI est désigné par son SIREN à 9 chiffres, par exemple 200093201.</translation>
        </message>
        <message>
            <source>Invalid département code « {code} »: for example 59, 2A or 974.</source>
            <translation>Code département « {code} » invalide : par exemple 59, 2A ou 974.</translation>
        </message>
        <message>
            <source>Communes of département {code}</source>
            <translation>Communes du département {code}</translation>
        </message>
        <message>
            <source>« {code} » has no arrondissements municipaux: only Paris (75056), Marseille (13055) and Lyon (69123) have.</source>
            <translation>« {code} » n'a pas d'arrondissements municipaux : seules Paris (75056), Marseille (13055) et Lyon (69123) en ont.</translation>
        </message>
        <message>
            <source>geo.api.gouv.fr returned commune « {code} » without a contour.</source>
            <translation>geo.api.gouv.fr a renvoyé la commune « {code} » sans contour.</translation>
        </message>
        <message>
            <source>Unknown territory kind « {kind} » for geo.api.gouv.fr: use epci, departement, region, commune or communes.</source>
            <translation>Type de territoire « {kind} » inconnu pour geo.api.gouv.fr : utilisez epci, departement, region, commune ou communes.</translation>
        </message>
        <message>
            <source>geo.api.gouv.fr returned no commune for {kind} « {value} »: check the code.</source>
            <translation>geo.api.gouv.fr n'a renvoyé aucune commune pour {kind} « {value} » : vérifiez le code.</translation>
        </message>
    </context>
</TS>
