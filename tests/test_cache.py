"""Download cache: keys, atomic writes, metadata, size limit by least recent use."""

from __future__ import annotations

import json
import os
import time

import pytest

from territorial_health_plugin.core.cache import Cache, cache_key


@pytest.fixture
def cache(tmp_path):
    return Cache(tmp_path / "cache", max_bytes=1000)


def all_files(cache: Cache) -> list:
    return sorted(path.name for path in cache.folder.rglob("*") if path.is_file())


def test_key_ignores_parameter_order():
    assert cache_key("https://x/a", {"a": 1, "b": 2}) == cache_key("https://x/a", [("b", "2"), ("a", "1")])
    assert cache_key("https://x/a", {"a": 1}) != cache_key("https://x/a", {"a": 2})
    assert cache_key("https://x/a") != cache_key("https://x/b")


def test_put_then_get_returns_body_and_metadata(cache):
    key = cache_key("https://x/a.csv")

    cache.put(key, b"abc", {"url": "https://x/a.csv", "etag": '"e"', "last_modified": "Tue, 01 Dec 2026 10:00:00 GMT"})
    entry = cache.get(key)

    assert entry.path.read_bytes() == b"abc"
    assert entry.etag == '"e"'
    assert entry.last_modified == "Tue, 01 Dec 2026 10:00:00 GMT"
    assert entry.size == 3
    assert entry.meta["url"] == "https://x/a.csv"


def test_no_temporary_file_left(cache):
    cache.put(cache_key("https://x/a"), b"a" * 10, {"url": "https://x/a"})

    assert not [name for name in all_files(cache) if name.startswith(".tmp-")]
    assert len(all_files(cache)) == 2


def test_failed_write_leaves_old_entry_and_no_partial(cache, monkeypatch):
    key = cache_key("https://x/a")
    cache.put(key, b"old", {"url": "https://x/a"})

    def broken_replace(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        cache.put(key, b"new body", {"url": "https://x/a"})
    monkeypatch.undo()

    assert cache.get(key).path.read_bytes() == b"old"
    assert not [name for name in all_files(cache) if name.startswith(".tmp-")]


def test_body_not_matching_metadata_is_a_miss(cache):
    key = cache_key("https://x/a")
    entry = cache.put(key, b"complete body", {"url": "https://x/a"})

    entry.path.write_bytes(b"compl")

    assert cache.get(key) is None


def test_unreadable_metadata_is_a_miss(cache):
    key = cache_key("https://x/a")
    entry = cache.put(key, b"body", {"url": "https://x/a"})

    entry.path.with_suffix(".json").write_text("{not json")

    assert cache.get(key) is None


def test_size_limit_evicts_least_recently_used(cache):
    keys = [cache_key(f"https://x/{name}") for name in "abcd"]
    for key in keys[:3]:
        cache.put(key, b"x" * 300, {"url": key})
        time.sleep(0.01)
    cache.get(keys[0])  # a is now more recent than b
    time.sleep(0.01)

    cache.put(keys[3], b"x" * 300, {"url": "d"})

    assert cache.get(keys[1]) is None
    assert cache.get(keys[0]) is not None
    assert cache.get(keys[2]) is not None
    assert cache.get(keys[3]) is not None
    assert cache.total_bytes() <= 1000


def test_entry_larger_than_limit_is_kept(cache):
    key = cache_key("https://x/huge")
    cache.put(cache_key("https://x/small"), b"s" * 100, {"url": "small"})

    cache.put(key, b"h" * 1500, {"url": "huge"})

    assert cache.get(key).size == 1500
    assert cache.get(cache_key("https://x/small")) is None


def test_touch_updates_metadata(cache):
    key = cache_key("https://x/a")
    cache.put(key, b"a", {"url": "https://x/a", "retrieved": "2026-01-01"})

    cache.touch(key, retrieved="2026-12-04")

    assert json.loads(cache.get(key).path.with_suffix(".json").read_text())["retrieved"] == "2026-12-04"


def test_clear_removes_everything(cache):
    cache.put(cache_key("https://x/a"), b"a", {})
    cache.put(cache_key("https://x/b"), b"b", {})

    cache.clear()

    assert cache.entries() == []
    assert all_files(cache) == []


def test_from_settings_reads_folder_and_limit(qgis_app, tmp_path):
    from territorial_health_plugin.toolbelt.settings import SettingsManager

    saved = SettingsManager.load()
    try:
        SettingsManager.set_value("cache_dir", str(tmp_path / "from-settings"))
        SettingsManager.set_value("cache_max_mb", 3)

        cache = Cache.from_settings()

        assert cache.folder == tmp_path / "from-settings"
        assert cache.max_bytes == 3 * 1024 * 1024
    finally:
        SettingsManager.save(saved)
