<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>(unnamed)</source>
            <translation>(sans nom)</translation>
        </message>
        <message>
            <source>{rate} % matched · {name}</source>
            <translation>{rate} % joints · {name}</translation>
        </message>
        <message>
            <source>{matched} of {total} matched · {name}</source>
            <translation>{matched} sur {total} joints · {name}</translation>
        </message>
        <message>
            <source>Expand a line to see its details.</source>
            <translation>Dépliez une ligne pour voir ses détails.</translation>
        </message>
        <message>
            <source>Data fetched</source>
            <translation>Données récupérées</translation>
        </message>
        <message>
            <source>Join coverage</source>
            <translation>Couverture des jointures</translation>
        </message>
        <message>
            <source>Warnings</source>
            <translation>Avertissements</translation>
        </message>
        <message>
            <source>{title} ({count})</source>
            <translation>{title} ({count})</translation>
        </message>
        <message>
            <source> … and {count} more</source>
            <translation> … et {count} autres</translation>
        </message>
    </context>
</TS>
