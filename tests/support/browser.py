"""Helpers for the browser tests: open a written page in headless Chromium and inspect it."""
from __future__ import annotations

import io
import time
from pathlib import Path

from PIL import Image

from support.chromium import Chromium, Page

NODE_POINT_JS = """(() => {
  const net = kgView.network, id = %s;
  const dom = net.canvasToDOM(net.getPositions([id])[id]);
  const box = document.getElementById('mynetwork').getBoundingClientRect();
  return [box.left + dom.x, box.top + dom.y];
})()"""


def open_view(browser: Chromium, page_path: Path) -> Page:
    """A new tab showing the page, returned once vis-network has drawn it."""
    page = browser.new_page()
    page.goto(page_path.resolve().as_uri())
    page.wait_for("window.kgView && window.kgView.drawn", timeout=30)
    return page


def external_requests(page: Page) -> list[str]:
    """Requests the page made that were not to a local file or inline data."""
    return [url for url in page.requests if not url.startswith(("file:", "data:"))]


def node_point(page: Page, node: str, timeout: float = 10.0) -> tuple[float, float]:
    """Viewport coordinates of a node's centre, once the view has stopped moving (a mode change
    animates the view to fit; on a busy machine a point read mid-animation lands elsewhere)."""
    script = NODE_POINT_JS % repr(node).replace("'", '"')
    last = page.evaluate(script)
    deadline = time.monotonic() + timeout
    while True:
        time.sleep(0.2)
        now = page.evaluate(script)
        if now == last or time.monotonic() > deadline:
            return now[0], now[1]
        last = now


def search_for(page: Page, text: str) -> dict:
    """Type into the search box, press Enter and return the view's state."""
    page.evaluate(f"""(() => {{ const box = document.getElementById('kg-search'); box.value = {text!r};
        box.dispatchEvent(new Event('input'));
        box.dispatchEvent(new KeyboardEvent('keydown', {{key: 'Enter'}})); }})()""")
    return page.evaluate("kgView.state()")


def click_control(page: Page, selector: str) -> dict:
    """Click a control on the page and return the view's state."""
    page.evaluate(f"document.querySelector({selector!r}).click()")
    return page.evaluate("kgView.state()")


def distinct_colours(png: bytes) -> int:
    """How many different colours a PNG holds (a blank page has one or two)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return len(image.getcolors(maxcolors=1 << 24))


def set_mode(page: Page, mode: str) -> dict:
    """Choose the page's view ("overview" or "graph") as a user does, and return the view's state."""
    page.evaluate(f"""(() => {{ const s = document.getElementById('kg-mode'); s.value = {mode!r};
        s.dispatchEvent(new Event('change')); }})()""")
    return page.evaluate("kgView.state()")


def set_min_papers(page: Page, n: int) -> dict:
    """Type a number in the minimum-papers box and return the view's state."""
    page.evaluate(f"""(() => {{ const box = document.getElementById('kg-min-papers'); box.value = '{n}';
        box.dispatchEvent(new Event('change')); }})()""")
    return page.evaluate("kgView.state()")


def click_node(page: Page, node: str) -> dict:
    """Click a drawn node with the mouse and return the view's state once it is selected."""
    x, y = node_point(page, node)
    page.mouse("mousePressed", x, y)
    page.mouse("mouseReleased", x, y)
    return page.wait_for(f"kgView.state().selected === {node!r} && kgView.state()".replace("'", '"'), timeout=10)


def overlapping_labels(page: Page) -> list[tuple[str, str]]:
    """Pairs of drawn nodes whose label rectangles overlap (by more than a pixel)."""
    boxes = page.evaluate("kgView.labelBoxes()")
    return [(a["id"], b["id"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1
            and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1]
