<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Font « {family} » is not installed: the copy shipped with the plugin is used.</source>
            <translation>La police « {family} » n'est pas installée : la copie fournie avec l'extension est utilisée.</translation>
        </message>
        <message>
            <source>Font « {family} » could not be loaded from the plugin: « {default} » is used and texts may overflow their frames.</source>
            <translation>La police « {family} » n'a pas pu être chargée depuis l'extension : « {default} » est utilisée et des textes peuvent déborder de leur cadre.</translation>
        </message>
        <message>
            <source>Font « {family} » of the layout is not installed: « {used} » is used instead. Install « {family} » to print with it.</source>
            <translation>La police « {family} » de la mise en page n'est pas installée : « {used} » est utilisée à la place. Installez « {family} » pour imprimer avec elle.</translation>
        </message>
    </context>
</TS>
