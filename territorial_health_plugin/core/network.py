"""Downloads through QGIS's network stack, with a disk cache, retries, politeness and cancel.

Every request goes through ``QgsBlockingNetworkRequest``, so QGIS's proxy (with its
credentials), its certificate store and its authentication configurations apply exactly as for
QGIS's own WFS and XYZ layers. Call :meth:`Downloader.fetch` from a ``QgsTask`` (a worker
thread): there the request is cancelled as soon as the feedback is cancelled. Called from the
main thread of QGIS 3.22, the request blocks timers and events until it ends, so the GUI must
never call it directly.

Errors are subclasses of :class:`DataSourceError` whose French message names the URL, the
source and the fix. A body is handed on only after it passed the checks of ``expect`` (HTML
error page, truncated body, broken zip/xlsx, invalid JSON). A rejected body is never cached.
"""

from __future__ import annotations

import io
import json
import logging
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from territorial_health_plugin.core import endpoints
from territorial_health_plugin.core.cache import Cache, cache_key, normalise_params
from territorial_health_plugin.toolbelt.errors import CancelledError, DataFormatError, DataSourceError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

EXPECTED_KINDS = ("json", "geojson", "csv", "zip", "xlsx", "xml", None)
USER_AGENT = b"QGIS territorial_health_plugin"

# HTTP statuses worth another attempt: rate limiting and server-side failures.
RETRY_STATUSES = {429, 500, 502, 503, 504}

# Entries without ETag or Last-Modified cannot be revalidated: reuse them for this long.
UNVALIDATED_MAX_AGE_S = 30 * 24 * 3600


class NetworkTimeoutError(DataSourceError):
    """The server did not respond within the timeout."""


class HttpStatusError(DataSourceError):
    """The server returned an HTTP error status."""

    def __init__(self, message: str, details: str = "", status: int = 0) -> None:
        super().__init__(message, details)
        self.status = status


class SourceMovedError(HttpStatusError):
    """A known source returned 404 or 410: its address must be updated."""


class TlsError(DataSourceError):
    """The TLS handshake failed, usually because the server's certificate is not trusted."""


class ProxyAuthenticationError(DataSourceError):
    """QGIS's proxy requires credentials that are missing or wrong."""


class ConnectionFailedError(DataSourceError):
    """The host could not be reached (refused, unknown name, proxy unreachable)."""


class CacheMissError(DataSourceError):
    """In cache-only mode, the requested file is not in the cache."""


class BadResponseError(DataFormatError):
    """The server returned 200 but the body is not what was expected."""


class TruncatedResponseError(BadResponseError):
    """The body is shorter than the Content-Length the server announced."""


@dataclass
class FetchResult:
    """A downloaded (or cached) body on disk and where it came from."""

    path: Path
    url: str
    from_cache: bool
    bytes_downloaded: int
    content_type: str = ""
    retrieved: str = ""
    etag: str = ""
    last_modified: str = ""
    source_id: str = ""

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()


@dataclass
class _Answer:
    """One HTTP exchange as QGIS reported it."""

    status: int
    body: bytes
    headers: dict
    qt_error: int
    error_text: str
    served_by_qt_cache: bool = False

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


@dataclass
class _AttemptError(Exception):
    """A failed attempt: the error to raise and whether another attempt may succeed."""

    error: DataSourceError
    retryable: bool
    wait_s: float | None = None


