<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Code of an older COG: {change}</source>
            <translation>Code d'un COG antérieur : {change}</translation>
        </message>
        <message>
            <source>{count} rows summed into {code} (additive columns only): {codes}</source>
            <translation>{count} lignes additionnées dans {code} (colonnes additives seulement) : {codes}</translation>
        </message>
        <message>
            <source>Commune {code} {name} was split on {date} into {parts}: its values are left unchanged.</source>
            <translation>La commune {code} {name} a été scindée le {date} en {parts} : ses valeurs sont laissées telles quelles.</translation>
        </message>
        <message>
            <source>{count} codes unknown to the COG {year}: {codes}</source>
            <translation>{count} codes inconnus du COG {year} : {codes}</translation>
        </message>
        <message>
            <source>IRIS of communes merged into {code} {name} mapped to {target}: {codes}</source>
            <translation>IRIS de communes fusionnées en {code} {name} rapportés à {target} : {codes}</translation>
        </message>
        <message>
            <source>IRIS of a commune merged into {code} {name}</source>
            <translation>IRIS d’une commune fusionnée en {code} {name}</translation>
        </message>
        <message>
            <source>{count} IRIS of communes merged into {code} {name} were renumbered by INSEE and cannot be matched: {codes}</source>
            <translation>{count} IRIS de communes fusionnées en {code} {name} ont été renumérotés par l’INSEE et ne peuvent pas être appariés : {codes}</translation>
        </message>
    </context>
</TS>
