<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>TerritorialHealth</name>
        <message>
            <source>Download of « {url} » failed, the cached copy of {date} is used: {error}</source>
            <translation>Le téléchargement de « {url} » a échoué, la copie en cache du {date} est utilisée : {error}</translation>
        </message>
        <message>
            <source>Address of source « {source} » needs the value {name}: « {url} ».</source>
            <translation>L'adresse de la source « {source} » demande la valeur {name} : « {url} ».</translation>
        </message>
        <message>
            <source>« {url} » (source « {source} ») is not in the cache « {folder} »: run once online, or use --data-dir with your own copies of the files.</source>
            <translation>« {url} » (source « {source} ») n'est pas dans le cache « {folder} » : lancez une fois en ligne, ou utilisez --data-dir avec vos propres copies des fichiers.</translation>
        </message>
        <message>
            <source>{size} bytes downloaded from {url}</source>
            <translation>{size} octets téléchargés depuis {url}</translation>
        </message>
        <message>
            <source>« {url} » asks to wait {seconds} s before the next request (HTTP 429): try again later.</source>
            <translation>« {url} » demande d'attendre {seconds} s avant la requête suivante (HTTP 429) : réessayez plus tard.</translation>
        </message>
        <message>
            <source>Downloading {url}</source>
            <translation>Téléchargement de {url}</translation>
        </message>
        <message>
            <source>Download cancelled.</source>
            <translation>Téléchargement annulé.</translation>
        </message>
        <message>
            <source>{label} ({index}/{total})</source>
            <translation>{label} ({index}/{total})</translation>
        </message>
        <message>
            <source>Cannot reach « {url} »: {error}. Check the Internet access and the proxy set in QGIS (Settings › Options › Network).</source>
            <translation>Impossible de joindre « {url} » : {error}. Vérifiez l'accès à Internet et le proxy réglé dans QGIS (Préférences › Options › Réseau).</translation>
        </message>
        <message>
            <source>Timed out after {seconds} s without a response from « {url} » (source « {source} »): the server is slow or unreachable. Raise the plugin setting « network_timeout_s » (and QGIS's network timeout in Settings › Options › Network if it is shorter), then run again.</source>
            <translation>Délai d'attente dépassé : aucune réponse de « {url} » (source « {source} ») en {seconds} s, le serveur est lent ou injoignable. Augmentez le réglage « network_timeout_s » de l'extension (et le délai d'expiration réseau de QGIS dans Préférences › Options › Réseau s'il est plus court), puis relancez.</translation>
        </message>
        <message>
            <source>Secure connection (TLS) to « {url} » failed: the server's certificate is not trusted ({error}). If your network inspects HTTPS, import your organisation's certificate authority into QGIS: Settings › Options › Authentication › Certificate manager › Authorities. The plugin never disables certificate verification.</source>
            <translation>La connexion sécurisée (TLS) à « {url} » a échoué : le certificat du serveur n'est pas reconnu ({error}). Si votre réseau inspecte le HTTPS, importez l'autorité de certification de votre organisation dans QGIS : Préférences › Options › Authentification › Gestionnaire de certificats › Autorités. L'extension ne désactive jamais la vérification des certificats.</translation>
        </message>
        <message>
            <source>The proxy set in QGIS requires authentication for « {url} »: enter the proxy user and password in Settings › Options › Network (or an authentication configuration), then run again.</source>
            <translation>Le proxy réglé dans QGIS demande une authentification pour « {url} » : saisissez l'utilisateur et le mot de passe du proxy dans Préférences › Options › Réseau (ou une configuration d'authentification), puis relancez.</translation>
        </message>
        <message>
            <source>The response from « {url} » is truncated: {received} bytes received out of {announced} announced. The connection dropped, so run again.</source>
            <translation>La réponse de « {url} » est tronquée : {received} octets reçus sur {announced} annoncés. La connexion a été coupée, relancez.</translation>
        </message>
        <message>
            <source>Source « {source} » has moved: « {url} » returns HTTP {status}. Update its address in « {file} », or name a file of up-to-date addresses in the environment variable {variable}.</source>
            <translation>La source « {source} » a changé d'adresse : « {url} » renvoie HTTP {status}. Mettez à jour son adresse dans « {file} », ou indiquez un fichier d'adresses à jour dans la variable d'environnement {variable}.</translation>
        </message>
        <message>
            <source>« {url} » returns HTTP {status} (service busy or failing) after several attempts: try again later.</source>
            <translation>« {url} » renvoie HTTP {status} (service surchargé ou en panne) après plusieurs tentatives : réessayez plus tard.</translation>
        </message>
        <message>
            <source>« {url} » returns HTTP {status}: {error}. Check the address and the request.</source>
            <translation>« {url} » renvoie HTTP {status} : {error}. Vérifiez l'adresse et la requête.</translation>
        </message>
        <message>
            <source>« {url} » returned an HTML page instead of {kind} data (error page, login portal or moved address): check the address and the Internet access.</source>
            <translation>« {url} » a renvoyé une page HTML au lieu de données {kind} (page d'erreur, portail de connexion ou adresse déplacée) : vérifiez l'adresse et l'accès à Internet.</translation>
        </message>
        <message>
            <source>« {url} » returned an empty body instead of {kind} data.</source>
            <translation>« {url} » a renvoyé une réponse vide au lieu de données {kind}.</translation>
        </message>
        <message>
            <source>« {url} » returned invalid JSON: {error}.</source>
            <translation>« {url} » a renvoyé un JSON invalide : {error}.</translation>
        </message>
        <message>
            <source>« {url} » returned JSON that is not GeoJSON (no Feature or FeatureCollection).</source>
            <translation>« {url} » a renvoyé un JSON qui n'est pas du GeoJSON (ni Feature ni FeatureCollection).</translation>
        </message>
        <message>
            <source>« {url} » returned a damaged {kind} file: {error}.</source>
            <translation>« {url} » a renvoyé un fichier {kind} endommagé : {error}.</translation>
        </message>
        <message>
            <source>« {url} » returned a damaged {kind} file: member « {member} » is corrupt.</source>
            <translation>« {url} » a renvoyé un fichier {kind} endommagé : l'élément « {member} » est corrompu.</translation>
        </message>
        <message>
            <source>« {url} » returned a ZIP archive that is not an Excel workbook (.xlsx).</source>
            <translation>« {url} » a renvoyé une archive ZIP qui n'est pas un classeur Excel (.xlsx).</translation>
        </message>
        <message>
            <source>« {url} » returned invalid XML: {error}.</source>
            <translation>« {url} » a renvoyé un XML invalide : {error}.</translation>
        </message>
        <message>
            <source>The service « {url} » reported an error: {error}</source>
            <translation>Le service « {url} » a signalé une erreur : {error}</translation>
        </message>
    </context>
</TS>
