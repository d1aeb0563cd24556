"""Downloader against mock servers on 127.0.0.1: cache, revalidation, retries, faults, cancel."""

from __future__ import annotations

import io
import json
import time
import zipfile
from email.utils import formatdate

import pytest

from territorial_health_plugin.core import endpoints
from territorial_health_plugin.core.cache import Cache
from territorial_health_plugin.core.network import (
    BadResponseError,
    CacheMissError,
    ConnectionFailedError,
    Downloader,
    HttpStatusError,
    NetworkTimeoutError,
    SourceMovedError,
    TruncatedResponseError,
    build_url,
    parse_retry_after,
)
from territorial_health_plugin.toolbelt.errors import CancelledError, DataSourceError
from tests.mock_http import MockResponse, MockServer, free_port, json_response, start_in_qthread

CSV = b"code;valeur\n59350;1\n59009;2\n"


@pytest.fixture
def server(qgis_app):
    with MockServer() as mock:
        yield mock


@pytest.fixture
def cache(tmp_path):
    return Cache(tmp_path / "cache", max_bytes=10_000_000)


@pytest.fixture
def downloader(cache):
    return Downloader(cache=cache, backoff_s=0.05, timeout_s=5)


def cache_files(cache: Cache) -> list:
    """Return every file under the cache folder, temporary files included."""
    return sorted(path for path in cache.folder.rglob("*") if path.is_file()) if cache.folder.exists() else []


