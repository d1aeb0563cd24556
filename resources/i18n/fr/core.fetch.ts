<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>{source}: {reason}</source>
            <translation>{source} : {reason}</translation>
        </message>
        <message>
            <source>No table and no geometry could be obtained for « {territory} ». {details}</source>
            <translation>Aucune table ni aucune géométrie n’a pu être obtenue pour « {territory} ». {details}</translation>
        </message>
        <message>
            <source>Indicator « {label} »: {message}</source>
            <translation>Indicateur « {label} » : {message}</translation>
        </message>
        <message>
            <source>Not included in the demonstration sample: {indicators}; use online mode or a data folder to compute these indicators.</source>
            <translation>Non inclus dans l’échantillon de démonstration : {indicators} ; utilisez le mode en ligne ou un dossier de données pour calculer ces indicateurs.</translation>
        </message>
        <message>
            <source>Source {title} not loaded, indicators left out: {indicators}. {reason}</source>
            <translation>Source {title} non chargée, indicateurs laissés de côté : {indicators}. {reason}</translation>
        </message>
        <message>
            <source>Source {title} not loaded. {reason}</source>
            <translation>Source {title} non chargée. {reason}</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>Annulé.</translation>
        </message>
        <message>
            <source>The embedded sample has no file for {title}: use online mode or a data folder.</source>
            <translation>L’échantillon intégré n’a pas de fichier pour {title} : utilisez le mode en ligne ou un dossier de données.</translation>
        </message>
        <message>
            <source>No downloader is configured for {title}.</source>
            <translation>Aucun téléchargement n’est configuré pour {title}.</translation>
        </message>
        <message>
            <source>No reader for {title}.</source>
            <translation>Aucun lecteur pour {title}.</translation>
        </message>
        <message>
            <source>Downloading the {kind} layer is not available in this version: give your own layer.</source>
            <translation>Le téléchargement de la couche {kind} n’est pas disponible dans cette version : fournissez votre propre couche.</translation>
        </message>
        <message>
            <source>The embedded sample has no outline for département {codes}: use online mode for the location map.</source>
            <translation>L’échantillon intégré n’a pas le contour du département {codes} : utilisez le mode en ligne pour la carte de situation.</translation>
        </message>
    </context>
</TS>
