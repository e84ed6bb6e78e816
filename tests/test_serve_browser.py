"""A nurse at the desk, in a real Chromium, against a real ``docgen serve`` (uvicorn) on 127.0.0.1.

Needs Debian's chromium (/usr/bin/chromium) and Playwright's Python package (Playwright's own
browser download is not used). Without them the test skips with the reason; under
DOCGEN_REQUIRE_SERVICES=1 (.ci/run) it fails instead. It also takes the README's screenshot of the
form (docs/serve-form.png).
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ARGS += ["--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[1]
CLINIC = '[clinic]\nname = "Test Clinic"\nday_phone = "555-0100"\nafter_hours_phone = "555-0199"\n'


def need(what: str) -> None:
    reason = f"{what}: the real-browser test of docgen serve cannot run"
    if os.environ.get("DOCGEN_REQUIRE_SERVICES"):
        pytest.fail(reason)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    try:
        import playwright  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        need("Playwright or uvicorn is not installed (pip install -e '.[test]')")
    if not os.access(CHROMIUM, os.X_OK):
        need(f"{CHROMIUM} is missing (apt-get install chromium)")
    folder = tmp_path_factory.mktemp("serve")
    config = folder / "docgen.toml"
    printing = ""
    if os.environ.get("DOCGEN_TEST_CUPS_SERVER"):  # the desk's printer: .ci/cups.sh's test queue
        queue, where = os.environ["DOCGEN_TEST_CUPS_QUEUE"], os.environ["DOCGEN_TEST_CUPS_SERVER"]
        printing = f'\n[printing]\nqueues = ["{queue}"]\nserver = "{where}"\n'
    config.write_text(f'{CLINIC}\n[audit]\ndatabase = "{folder / "audit.sqlite3"}"\n{printing}')
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = "import sys; from docgen.cli import main; sys.argv[0] = 'docgen'; main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--port", str(port), "--config", str(config)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("docgen serve did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)
        assert proc.stderr is not None
        log = proc.stderr.read().decode()
        proc.stderr.close()
        assert "POST /preview 200" in log
        for value in ("Wanda", "Okonkwo", "ZZ445566", "1961-07-09"):
            assert value not in log  # not even in the server's log lines


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page(browser: object) -> object:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 1000, "height": 900}, accept_downloads=True)
    context.set_default_timeout(60_000)
    return context.new_page()


def fill_as_a_nurse(page: object, server: str, dob: str, document: str = "aftercare") -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.goto(server + "/")
    page.get_by_label("Patient's full name").fill("Wanda Okonkwo")
    page.get_by_label("Date of birth").fill(dob)  # a date input: the picker's value
    page.get_by_label("Medical record number (MRN)").fill("ZZ445566")
    page.get_by_label("Procedure", exact=True).select_option("si-joint-injection")
    page.get_by_text("LEFT side", exact=True).click()
    page.get_by_label("Procedure date").fill("2026-12-03")
    page.get_by_label("Documents to print").select_option(document)


def test_a_nurse_fills_the_form_previews_downloads_and_prints_a_packet(page: object, server: str) -> None:
    from cups_server import cups, job_attributes, spooled
    from playwright.sync_api import Page
    from pypdf import PdfReader

    assert isinstance(page, Page)
    cups_server, queue, spool = cups()
    fill_as_a_nurse(page, server, "1961-07-09", "packet")
    assert page.locator("#side-left").is_checked()
    shot = ROOT / "docs" / "serve-form.png"
    page.screenshot(path=str(shot), full_page=True)
    page.get_by_role("button", name="Make documents").click()
    page.wait_for_selector("#p-ids")
    assert page.locator("#p-name").inner_text() == "Wanda Okonkwo"
    assert page.locator("#p-mrn").inner_text() == "ZZ445566"
    assert page.locator("#p-side").inner_text() == "LEFT side"
    doc_id = page.locator("#p-ids").inner_text()
    with page.expect_download() as info:
        page.locator("#download").click()
    data = Path(info.value.path()).read_bytes()
    pages = PdfReader(io.BytesIO(data)).pages
    text = "".join(p.extract_text() for p in pages)
    assert "Wanda Okonkwo" in text and "ZZ445566" in text
    assert len(doc_id.split(", ")) == 4 and all(i in text for i in doc_id.split(", "))
    # Print on the desk's printer: the page names the job, and CUPS holds exactly the downloaded PDF.
    page.get_by_label("Printer").select_option(queue)
    page.get_by_role("button", name="Print", exact=True).click()
    status = page.get_by_role("status").inner_text()
    assert f"Sent to the printer {queue}: job {queue}-" in status
    job_id = status.split("job ", 1)[1].rstrip(".")
    assert "sides (keyword) = two-sided-long-edge" in job_attributes(cups_server, job_id)
    assert spooled(spool, job_id) == data
    assert page.locator("#p-name").inner_text() == "Wanda Okonkwo"  # still the same patient shown


def test_a_wrong_date_of_birth_is_marked_next_to_the_field(page: object, server: str) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    fill_as_a_nurse(page, server, "2027-01-05")  # after the procedure date
    page.get_by_role("button", name="Make documents").click()
    message = page.locator("#err-dob")
    assert "after the procedure date" in message.inner_text()
    assert "err-dob" in (page.locator("#dob").get_attribute("aria-describedby") or "")
    assert page.locator("#dob").input_value() == "2027-01-05"
    assert page.get_by_label("Patient's full name").input_value() == "Wanda Okonkwo"
    assert page.locator("#side-left").is_checked()


def test_the_form_works_with_javascript_off(browser: object, server: str) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    fill_as_a_nurse(page, server, "1961-07-09")
    page.get_by_role("button", name="Make documents").click()
    assert page.locator("#p-side").inner_text() == "LEFT side"
    context.close()


def axe_violations(page: object) -> list[str]:
    """axe-core (bundled by the axe-playwright-python package) run on the page for WCAG 2.1 A and AA."""
    import importlib.util

    from playwright.sync_api import Page

    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        need("axe-playwright-python (axe-core) is not installed (pip install -e '.[test]')")
    assert isinstance(page, Page) and spec is not None and spec.origin is not None
    page.add_script_tag(path=str(Path(spec.origin).parent / "axe.min.js"))
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        tags,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(str(n['target']) for n in v['nodes'])}"
        for v in result["violations"]
    ]


def test_the_form_and_preview_pass_axe_core_wcag21_aa(browser: object, server: str) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(bypass_csp=True)  # to inject axe; the app's CSP allows no scripts
    page = context.new_page()
    page.goto(server + "/")
    assert axe_violations(page) == []  # the blank form
    fill_as_a_nurse(page, server, "2027-01-05")  # a wrong date of birth: messages next to fields
    page.get_by_role("button", name="Make documents").click()
    page.wait_for_selector("#err-dob")
    assert axe_violations(page) == []  # the form with a message
    fill_as_a_nurse(page, server, "1961-07-09")
    page.get_by_role("button", name="Make documents").click()
    page.wait_for_selector("#p-name")
    assert axe_violations(page) == []  # the preview
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input id=bad>')")
    assert any(v.startswith("label ") for v in axe_violations(page))  # axe does find a real fault
    context.close()


def test_a_nurse_can_do_it_all_with_the_keyboard(browser: object, server: str) -> None:
    """Keyboard only: Tab moves through the fields in reading order, arrows pick the side, Enter
    submits, and focus is always visible (an outline or a ring)."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "/")
    order = []
    page.keyboard.press("Tab")
    for _ in range(40):
        focused = page.evaluate(
            "() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.id || e.textContent.trim(),"
            " s.outlineStyle !== 'none' || s.boxShadow !== 'none', s.outlineStyle + s.boxShadow] }"
        )
        order.append(focused[0])
        assert focused[1], f"no visible focus on {focused[0]}: {focused[2]} {order}"
        if focused[0] == "Make documents":
            break
        page.keyboard.press("Tab")
    fields = [x for x in dict.fromkeys(order) if x in ("name", "dob", "mrn", "procedure", "date", "document")]
    assert fields == ["name", "dob", "mrn", "procedure", "date", "document"], order
    assert any(x.startswith("side-") for x in order) and order[-1] == "Make documents", order

    for field, keys in (("name", "Wanda Okonkwo"), ("dob", "07091961"), ("mrn", "ZZ445566")):
        page.locator(f"#{field}").focus()
        page.keyboard.type(keys)  # a date input takes the digits in the locale's order (en-US)
    page.locator("#procedure").focus()
    page.keyboard.type("Sacro")  # a select jumps to the typed option
    page.keyboard.press("Tab")  # into the side buttons
    assert page.evaluate("document.activeElement.id").startswith("side-")
    page.keyboard.press("ArrowRight")  # arrows move along the buttons
    page.keyboard.press("Space")
    picked = page.evaluate("document.querySelector('input[name=side]:checked')?.id")
    page.locator("#date").focus()
    page.keyboard.type("12032026")
    page.keyboard.press("Enter")
    page.wait_for_selector("#p-name")
    assert page.locator("#p-name").inner_text() == "Wanda Okonkwo"
    assert page.locator("#p-dob").inner_text() == "1961-07-09"
    assert picked and page.locator("#p-side").inner_text().lower().startswith(picked.split("-")[1])
    context.close()
