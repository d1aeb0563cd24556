<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Unknown région « {code} »: a région code has 2 digits, for example 32 (Hauts-de-France).</source>
            <translation>Région « {code} » inconnue : un code région a 2 chiffres, par exemple 32 (Hauts-de-France).</translation>
        </message>
        <message>
            <source>Unknown département « {code} »: a département code has 2 characters (01 to 95, 2A, 2B) or 3 for the overseas départements (971, 972, 973, 974, 976); 20 is not a département, use 2A or 2B, and 975, 977 and 978 are collectivités, not départements.</source>
            <translation>Département « {code} » inconnu : un code département a 2 caractères (01 à 95, 2A, 2B) ou 3 pour les départements d'outre-mer (971, 972, 973, 974, 976) ; 20 n'est pas un département, utilisez 2A ou 2B, et 975, 977 et 978 sont des collectivités, pas des départements.</translation>
        </message>
    </context>
</TS>
