<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>usage: </source>
            <translation>utilisation : </translation>
        </message>
        <message>
            <source>positional arguments</source>
            <translation>arguments positionnels </translation>
        </message>
        <message>
            <source>options</source>
            <translation>options </translation>
        </message>
        <message>
            <source>show this help message and exit</source>
            <translation>affiche cette aide et quitte</translation>
        </message>
        <message>
            <source>the following arguments are required: %s</source>
            <translation>les arguments suivants sont obligatoires : %s</translation>
        </message>
        <message>
            <source>%(prog)s: error: %(message)s
</source>
            <translation>%(prog)s : erreur : %(message)s
</translation>
        </message>
        <message>
            <source>invalid choice: %(value)r (choose from %(choices)s)</source>
            <translation>choix invalide : %(value)r (choisir parmi %(choices)s)</translation>
        </message>
        <message>
            <source>unrecognized arguments: %s</source>
            <translation>arguments non reconnus : %s</translation>
        </message>
        <message>
            <source>expected one argument</source>
            <translation>un argument attendu</translation>
        </message>
        <message>
            <source>expected at least one argument</source>
            <translation>au moins un argument attendu</translation>
        </message>
        <message>
            <source>expected at most one argument</source>
            <translation>au plus un argument attendu</translation>
        </message>
        <message>
            <source>invalid %(type)s value: %(value)r</source>
            <translation>valeur %(type)s invalide : %(value)r</translation>
        </message>
        <message>
            <source>argument %(argument_name)s: %(message)s</source>
            <translation>argument %(argument_name)s : %(message)s</translation>
        </message>
        <message>
            <source>ambiguous option: %(option)s could match %(matches)s</source>
            <translation>option ambiguë : %(option)s peut correspondre à %(matches)s</translation>
        </message>
        <message>
            <source>not allowed with argument %s</source>
            <translation>interdit avec l'argument %s</translation>
        </message>
        <message>
            <source>one of the arguments %s is required</source>
            <translation>l'un des arguments %s est obligatoire</translation>
        </message>
        <message>
            <source>can't open '%(filename)s': %(error)s</source>
            <translation>impossible d'ouvrir « %(filename)s » : %(error)s</translation>
        </message>
        <message>
            <source>Territorial health diagnostic: resolve a French territory and build its diagnostic (GeoPackage, QGIS project, PDF) from public data.</source>
            <translation>Diagnostic territorial de santé : résout un territoire français et construit son diagnostic (GeoPackage, projet QGIS, PDF) à partir des données publiques.</translation>
        </message>
        <message>
            <source>show detailed log messages</source>
            <translation>affiche le journal détaillé</translation>
        </message>
        <message>
            <source>COMMAND</source>
            <translation>COMMANDE</translation>
        </message>
        <message>
            <source>TERRITORY</source>
            <translation>TERRITOIRE</translation>
        </message>
        <message>
            <source>FOLDER</source>
            <translation>DOSSIER</translation>
        </message>
        <message>
            <source>COLUMN</source>
            <translation>COLONNE</translation>
        </message>
        <message>
            <source>FILE</source>
            <translation>FICHIER</translation>
        </message>
        <message>
            <source>THEMES</source>
            <translation>THÈMES</translation>
        </message>
        <message>
            <source>INDICATORS</source>
            <translation>INDICATEURS</translation>
        </message>
        <message>
            <source>NUMBER</source>
            <translation>NOMBRE</translation>
        </message>
        <message>
            <source>error: {message}</source>
            <translation>erreur : {message}</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>Annulé.</translation>
        </message>
    </context>
</TS>
