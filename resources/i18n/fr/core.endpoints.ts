<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Sources file « {path} » cannot be read: {error}. Fix the JSON or remove the file.</source>
            <translation>Le fichier de sources « {path} » est illisible : {error}. Corrigez le JSON ou retirez le fichier.</translation>
        </message>
        <message>
            <source>Sources file « {path} » must contain a JSON object mapping source ids to entries.</source>
            <translation>Le fichier de sources « {path} » doit contenir un objet JSON qui associe chaque identifiant de source à sa description.</translation>
        </message>
        <message>
            <source>Source « {source} » in « {path} » must be a JSON object with at least « url ».</source>
            <translation>La source « {source} » de « {path} » doit être un objet JSON avec au moins « url ».</translation>
        </message>
        <message>
            <source>Source « {source} » is defined in both « {first} » and « {second} »: keep one.</source>
            <translation>La source « {source} » est définie à la fois dans « {first} » et dans « {second} » : n'en gardez qu'une.</translation>
        </message>
        <message>
            <source>The file named by {variable} « {path} » does not exist: fix or unset the variable.</source>
            <translation>Le fichier désigné par {variable} « {path} » n'existe pas : corrigez ou supprimez la variable.</translation>
        </message>
        <message>
            <source>Unknown data source « {source} »: add it with its « url » to a file of {folder} or to the file named by {variable}.</source>
            <translation>Source de données « {source} » inconnue : ajoutez-la avec son « url » dans un fichier de {folder} ou dans le fichier désigné par {variable}.</translation>
        </message>
    </context>
</TS>
