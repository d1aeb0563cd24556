"""A source with ``authcfg`` sends the credentials of a QGIS authentication configuration."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.mock_http import MockResponse, MockServer, RecordedRequest

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = "Basic " + base64.b64encode(b"agent:s3cret").decode()

# Runs in a fresh QGIS with a temporary profile: the test sets a master password and stores a
# Basic configuration, which must not touch the session's authentication database.
AUTH_SCRIPT = textwrap.dedent("""
    import json, os, sys
    sys.path.insert(0, sys.argv[1])
    from qgis.core import QgsApplication, QgsAuthMethodConfig
    app = QgsApplication([], False)
    app.initQgis()
    from territorial_health_plugin.core import endpoints
    from territorial_health_plugin.core.network import Downloader, HttpStatusError

    url, override = sys.argv[2], sys.argv[3]
    manager = QgsApplication.authManager()
    outcome = {"master": manager.setMasterPassword("test-master-password", True)}
    config = QgsAuthMethodConfig()
    config.setName("intranet mirror")
    config.setMethod("Basic")
    config.setConfig("username", "agent")
    config.setConfig("password", "s3cret")
    stored = manager.storeAuthenticationConfig(config)
    # The Python binding returns (ok, config) on 3.22 and may return a bare bool elsewhere.
    outcome["stored"] = stored[0] if isinstance(stored, tuple) else stored
    if isinstance(stored, tuple) and stored[1].id():
        config = stored[1]
    with open(override, "w") as stream:
        json.dump({"intranet.with_auth": {"url": url, "authcfg": config.id()},
                   "intranet.without_auth": {"url": url}}, stream)
    os.environ[endpoints.OVERRIDE_ENV] = override
    result = Downloader(cache=None, max_retries=0).fetch(url, {"with": 1}, source_id="intranet.with_auth")
    outcome["with"] = result.path.read_text()
    try:
        Downloader(cache=None, max_retries=0).fetch(url, {"with": 0}, source_id="intranet.without_auth")
        outcome["without"] = "ok"
    except HttpStatusError as error:
        outcome["without"] = error.status
    print("OUTCOME " + json.dumps(outcome), flush=True)
    os._exit(0)
""")


def protected(request: RecordedRequest) -> MockResponse:
    if request.headers.get("authorization") != EXPECTED:
        return MockResponse(status=401, body=b"Unauthorized", content_type="text/plain",
                            headers={"WWW-Authenticate": 'Basic realm="mirror"'})
    return MockResponse(body=b"code\n59350\n", content_type="text/csv")


def test_authcfg_credentials_are_sent(tmp_path):
    profile = tmp_path / "profile"
    environment = {**os.environ, "QGIS_CUSTOM_CONFIG_PATH": str(profile), "QGIS_OPTIONS_PATH": str(profile),
                   "QGIS_AUTH_DB_DIR_PATH": str(profile), "QT_QPA_PLATFORM": "offscreen"}
    with MockServer() as server:
        server.add("/mirror/data.csv", protected)

        completed = subprocess.run(
            [sys.executable, "-c", AUTH_SCRIPT, str(ROOT), server.url("/mirror/data.csv"),
             str(tmp_path / "override.json")],
            env=environment, capture_output=True, text=True, timeout=120, check=False,
        )

    lines = [line for line in completed.stdout.splitlines() if line.startswith("OUTCOME ")]
    assert lines, completed.stdout + completed.stderr
    outcome = json.loads(lines[-1].removeprefix("OUTCOME "))
    assert outcome["master"] is True
    assert outcome["stored"] is True
    assert outcome["with"] == "code\n59350\n"
    assert outcome["without"] == 401
