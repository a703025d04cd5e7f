"""Open a local HTML file in headless Chromium over the DevTools protocol, as a reader would:
its rendered DOM, a full-page screenshot, what it logged to the console, and every request it
made that is not to the file itself.

Used by the report's browser test. Needs Debian's ``chromium`` (``.ci/run`` installs it where the
machine allows) and ``websocket-client`` (dev extra); :func:`why_unavailable` says why not.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def chromium_path() -> str | None:
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def why_unavailable() -> str | None:
    """None when a page can be opened here, else the reason."""
    if chromium_path() is None:
        return "no chromium on PATH (Debian: apt-get install chromium)"
    try:
        import websocket  # noqa: F401
    except ImportError:
        return "websocket-client is not installed (pip install -e '.[dev]')"
    return None


@dataclass
class PageVisit:
    dom: str = ""
    screenshot: bytes = b""
    console: list[dict[str, Any]] = field(default_factory=list)  # level, text
    requests: list[str] = field(default_factory=list)  # URLs other than the page's own
    width: int = 0
    height: int = 0


class _DevTools:
    def __init__(self, url: str) -> None:
        import websocket

        self.socket = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, method: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {method} within {timeout} s")
            self.events.append(json.loads(self.socket.recv()))


def _devtools_url(process: subprocess.Popen[str], profile: Path) -> str:
    """The page target's websocket, once Chromium has written its DevTools port."""
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 30
    while not port_file.exists() or not port_file.read_text().strip():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("chromium did not start its DevTools server")
        time.sleep(0.1)
    port = port_file.read_text().split()[0]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
        targets = json.load(response)
    return next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")


def visit(path: Path, *, width: int = 1200) -> PageVisit:
    """Open ``path``, wait for it to load, and record what a reader would see and what it did."""
    page_url = path.resolve().as_uri()
    # chromium's helper processes may still write to the profile as it closes: a leftover file
    # must not fail the visit
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        process = subprocess.Popen(
            [
                chromium_path() or "chromium",
                "--headless",
                "--no-sandbox",  # as root in CI
                "--disable-gpu",
                "--no-first-run",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile}",
                f"--window-size={width},900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            devtools = _DevTools(_devtools_url(process, Path(profile)))
            for domain in ("Page", "Runtime", "Log", "Network"):
                devtools.call(f"{domain}.enable")
            devtools.call("Page.navigate", url=page_url)
            devtools.wait_for("Page.loadEventFired")
            result = PageVisit()
            result.dom = devtools.call(
                "Runtime.evaluate", expression="document.documentElement.outerHTML"
            )["result"]["value"]
            size = devtools.call("Page.getLayoutMetrics")["cssContentSize"]
            result.width, result.height = int(size["width"]), int(size["height"])
            shot = devtools.call(
                "Page.captureScreenshot",
                format="png",
                captureBeyondViewport=True,
                clip={"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
            )
            result.screenshot = base64.b64decode(shot["data"])
            devtools.socket.close()
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    for event in devtools.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
            result.console.append({"level": params["type"], "text": text})
        elif method == "Runtime.exceptionThrown":
            result.console.append({"level": "error", "text": str(params["exceptionDetails"])})
        elif method == "Log.entryAdded":
            entry = params["entry"]
            result.console.append({"level": entry["level"], "text": entry["text"]})
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if url != page_url and not url.startswith("data:"):
                result.requests.append(url)
    return result
