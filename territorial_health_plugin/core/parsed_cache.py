"""Cache of parsed tables, so that a national file is parsed once and then loaded in a fraction of the time.

An entry is a pickle of the :class:`SourceTable` a reader returned, keyed by the SHA-256 of the
file's bytes, the reader's name, its arguments and :data:`PARSER_VERSION`. A changed file, other
arguments or a new parser version miss the cache. Entries are written to a temporary file and
moved into place, so a crash never leaves a half-written entry. Only entries this cache wrote
are loaded: the folder lives in the plugin's own cache directory.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path

from territorial_health_plugin.core.readers import SourceTable

logger = logging.getLogger(__name__)

# Raise when a reader changes what it returns, so old entries are not used any more.
PARSER_VERSION = "2"
HASH_CHUNK = 1 << 20


def file_digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(HASH_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


class ParsedCache:
    """Folder of parsed tables, at most ``max_entries`` (least recently used ones removed).

    A national table takes about 10 MB as a pickle (Filosofi IRIS, 49 000 rows × 28 columns).
    """

    def __init__(self, folder: str | Path, max_entries: int = 16) -> None:
        self.folder = Path(folder)
        self.max_entries = max_entries

    def key(self, path: Path, reader: str, arguments: tuple) -> str:
        """Return the entry key of a file read by ``reader`` with ``arguments``."""
        text = "\n".join([file_digest(path), reader, repr(arguments), PARSER_VERSION])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def read(self, path: Path, reader: str, arguments: tuple, parse: Callable[[], SourceTable]) -> SourceTable:
        """Return the parsed table of ``path``: from the cache, else from ``parse()`` (then stored)."""
        key = self.key(Path(path), reader, arguments)
        entry = self.folder / f"{key}.pickle"
        cached = self._load(entry)
        if cached is not None:
            logger.debug("parsed table of %s loaded from %s", path, entry)
            return cached
        table = parse()
        self._store(entry, table)
        return table

    def clear(self) -> None:
        """Delete every entry."""
        for entry in self.folder.glob("*.pickle"):
            with contextlib.suppress(OSError):
                entry.unlink()

    def _load(self, entry: Path) -> SourceTable | None:
        """Load an entry; a damaged or foreign one is removed and treated as missing."""
        if not entry.is_file():
            return None
        try:
            with open(entry, "rb") as handle:
                table = pickle.load(handle)  # noqa: S301 - only entries written by _store are read
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as error:
            logger.warning("parsed cache entry %s unreadable (%s); it is removed", entry, error)
            with contextlib.suppress(OSError):
                entry.unlink()
            return None
        if not isinstance(table, SourceTable):
            return None
        os.utime(entry)
        return table

    def _store(self, entry: Path, table: SourceTable) -> None:
        """Write an entry atomically, then trim the folder to ``max_entries``."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(table, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)
        except OSError as error:
            logger.warning("parsed cache entry %s not written: %s", entry, error)
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            return
        self._trim()

    def _trim(self) -> None:
        """Remove the least recently used entries beyond ``max_entries``."""
        entries = sorted(self.folder.glob("*.pickle"), key=lambda path: path.stat().st_mtime, reverse=True)
        for old in entries[self.max_entries :]:
            with contextlib.suppress(OSError):
                old.unlink()
