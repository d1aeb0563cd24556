"""Endpoint files: merged, overridable by TERRITORIAL_HEALTH_SOURCES, and the only home of addresses."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from territorial_health_plugin.core import endpoints
from territorial_health_plugin.toolbelt.errors import DataSourceError

PACKAGE = Path(__file__).resolve().parent.parent / "territorial_health_plugin"
MY_SOURCE_FILES = ("geo_api.json", "ign.json", "datagouv.json", "opendatasoft.json")


@pytest.fixture(autouse=True)
def fresh_endpoints(monkeypatch):
    monkeypatch.delenv(endpoints.OVERRIDE_ENV, raising=False)
    endpoints.clear_cache()
    yield
    endpoints.clear_cache()


def test_shipped_files_merge_into_one_mapping():
    entries = endpoints.load_endpoints()

    for name in MY_SOURCE_FILES:
        data = json.loads((endpoints.sources_dir() / name).read_text(encoding="utf-8"))
        for source_id in data:
            if not source_id.startswith("_"):
                assert entries[source_id]["_file"].endswith(name)
    assert entries["geo_api.communes"]["url"] == "https://geo.api.gouv.fr/communes"


def test_every_entry_has_address_producer_and_licence():
    for source_id, entry in endpoints.load_endpoints().items():
        assert entry.get("url", "").startswith("https://"), source_id
        assert entry.get("producer"), source_id
        assert entry.get("licence"), source_id


def test_rates_stay_below_documented_limits():
    assert endpoints.rate_for_host("geo.api.gouv.fr") <= 5
    assert endpoints.rate_for_host("data.geopf.fr") <= 30
    assert endpoints.rate_for_host("example.invalid") is None


def test_override_file_replaces_fields(tmp_path, monkeypatch):
    override = tmp_path / "mirror.json"
    override.write_text(json.dumps({
        "geo_api.communes": {"url": "http://127.0.0.1:8080/communes"},
        "intranet.extra": {"url": "http://127.0.0.1:8080/extra.csv", "producer": "ARS"},
    }))
    monkeypatch.setenv(endpoints.OVERRIDE_ENV, str(override))

    communes = endpoints.endpoint("geo_api.communes")
    extra = endpoints.endpoint("intranet.extra")

    assert communes["url"] == "http://127.0.0.1:8080/communes"
    assert communes["licence"] == "Licence Ouverte 2.0"
    assert communes["_file"] == str(override)
    assert extra["producer"] == "ARS"


def test_missing_override_file_is_reported(tmp_path, monkeypatch):
    missing = tmp_path / "absent.json"
    monkeypatch.setenv(endpoints.OVERRIDE_ENV, str(missing))

    with pytest.raises(DataSourceError) as caught:
        endpoints.load_endpoints()

    assert str(missing) in caught.value.message
    assert endpoints.OVERRIDE_ENV in caught.value.message


def test_invalid_override_json_names_file(tmp_path, monkeypatch):
    broken = tmp_path / "broken.json"
    broken.write_text('{"geo_api.communes": {"url": ')
    monkeypatch.setenv(endpoints.OVERRIDE_ENV, str(broken))

    with pytest.raises(DataSourceError) as caught:
        endpoints.load_endpoints()

    assert str(broken) in caught.value.message


def test_unknown_source_names_fix():
    with pytest.raises(DataSourceError) as caught:
        endpoints.endpoint("insee.nothing_here")

    assert "insee.nothing_here" in caught.value.message
    assert str(endpoints.sources_dir()) in caught.value.message
    assert endpoints.OVERRIDE_ENV in caught.value.message


def test_duplicate_source_id_rejected(tmp_path, monkeypatch):
    (tmp_path / "a.json").write_text(json.dumps({"x.one": {"url": "https://a"}}))
    (tmp_path / "b.json").write_text(json.dumps({"x.one": {"url": "https://b"}}))
    monkeypatch.setattr(endpoints, "sources_dir", lambda: tmp_path)

    with pytest.raises(DataSourceError) as caught:
        endpoints.load_endpoints()

    assert "x.one" in caught.value.message
    assert "a.json" in caught.value.message
    assert "b.json" in caught.value.message


def test_no_web_address_in_download_code():
    """Addresses belong to resources/sources/*.json, where users can fix them without a release."""
    pattern = re.compile(r"""["'](https?://[^"'\s]+)""")
    modules = [PACKAGE / "core" / "network.py", *sorted((PACKAGE / "core" / "sources").glob("*.py"))]
    found = {}
    for path in modules:
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue
            for address in pattern.findall(line):
                found[f"{path.name}:{line_number}"] = address

    assert found == {}
