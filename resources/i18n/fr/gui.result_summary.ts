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
            <source>Source id</source>
            <translation>Identifiant de la source</translation>
        </message>
        <message>
            <source>Producer</source>
            <translation>Producteur</translation>
        </message>
        <message>
            <source>Dataset</source>
            <translation>Jeu de données</translation>
        </message>
        <message>
            <source>Vintage</source>
            <translation>Millésime</translation>
        </message>
        <message>
            <source>Geography year</source>
            <translation>Année de géographie</translation>
        </message>
        <message>
            <source>Licence</source>
            <translation>Licence</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Adresse</translation>
        </message>
        <message>
            <source>Retrieved on</source>
            <translation>Récupéré le</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Fichier</translation>
        </message>
        <message>
            <source>Origin</source>
            <translation>Origine</translation>
        </message>
        <message>
            <source>Synthetic demonstration data</source>
            <translation>Données fictives de démonstration</translation>
        </message>
        <message>
            <source>Level</source>
            <translation>Niveau</translation>
        </message>
        <message>
            <source>Rows</source>
            <translation>Lignes</translation>
        </message>
        <message>
            <source>Hidden values per column</source>
            <translation>Valeurs masquées par colonne</translation>
        </message>
        <message>
            <source>Rejected codes</source>
            <translation>Codes rejetés</translation>
        </message>
        <message>
            <source>Invalid values</source>
            <translation>Valeurs invalides</translation>
        </message>
        <message>
            <source>Join</source>
            <translation>Jointure</translation>
        </message>
        <message>
            <source>Key</source>
            <translation>Clé</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Units with a geometry</source>
            <translation>Unités avec géométrie</translation>
        </message>
        <message>
            <source>Rows of data</source>
            <translation>Lignes de données</translation>
        </message>
        <message>
            <source>Units matched</source>
            <translation>Unités appariées</translation>
        </message>
        <message>
            <source>Match rate</source>
            <translation>Taux d'appariement</translation>
        </message>
        <message>
            <source>Share of geometries matched</source>
            <translation>Part des géométries appariées</translation>
        </message>
        <message>
            <source>Geometries without data</source>
            <translation>Géométries sans données</translation>
        </message>
        <message>
            <source>Data without geometry</source>
            <translation>Données sans géométrie</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>Remarques</translation>
        </message>
        <message>
            <source>Probable cause</source>
            <translation>Cause probable</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>oui</translation>
        </message>
        <message>
            <source>no</source>
            <translation>non</translation>
        </message>
        <message>
            <source> … and {count} more</source>
            <translation> … et {count} autres</translation>
        </message>
    </context>
</TS>