class HostRateLimiter:
    """Spaces requests to the same host by ``1 / rate`` seconds, across all downloaders."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}

    def reserve(self, host: str, rate_per_s: float | None) -> float:
        """Book the next slot for ``host``; return how long to wait before using it."""
        if not rate_per_s:
            return 0.0
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + 1.0 / rate_per_s
            return slot - now


RATE_LIMITER = HostRateLimiter()


def build_url(url: str, params=None) -> str:
    """Append the query parameters (percent-encoded, spaces as %20) to ``url``."""
    pairs = normalise_params(params)
    if not pairs:
        return url
    separator = "&" if "?" in url else "?"
    return url + separator + urlencode(pairs, safe=",:/'()*", quote_via=_quote)


def _quote(text, safe="", encoding=None, errors=None):
    from urllib.parse import quote

    return quote(text, safe=safe, encoding=encoding, errors=errors)


@dataclass
class Downloader:
    """Fetch URLs through QGIS's network stack into the cache.

    ``mode="cache"`` never touches the network and raises :class:`CacheMissError` for what is
    missing. ``stats`` counts ``requests`` (sent), ``bytes`` (bodies received), ``cache_hits``
    (served from the cache, 304 included), ``not_modified`` (304) and ``retries``.
    """

    cache: Cache | None = None
    mode: str = "online"
    timeout_s: float = 60
    feedback: object = None
    max_retries: int = 3
    backoff_s: float = 1.0
    max_retry_after_s: float = 120.0
    stats: dict = field(default_factory=lambda: dict.fromkeys(
        ("requests", "bytes", "cache_hits", "not_modified", "retries"), 0))

    def __post_init__(self) -> None:
        if self.mode not in ("online", "cache"):
            raise ValueError(f"mode must be 'online' or 'cache', not {self.mode!r}")
        self._scratch: Path | None = None

    # -- public API ------------------------------------------------------------------------

    def fetch(self, url: str, params=None, *, source_id: str = "", expect: str | None = None,
              headers: dict | None = None) -> FetchResult:
        """Return the body of ``url`` + ``params`` as a file, from the cache or the network.

        Raises a :class:`DataSourceError` subclass with a French message on every failure and
        :class:`CancelledError` when the feedback is cancelled.
        """
        if expect not in EXPECTED_KINDS:
            raise ValueError(f"expect must be one of {EXPECTED_KINDS}, not {expect!r}")
        self._check_cancelled()
        full_url = build_url(url, params)
        key = cache_key(url, params)
        entry = self.cache.get(key) if self.cache else None

        if self.mode == "cache":
            return self._from_cache_only(entry, full_url, source_id)
        if entry is not None and not (entry.etag or entry.last_modified) and self._is_fresh(entry):
            return self._cache_hit(entry, source_id)

        request_headers = dict(headers or {})
        if entry is not None:
            request_headers.update(_conditional_headers(entry))
        try:
            answer = self._request_with_retries(full_url, request_headers, source_id, expect)
        except (NetworkTimeoutError, ConnectionFailedError, HttpStatusError, TruncatedResponseError) as error:
            if entry is None or isinstance(error, SourceMovedError):
                raise
            self._warn(tr("Download of « {url} » failed, the cached copy of {date} is used: {error}").format(
                url=full_url, date=entry.meta.get("retrieved", "?"), error=error.message))
            return self._cache_hit(entry, source_id)

        if entry is not None and (answer.status == 304 or answer.served_by_qt_cache):
            self.stats["not_modified"] += 1
            return self._cache_hit(self.cache.touch(key, retrieved=_today()) or entry, source_id)
        return self._store(key, full_url, answer, source_id)

    def fetch_json(self, url: str, params=None, *, source_id: str = "", expect: str = "json",
                   headers: dict | None = None):
        """Fetch ``url`` and return its parsed JSON."""
        result = self.fetch(url, params, source_id=source_id, expect=expect, headers=headers)
        return json.loads(result.path.read_bytes())

    def source_url(self, source_id: str, **placeholders) -> str:
        """Return the address of a source from the endpoint files, placeholders filled."""
        url = endpoints.endpoint(source_id)["url"]
        try:
            return url.format(**placeholders)
        except (KeyError, IndexError) as error:
            raise DataSourceError(tr("Address of source « {source} » needs the value {name}: « {url} ».").format(
                source=source_id, name=error, url=url)) from error

    # -- cache side ------------------------------------------------------------------------

    def _from_cache_only(self, entry, full_url: str, source_id: str) -> FetchResult:
        if entry is None:
            folder = self.cache.folder if self.cache else "—"
            raise CacheMissError(tr(
                "« {url} » (source « {source} ») is not in the cache « {folder} »: "
                "run once online, or use --data-dir with your own copies of the files."
            ).format(url=full_url, source=source_id or "—", folder=folder))
        return self._cache_hit(entry, source_id)

    def _cache_hit(self, entry, source_id: str) -> FetchResult:
        self.stats["cache_hits"] += 1
        meta = entry.meta
        return FetchResult(
            path=entry.path, url=meta.get("url", ""), from_cache=True, bytes_downloaded=0,
            content_type=meta.get("content_type", ""), retrieved=meta.get("retrieved", ""),
            etag=entry.etag, last_modified=entry.last_modified, source_id=source_id,
        )

    @classmethod
    def from_settings(cls, mode: str = "online", feedback=None) -> Downloader:
        """Build a downloader with the cache folder, size limit and timeout of the plugin settings."""
        from territorial_health_plugin.toolbelt.settings import SettingsManager

        settings = SettingsManager.load()
        return cls(cache=Cache.from_settings(), mode=mode, timeout_s=settings.network_timeout_s, feedback=feedback)

    @staticmethod
    def _is_fresh(entry) -> bool:
        return time.time() - float(entry.meta.get("stored", 0)) < UNVALIDATED_MAX_AGE_S

    def _store(self, key: str, full_url: str, answer: _Answer, source_id: str) -> FetchResult:
        meta = {
            "url": full_url, "source_id": source_id, "etag": answer.header("etag"),
            "last_modified": answer.header("last-modified"), "content_type": answer.header("content-type"),
            "retrieved": _today(),
        }
        self._info(tr("{size} bytes downloaded from {url}").format(
            size=group_thousands(len(answer.body)), url=_short(full_url)))
        if self.cache is not None:
            path = self.cache.put(key, answer.body, meta).path
        else:
            path = self._scratch_dir() / key
            path.write_bytes(answer.body)
        return FetchResult(
            path=path, url=full_url, from_cache=False, bytes_downloaded=len(answer.body),
            content_type=meta["content_type"], retrieved=meta["retrieved"], etag=meta["etag"],
            last_modified=meta["last_modified"], source_id=source_id,
        )

    def _scratch_dir(self) -> Path:
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="territorial_health_"))
        return self._scratch

    # -- network side ----------------------------------------------------------------------

    def _request_with_retries(self, full_url: str, headers: dict, source_id: str, expect) -> _Answer:
        attempts = self.max_retries + 1
        for attempt in range(1, attempts + 1):
            self._wait_for_slot(full_url, source_id)
            try:
                answer = self._request(full_url, headers, _authcfg_of(source_id))
                return _check_answer(answer, full_url, source_id, expect, self.timeout_s, self._cancelled())
            except _AttemptError as failure:
                if isinstance(failure.error, CancelledError):
                    raise failure.error from None
                if not failure.retryable or attempt == attempts:
                    raise failure.error from None
                delay = self._retry_delay(failure, attempt, full_url)
                self.stats["retries"] += 1
                logger.info("Retry %d/%d of %s in %.1f s: %s", attempt, self.max_retries, full_url, delay,
                            failure.error.message)
                self._sleep(delay)
        raise AssertionError("unreachable")

    def _retry_delay(self, failure: _AttemptError, attempt: int, full_url: str) -> float:
        if failure.wait_s is None:
            return self.backoff_s * 2 ** (attempt - 1)
        if failure.wait_s > self.max_retry_after_s:
            raise HttpStatusError(tr(
                "« {url} » asks to wait {seconds} s before the next request (HTTP 429): try again later."
            ).format(url=full_url, seconds=group_thousands(int(failure.wait_s))), status=429)
        return failure.wait_s

    def _request(self, full_url: str, headers: dict, authcfg: str = "") -> _Answer:
        from qgis.core import QgsBlockingNetworkRequest, QgsFeedback
        from qgis.PyQt.QtCore import QUrl
        from qgis.PyQt.QtNetwork import QNetworkRequest

        request = QNetworkRequest(QUrl(full_url))
        request.setRawHeader(b"User-Agent", USER_AGENT)
        for name, value in headers.items():
            request.setRawHeader(name.encode("ascii"), str(value).encode("latin-1"))
        # Qt aborts the transfer when no byte arrives for this long (Qt >= 5.15).
        request.setTransferTimeout(int(self.timeout_s * 1000))
        # NOTE: QgsBlockingNetworkRequest (3.22) saves bodies in QGIS's own network cache even when
        # this attribute is False, so files also take room there until QGIS's cache size limit evicts them.
        request.setAttribute(QNetworkRequest.Attribute.CacheSaveControlAttribute, False)

        # NOTE: the body is kept in memory until complete (QgsBlockingNetworkRequest has no
        # streaming to disk), and progress is reported per file, not per byte received.
        blocking = QgsBlockingNetworkRequest()
        if authcfg:
            # An intranet mirror may need credentials: QGIS adds them from its authentication database.
            blocking.setAuthCfg(authcfg)
        self._progress(tr("Downloading {url}").format(url=_short(full_url)))
        self.stats["requests"] += 1
        # Only a QgsFeedback can cancel the request; the command line passes a plain object.
        blocking.get(request, True, self.feedback if isinstance(self.feedback, QgsFeedback) else None)
        answer = _read_reply(blocking)
        if not answer.served_by_qt_cache:
            # After a 304, Qt hands back the body of QGIS's own cache: nothing was downloaded.
            self.stats["bytes"] += len(answer.body)
            # The panel's feedback shows the running total of bytes downloaded.
            report_bytes = getattr(self.feedback, "add_downloaded_bytes", None)
            if report_bytes is not None:
                report_bytes(len(answer.body))
        return answer

    def _wait_for_slot(self, full_url: str, source_id: str) -> None:
        host = urlsplit(full_url).hostname or ""
        rate = None
        if source_id:
            rate = endpoints.load_endpoints().get(source_id, {}).get("rate_per_s")
        rate = rate or endpoints.rate_for_host(host)
        self._sleep(RATE_LIMITER.reserve(host, float(rate) if rate else None))

    # -- feedback --------------------------------------------------------------------------

    def _cancelled(self) -> bool:
        return bool(self.feedback is not None and self.feedback.isCanceled())

    def _check_cancelled(self) -> None:
        if self._cancelled():
            raise CancelledError(tr("Download cancelled."))

    def _sleep(self, seconds: float) -> None:
        """Sleep in short steps so that a cancel is honoured within a tenth of a second."""
        deadline = time.monotonic() + seconds
        while True:
            self._check_cancelled()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            time.sleep(min(remaining, 0.1))

    def report_step(self, index: int, total: int, label: str) -> None:
        """Show which step of a multi-request download runs (``label (3/12)``) in the feedback."""
        self._progress(tr("{label} ({index}/{total})").format(label=label, index=index, total=total))

    def _progress(self, text: str) -> None:
        if self.feedback is not None and hasattr(self.feedback, "setProgressText"):
            self.feedback.setProgressText(text)
        logger.debug("%s", text)

    def _info(self, text: str) -> None:
        if self.feedback is not None and hasattr(self.feedback, "pushInfo"):
            self.feedback.pushInfo(text)
        logger.info("%s", text)

    def _warn(self, text: str) -> None:
        if self.feedback is not None and hasattr(self.feedback, "pushWarning"):
            self.feedback.pushWarning(text)
        logger.warning("%s", text)


def _authcfg_of(source_id: str) -> str:
    """Return the QGIS authentication configuration id (``authcfg``) of a source, "" when none."""
    if not source_id:
        return ""
    return str(endpoints.load_endpoints().get(source_id, {}).get("authcfg", "") or "")


def _read_reply(blocking) -> _Answer:
    """Copy what QGIS received into an :class:`_Answer`."""
    from qgis.PyQt.QtNetwork import QNetworkRequest

    reply = blocking.reply()
    status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
    headers = {
        bytes(name).decode("latin-1").lower(): bytes(reply.rawHeader(name)).decode("latin-1")
        for name in reply.rawHeaderList()
    }
    return _Answer(
        status=int(status or 0),
        body=bytes(reply.content()),
        headers=headers,
        qt_error=int(reply.error()),
        error_text=reply.errorString() or blocking.errorMessage(),
        served_by_qt_cache=bool(reply.attribute(QNetworkRequest.Attribute.SourceIsFromCacheAttribute)),
    )


def _check_answer(answer: _Answer, url: str, source_id: str, expect, timeout_s: float, cancelled: bool) -> _Answer:
    """Return ``answer`` when usable, else raise the :class:`_AttemptError` that describes it."""
    failure = _classify(answer, url, source_id, timeout_s, cancelled)
    if failure is not None:
        raise failure
    if answer.status == 304:
        return answer
    _check_length(answer, url)
    check_body(answer.body, expect, url, answer.header("content-type"))
    return answer


def _classify(answer: _Answer, url: str, source_id: str, timeout_s: float, cancelled: bool) -> _AttemptError | None:
    """Turn a Qt network error or an HTTP error status into a :class:`_AttemptError`, None when fine."""
    from qgis.PyQt.QtNetwork import QNetworkReply

    errors = QNetworkReply.NetworkError
    code = answer.qt_error
    if cancelled:
        return _AttemptError(CancelledError(tr("Download cancelled.")), retryable=False)
    if code in (errors.OperationCanceledError, errors.TimeoutError):
        return _AttemptError(_timeout_error(url, source_id, timeout_s), retryable=True)
    if code == errors.SslHandshakeFailedError:
        return _AttemptError(_tls_error(url, answer.error_text), retryable=False)
    if code == errors.ProxyAuthenticationRequiredError or answer.status == 407:
        return _AttemptError(_proxy_auth_error(url), retryable=False)
    if code == errors.RemoteHostClosedError and answer.status == 200:
        return _AttemptError(_truncated_error(url, answer), retryable=True)
    if answer.status >= 400:
        return _status_failure(answer, url, source_id)
    if code != errors.NoError:
        return _AttemptError(ConnectionFailedError(tr(
            "Cannot reach « {url} »: {error}. Check the Internet access and the proxy set in QGIS "
            "(Settings › Options › Network)."
        ).format(url=url, error=answer.error_text)), retryable=True)
    return None


def _timeout_error(url: str, source_id: str, timeout_s: float) -> NetworkTimeoutError:
    return NetworkTimeoutError(tr(
        "Timed out after {seconds} s without a response from « {url} » (source « {source} »): the server is slow "
        "or unreachable. Raise the plugin setting « network_timeout_s » (and QGIS's network timeout in "
        "Settings › Options › Network if it is shorter), then run again."
    ).format(seconds=int(timeout_s), url=url, source=source_id or "—"))


def _tls_error(url: str, error_text: str) -> TlsError:
    return TlsError(tr(
        "Secure connection (TLS) to « {url} » failed: the server's certificate is not trusted ({error}). "
        "If your network inspects HTTPS, import your organisation's certificate authority into QGIS: "
        "Settings › Options › Authentication › Certificate manager › Authorities. "
        "The plugin never disables certificate verification."
    ).format(url=url, error=error_text))


def _proxy_auth_error(url: str) -> ProxyAuthenticationError:
    return ProxyAuthenticationError(tr(
        "The proxy set in QGIS requires authentication for « {url} »: enter the proxy user and password "
        "in Settings › Options › Network (or an authentication configuration), then run again."
    ).format(url=url))


def _truncated_error(url: str, answer: _Answer) -> TruncatedResponseError:
    return TruncatedResponseError(tr(
        "The response from « {url} » is truncated: {received} bytes received out of {announced} announced. "
        "The connection dropped, so run again."
    ).format(url=url, received=group_thousands(len(answer.body)), announced=_grouped(answer.header("content-length"))))


def _status_failure(answer: _Answer, url: str, source_id: str) -> _AttemptError:
    status = answer.status
    if status in (404, 410) and source_id:
        return _AttemptError(SourceMovedError(tr(
            "Source « {source} » has moved: « {url} » returns HTTP {status}. Update its address in « {file} », "
            "or name a file of up-to-date addresses in the environment variable {variable}."
        ).format(source=source_id, url=url, status=status, file=endpoints.source_file(source_id),
                 variable=endpoints.OVERRIDE_ENV), status=status), retryable=False)
    if status in RETRY_STATUSES:
        wait = parse_retry_after(answer.header("retry-after")) if status in (429, 503) else None
        return _AttemptError(HttpStatusError(tr(
            "« {url} » returns HTTP {status} (service busy or failing) after several attempts: try again later."
        ).format(url=url, status=status), details=answer.body[:500].decode("utf-8", "replace"), status=status),
            retryable=True, wait_s=wait)
    return _AttemptError(HttpStatusError(tr(
        "« {url} » returns HTTP {status}: {error}. Check the address and the request."
    ).format(url=url, status=status, error=answer.error_text),
        details=answer.body[:500].decode("utf-8", "replace"), status=status), retryable=False)


def _check_length(answer: _Answer, url: str) -> None:
    announced = answer.header("content-length")
    encoding = answer.header("content-encoding")
    # A compressed body is announced by its compressed length, which Qt no longer shows.
    if announced.isdigit() and not encoding and len(answer.body) < int(announced):
        raise _AttemptError(_truncated_error(url, answer), retryable=True)


def check_body(body: bytes, expect: str | None, url: str, content_type: str = "") -> None:
    """Raise :class:`BadResponseError` when ``body`` is not a valid ``expect`` file."""
    if expect is None:
        return
    if _looks_like_html(body, content_type) and expect != "xml":
        raise BadResponseError(tr(
            "« {url} » returned an HTML page instead of {kind} data (error page, login portal or moved "
            "address): check the address and the Internet access."
        ).format(url=url, kind=expect.upper()), details=body[:500].decode("utf-8", "replace"))
    if not body.strip():
        raise BadResponseError(tr("« {url} » returned an empty body instead of {kind} data.").format(
            url=url, kind=expect.upper()))
    if expect in ("json", "geojson"):
        _check_json(body, expect, url)
    elif expect in ("zip", "xlsx"):
        _check_zip(body, expect, url)
    elif expect == "xml":
        _check_xml(body, url)


def _looks_like_html(body: bytes, content_type: str) -> bool:
    start = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return "text/html" in content_type.lower() or start.startswith((b"<!doctype html", b"<html"))


def _check_json(body: bytes, expect: str, url: str) -> None:
    if body.lstrip()[:1] == b"<" and b"ExceptionReport" in body[:2000]:
        # OGC services report errors in XML whatever output format was requested.
        _check_xml(body, url)
    try:
        data = json.loads(body)
    except ValueError as error:
        raise BadResponseError(tr("« {url} » returned invalid JSON: {error}.").format(url=url, error=error),
                               details=body[:500].decode("utf-8", "replace")) from error
    if expect == "geojson" and not (isinstance(data, dict) and data.get("type") in ("Feature", "FeatureCollection")):
        raise BadResponseError(tr("« {url} » returned JSON that is not GeoJSON (no Feature or FeatureCollection).")
                               .format(url=url))


def _check_zip(body: bytes, expect: str, url: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            broken = archive.testzip()
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise BadResponseError(tr("« {url} » returned a damaged {kind} file: {error}.").format(
            url=url, kind=expect.upper(), error=error)) from error
    if broken is not None:
        raise BadResponseError(tr("« {url} » returned a damaged {kind} file: member « {member} » is corrupt.").format(
            url=url, kind=expect.upper(), member=broken))
    if expect == "xlsx" and "xl/workbook.xml" not in names:
        raise BadResponseError(tr("« {url} » returned a ZIP archive that is not an Excel workbook (.xlsx).").format(
            url=url))


def _check_xml(body: bytes, url: str) -> None:
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        raise BadResponseError(tr("« {url} » returned invalid XML: {error}.").format(url=url, error=error)) from error
    if root.tag.endswith("ExceptionReport"):
        items = [item for item in root.iter() if item.tag.endswith("ExceptionText")]
        text = "; ".join(" ".join("".join(item.itertext()).split()) for item in items)
        raise BadResponseError(tr("The service « {url} » reported an error: {error}").format(url=url, error=text))


def _conditional_headers(entry) -> dict:
    headers = {}
    if entry.etag:
        headers["If-None-Match"] = entry.etag
    if entry.last_modified:
        headers["If-Modified-Since"] = entry.last_modified
    return headers


def parse_retry_after(value: str) -> float | None:
    """Return the wait of a Retry-After header (seconds or HTTP date), None when absent or invalid."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def group_thousands(number: int) -> str:
    """Write an integer with a no-break space between thousands, as French typography does."""
    return f"{number:,}".replace(",", "\u00a0")


def _grouped(text: str) -> str:
    return group_thousands(int(text)) if text.isdigit() else "?"


def _today() -> str:
    return time.strftime("%Y-%m-%d")


def _short(url: str, size: int = 120) -> str:
    return url if len(url) <= size else url[: size - 1] + "…"
