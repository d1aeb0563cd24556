"""HTTPS behind TLS interception: an unknown certificate authority, then the same CA in QGIS's store.

Corporate proxies re-sign HTTPS with their own CA. The plugin must fail with a message that
names TLS and QGIS's certificate settings, and succeed once the CA is imported into QGIS's
certificate manager, without ever disabling verification.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from territorial_health_plugin.core.network import Downloader, TlsError
from tests.mock_http import MockResponse, MockServer, make_test_ca, start_in_qthread

pytest.importorskip("cryptography", reason="python3-cryptography builds the test certificates")

ROOT = Path(__file__).resolve().parent.parent

# Runs in a fresh QGIS with a temporary profile, so the test CA never enters the developer's
# or the test session's authentication database.
TRUST_SCRIPT = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from qgis.core import QgsApplication
    app = QgsApplication([], False)
    app.initQgis()
    from qgis.PyQt.QtNetwork import QSslCertificate
    from territorial_health_plugin.core.network import Downloader, TlsError

    from tests.mock_http import start_in_qthread

    def in_worker(function):
        # As in a QgsTask: the main thread keeps its event loop for QGIS's SSL error handler.
        thread, result = start_in_qthread(function)
        while not thread.wait(50):
            app.processEvents()
        if result.error is not None:
            raise result.error
        return result.result

    url, ca_path = sys.argv[2], sys.argv[3]
    outcome = {}
    try:
        in_worker(lambda: Downloader(cache=None, max_retries=0).fetch(url, {"attempt": "before"}))
        outcome["before"] = "ok"
    except TlsError as error:
        outcome["before"] = "tls: " + error.message
    manager = QgsApplication.authManager()
    outcome["stored"] = manager.storeCertAuthority(QSslCertificate.fromPath(ca_path)[0])
    manager.rebuildCaCertsCache()
    manager.rebuildTrustedCaCertsCache()
    try:
        result = in_worker(lambda: Downloader(cache=None, max_retries=0).fetch(url, {"attempt": "after"}))
        outcome["after"] = result.path.read_text()
    except Exception as error:
        outcome["after"] = type(error).__name__ + ": " + str(error)
    print("OUTCOME " + json.dumps(outcome), flush=True)
    # The outcome is all the test needs: skip QGIS's shutdown, which can wait on idle
    # keep-alive connections.
    import os
    os._exit(0)
""")


def run_with_event_loop(function, timeout_s: float = 60.0):
    """Run ``function`` in a QThread, processing the main thread's events until it ends."""
    import time

    from qgis.PyQt.QtCore import QCoreApplication

    thread, outcome = start_in_qthread(function)
    deadline = time.monotonic() + timeout_s
    while not thread.wait(50):
        QCoreApplication.processEvents()
        if time.monotonic() > deadline:
            raise TimeoutError(f"download still running after {timeout_s} s")
    return outcome


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    return make_test_ca(tmp_path_factory.mktemp("tls"))


def test_untrusted_ca_names_qgis_settings(qgis_app, certificates):
    with MockServer(tls=(str(certificates["cert"]), str(certificates["key"]))) as server:
        server.add("/data.csv", MockResponse(body=b"code\n59350\n"))
        url = server.url("/data.csv")

        # As in the panel's task: the download runs in a worker thread while the main thread
        # keeps its event loop, where QGIS handles the SSL errors of every thread's requests.
        # Blocking the main thread here instead would deadlock QgsBlockingNetworkRequest.
        outcome = run_with_event_loop(lambda: Downloader(cache=None, max_retries=2, backoff_s=0.01).fetch(url))

    assert isinstance(outcome.error, TlsError), outcome.error
    message = outcome.error.message
    assert url in message
    assert "TLS" in message
    assert "Certificate manager" in message or "Gestionnaire de certificats" in message
    # A certificate problem does not go away by itself: no retry.
    assert server.requests == []


def test_ca_in_qgis_store_succeeds(certificates, tmp_path):
    profile = tmp_path / "profile"
    # pytest-qgis points QGIS_OPTIONS_PATH at the session's profile; the child must not share it.
    environment = {**os.environ, "QGIS_CUSTOM_CONFIG_PATH": str(profile), "QGIS_OPTIONS_PATH": str(profile),
                   "QGIS_AUTH_DB_DIR_PATH": str(profile), "QT_QPA_PLATFORM": "offscreen"}
    with MockServer(tls=(str(certificates["cert"]), str(certificates["key"]))) as server:
        server.add("/data.csv", MockResponse(body=b"code\n59350\n"))

        completed = subprocess.run(
            [sys.executable, "-c", TRUST_SCRIPT, str(ROOT), server.url("/data.csv"), str(certificates["ca"])],
            env=environment, capture_output=True, text=True, timeout=120, check=False,
        )

    lines = [line for line in completed.stdout.splitlines() if line.startswith("OUTCOME ")]
    assert lines, completed.stdout + completed.stderr
    outcome = json.loads(lines[-1].removeprefix("OUTCOME "))
    assert outcome["before"].startswith("tls: ")
    assert outcome["stored"] is True
    assert outcome["after"] == "code\n59350\n"
    assert [request.query["attempt"] for request in server.requests] == ["after"]
