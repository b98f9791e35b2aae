"""Headless Chromium (Debian `chromium` + `chromium-driver`) driven by Selenium, for the explorer's
browser tests, its screenshots and its benchmark. `missing()` says why it cannot start."""
from __future__ import annotations

import importlib.util
import shutil
import tempfile
import time

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")


def binaries() -> tuple[str | None, str | None]:
    browser = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
    return browser, shutil.which("chromedriver")


def missing() -> str:
    """Why no browser test can run here ('' when they can)."""
    if importlib.util.find_spec("selenium") is None:
        return "selenium not installed (pip install -e '.[test]')"
    browser, driver = binaries()
    if browser is None:
        return "chromium not found (apt-get install chromium)"
    if driver is None:
        return "chromedriver not found (apt-get install chromium-driver)"
    return ""


def start(width: int = 1280, height: int = 1000):
    """A fresh headless Chromium with its own profile directory, console logs captured."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    browser, driver = binaries()
    opts = webdriver.ChromeOptions()
    opts.binary_location = browser
    for flag in FLAGS + (f"--window-size={width},{height}", f"--user-data-dir={tempfile.mkdtemp(prefix='rp-chromium-')}"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=opts)


def open_page(drv, path, timeout: float = 20.0) -> None:
    """Load a page from file:// and wait until its script says it is ready."""
    from pathlib import Path
    drv.get(Path(path).resolve().as_uri())
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        state = drv.execute_script("return document.body && document.body.dataset.ready")
        if state == "1":
            return
        if state == "error":
            raise AssertionError(f"the page failed to start: {console_errors(drv)}")
        time.sleep(0.02)
    raise AssertionError(f"the page did not become ready within {timeout} s")


def console_errors(drv) -> list[str]:
    """Console messages of level SEVERE since the last call."""
    return [e["message"] for e in drv.get_log("browser") if e.get("level") == "SEVERE"]


SHOTS = ("explore_play", "explore_strategy", "explore_generator", "explore_lasso", "explore_trace", "explore_class",
         "explore_verdict", "explore_invariant")


def screenshots(outdir, root=None) -> list:
    """One PNG per view of the explorer, from the committed certificates (the README shows them):
    python tests/browser.py docs/figures"""
    from pathlib import Path
    from replayproof.trusted.certificates import read
    from replayproof.explore import write_html
    root = Path(root or Path(__file__).resolve().parent.parent)
    outdir, work = Path(outdir), Path(tempfile.mkdtemp(prefix="rp-shots-"))
    outdir.mkdir(parents=True, exist_ok=True)
    drv, done = start(1100, 2600), []

    def load(name: str) -> None:
        path = work / f"{name}.html"
        write_html(path, read(root / "counterexamples" / f"{name}.json"))
        open_page(drv, path)

    def shot(css: str, name: str) -> None:
        from selenium.webdriver.common.by import By
        drv.find_element(By.CSS_SELECTOR, css).screenshot(str(outdir / f"{name}.png"))
        done.append(outdir / f"{name}.png")

    def click(css: str) -> None:
        from selenium.webdriver.common.by import By
        drv.find_element(By.CSS_SELECTOR, css).click()
    try:
        load("h4_replay")
        for b in ("h2+", "h2+", "h1+", "h1+", "h1+", "h1+", "h1+", "h1+"):
            click(f'button.answer[data-answer="{b}"]')
        shot("#play", "explore_play")
        shot("#strategy", "explore_strategy")
        shot("#verdict", "explore_verdict")
        shot("#class", "explore_class")
        load("h4_no_replay")
        for k, how in ((2, "new"), (6, "new"), (6, "new"), (4, "new"), (5, "new"), (1, "new"), (6, "new"), (2, "repeat")):
            click(f'button.present[data-cell="{k}"][data-how="{how}"]')
        shot("#play", "explore_generator")
        load("verify_h4_telltale")
        click("#all")
        shot("#play", "explore_lasso")
        load("attack_sep51_h3")
        click("#all")
        shot("#play", "explore_trace")
        load("verify_zero_odd_guard")
        shot("#data", "explore_invariant")
        errors = console_errors(drv)
        if errors:
            raise AssertionError(f"console errors: {errors}")
    finally:
        drv.quit()
    return done


if __name__ == "__main__":
    import sys
    why = missing()
    if why:
        raise SystemExit(f"cannot take screenshots: {why}")
    for p in screenshots(sys.argv[1] if len(sys.argv) > 1 else "docs/figures"):
        print(p)
