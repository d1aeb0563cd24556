<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Unknown indicator « {id} ». Known indicators: {known}.</source>
            <translation>Indicateur « {id} » inconnu. Indicateurs connus : {known}.</translation>
        </message>
        <message>
            <source>Care and prevention supply</source>
            <translation>Offre de soins et de prévention</translation>
        </message>
        <message>
            <source>Social determinants of health</source>
            <translation>Déterminants sociaux de santé</translation>
        </message>
        <message>
            <source>Vulnerable populations</source>
            <translation>Populations vulnérables</translation>
        </message>
        <message>
            <source>User's data</source>
            <translation>Données de l’utilisateur</translation>
        </message>
        <message>
            <source>No catalogue file (*.json) found in « {folder} ».</source>
            <translation>Aucun fichier de catalogue (*.json) trouvé dans « {folder} ».</translation>
        </message>
        <message>
            <source>Indicator « {id} » is defined twice in the catalogue (second time in « {file} »).</source>
            <translation>L’indicateur « {id} » est défini deux fois dans le catalogue (la seconde fois dans « {file} »).</translation>
        </message>
        <message>
            <source>The catalogue file « {file} » cannot be read as JSON: {error}</source>
            <translation>Le fichier de catalogue « {file} » n’est pas un JSON lisible : {error}</translation>
        </message>
        <message>
            <source>The catalogue file « {file} » must contain an object with a list « indicators ».</source>
            <translation>Le fichier de catalogue « {file} » doit contenir un objet avec une liste « indicators ».</translation>
        </message>
        <message>
            <source>each entry must be a JSON object</source>
            <translation>chaque entrée doit être un objet JSON</translation>
        </message>
        <message>
            <source>the field is missing or empty</source>
            <translation>le champ est absent ou vide</translation>
        </message>
        <message>
            <source>expected true or false</source>
            <translation>true ou false attendu</translation>
        </message>
        <message>
            <source>expected an integer from 0 to 4</source>
            <translation>entier de 0 à 4 attendu</translation>
        </message>
        <message>
            <source>expected an object with an « operation »</source>
            <translation>objet avec une « operation » attendu</translation>
        </message>
        <message>
            <source>« {value} » is not one of {choices}</source>
            <translation>« {value} » ne fait pas partie de : {choices}</translation>
        </message>
        <message>
            <source>unexpected fields for « {operation} »: {fields}</source>
            <translation>champs inattendus pour « {operation} » : {fields}</translation>
        </message>
        <message>
            <source>expected a positive number</source>
            <translation>nombre positif attendu</translation>
        </message>
        <message>
            <source>expected a non-empty list</source>
            <translation>liste non vide attendue</translation>
        </message>
        <message>
            <source>expected a field name</source>
            <translation>nom de champ attendu</translation>
        </message>
        <message>
            <source>expected a non-empty list of column names</source>
            <translation>liste non vide de noms de colonnes attendue</translation>
        </message>
        <message>
            <source>« {column} » is not a canonical column name (upper case, without the year, e.g. POP75P)</source>
            <translation>« {column} » n’est pas un nom de colonne canonique (en majuscules, sans l’année, par exemple POP75P)</translation>
        </message>
        <message>
            <source>each variant needs an integer « min_vintage »</source>
            <translation>chaque variante doit avoir un entier « min_vintage »</translation>
        </message>
        <message>
            <source>expected lower-case ASCII letters, digits and « _ », 30 characters at most, starting with a letter</source>
            <translation>lettres ASCII minuscules, chiffres et « _ » attendus, 30 caractères au plus, en commençant par une lettre</translation>
        </message>
        <message>
            <source>Catalogue « {file} », indicator « {id} », field « {field} »: {reason}.</source>
            <translation>Catalogue « {file} », indicateur « {id} », champ « {field} » : {reason}.</translation>
        </message>
    </context>
</TS>
