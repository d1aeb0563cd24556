<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Filosofi (income, poverty)</source>
            <translation>Filosofi (revenus, pauvreté)</translation>
        </message>
        <message>
            <source>Census (population, families, housing)</source>
            <translation>Recensement (population, familles, logement)</translation>
        </message>
        <message>
            <source>APL (accessibility to doctors)</source>
            <translation>APL (accessibilité aux médecins)</translation>
        </message>
        <message>
            <source>Download cache</source>
            <translation>Cache des téléchargements</translation>
        </message>
        <message>
            <source>Folder where downloaded source files are kept between runs.</source>
            <translation>Dossier où les fichiers sources téléchargés sont conservés d'un traitement à l'autre.</translation>
        </message>
        <message>
            <source>Cache folder</source>
            <translation>Dossier du cache</translation>
        </message>
        <message>
            <source> MB</source>
            <translation> Mo</translation>
        </message>
        <message>
            <source>no limit</source>
            <translation>pas de limite</translation>
        </message>
        <message>
            <source>Maximum size of the cache in megabytes; the least recently used files are deleted beyond it. 0: no limit.</source>
            <translation>Taille maximale du cache en mégaoctets ; au-delà, les fichiers les moins récemment utilisés sont supprimés. 0 : pas de limite.</translation>
        </message>
        <message>
            <source>Size limit</source>
            <translation>Taille maximale</translation>
        </message>
        <message>
            <source>Empty the cache</source>
            <translation>Vider le cache</translation>
        </message>
        <message>
            <source>Delete every downloaded file; the next online run downloads them again.</source>
            <translation>Supprime tous les fichiers téléchargés ; le prochain traitement en ligne les téléchargera de nouveau.</translation>
        </message>
        <message>
            <source>Defaults</source>
            <translation>Valeurs par défaut</translation>
        </message>
        <message>
            <source>Output folder proposed by the panel.</source>
            <translation>Dossier de sortie proposé par le panneau.</translation>
        </message>
        <message>
            <source>Output folder</source>
            <translation>Dossier de sortie</translation>
        </message>
        <message>
            <source>Finest level of the maps when the panel has no remembered choice.</source>
            <translation>Niveau le plus fin des cartes quand le panneau n'a pas de choix mémorisé.</translation>
        </message>
        <message>
            <source>Level</source>
            <translation>Niveau</translation>
        </message>
        <message>
            <source>Data vintages</source>
            <translation>Millésimes des données</translation>
        </message>
        <message>
            <source>Year of each source; « latest » takes the most recent vintage known to the plugin.</source>
            <translation>Année de chaque source ; « le plus récent » prend le dernier millésime connu de l'extension.</translation>
        </message>
        <message>
            <source>latest</source>
            <translation>le plus récent</translation>
        </message>
        <message>
            <source>Cache not readable: {error}</source>
            <translation>Cache illisible : {error}</translation>
        </message>
        <message>
            <source>In use: {size}</source>
            <translation>Occupé : {size}</translation>
        </message>
        <message>
            <source>Delete every downloaded file of the cache?</source>
            <translation>Supprimer tous les fichiers téléchargés du cache ?</translation>
        </message>
        <message>
            <source>Cache emptied: {folder}</source>
            <translation>Cache vidé : {folder}</translation>
        </message>
        <message>
            <source>Territorial health diagnostic</source>
            <translation>Diagnostic territorial de santé</translation>
        </message>
    </context>
</TS>
