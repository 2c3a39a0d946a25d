"""VARIANT_OF: an entity whose name is another entity's name plus a version, size, year, subset
or a "+" (COCO 2017 -> COCO, ImageNet-1K -> ImageNet, GPQA-Diamond -> GPQA, Qwen3-32B -> Qwen3,
HumanEval+ -> HumanEval, UNet++ -> U-Net), and a task whose name is a narrower kind of another
task's, words put in front (3D object detection -> object detection, semi-supervised federated
learning -> federated learning).

A variant is kept its own node (results on COCO 2017 are results on that split), and linked
to the nearest entity of its type whose name its own name extends, so rankings can roll up.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

from kg.resolve.fold import DATA_DIR, read_word_list, key

NARROWED_TYPE = "task"  # the type whose names narrow by words in front
VARIANT_WORDS = frozenset(read_word_list(DATA_DIR / "variant_words.txt"))
_PARTS = re.compile(r"[\s\-_/:]+")
_GLUED = re.compile(r"^(.*?[A-Za-z]{2})[-_ ]?(v?\d+(?:\.\d+)*[A-Za-z]?)$")  # AIME24, MATH500, GPT4o


def _shorter(name: str) -> list[tuple[str, str]]:
    """The prefixes a name is a variant of, longest first, each with what the rest adds.

    >>> _shorter("Qwen2.5-VL-7B")[:2]
    [('Qwen2.5-VL', '7B'), ('Qwen2.5', 'VL-7B')]
    >>> _shorter("AIME24")
    [('AIME', '24')]
    >>> _shorter("large language model"), _shorter("UNet++")
    ([], [('UNet', '++')])
    """
    plus = re.match(r"^(.*\w)\s*(\+{1,2})$", name.strip())  # UNet++ of UNet, HumanEval+ of HumanEval
    if plus:
        return [(plus.group(1), plus.group(2))]
    parts = [p for p in _PARTS.split(name.strip()) if p]
    seps = _PARTS.findall(name.strip())
    out = []
    for cut in range(len(parts) - 1, 0, -1):
        rest = parts[cut:]
        if not (any(c.isdigit() for c in rest[-1]) or rest[-1].lower() in VARIANT_WORDS):
            break
        prefix = "".join(p + s for p, s in zip(parts[:cut], seps))[: -len(seps[cut - 1]) or None]
        out.append((prefix.rstrip(" -_/:"), "-".join(rest)))
    if len(parts) == 1:
        glued = _GLUED.match(parts[0])
        if glued and not glued.group(1)[-1].isdigit():
            out.append((glued.group(1), glued.group(2)))
    return out


def _narrower(name: str) -> list[tuple[str, str]]:
    """The task names a task name may be a narrower kind of (its last two or more words, a
    hyphenated word kept whole), longest first, each with the words in front that narrow it.

    >>> _narrower("semi-supervised federated learning task")
    [('federated learning task', 'semi-supervised'), ('learning task', 'semi-supervised federated')]
    >>> _narrower("3D object detection"), _narrower("in-context learning")
    ([('object detection', '3D')], [])
    """
    words = name.split()
    return [(" ".join(words[cut:]), " ".join(words[:cut])) for cut in range(1, len(words) - 1)]


def variant_edges(entities: Iterable[tuple[str, str, list[str]]],
                  find: Callable[[str, str], str | None],
                  papers: Callable[[str], int] = lambda eid: 0) -> list[tuple[str, str, str]]:
    """(variant id, entity id, what the variant adds) for every entity (id, type, names) whose
    name extends another entity of its type; `find(type, key)` gives the id an entity of that
    type has under a key, if any. A task is a narrower kind of another only where `papers` (how
    much the corpus names an entity) gives the wider one at least half the narrower one's: a
    fixed term ("named entity recognition", "novel view synthesis") is named far more than
    its last words alone."""
    edges = []
    for eid, etype, names in entities:
        for name in names[:1]:
            wider = [(prefix, added, False) for prefix, added in _shorter(name)]
            if etype == NARROWED_TYPE:
                wider += [(prefix, added, True) for prefix, added in _narrower(name)]
            for prefix, added, narrower in wider:
                parent = find(etype, key(prefix))
                if not parent or parent == eid:
                    continue
                if narrower and 2 * papers(parent) < papers(eid):
                    continue
                edges.append((eid, parent, added))
                break
    return sorted(edges)
