"""Find the URLs an abstract mentions and tell code repositories from project pages."""
from __future__ import annotations

import re
from typing import Iterator
from urllib.parse import urlsplit

from kg.model import Link

REPOSITORY_HOSTS = frozenset({"github.com", "gitlab.com", "bitbucket.org", "huggingface.co"})
_URL_CHAR = r"[^\s<>\"'{}|\\^`\[\]]"
# Bare hosts are accepted only where a scheme is routinely dropped, so "e.g." never matches.
_URL = re.compile(
    rf"(?:https?://|(?<![\w.@/-])(?:www\.|(?:github\.com|gitlab\.com|bitbucket\.org|huggingface\.co)/"
    rf"|[\w-]+\.github\.io\b)){_URL_CHAR}*",
    re.IGNORECASE,
)
# Scanning with the full IGNORECASE pattern costs ~70 µs an abstract; substring tests and
# case-sensitive anchors in the lower-cased text find the few places worth trying it.
_HINTS = ("://", "www.", "github.com/", "gitlab.com/", "bitbucket.org/", "huggingface.co/",
          ".github.io")
_ANCHOR = re.compile(
    r"https?://|www\.|(?:github\.com|gitlab\.com|bitbucket\.org|huggingface\.co)/|\.github\.io"
)
_TRAILING = ".,;:!?*'\""
_CLOSERS = {")": "(", "]": "["}


def extract_links(text: str) -> list[Link]:
    """Every distinct URL in `text`, in order, with trailing punctuation removed."""
    links: list[Link] = []
    seen: set[str] = set()
    for match in _url_matches(text):
        url = _with_scheme(_strip_trailing(match.group(0)))
        if url is None or url in seen:
            continue
        seen.add(url)
        links.append(Link(url=url, kind=link_kind(url)))
    return links


def link_kind(url: str) -> str:
    """"repository" for an owner/name path on a code host, else "project"."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    return "repository" if host in REPOSITORY_HOSTS and len(segments) >= 2 else "project"


def _url_matches(text: str) -> Iterator[re.Match[str]]:
    lower = text.lower()
    if not any(hint in lower for hint in _HINTS):
        return
    if len(lower) != len(text):
        yield from _URL.finditer(text)
        return
    end = 0
    for anchor in _ANCHOR.finditer(lower):
        start = anchor.start()
        if start < end:
            continue
        if anchor.group().startswith("."):
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-_"):
                start -= 1
        match = _URL.match(text, start)
        if match:
            end = match.end()
            yield match


def _strip_trailing(url: str) -> str:
    while url:
        last = url[-1]
        if last in _TRAILING:
            url = url[:-1]
        elif last in _CLOSERS and url.count(last) > url.count(_CLOSERS[last]):
            url = url[:-1]
        else:
            break
    return url


def _with_scheme(url: str) -> str | None:
    if not re.match(r"https?://", url, re.IGNORECASE):
        url = "https://" + url
    host = urlsplit(url).netloc
    return url if "." in host else None


def repository_id(url: str) -> tuple[str, str]:
    """A stable id and host for a code or project URL (GitHub repos keep owner/name only)."""
    parsed = urlsplit(url if "://" in url else f"https://{url}")
    host = parsed.netloc.lower().removeprefix("www.")
    parts = [p for p in parsed.path.split("/") if p]
    if host in {"github.com", "gitlab.com", "bitbucket.org"}:
        parts = parts[:2]
    path = "/".join(parts).lower().removesuffix(".git")
    return f"repo:{host}/{path}".rstrip("/"), host
