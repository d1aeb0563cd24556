"""Scriptable HTTP servers on 127.0.0.1 for the network tests.

:class:`MockServer` serves each path with a scripted :class:`MockResponse` (status, headers,
body, delay, chunked or truncated body, Retry-After, ETag/Last-Modified with 304 revalidation)
or with a function of the request, and records every request. It can serve HTTPS with a
certificate made by :func:`make_test_ca`. :class:`MockProxy` is a logging HTTP proxy that only
forwards to 127.0.0.1 and can require proxy authentication.

Usage::

    with MockServer() as server:
        server.add("/data.csv", MockResponse(body=b"a;b\\n1;2\\n", etag='"v1"'))
        url = server.url("/data.csv")
        ...
        assert server.paths() == ["/data.csv"]

Nothing here reaches the internet: servers bind 127.0.0.1 and the proxy rejects other hosts.
"""

from __future__ import annotations

import base64
import http.client
import http.server
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Union
from urllib.parse import parse_qsl, urlsplit

LOCALHOST = "127.0.0.1"


@dataclass
class MockResponse:
    """One scripted response.

    ``truncate_to`` sends only that many bytes of the body while announcing the full
    Content-Length, then closes the connection. ``etag``/``last_modified`` make the server
    respond with 304 to a matching If-None-Match / If-Modified-Since.
    """

    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    content_type: str = "application/octet-stream"
    delay_s: float = 0.0
    chunked: bool = False
    truncate_to: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    retry_after: str | None = None


@dataclass
class RecordedRequest:
    """A request as the server received it."""

    method: str
    path: str
    query: dict
    headers: dict
    raw_path: str
    time: float


Handler = Callable[[RecordedRequest], MockResponse]
Script = Union[MockResponse, Handler, list]


def json_response(text: str | bytes, status: int = 200, **kwargs) -> MockResponse:
    """Build a JSON response from text or bytes."""
    body = text.encode("utf-8") if isinstance(text, str) else text
    return MockResponse(status=status, body=body, content_type="application/json", **kwargs)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "MockHTTP/1.0"

    def log_message(self, format, *args):  # noqa: A002 - silence the default stderr log
        return

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (ssl.SSLError, ConnectionResetError, BrokenPipeError, TimeoutError):
            # A client that rejects the test certificate closes the connection mid-handshake.
            self.close_connection = True

    def do_GET(self):
        self.server.owner.handle(self, "GET")

    def do_HEAD(self):
        self.server.owner.handle(self, "HEAD")

    def do_POST(self):
        self.server.owner.handle(self, "POST")


class _ThreadingServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    tls_context: ssl.SSLContext | None = None

    def get_request(self):
        connection, address = super().get_request()
        if self.tls_context is not None:
            # The handshake runs in the handler's thread on first read, so a client that
            # rejects the certificate cannot block the accept loop.
            connection.settimeout(30)
            connection = self.tls_context.wrap_socket(connection, server_side=True, do_handshake_on_connect=False)
        return connection, address


class _BaseServer:
    """A threaded server on 127.0.0.1 with an ephemeral port, usable as a context manager."""

    def __init__(self, tls: tuple[str, str] | None = None) -> None:
        self.tls = tls
        self.stopping = threading.Event()
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._httpd: _ThreadingServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def start(self):
        self._httpd = _ThreadingServer((LOCALHOST, 0), _Handler)
        self._httpd.owner = self
        if self.tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*self.tls)
            self._httpd.tls_context = context
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def record(self, handler: _Handler) -> RecordedRequest:
        parts = urlsplit(handler.path)
        recorded = RecordedRequest(
            method=handler.command,
            path=parts.path,
            query=dict(parse_qsl(parts.query, keep_blank_values=True)),
            headers={key.lower(): value for key, value in handler.headers.items()},
            raw_path=handler.path,
            time=time.monotonic(),
        )
        with self._lock:
            self.requests.append(recorded)
        return recorded

    def paths(self) -> list[str]:
        """Return the paths requested so far, in order."""
        return [request.path for request in self.requests]

    def sleep(self, seconds: float) -> None:
        """Sleep, waking early when the server stops so that shutdown stays quick."""
        self.stopping.wait(seconds)


