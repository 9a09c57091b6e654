"""Swagger UI under /v1 works in a real browser: headless Chromium loads it from a live server, the operations of
the spec are listed, and one operation runs from the page against the seeded database.

Browser: Debian's `chromium` and `chromium-driver` (apt; the driver is built for that very browser, so the
versions always match), driven by Python selenium. selenium rather than npm playwright-core: the test stays a
plain pytest module with no node runtime or npm download, and selenium needs nothing but the driver binary
(no browser download: we point it at /usr/bin/chromedriver, so Selenium Manager never runs).

Without Chromium the test skips, unless OPENAUDIO_BROWSER_TESTS=required (as .ci/run sets), where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from openaudio_api import ids
from tests.samples import LiveServer

REQUIRED = os.environ.get("OPENAUDIO_BROWSER_TESTS") == "required"
# OPENAUDIO_CHROMIUM / OPENAUDIO_CHROMEDRIVER name other binaries (tests/test_browser_skip.py points them at
# nothing to check the skip path on a machine that has Chromium).
CHROMIUM = os.environ.get("OPENAUDIO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = os.environ.get("OPENAUDIO_CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
# Swagger UI renders asynchronously (fetches the spec, then the response of Execute): bounded waits.
WAIT_SECONDS = 15
# Swagger UI's element ids are operations-<tag>-<operationId>; a few from each tag of the spec.
LISTED = ("operations-tracks-getTrack", "operations-tracks-searchTracks", "operations-users-getUserTracks",
          "operations-users-getUserByHandle", "operations-health-getHealthCheck")


def _flags(profile: str) -> list[str]:
    # As root Chromium refuses to start without --no-sandbox. The network is closed here: without the
    # background-networking, component-update and sync switches Chromium keeps retrying refused connections
    # and page loads hang behind them. A fresh profile per run, so no state leaks between runs.
    return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1280,2000", f"--user-data-dir={profile}"]


@pytest.fixture
def browser(tmp_path):
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        reason = "needs chromium and chromium-driver (apt-get install chromium chromium-driver)"
        if REQUIRED:
            pytest.fail(f"{reason} (OPENAUDIO_BROWSER_TESTS=required)")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in _flags(str(tmp_path / "chromium-profile")):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER, log_output=str(tmp_path / "chromedriver.log")),
                              options=options)
    driver.set_page_load_timeout(WAIT_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def live(seeded_url, tmp_path):
    server = LiveServer(seeded_url, tmp_path / "server.log")
    yield server
    server.stop()


def _public_track(url: str) -> tuple[int, str]:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT track_id, title FROM tracks WHERE is_current AND NOT is_unlisted "
                            "AND NOT is_delete ORDER BY track_id LIMIT 1").fetchone()


def test_swagger_ui_lists_the_spec_and_runs_an_operation(browser, live, seeded_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, WAIT_SECONDS)
    browser.get(f"{live.base_url}/v1")
    assert urlsplit(browser.current_url).path == "/v1/ui/"

    # The operations are rendered from the contract as we serve it, byte for byte.
    for element_id in LISTED:
        wait.until(ready.presence_of_element_located((By.ID, element_id)))
    assert browser.find_element(By.CSS_SELECTOR, "#operations-tracks-getTrack .opblock-summary-path") \
        .get_attribute("data-path") == "/tracks/{track_id}"
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert f"{live.base_url}/v1/swagger.yaml" in loaded, loaded
    # Swagger UI's own JS and CSS come from connexion's bundled copy on this server: nothing from a CDN.
    assert {urlsplit(u).netloc for u in loaded} == {urlsplit(live.base_url).netloc}, loaded
    assert any(u.endswith("/v1/ui/swagger-ui-bundle.js") for u in loaded), loaded
    assert any(u.endswith("/v1/ui/swagger-ui.css") for u in loaded), loaded

    track_id, title = _public_track(seeded_url)
    operation = browser.find_element(By.ID, "operations-tracks-getTrack")
    operation.find_element(By.CSS_SELECTOR, ".opblock-summary").click()
    wait.until(ready.element_to_be_clickable((By.CSS_SELECTOR, "#operations-tracks-getTrack .try-out__btn"))).click()
    field = wait.until(ready.visibility_of_element_located(
        (By.CSS_SELECTOR, "#operations-tracks-getTrack tr[data-param-name='track_id'] input")))
    field.send_keys(ids.encode(track_id))
    operation.find_element(By.CSS_SELECTOR, ".execute").click()

    status = wait.until(ready.visibility_of_element_located(
        (By.CSS_SELECTOR, "#operations-tracks-getTrack .live-responses-table tr.response .response-col_status")))
    assert status.text.strip() == "200"
    body = operation.find_element(By.CSS_SELECTOR, ".live-responses-table tr.response .response-col_description pre").text
    data = json.loads(body)["data"]
    assert (data["id"], data["title"]) == (ids.encode(track_id), title)
    # The request URL Swagger UI shows is the live server's, under the spec's /v1 server.
    assert f"{live.base_url}/v1/tracks/{ids.encode(track_id)}" in operation.text
