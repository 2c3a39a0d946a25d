"""Names inside longer names, which overlap resolution would otherwise swallow: PPO inside
"Policy Filtration for Proximal Policy Optimization (PF-PPO)"."""
from __future__ import annotations

from ..text.docview import DocView
from .acronyms import Acronym
from .candidate import HEAD, Candidate
from .cues import head_type, head_word


def inner_acronym_candidates(view: DocView, defined: list[Acronym]) -> list[Candidate]:
    """"Policy Filtration for Proximal Policy Optimization (PF-PPO)": the part after "for",
    "of" or "with" whose initials spell a hyphen part of the short form is a name of its own."""
    out = []
    for a in defined:
        parts = a.short.split("-")
        if len(parts) < 2:
            continue
        for k in range(a.long_start + 1, a.long_end - 1):
            if view.lowers[k] not in ("for", "of", "with"):
                continue
            words = view.texts[k + 1:a.long_end]
            initials = "".join(w[:1] for w in words).upper()
            etype = _inner_type(view.lowers[a.long_end - 1])
            if etype is None or initials not in parts[1:]:
                continue
            name = " ".join(words)
            short = next(p for p in parts if p == initials)
            out.append(Candidate(k + 1, a.long_end, name, etype, HEAD, "acronym",
                                 aliases=[name, short], head=view.lowers[a.long_end - 1],
                                 sent=view.sent_of[k]))
    return out


def _inner_type(head: str) -> str | None:
    """Method for an "... Optimization" or method-headed name, task for a task head."""
    if head_word(head) == "optimization":
        return "method"
    kind = head_type(head)
    return kind if kind in ("method", "task") else None