class MockServer(_BaseServer):
    """A scriptable HTTP(S) server: ``add(path, response_or_handler_or_list)``.

    A list of responses is served in order and its last item repeats. Unknown paths get 404.
    """

    def __init__(self, tls: tuple[str, str] | None = None) -> None:
        super().__init__(tls)
        self.routes: dict[str, list] = {}

    def add(self, path: str, script: Script) -> None:
        self.routes[path] = list(script) if isinstance(script, list) else [script]

    def url(self, path: str = "/") -> str:
        scheme = "https" if self.tls else "http"
        host = "localhost" if self.tls else LOCALHOST
        return f"{scheme}://{host}:{self.port}{path}"

    def count(self, path: str) -> int:
        return sum(1 for request in self.requests if request.path == path)

    def _next_response(self, request: RecordedRequest) -> MockResponse:
        script = self.routes.get(request.path)
        if script is None:
            # A route ending with "*" serves every path that starts with its prefix.
            prefixes = [key for key in self.routes if key.endswith("*") and request.path.startswith(key[:-1])]
            script = self.routes[max(prefixes, key=len)] if prefixes else None
        if not script:
            return MockResponse(status=404, body=b"Not Found", content_type="text/plain")
        item = script.pop(0) if len(script) > 1 else script[0]
        return item(request) if callable(item) else item

    def handle(self, handler: _Handler, method: str) -> None:
        request = self.record(handler)
        response = self._next_response(request)
        if response.delay_s:
            self.sleep(response.delay_s)
            if self.stopping.is_set():
                return
        try:
            _send(handler, request, response, method)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            # The client gave up (timeout or cancel): nothing to send.
            return


def _not_modified(request: RecordedRequest, response: MockResponse) -> bool:
    if response.status != 200:
        return False
    if response.etag and request.headers.get("if-none-match") == response.etag:
        return True
    return bool(response.last_modified and request.headers.get("if-modified-since") == response.last_modified)


def _send(handler: _Handler, request: RecordedRequest, response: MockResponse, method: str) -> None:
    status = 304 if _not_modified(request, response) else response.status
    body = b"" if status == 304 or method == "HEAD" else response.body
    handler.send_response(status)
    handler.send_header("Content-Type", response.content_type)
    if response.etag:
        handler.send_header("ETag", response.etag)
    if response.last_modified:
        handler.send_header("Last-Modified", response.last_modified)
    if response.retry_after is not None:
        handler.send_header("Retry-After", response.retry_after)
    for key, value in response.headers.items():
        handler.send_header(key, value)

    if response.chunked and status != 304:
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        _send_chunked(handler, body)
        return

    handler.send_header("Content-Length", str(len(response.body) if method == "HEAD" else len(body)))
    if response.truncate_to is not None:
        # Announce the whole body, send part of it, then drop the connection.
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(body[: response.truncate_to])
        handler.wfile.flush()
        handler.close_connection = True
        return
    handler.end_headers()
    handler.wfile.write(body)


def _send_chunked(handler: _Handler, body: bytes, size: int = 8192) -> None:
    for start in range(0, len(body), size):
        chunk = body[start : start + size]
        handler.wfile.write(f"{len(chunk):X}\r\n".encode() + chunk + b"\r\n")
    handler.wfile.write(b"0\r\n\r\n")


