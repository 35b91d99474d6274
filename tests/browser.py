"""Debian's chromium driven by Playwright for Python (``executable_path``: Playwright's own browser
download does not work here), for the real-browser tests; skipped, saying why, where either is
missing (``make test`` installs chromium as root with apt-get, as it does bubblewrap)."""
import contextlib
import importlib.util
import os
import shutil

import pytest

CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')
# Headless, no sandbox (as root), and none of chromium's own connections: on a closed network
# they are refused, many at a time.
ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync']
SCREENSHOTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'build',
                           'screenshots')


def _missing():
    if importlib.util.find_spec('playwright') is None:
        return 'Playwright for Python is not installed (pip install -e ".[test]")'
    if CHROMIUM is None:
        return 'chromium is not installed (make test installs it as root with apt-get)'
    return None


needs_browser = pytest.mark.skipif(_missing() is not None, reason=_missing() or '')


@contextlib.contextmanager
def browser_page(width=1400, height=1000):
    """A new page of a headless chromium, closed afterwards."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser.new_page(viewport={'width': width, 'height': height})
        finally:
            browser.close()


def screenshot(page, name):
    """Save the page as ``build/screenshots/NAME.png``, for people to look at; return the path."""
    os.makedirs(SCREENSHOTS, exist_ok=True)
    path = os.path.join(SCREENSHOTS, name + '.png')
    page.screenshot(path=path, full_page=False)
    return path
