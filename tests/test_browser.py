"""The web page in a real headless Chromium (Debian's package, driven by Playwright).

Skips when /usr/bin/chromium (or $SITREP_CHROMIUM) or the playwright package is missing; never
downloads a browser.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("SITREP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--disable-dev-shm-usage"]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not os.path.exists(CHROMIUM):
    pytest.skip(f"no chromium at {CHROMIUM}", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from sitrep.api import create_app
    from test_api import make_db

    path = tmp_path_factory.mktemp("web") / "events.duckdb"
    ids = make_db(path)
    app = create_app(path)
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not th.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", ids
    srv.should_exit = True
    th.join(10)
    app.state.store.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        try:
            b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        except Exception as exc:  # a broken chromium install: skip, do not fail the suite
            pytest.skip(f"chromium does not start: {exc}")
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    base, _ = server
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.external = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    host = urlparse(base).netloc

    def guard(route):  # the page must work offline: refuse and record anything not local
        if urlparse(route.request.url).netloc != host:
            pg.external.append(route.request.url)
            return route.abort()
        return route.continue_()

    pg.route("**/*", guard)
    yield pg
    ctx.close()


def wait_ready(page, after: str = "0") -> str:
    page.wait_for_function(f"() => Number(document.body.dataset.ready || 0) > {after}", timeout=15000)
    return page.evaluate("document.body.dataset.ready")


def marker_count(page) -> int:
    """Events on the map: single markers plus the counts of clusters."""
    return page.evaluate("""() => {
        let n = document.querySelectorAll('#map path.leaflet-interactive').length;
        document.querySelectorAll('#map .marker-cluster span').forEach(s => n += parseInt(s.textContent, 10) || 0);
        return n;
    }""")


def test_map_filter_and_evidence(page, server):
    base, ids = server
    page.goto(base + "/")
    ready = wait_ready(page)
    page.wait_for_function("() => document.querySelectorAll('#events tbody tr').length === 5")
    page.wait_for_function(
        "() => document.querySelectorAll('#map path.leaflet-interactive, #map .marker-cluster').length > 0")
    assert marker_count(page) == 5
    # the basemap (Natural Earth countries) is drawn from the bundled file
    page.wait_for_function("() => document.querySelectorAll('#map path:not(.leaflet-interactive)').length > 100")
    # the timeline has bars
    assert page.locator("#timeline rect").count() >= 4
    assert "5 events" in page.locator("#status").inner_text()

    # filter by type
    page.select_option("#f-type", "Protests")
    ready = wait_ready(page, ready)
    page.wait_for_function("() => document.querySelectorAll('#events tbody tr').length === 1")
    assert marker_count(page) == 1
    assert "Nairobi" in page.locator("#events tbody").inner_text()
    assert "event_type=Protests" in page.get_attribute("#dl-csv", "href")
    assert "event_type=Protests" in page.get_attribute("#dl-geojson", "href")

    # open the event: its report with the evidence highlighted
    page.click("#events tbody tr")
    page.wait_for_selector("#report mark")
    assert page.locator("#panel").get_attribute("data-event-id") == ids["protest"]
    assert page.locator("#report mark").first.inner_text().startswith("Thousands of protesters marched")
    assert "Nairobi protest" in page.locator("#panel").inner_text()

    # back to all types; sort the table by fatalities
    page.select_option("#f-type", "")
    ready = wait_ready(page, ready)
    page.wait_for_function("() => document.querySelectorAll('#events tbody tr').length === 5")
    page.click("#events th[data-col=fatalities]")
    page.wait_for_function("() => document.querySelector('#events tbody tr td.num').textContent === '4'")

    # a report with two events: the other event's evidence is marked too, and clicking a marker opens it
    page.evaluate(f"window.sitrep.openEvent({ids['clash']!r})")
    page.wait_for_selector("#report mark.other")
    assert "Russian forces clashed" in page.locator("#report mark:not(.other)").inner_text()
    assert "drone strike" in page.locator("#report mark.other").inner_text()
    assert not page.errors, page.errors
    assert not page.external, page.external


def test_timeline_brush_filters_dates(page, server):
    base, _ = server
    page.goto(base + "/")
    ready = wait_ready(page)
    page.wait_for_function("() => document.querySelectorAll('#events tbody tr').length === 5")
    box = page.locator("#timeline").bounding_box()
    # drag over the right-hand part of the timeline (the June protest is the latest event)
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.8, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.9, y, steps=4)
    page.mouse.move(box["x"] + box["width"] - 1, y, steps=4)
    page.mouse.up()
    wait_ready(page, ready)
    page.wait_for_function("() => document.querySelectorAll('#events tbody tr').length === 1")
    assert page.locator("#f-dates").inner_text().strip() != ""
    assert "Nairobi" in page.locator("#events tbody").inner_text()
    assert "date_from=" in page.get_attribute("#dl-csv", "href")
    assert not page.errors, page.errors


def test_report_markup_renders_as_text(page, server):
    base, ids = server
    page.goto(base + "/")
    wait_ready(page)
    page.evaluate(f"window.sitrep.openEvent({ids['xss']!r})")
    page.wait_for_selector("#report mark")
    report = page.locator("#report")
    text = report.inner_text()
    assert "<script>window.__pwned=1</script>" in text
    assert '<img src=x onerror="window.__pwned=2">' in text
    assert report.locator("script, img").count() == 0
    panel = page.locator("#panel")
    assert panel.locator("script, img, b").count() == 0
    assert '<b onmouseover="x()">bold</b> title' in panel.inner_text()
    assert "<script>alert(1)</script>" in panel.inner_text()  # the outlet's name, as text
    # and in the table
    page.fill("#f-q", "Shelling hit")
    page.wait_for_function("() => document.querySelectorAll('#events tbody tr').length === 1")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not page.external, page.external