class MockProxy(_BaseServer):
    """A logging HTTP proxy (absolute-form requests) that forwards only to 127.0.0.1.

    With ``credentials=("user", "password")`` it returns 407 to requests without the right
    Proxy-Authorization header, as a corporate proxy does.
    """

    def __init__(self, credentials: tuple[str, str] | None = None) -> None:
        super().__init__(None)
        self.credentials = credentials

    def handle(self, handler: _Handler, method: str) -> None:
        request = self.record(handler)
        if self.credentials and not self._authorised(request):
            _send(handler, request, MockResponse(
                status=407, body=b"Proxy Authentication Required", content_type="text/plain",
                headers={"Proxy-Authenticate": 'Basic realm="mock proxy"'},
            ), method)
            return

        target = urlsplit(handler.path)
        if target.hostname not in (LOCALHOST, "localhost") or target.scheme != "http":
            _send(handler, request, MockResponse(status=403, body=b"only 127.0.0.1", content_type="text/plain"), method)
            return
        self._forward(handler, target, method)

    def _authorised(self, request: RecordedRequest) -> bool:
        user, password = self.credentials
        expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        return request.headers.get("proxy-authorization") == expected

    def _forward(self, handler: _Handler, target, method: str) -> None:
        path = target.path + (f"?{target.query}" if target.query else "")
        headers = {
            key: value for key, value in handler.headers.items()
            if key.lower() not in ("proxy-authorization", "proxy-connection", "connection")
        }
        connection = http.client.HTTPConnection(LOCALHOST, target.port, timeout=60)
        try:
            connection.request(method, path, headers=headers)
            upstream = connection.getresponse()
            body = upstream.read()
        except (OSError, http.client.HTTPException) as error:
            _send(handler, self.requests[-1], MockResponse(status=502, body=str(error).encode()), method)
            return
        finally:
            connection.close()
        handler.send_response(upstream.status)
        for key, value in upstream.getheaders():
            if key.lower() not in ("transfer-encoding", "content-length", "connection"):
                handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


def make_test_ca(folder: Path) -> dict[str, Path]:
    """Create a test CA and a server certificate for ``localhost``/127.0.0.1 signed by it.

    Returns the paths of ``ca.pem``, ``server.pem`` and ``server.key``. Needs the
    ``cryptography`` package (Debian ``python3-cryptography``).
    """
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Territorial health test CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False,
        ), critical=True)
        .sign(ca_key, hashes.SHA256())
    )

    server_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    server_cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name).public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(LOCALHOST)),
        ]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )

    folder.mkdir(parents=True, exist_ok=True)
    paths = {"ca": folder / "ca.pem", "cert": folder / "server.pem", "key": folder / "server.key"}
    paths["ca"].write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    paths["cert"].write_bytes(server_cert.public_bytes(serialization.Encoding.PEM))
    paths["key"].write_bytes(server_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption(),
    ))
    return paths


def override_sources(monkeypatch, folder: Path, entries: dict) -> Path:
    """Point source ids at mock addresses through TERRITORIAL_HEALTH_SOURCES for one test."""
    import json

    from territorial_health_plugin.core import endpoints

    path = Path(folder) / "sources-override.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    monkeypatch.setenv(endpoints.OVERRIDE_ENV, str(path))
    endpoints.clear_cache()
    return path


def free_port() -> int:
    """Return a port on 127.0.0.1 where nothing listens (for connection-refused tests)."""
    with socket.socket() as probe:
        probe.bind((LOCALHOST, 0))
        return probe.getsockname()[1]


@dataclass
class ThreadOutcome:
    """What a function run by :func:`run_in_qthread` returned or raised, and when it ended."""

    result: object = None
    error: BaseException | None = None
    finished_at: float = 0.0


def start_in_qthread(function: Callable[[], object]):
    """Start ``function`` in a QThread, as a QgsTask would; return (thread, outcome).

    Qt timers (such as the transfer timeout) need a QThread, which a plain Python thread is not.
    Call ``thread.wait(ms)`` to join it.
    """
    from qgis.PyQt.QtCore import QThread

    outcome = ThreadOutcome()

    class _Worker(QThread):
        def run(self):
            try:
                outcome.result = function()
            except BaseException as error:  # noqa: BLE001 - handed back to the test
                outcome.error = error
            outcome.finished_at = time.monotonic()

    thread = _Worker()
    thread.start()
    return thread, outcome


def run_in_qthread(function: Callable[[], object], timeout_s: float = 60) -> ThreadOutcome:
    """Run ``function`` in a QThread and wait for it (at most ``timeout_s``)."""
    thread, outcome = start_in_qthread(function)
    if not thread.wait(int(timeout_s * 1000)):
        raise TimeoutError(f"worker thread still running after {timeout_s} s")
    return outcome
