<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>the {label}</source>
            <comment>feminine subject</comment>
            <translation>la {label}</translation>
        </message>
        <message>
            <source>the {label}</source>
            <comment>feminine subject, elided article</comment>
            <translation>l'{label}</translation>
        </message>
        <message>
            <source>the {label}</source>
            <comment>masculine subject</comment>
            <translation>le {label}</translation>
        </message>
        <message>
            <source>the {label}</source>
            <comment>masculine subject, elided article</comment>
            <translation>l'{label}</translation>
        </message>
        <message>
            <source>that of France ({value})</source>
            <comment>feminine subject</comment>
            <translation>celle de la France ({value})</translation>
        </message>
        <message>
            <source>that of France ({value})</source>
            <comment>masculine subject</comment>
            <translation>celui de la France ({value})</translation>
        </message>
        <message>
            <source>département</source>
            <translation>département</translation>
        </message>
        <message>
            <source>that of the département ({name}: {value})</source>
            <comment>feminine subject</comment>
            <translation>celle du département ({name} : {value})</translation>
        </message>
        <message>
            <source>that of the département ({name}: {value})</source>
            <comment>masculine subject</comment>
            <translation>celui du département ({name} : {value})</translation>
        </message>
        <message>
            <source>région</source>
            <translation>région</translation>
        </message>
        <message>
            <source>that of the région ({name}: {value})</source>
            <comment>feminine subject</comment>
            <translation>celle de la région ({name} : {value})</translation>
        </message>
        <message>
            <source>that of the région ({name}: {value})</source>
            <comment>masculine subject</comment>
            <translation>celui de la région ({name} : {value})</translation>
        </message>
        <message>
            <source>close to {reference}</source>
            <translation>proche de {reference}</translation>
        </message>
        <message>
            <source>higher than {reference}</source>
            <comment>feminine subject</comment>
            <translation>supérieure à {reference}</translation>
        </message>
        <message>
            <source>higher than {reference}</source>
            <comment>masculine subject</comment>
            <translation>supérieur à {reference}</translation>
        </message>
        <message>
            <source>lower than {reference}</source>
            <comment>feminine subject</comment>
            <translation>inférieure à {reference}</translation>
        </message>
        <message>
            <source>lower than {reference}</source>
            <comment>masculine subject</comment>
            <translation>inférieur à {reference}</translation>
        </message>
        <message>
            <source>{label}: no value for the whole territory ({territory}).</source>
            <translation>{label} : pas de valeur pour l'ensemble du territoire ({territory}).</translation>
        </message>
        <message>
            <source>{subject} of the whole territory is not available.</source>
            <translation>{subject} de l'ensemble du territoire n'est pas disponible.</translation>
        </message>
        <message>
            <source>{value} ({place})</source>
            <translation>{value} ({place})</translation>
        </message>
        <message>
            <source>{label}: {value} for {territory}.</source>
            <translation>{label} : {value} pour {territory}.</translation>
        </message>
        <message>
            <source>{label}: {value} for {territory}, against {references}.</source>
            <translation>{label} : {value} pour {territory}, contre {references}.</translation>
        </message>
        <message>
            <source>{subject} of the territory is {value}; no comparison value is available.</source>
            <translation>{subject} du territoire est de {value} ; aucune valeur de comparaison n'est disponible.</translation>
        </message>
        <message>
            <source>{subject} of the territory ({value}) is {comparisons}.</source>
            <translation>{subject} du territoire ({value}) est {comparisons}.</translation>
        </message>
        <message>
            <source>France</source>
            <translation>France</translation>
        </message>
        <message>
            <source>{first} and {last}</source>
            <translation>{first} et {last}</translation>
        </message>
        <message>
            <source>No value is published at the level of the territory's {units}.</source>
            <translation>Aucune valeur n'est publiée à l'échelle des {units} du territoire.</translation>
        </message>
        <message>
            <source>Across the {units}, every value is {low}.</source>
            <translation>Selon les {units}, la valeur est partout de {low}.</translation>
        </message>
        <message>
            <source>Across the {units}, the value ranges from {low} to {high} (half of the {units} or more at {low}).</source>
            <translation>Selon les {units}, la valeur va de {low} à {high} (la moitié des {units} ou plus à {low}).</translation>
        </message>
        <message>
            <source>Across the {units}, the value ranges from {low} to {high} (half of the {units} below {median}).</source>
            <translation>Selon les {units}, la valeur va de {low} à {high} (la moitié des {units} sous {median}).</translation>
        </message>
        <message>
            <source>{hidden} of the {total} {units} has a hidden value (statistical confidentiality).</source>
            <comment>one unit</comment>
            <translation>{hidden} des {total} {units} a une valeur masquée (secret statistique).</translation>
        </message>
        <message>
            <source>{hidden} of the {total} {units} have a hidden value (statistical confidentiality).</source>
            <translation>{hidden} des {total} {units} ont une valeur masquée (secret statistique).</translation>
        </message>
        <message>
            <source>{label}: {value} against {reference} in France, a less favourable situation.</source>
            <translation>{label} : {value} contre {reference} en France, situation moins favorable.</translation>
        </message>
        <message>
            <source>{label}: {value} against {reference} in France, a more favourable situation.</source>
            <translation>{label} : {value} contre {reference} en France, situation plus favorable.</translation>
        </message>
        <message>
            <source>unnamed</source>
            <translation>non nommé</translation>
        </message>
        <message>
            <source>{label}: {value} against {reference} in the département ({name}), a less favourable situation.</source>
            <translation>{label} : {value} contre {reference} dans le département ({name}), situation moins favorable.</translation>
        </message>
        <message>
            <source>{label}: {value} against {reference} in the département ({name}), a more favourable situation.</source>
            <translation>{label} : {value} contre {reference} dans le département ({name}), situation plus favorable.</translation>
        </message>
        <message>
            <source>{label}: {value}</source>
            <translation>{label} : {value}</translation>
        </message>
        <message>
            <source>; </source>
            <comment>list separator</comment>
            <translation> ; </translation>
        </message>
        <message>
            <source>No comparison value is available for these indicators.</source>
            <translation>Aucune valeur de comparaison n'est disponible pour ces indicateurs.</translation>
        </message>
    </context>
</TS>
