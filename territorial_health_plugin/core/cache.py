"""Download cache on disk: one body file and one JSON metadata file per URL and parameters.

Entries are keyed by the SHA-256 of the URL and its sorted query parameters. Bodies and
metadata are written to a temporary file in the same folder and moved into place with
``os.replace``, so a reader sees either the old entry, the new one or none, never a partial
file. The total size is kept under a limit by evicting the least recently used entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BODY_SUFFIX = ".body"
META_SUFFIX = ".json"


def normalise_params(params) -> list[tuple[str, str]]:
    """Return query parameters as a sorted list of text pairs (dict, pairs or None accepted)."""
    if not params:
        return []
    items = params.items() if isinstance(params, dict) else params
    return sorted((str(key), str(value)) for key, value in items)


def cache_key(url: str, params=None) -> str:
    """Return the cache key of a URL and its parameters (order of parameters does not matter)."""
    text = url + "\n" + "&".join(f"{key}={value}" for key, value in normalise_params(params))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class CacheEntry:
    """A cached body and its metadata (URL, validators, retrieval date, size)."""

    key: str
    path: Path
    meta: dict

    @property
    def etag(self) -> str:
        return self.meta.get("etag", "")

    @property
    def last_modified(self) -> str:
        return self.meta.get("last_modified", "")

    @property
    def size(self) -> int:
        return int(self.meta.get("size", 0))


class Cache:
    """Cache folder with a size limit in bytes (``max_bytes=0`` means no limit)."""

    def __init__(self, folder: str | Path, max_bytes: int = 0) -> None:
        self.folder = Path(folder)
        self.max_bytes = int(max_bytes)
        self._lock = threading.RLock()

    @classmethod
    def from_settings(cls) -> Cache:
        """Build the cache from the plugin settings (``cache_dir``, ``cache_max_mb``)."""
        from territorial_health_plugin.toolbelt.settings import SettingsManager

        settings = SettingsManager.load()
        return cls(settings.cache_dir, settings.cache_max_mb * 1024 * 1024)

    def _paths(self, key: str) -> tuple[Path, Path]:
        folder = self.folder / key[:2]
        return folder / (key + BODY_SUFFIX), folder / (key + META_SUFFIX)

    def get(self, key: str, touch: bool = True) -> CacheEntry | None:
        """Return the entry of ``key`` or None; a hit marks the entry as recently used."""
        body, meta_path = self._paths(key)
        with self._lock:
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
            if not body.is_file() or body.stat().st_size != int(meta.get("size", -1)):
                # A body that does not match its metadata is treated as missing, never served.
                return None
            if touch:
                meta["last_used"] = time.time()
                # The use date only orders evictions: losing it in a crash is harmless, so no fsync.
                _write_atomic(meta_path, json.dumps(meta, ensure_ascii=False).encode("utf-8"), durable=False)
            return CacheEntry(key, body, meta)

    def put(self, key: str, content: bytes, meta: dict) -> CacheEntry:
        """Store ``content`` under ``key`` with ``meta`` (url, etag, last_modified, retrieved…)."""
        body, meta_path = self._paths(key)
        meta = {**meta, "size": len(content), "stored": time.time(), "last_used": time.time()}
        with self._lock:
            body.parent.mkdir(parents=True, exist_ok=True)
            # The metadata goes last: an entry exists only once both files are complete.
            _write_atomic(body, content)
            _write_atomic(meta_path, json.dumps(meta, ensure_ascii=False).encode("utf-8"))
            self.enforce_limit(keep=key)
        return CacheEntry(key, body, meta)

    def touch(self, key: str, **updates) -> CacheEntry | None:
        """Mark an entry as used and update fields of its metadata (after a 304 response)."""
        entry = self.get(key)
        if entry is None:
            return None
        _, meta_path = self._paths(key)
        entry.meta.update(updates)
        with self._lock:
            _write_atomic(meta_path, json.dumps(entry.meta, ensure_ascii=False).encode("utf-8"), durable=False)
        return entry

    def remove(self, key: str) -> None:
        """Delete an entry (metadata first so that a half-removed entry reads as missing)."""
        body, meta_path = self._paths(key)
        with self._lock:
            for path in (meta_path, body):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()

    def entries(self) -> list[CacheEntry]:
        """Return every complete entry, without marking them as used."""
        found = []
        for meta_path in self.folder.glob("??/*" + META_SUFFIX):
            entry = self.get(meta_path.name[: -len(META_SUFFIX)], touch=False)
            if entry is not None:
                found.append(entry)
        return found

    def total_bytes(self) -> int:
        """Return the size of all cached bodies."""
        return sum(entry.size for entry in self.entries())

    def enforce_limit(self, keep: str = "") -> list[str]:
        """Evict least recently used entries until the total fits ``max_bytes``; return evicted keys.

        The entry ``keep`` (the one just stored) is never evicted, so the folder may exceed the
        limit by that one entry when it alone is larger than the limit.
        """
        if self.max_bytes <= 0:
            return []
        with self._lock:
            entries = sorted(self.entries(), key=lambda entry: entry.meta.get("last_used", 0))
            total = sum(entry.size for entry in entries)
            evicted = []
            for entry in [item for item in entries if item.key != keep]:
                if total <= self.max_bytes:
                    break
                self.remove(entry.key)
                total -= entry.size
                evicted.append(entry.key)
            return evicted

    def clear(self) -> None:
        """Delete every entry."""
        for entry in self.entries():
            self.remove(entry.key)


def _write_atomic(path: Path, content: bytes, durable: bool = True) -> None:
    """Write ``content`` to a temporary file beside ``path``, then move it into place.

    ``durable`` flushes the file to disk before the move, so that a power cut cannot leave an
    empty file under the final name.
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
