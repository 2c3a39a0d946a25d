"""One task, named generally and specifically in one paper: "reflection removal" beside
"single image reflection removal" is one entity of that paper, as the guidelines count it, with
the general name kept as a broader name (the resolution still links the paper to it).

Measured on the cross-validated predictions over the 1,452 annotated papers (docs/extraction.md):
for tasks, folding removes 94 spurious second names for 16 entities lost (task F1 +0.011); for
methods and datasets it loses as many entities as it removes spurious names, so only tasks fold.
"""
from __future__ import annotations

from dataclasses import replace

from kg.model import Mention

from ..text.normal import norm

FOLDED_TYPES = frozenset({"task"})


def fold_broader(mentions: list[Mention]) -> list[Mention]:
    """Each task whose words end another task of the paper goes into the nearest such longer
    one, as an alias that is also listed in its `broader` names; a task with aliases of its own
    (a defined acronym) stays an entity of its own. The rest keep their order.

    >>> def task(name, aliases=()):
    ...     return Mention("task", name, list(aliases), "used", "", 0, 0)
    >>> out = fold_broader([task("reflection removal"), task("Image Reflection Removal"),
    ...                     task("single image reflection removal"), task("denoising")])
    >>> [(m.name, m.aliases, m.broader) for m in out]  # doctest: +NORMALIZE_WHITESPACE
    [('single image reflection removal', ['Image Reflection Removal', 'reflection removal'],
      ['Image Reflection Removal', 'reflection removal']), ('denoising', [], [])]
    >>> [m.name for m in fold_broader([task("reinforcement learning", ["RL"]),
    ...                                task("offline reinforcement learning")])]
    ['reinforcement learning', 'offline reinforcement learning']
    """
    words = [norm(m.name).split() if m.type in FOLDED_TYPES else [] for m in mentions]
    into: dict[int, int] = {}
    # longest first: a name folded away takes no others, which go on to the longer one
    for i in sorted(range(len(mentions)), key=lambda i: -len(words[i])):
        short = words[i]
        if not short or mentions[i].aliases:
            continue
        longer = [j for j in range(len(mentions)) if j not in into
                  and mentions[j].type == mentions[i].type and len(words[j]) > len(short)
                  and words[j][-len(short):] == short]
        if longer:
            into[i] = min(longer, key=lambda j: (len(words[j]), j))
    if not into:
        return mentions
    folded: dict[int, list[str]] = {}
    for i in sorted(into, key=lambda i: (-len(words[i]), i)):
        folded.setdefault(into[i], []).append(mentions[i].name)
    out = []
    for j, mention in enumerate(mentions):
        if j in into:
            continue
        names = folded.get(j)
        if names:
            mention = replace(mention, aliases=[*mention.aliases, *names],
                              broader=[*mention.broader, *names])
        out.append(mention)
    return out
