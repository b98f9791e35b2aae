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
