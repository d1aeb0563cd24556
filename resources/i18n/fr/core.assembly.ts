<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>The layer « {path} » cannot be opened: is it a vector file?</source>
            <translation>La couche « {path} » ne peut pas être ouverte : est-ce bien un fichier vecteur ?</translation>
        </message>
        <message>
            <source>The embedded sample covers only the Métropole Européenne de Lille (EPCI {epci}): « {name} » has communes outside it ({examples}). Choose a territory of the MEL, or use --source online or cache.</source>
            <translation>L’échantillon intégré ne couvre que la Métropole Européenne de Lille (EPCI {epci}) : « {name} » a des communes hors de la MEL ({examples}). Choisissez un territoire de la MEL, ou utilisez --source online ou cache.</translation>
        </message>
        <message>
            <source>No commune contours: give --communes-layer or use --source sample.</source>
            <translation>Aucun contour de commune : indiquez --communes-layer ou utilisez --source sample.</translation>
        </message>
        <message>
            <source>{count} IRIS names had control characters: {from_table} replaced by the name the data table gives, {removed} cleaned.</source>
            <translation>{count} noms d’IRIS contenaient des caractères de contrôle : {from_table} remplacés par le nom que donne la table de données, {removed} nettoyés.</translation>
        </message>
        <message>
            <source>{commune}: IRIS contours not available</source>
            <translation>{commune} : contours IRIS non disponibles</translation>
        </message>
        <message>
            <source>The rates of establishments per 10,000 inhabitants need the census population: select the indicator « Population » to compute them.</source>
            <translation>Les taux d’établissements pour 10 000 habitants demandent la population du recensement : sélectionnez l’indicateur « Population » pour les calculer.</translation>
        </message>
        <message>
            <source>The population computed for the territory ({computed}) differs from its legal population ({legal}) by more than 10 %: check that the tables cover exactly its communes.</source>
            <translation>La population calculée pour le territoire ({computed}) s’écarte de plus de 10 % de sa population légale ({legal}) : vérifiez que les tables couvrent exactement ses communes.</translation>
        </message>
        <message>
            <source>{count} rows of the table are outside the territory and were left out.</source>
            <translation>{count} lignes de la table sont hors du territoire et ont été écartées.</translation>
        </message>
        <message>
            <source>Communes drawn with their contour in the IRIS layer, without IRIS values ({field} = 1): {items}</source>
            <translation>Communes dessinées avec leur contour dans la couche IRIS, sans valeurs IRIS ({field} = 1) : {items}</translation>
        </message>
        <message>
            <source>Territory outline</source>
            <translation>Contour du territoire</translation>
        </message>
        <message>
            <source>Priority neighbourhoods (QPV)</source>
            <translation>Quartiers prioritaires de la politique de la ville (QPV)</translation>
        </message>
        <message>
            <source>Health establishments (FINESS)</source>
            <translation>Établissements sanitaires et sociaux (FINESS)</translation>
        </message>
        <message>
            <source>Département outline</source>
            <translation>Contour du département</translation>
        </message>
        <message>
            <source>Territorial health diagnostic: {name}</source>
            <translation>Diagnostic territorial de santé : {name}</translation>
        </message>
        <message>
            <source>Join {name}: {matched} of {total} rows matched ({rate}).</source>
            <translation>Jointure {name} : {matched} lignes sur {total} appariées ({rate}).</translation>
        </message>
        <message>
            <source>one row per unit and indicator; separator ;, decimal comma, UTF-8 with BOM</source>
            <translation>une ligne par unité et par indicateur ; séparateur ;, virgule décimale, UTF-8 avec BOM</translation>
        </message>
        <message>
            <source>Resolving the territory…</source>
            <translation>Résolution du territoire…</translation>
        </message>
        <message>
            <source>Selecting the indicators…</source>
            <translation>Sélection des indicateurs…</translation>
        </message>
        <message>
            <source>Fetching the data…</source>
            <translation>Récupération des données…</translation>
        </message>
        <message>
            <source>Computing the indicators…</source>
            <translation>Calcul des indicateurs…</translation>
        </message>
        <message>
            <source>Writing the GeoPackage…</source>
            <translation>Écriture du GeoPackage…</translation>
        </message>
        <message>
            <source>Building the QGIS project…</source>
            <translation>Construction du projet QGIS…</translation>
        </message>
        <message>
            <source>Writing indicators.csv…</source>
            <translation>Écriture de indicators.csv…</translation>
        </message>
        <message>
            <source>Composing the PDF report…</source>
            <translation>Composition du rapport PDF…</translation>
        </message>
        <message>
            <source>Saving the QGIS project…</source>
            <translation>Enregistrement du projet QGIS…</translation>
        </message>
        <message>
            <source>Writing run_report.json…</source>
            <translation>Écriture de run_report.json…</translation>
        </message>
        <message>
            <source>Unknown projection « {crs} » for the territory.</source>
            <translation>Projection « {crs} » inconnue pour le territoire.</translation>
        </message>
        <message>
            <source>No row of {name} matched a geometry. {cause}</source>
            <translation>Aucune ligne de {name} n’a trouvé de géométrie. {cause}</translation>
        </message>
        <message>
            <source>Join {name}: {matched} of {total} rows matched.</source>
            <translation>Jointure {name} : {matched} lignes sur {total} appariées.</translation>
        </message>
    </context>
</TS>
