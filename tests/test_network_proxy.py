"""Downloads honour the proxy set in QGIS's options, with no HTTP(S)_PROXY variable.

Corporate networks (ARS, CPAM, councils) only let traffic out through their proxy. A plugin
that uses its own HTTP library therefore works at home and fails at the office.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from territorial_health_plugin.core.network import Downloader, ProxyAuthenticationError
from tests.mock_http import MockProxy, MockResponse, MockServer, json_response

PACKAGE = Path(__file__).resolve().parent.parent / "territorial_health_plugin"
PROXY_KEYS = ("proxyEnabled", "proxyType", "proxyHost", "proxyPort", "proxyUser", "proxyPassword")

# Modules that open connections outside QGIS's network stack, and so bypass its proxy and CA store.
FORBIDDEN_MODULES = {"requests", "urllib.request", "urllib3", "http.client", "httpx", "aiohttp", "pycurl", "socket"}
FORBIDDEN_CALLS = {"urlopen", "urlretrieve"}


def apply_qgis_proxy(values: dict) -> None:
    """Write QGIS's proxy settings and make its network manager reload them.

    Run here on QGIS 3.22. QGIS's own C++ test TestQgsOgrProvider::setupProxy, on its current
    development branch, writes the same ``proxy/…`` keys and makes the same call.
    """
    from qgis.core import QgsNetworkAccessManager, QgsSettings

    settings = QgsSettings()
    for key in PROXY_KEYS:
        if key in values:
            settings.setValue(f"proxy/{key}", values[key])
        else:
            settings.remove(f"proxy/{key}")
    QgsNetworkAccessManager.instance().setupDefaultProxyAndCache()


@pytest.fixture
def qgis_proxy(qgis_app, monkeypatch):
    """Yield a function that points QGIS at a proxy; restore the previous settings afterwards."""
    from qgis.core import QgsSettings

    for variable in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(variable, raising=False)
    settings = QgsSettings()
    saved = {key: settings.value(f"proxy/{key}") for key in PROXY_KEYS if settings.contains(f"proxy/{key}")}

    def configure(proxy: MockProxy, user: str = "", password: str = "") -> None:
        values = {"proxyEnabled": True, "proxyType": "HttpProxy", "proxyHost": "127.0.0.1",
                  "proxyPort": str(proxy.port)}
        if user:
            values.update(proxyUser=user, proxyPassword=password)
        apply_qgis_proxy(values)

    yield configure
    apply_qgis_proxy(saved)


def test_every_request_goes_through_qgis_proxy(qgis_proxy, tmp_path):
    from territorial_health_plugin.core.cache import Cache

    assert not any(os.environ.get(name) for name in ("HTTP_PROXY", "http_proxy"))
    with MockServer() as server, MockProxy() as proxy:
        server.add("/insee/base-ic-evol-struct-pop-2020.zip", MockResponse(body=b"PK\x05\x06" + b"\x00" * 18))
        server.add("/communes", json_response('[{"nom": "Lille", "code": "59350"}]'))
        qgis_proxy(proxy)
        downloader = Downloader(cache=Cache(tmp_path))

        downloader.fetch(server.url("/insee/base-ic-evol-struct-pop-2020.zip"), expect="zip")
        downloader.fetch_json(server.url("/communes"), {"codeEpci": "200093201", "fields": "nom,code"})

        proxied = [request.raw_path for request in proxy.requests]
        assert proxied == [
            server.url("/insee/base-ic-evol-struct-pop-2020.zip"),
            server.url("/communes") + "?codeEpci=200093201&fields=nom,code",
        ]
        assert downloader.stats["requests"] == 2
        assert len(server.requests) == 2


def test_proxy_credentials_from_qgis_are_sent(qgis_proxy, tmp_path):
    with MockServer() as server, MockProxy(credentials=("agent", "s3cret")) as proxy:
        server.add("/data.csv", MockResponse(body=b"code\n59350\n"))
        qgis_proxy(proxy, "agent", "s3cret")

        result = Downloader(cache=None).fetch(server.url("/data.csv"), expect="csv")

        assert result.path.read_bytes() == b"code\n59350\n"
        assert server.count("/data.csv") == 1
        assert any(request.headers.get("proxy-authorization") for request in proxy.requests)


def test_proxy_without_credentials_raises_clear_error(qgis_proxy):
    with MockServer() as server, MockProxy(credentials=("agent", "s3cret")) as proxy:
        server.add("/data.csv", MockResponse(body=b"code\n"))
        qgis_proxy(proxy)

        with pytest.raises(ProxyAuthenticationError) as caught:
            Downloader(cache=None).fetch(server.url("/data.csv"))

        assert server.url("/data.csv") in caught.value.message
        assert server.requests == []


def _imports_and_calls(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and isinstance(node.func, (ast.Attribute, ast.Name)):
            names.add(node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
    return names


def test_no_http_library_outside_qgis_in_plugin():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        used = _imports_and_calls(path)
        bad = {name for name in used if name in FORBIDDEN_MODULES or name.split(".")[0] == "requests"}
        bad |= used & FORBIDDEN_CALLS
        if bad:
            offenders[str(path.relative_to(PACKAGE))] = sorted(bad)

    assert offenders == {}


def test_forbidden_import_detector_catches_requests(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import requests\nfrom urllib.request import urlopen\nrequests.get('x')\nurlopen('x')\n")

    used = _imports_and_calls(sample)

    assert "requests" in used
    assert "urllib.request" in used
    assert "urlopen" in used
