"""Drive headless Chromium over the DevTools protocol through a pipe (no network port, no extra package).

Used by the page tests, benchmarks/bench_html.py and scripts/screenshot.py; not part of the kg package.
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from kg.errors import KGError


class BrowserError(KGError):
    """Headless Chromium cannot be started or driven."""

    fix = "check that Chromium is installed (`apt-get install -y chromium`) or set CHROMIUM to its path"


# Flags that keep Chromium from reaching the network or doing background work of its own.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--disable-dev-shm-usage",
    "--no-default-browser-check", "--hide-scrollbars", "--mute-audio",
    "--remote-debugging-pipe",
)
CANDIDATES = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str:
    """Path of the Chromium binary: $CHROMIUM, else Debian's, else the first on PATH."""
    for name in (os.environ.get("CHROMIUM"), *CANDIDATES):
        found = name and (name if os.access(name, os.X_OK) else shutil.which(name))
        if found:
            return found
    raise BrowserError("Chromium was not found")


class Page:
    """One browser tab attached as a flat DevTools session; records what the page requested and logged."""

    def __init__(self, browser: Chromium, session: str, target: str) -> None:
        self.browser, self.session, self.target = browser, session, target
        self.requests: list[str] = []
        self.errors: list[str] = []

    def send(self, method: str, timeout: float = 30.0, **params: Any) -> dict:
        """Call a DevTools method in this tab and return its result."""
        return self.browser.send(method, params, session=self.session, timeout=timeout)

    def record(self, event: dict) -> None:
        """Keep network requests, console errors and uncaught exceptions of this tab."""
        method, params = event["method"], event.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params["args"]))
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.errors.append(details.get("exception", {}).get("description") or details.get("text", ""))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            self.errors.append(params["entry"]["text"])

    def goto(self, url: str, timeout: float = 60.0) -> None:
        """Navigate and wait for the load event."""
        self.browser.drain()
        loaded = self.browser.expect("Page.loadEventFired", self.session)
        self.send("Page.navigate", url=url)
        if not loaded.wait(timeout):
            raise BrowserError(f"{url} did not finish loading in {timeout:.0f}s")

    def evaluate(self, expression: str, timeout: float = 60.0) -> Any:
        """Value of a JavaScript expression in the page (promises are awaited)."""
        reply = self.send("Runtime.evaluate", timeout=timeout, expression=expression,
                          returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in reply:
            raise BrowserError(f"script failed: {reply['exceptionDetails'].get('exception', {}).get('description')}")
        return reply["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 60.0) -> Any:
        """Poll a JavaScript expression until it is truthy and return its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.05)
        raise BrowserError(f"page never satisfied `{expression}` within {timeout:.0f}s")

    def mouse(self, kind: str, x: float, y: float) -> None:
        """Send a real mouse event (mouseMoved, mousePressed, mouseReleased) at viewport coordinates."""
        extra = {"button": "left", "clickCount": 1} if kind != "mouseMoved" else {}
        self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, **extra)

    def screenshot(self) -> bytes:
        """PNG of the visible viewport."""
        return base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"])

    def close(self) -> None:
        """Close the tab."""
        self.browser.send("Target.closeTarget", {"targetId": self.target})


class _Waiter:
    """A one-shot event that a DevTools event sets."""

    def __init__(self, method: str, session: str | None) -> None:
        self.method, self.session, self.flag = method, session, threading.Event()

    def wait(self, timeout: float) -> bool:
        """True once the event arrived."""
        return self.flag.wait(timeout)


class Chromium:
    """A headless Chromium with a fresh profile; use as a context manager."""

    def __init__(self, width: int = 1400, height: int = 900) -> None:
        self.width, self.height = width, height
        self.profile = tempfile.TemporaryDirectory(prefix="kg-chromium-")
        self.replies: dict[int, queue.Queue] = {}
        self.pages: dict[str, Page] = {}
        self.waiters: list[_Waiter] = []
        self.lock = threading.Lock()
        self.next_id = 0
        self._start()

    def _start(self) -> None:
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()

        def wire_fds() -> None:  # the protocol fixes the pipe on the child's fds 3 (in) and 4 (out)
            high_in, high_out = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_child, from_child))
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        args = [find_chromium(), *FLAGS, f"--user-data-dir={self.profile.name}",
                f"--window-size={self.width},{self.height}", "about:blank"]
        try:
            self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL, pass_fds=(3, 4), preexec_fn=wire_fds)
        except OSError as exc:
            raise BrowserError(f"cannot start Chromium: {exc}") from exc
        os.close(to_child)
        os.close(from_child)
        self.writer = os.fdopen(from_parent, "wb")
        self.reader = os.fdopen(to_parent, "rb")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buffer = b""
        while chunk := self.reader.read1(1 << 20):
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for raw in messages:
                self._dispatch(json.loads(raw))

    def _dispatch(self, message: dict) -> None:
        if "id" in message:
            self.replies.setdefault(message["id"], queue.Queue()).put(message)
            return
        page = self.pages.get(message.get("sessionId", ""))
        if page:
            page.record(message)
        with self.lock:
            for waiter in self.waiters:
                if waiter.method == message["method"] and waiter.session == message.get("sessionId"):
                    waiter.flag.set()

    def expect(self, method: str, session: str | None = None) -> _Waiter:
        """Register interest in the next event of this kind before triggering it."""
        waiter = _Waiter(method, session)
        with self.lock:
            self.waiters.append(waiter)
        return waiter

    def drain(self) -> None:
        """Forget waiters that already fired."""
        with self.lock:
            self.waiters = [w for w in self.waiters if not w.flag.is_set()]

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30.0) -> dict:
        """Call a DevTools method and return its result; protocol errors raise BrowserError."""
        with self.lock:
            self.next_id += 1
            msg_id = self.next_id
            box = self.replies.setdefault(msg_id, queue.Queue())
        message = {"id": msg_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            self.writer.write(json.dumps(message).encode() + b"\0")
            self.writer.flush()
            reply = box.get(timeout=timeout)
        except (OSError, queue.Empty) as exc:
            raise BrowserError(f"Chromium did not answer {method}") from exc
        finally:
            self.replies.pop(msg_id, None)
        if "error" in reply:
            raise BrowserError(f"{method} failed: {reply['error'].get('message')}")
        return reply.get("result", {})

    def new_page(self) -> Page:
        """Open a blank tab with page, runtime, network and log events recorded."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session, target)
        self.pages[session] = page
        for domain in ("Page", "Runtime", "Network", "Log"):
            page.send(f"{domain}.enable")
        page.send("Emulation.setDeviceMetricsOverride", width=self.width, height=self.height,
                  deviceScaleFactor=1, mobile=False)
        return page

    def close(self) -> None:
        """Stop the browser and remove its profile."""
        try:
            self.send("Browser.close", timeout=5)
        except BrowserError:
            self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.writer.close()
        self.profile.cleanup()

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def render_png(html: Path, png: Path, width: int = 1400, height: int = 900, timeout: float = 120.0,
               script: str | None = None) -> Path:
    """Open a page written by write_html in headless Chromium and save a PNG once it is drawn
    (after running `script` in the page, and the frame it asks for, when given)."""
    with Chromium(width, height) as browser:
        page = browser.new_page()
        page.goto(html.resolve().as_uri(), timeout=timeout)
        page.wait_for("window.kgView && window.kgView.drawn", timeout=timeout)
        if script:
            page.evaluate(script, timeout=timeout)
            page.wait_for("new Promise(r => requestAnimationFrame(() => setTimeout(() => r(true), 0)))")
        png.write_bytes(page.screenshot())
    return png