def zip_bytes(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# -- cache and revalidation ------------------------------------------------------------------


def test_fetch_stores_body_and_metadata(server, downloader, cache):
    server.add("/data.csv", MockResponse(body=CSV, content_type="text/csv", etag='"v1"'))

    result = downloader.fetch(server.url("/data.csv"), {"annee": 2020}, expect="csv", source_id="test.csv")

    assert result.path.read_bytes() == CSV
    assert result.from_cache is False
    assert result.bytes_downloaded == len(CSV)
    assert result.etag == '"v1"'
    assert result.content_type == "text/csv"
    assert result.url == server.url("/data.csv") + "?annee=2020"
    assert server.requests[0].query == {"annee": "2020"}
    assert downloader.stats["requests"] == 1
    assert downloader.stats["bytes"] == len(CSV)
    [entry] = cache.entries()
    assert entry.meta["url"] == result.url
    assert entry.meta["etag"] == '"v1"'
    assert entry.meta["retrieved"] == result.retrieved


def test_second_run_etag_downloads_zero_bytes(server, cache):
    server.add("/a.csv", MockResponse(body=CSV, etag='"a1"'))
    server.add("/b.json", json_response('{"x": 1}', etag='"b1"'))
    urls = [(server.url("/a.csv"), "csv"), (server.url("/b.json"), "json")]
    first = Downloader(cache=cache)
    for url, kind in urls:
        first.fetch(url, expect=kind)

    second = Downloader(cache=cache)
    results = [second.fetch(url, expect=kind) for url, kind in urls]

    assert first.stats["bytes"] == len(CSV) + len(b'{"x": 1}')
    assert second.stats["bytes"] == 0
    assert second.stats["not_modified"] == 2
    assert all(result.from_cache for result in results)
    assert [result.bytes_downloaded for result in results] == [0, 0]
    assert server.requests[-1].headers["if-none-match"] == '"b1"'
    assert results[0].path.read_bytes() == CSV


def test_second_run_last_modified_downloads_zero_bytes(server, cache):
    stamp = formatdate(usegmt=True)
    server.add("/lm.csv", MockResponse(body=CSV, last_modified=stamp))
    Downloader(cache=cache).fetch(server.url("/lm.csv"))

    second = Downloader(cache=cache)
    result = second.fetch(server.url("/lm.csv"))

    assert server.requests[-1].headers["if-modified-since"] == stamp
    assert second.stats["bytes"] == 0
    assert result.from_cache is True


def test_changed_file_is_downloaded_again(server, cache):
    server.add("/v.csv", [MockResponse(body=CSV, etag='"v1"'), MockResponse(body=b"code\n1\n", etag='"v2"')])
    Downloader(cache=cache).fetch(server.url("/v.csv"))

    result = Downloader(cache=cache).fetch(server.url("/v.csv"))

    assert result.from_cache is False
    assert result.path.read_bytes() == b"code\n1\n"
    assert result.etag == '"v2"'


def test_unvalidated_entry_reused_without_request(server, cache):
    server.add("/plain.csv", MockResponse(body=CSV))
    Downloader(cache=cache).fetch(server.url("/plain.csv"))

    second = Downloader(cache=cache)
    result = second.fetch(server.url("/plain.csv"))

    assert server.count("/plain.csv") == 1
    assert second.stats["requests"] == 0
    assert result.from_cache is True


def test_cache_mode_uses_only_cache(server, cache):
    server.add("/c.csv", MockResponse(body=CSV, etag='"c"'))
    Downloader(cache=cache).fetch(server.url("/c.csv"))

    offline = Downloader(cache=cache, mode="cache")
    result = offline.fetch(server.url("/c.csv"))

    assert result.path.read_bytes() == CSV
    assert server.count("/c.csv") == 1
    assert offline.stats["requests"] == 0


def test_cache_mode_miss_names_url_and_fix(server, cache):
    offline = Downloader(cache=cache, mode="cache")
    url = server.url("/never.csv")

    with pytest.raises(CacheMissError) as caught:
        offline.fetch(url, {"dep": "59"}, source_id="insee.test")

    assert url + "?dep=59" in caught.value.message
    assert "insee.test" in caught.value.message
    assert "--data-dir" in caught.value.message
    assert server.requests == []


def test_params_order_shares_cache_entry(server, cache):
    server.add("/p", json_response("[]", etag='"p"'))
    downloader = Downloader(cache=cache)
    downloader.fetch(server.url("/p"), {"a": "1", "b": "2"})

    result = downloader.fetch(server.url("/p"), [("b", "2"), ("a", "1")])

    assert result.from_cache is True
    assert len(cache.entries()) == 1


def test_network_failure_falls_back_to_cached_copy(server, cache):
    server.add("/s.csv", [MockResponse(body=CSV, etag='"s"'), MockResponse(status=503)])
    Downloader(cache=cache).fetch(server.url("/s.csv"))

    result = Downloader(cache=cache, backoff_s=0.01).fetch(server.url("/s.csv"))

    assert result.from_cache is True
    assert result.path.read_bytes() == CSV


# -- retries -----------------------------------------------------------------------------------


def test_5xx_retried_then_succeeds(server, downloader):
    server.add("/r.csv", [MockResponse(status=500), MockResponse(status=502), MockResponse(body=CSV)])

    result = downloader.fetch(server.url("/r.csv"), expect="csv")

    assert result.path.read_bytes() == CSV
    assert server.count("/r.csv") == 3
    assert downloader.stats["retries"] == 2


def test_5xx_gives_up_after_three_retries(server, downloader, cache):
    server.add("/down.csv", MockResponse(status=503, body=b"maintenance"))

    with pytest.raises(HttpStatusError) as caught:
        downloader.fetch(server.url("/down.csv"))

    assert server.count("/down.csv") == 4
    assert caught.value.status == 503
    assert "503" in caught.value.message
    assert cache_files(cache) == []


def test_backoff_grows_exponentially(server, cache):
    server.add("/b.csv", MockResponse(status=500))
    downloader = Downloader(cache=cache, backoff_s=0.2, max_retries=2)

    with pytest.raises(HttpStatusError):
        downloader.fetch(server.url("/b.csv"))

    times = [request.time for request in server.requests]
    assert times[1] - times[0] >= 0.2
    assert times[2] - times[1] >= 0.4


def test_429_retry_after_seconds_honoured(server, downloader):
    server.add("/limited", [MockResponse(status=429, retry_after="1"), json_response("[]")])

    downloader.fetch(server.url("/limited"), expect="json")

    first, second = server.requests
    assert second.time - first.time >= 0.95


def test_429_retry_after_http_date_honoured(server, downloader):
    later = formatdate(time.time() + 2, usegmt=True)
    server.add("/limited", [MockResponse(status=429, retry_after=later), json_response("[]")])

    downloader.fetch(server.url("/limited"), expect="json")

    first, second = server.requests
    assert second.time - first.time >= 0.9


def test_retry_after_too_long_is_reported(server, downloader):
    server.add("/limited", MockResponse(status=429, retry_after="3600"))

    with pytest.raises(HttpStatusError) as caught:
        downloader.fetch(server.url("/limited"))

    assert server.count("/limited") == 1
    assert "3\u00a0600" in caught.value.message


def test_parse_retry_after_forms():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("") is None
    assert parse_retry_after("soon") is None
    assert 8 <= parse_retry_after(formatdate(time.time() + 10, usegmt=True)) <= 10
    assert parse_retry_after(formatdate(time.time() - 100, usegmt=True)) == 0.0


# -- faults ------------------------------------------------------------------------------------


def test_timeout_is_distinct_and_names_setting(server, cache):
    server.add("/slow.csv", MockResponse(body=CSV, delay_s=4))
    downloader = Downloader(cache=cache, timeout_s=1, max_retries=1, backoff_s=0.01)

    outcome_thread, outcome = start_in_qthread(lambda: downloader.fetch(server.url("/slow.csv")))
    assert outcome_thread.wait(30_000)

    assert isinstance(outcome.error, NetworkTimeoutError)
    assert "network_timeout_s" in outcome.error.message
    assert server.url("/slow.csv") in outcome.error.message
    assert server.count("/slow.csv") == 2
    assert cache_files(cache) == []


def test_truncated_body_rejected_and_not_cached(server, downloader, cache):
    server.add("/big.csv", MockResponse(body=CSV * 2000, truncate_to=1000))

    with pytest.raises(TruncatedResponseError) as caught:
        downloader.fetch(server.url("/big.csv"), expect="csv")

    assert "1\u00a0000" in caught.value.message
    assert "56\u00a0000" in caught.value.message
    assert server.count("/big.csv") == 4
    assert cache_files(cache) == []


def test_chunked_body_accepted(server, downloader):
    body = CSV * 5000
    server.add("/chunked.csv", MockResponse(body=body, chunked=True))

    result = downloader.fetch(server.url("/chunked.csv"), expect="csv")

    assert result.path.read_bytes() == body


def test_html_instead_of_csv_rejected(server, downloader, cache):
    page = b"<!DOCTYPE html>\n<html><body>Maintenance</body></html>"
    server.add("/data.csv", MockResponse(body=page, content_type="text/html; charset=utf-8"))

    with pytest.raises(BadResponseError) as caught:
        downloader.fetch(server.url("/data.csv"), expect="csv")

    assert "HTML" in caught.value.message
    assert server.count("/data.csv") == 1
    assert cache_files(cache) == []


def test_html_with_wrong_content_type_rejected(server, downloader):
    server.add("/data.json", MockResponse(body=b"  <html><p>login</p></html>", content_type="application/json"))

    with pytest.raises(BadResponseError):
        downloader.fetch(server.url("/data.json"), expect="json")


def test_invalid_json_rejected(server, downloader, cache):
    server.add("/bad.json", json_response('{"type": "FeatureCollection", "features": ['))

    with pytest.raises(BadResponseError) as caught:
        downloader.fetch(server.url("/bad.json"), expect="json")

    assert "JSON" in caught.value.message
    assert cache_files(cache) == []


def test_json_that_is_not_geojson_rejected(server, downloader):
    server.add("/list.json", json_response('[{"code": "59350"}]'))

    with pytest.raises(BadResponseError):
        downloader.fetch(server.url("/list.json"), expect="geojson")


def test_corrupt_zip_rejected(server, downloader, cache):
    good = zip_bytes({"data.csv": CSV * 50})
    damaged = good[:40] + b"\x00" * 30 + good[70:]
    server.add("/broken.zip", MockResponse(body=damaged, content_type="application/zip"))
    server.add("/good.zip", MockResponse(body=good, content_type="application/zip"))

    with pytest.raises(BadResponseError):
        downloader.fetch(server.url("/broken.zip"), expect="zip")
    result = downloader.fetch(server.url("/good.zip"), expect="zip")

    assert zipfile.ZipFile(result.path).read("data.csv") == CSV * 50
    assert len(cache.entries()) == 1


def test_zip_without_workbook_is_not_xlsx(server, downloader):
    server.add("/table.xlsx", MockResponse(body=zip_bytes({"data.csv": CSV})))

    with pytest.raises(BadResponseError) as caught:
        downloader.fetch(server.url("/table.xlsx"), expect="xlsx")

    assert "xlsx" in caught.value.message


def test_wfs_exception_report_rejected(server, downloader):
    report = (
        b'<?xml version="1.0" encoding="UTF-8"?><ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1" '
        b'version="2.0.0"><ows:Exception exceptionCode="InvalidParameterValue">'
        b"<ows:ExceptionText>Unknown TYPENAME</ows:ExceptionText></ows:Exception></ows:ExceptionReport>"
    )
    server.add("/wfs", MockResponse(body=report, content_type="text/xml"))

    with pytest.raises(BadResponseError) as caught:
        downloader.fetch(server.url("/wfs"), expect="xml")

    assert "Unknown TYPENAME" in caught.value.message


def test_404_on_known_source_says_it_moved(server, downloader):
    with pytest.raises(SourceMovedError) as caught:
        downloader.fetch(server.url("/old/contours-iris.7z"), source_id="ign.download.contours_iris")

    message = caught.value.message
    assert "ign.download.contours_iris" in message
    assert "ign.json" in message
    assert "TERRITORIAL_HEALTH_SOURCES" in message
    assert caught.value.status == 404
    assert server.count("/old/contours-iris.7z") == 1


def test_404_without_source_is_plain_status_error(server, downloader):
    with pytest.raises(HttpStatusError) as caught:
        downloader.fetch(server.url("/nothing"))

    assert not isinstance(caught.value, SourceMovedError)
    assert "404" in caught.value.message


def test_connection_refused_names_url(qgis_app, cache):
    url = f"http://127.0.0.1:{free_port()}/data.csv"
    downloader = Downloader(cache=cache, max_retries=1, backoff_s=0.01)

    with pytest.raises(ConnectionFailedError) as caught:
        downloader.fetch(url)

    assert url in caught.value.message
    assert isinstance(caught.value, DataSourceError)


def test_unknown_expect_value_rejected(downloader):
    with pytest.raises(ValueError, match="expect"):
        downloader.fetch("http://127.0.0.1:1/", expect="parquet")


# -- cancel ------------------------------------------------------------------------------------


def test_cancel_during_slow_download_returns_promptly(server, cache):
    from qgis.core import QgsFeedback

    server.add("/slow.csv", MockResponse(body=CSV, delay_s=20))
    feedback = QgsFeedback()
    downloader = Downloader(cache=cache, feedback=feedback, timeout_s=60)

    thread, outcome = start_in_qthread(lambda: downloader.fetch(server.url("/slow.csv"), expect="csv"))
    time.sleep(0.5)
    cancelled_at = time.monotonic()
    feedback.cancel()
    assert thread.wait(5_000), "the download did not stop within 5 s of the cancel"

    assert isinstance(outcome.error, CancelledError)
    assert outcome.finished_at - cancelled_at < 2.0
    assert cache_files(cache) == []
    assert server.count("/slow.csv") == 1


def test_cancel_during_backoff_stops_retries(server, cache):
    from qgis.core import QgsFeedback

    server.add("/failing.csv", MockResponse(status=503))
    feedback = QgsFeedback()
    downloader = Downloader(cache=cache, feedback=feedback, backoff_s=10)

    thread, outcome = start_in_qthread(lambda: downloader.fetch(server.url("/failing.csv")))
    time.sleep(0.5)
    cancelled_at = time.monotonic()
    feedback.cancel()
    assert thread.wait(5_000)

    assert isinstance(outcome.error, CancelledError)
    assert outcome.finished_at - cancelled_at < 2.0
    assert server.count("/failing.csv") == 1


def test_cancelled_feedback_sends_nothing(server, cache):
    from qgis.core import QgsFeedback

    feedback = QgsFeedback()
    feedback.cancel()

    with pytest.raises(CancelledError):
        Downloader(cache=cache, feedback=feedback).fetch(server.url("/x.csv"))

    assert server.requests == []


# -- politeness and progress -------------------------------------------------------------------


def test_rate_per_host_from_endpoint_file(server, cache, tmp_path, monkeypatch):
    override = tmp_path / "sources.json"
    override.write_text(json.dumps({"test.polite": {"url": server.url("/polite"), "rate_per_s": 5}}))
    monkeypatch.setenv(endpoints.OVERRIDE_ENV, str(override))
    endpoints.clear_cache()
    server.add("/polite", json_response("[]"))
    downloader = Downloader(cache=None)

    for page in range(6):
        downloader.fetch(server.url("/polite"), {"page": page}, source_id="test.polite")

    times = [request.time for request in server.requests]
    assert times[-1] - times[0] >= 0.95
    gaps = [later - earlier for earlier, later in zip(times, times[1:])]
    assert min(gaps) >= 0.15
    endpoints.clear_cache()


def test_progress_text_reaches_feedback(server, cache):
    from qgis.core import QgsProcessingFeedback

    class RecordingFeedback(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.texts, self.infos = [], []

        def setProgressText(self, text):
            self.texts.append(text)

        def pushInfo(self, text):
            self.infos.append(text)

    feedback = RecordingFeedback()
    server.add("/p.csv", MockResponse(body=CSV * 100))

    Downloader(cache=cache, feedback=feedback).fetch(server.url("/p.csv"))

    assert any(server.url("/p.csv") in text for text in feedback.texts)
    assert any("2\u00a0800" in text for text in feedback.infos)


def test_fetch_json_parses_body(server, downloader):
    server.add("/j", json_response('{"features": [1, 2]}'))

    assert downloader.fetch_json(server.url("/j")) == {"features": [1, 2]}


def test_without_cache_body_still_on_disk(server):
    server.add("/n.csv", MockResponse(body=CSV))

    result = Downloader(cache=None).fetch(server.url("/n.csv"))

    assert result.path.read_bytes() == CSV


def test_build_url_encodes_cql_filter():
    url = build_url("http://127.0.0.1/wfs", {"CQL_FILTER": "code_insee IN ('59350','59009')", "COUNT": 5000})

    assert url == "http://127.0.0.1/wfs?COUNT=5000&CQL_FILTER=code_insee%20IN%20('59350','59009')"


def test_from_settings_uses_timeout_and_cache(qgis_app, tmp_path):
    from territorial_health_plugin.toolbelt.settings import SettingsManager

    saved = SettingsManager.load()
    try:
        SettingsManager.set_value("network_timeout_s", 7)
        SettingsManager.set_value("cache_dir", str(tmp_path / "settings-cache"))

        downloader = Downloader.from_settings(mode="cache")

        assert downloader.timeout_s == 7
        assert downloader.mode == "cache"
        assert downloader.cache.folder == tmp_path / "settings-cache"
    finally:
        SettingsManager.save(saved)


def test_errors_are_in_french(french_translator, server, cache):
    downloader = Downloader(cache=cache, mode="cache")

    with pytest.raises(CacheMissError) as missing:
        downloader.fetch(server.url("/absent.csv"), source_id="insee.test")
    with pytest.raises(SourceMovedError) as moved:
        Downloader(cache=cache).fetch(server.url("/old.7z"), source_id="ign.download.contours_iris")

    assert "n'est pas dans le cache" in missing.value.message
    assert "lancez une fois en ligne" in missing.value.message
    assert "a changé d'adresse" in moved.value.message
    assert "TERRITORIAL_HEALTH_SOURCES" in moved.value.message


def test_plain_feedback_object_is_accepted(server, cache):
    """The command line passes a plain object with the feedback's methods, not a QgsFeedback."""

    class Console:
        def __init__(self) -> None:
            self.steps: list[str] = []

        def setProgressText(self, text: str) -> None:  # noqa: N802 - QgsFeedback's API
            self.steps.append(text)

        def isCanceled(self) -> bool:  # noqa: N802 - QgsFeedback's API
            return False

    server.add("/plain-feedback.csv", MockResponse(body=CSV, content_type="text/csv"))
    console = Console()

    result = Downloader(cache=cache, feedback=console).fetch(server.url("/plain-feedback.csv"))

    assert result.path.read_bytes() == CSV
    assert console.steps
