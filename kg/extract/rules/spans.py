"""Multi-word names the single-token rules cut short: a name with its version or year
("Pascal VOC 2012", "Gemini 2.5", "Tacotron 2", "Nemotron-4 340B") and runs of capitalised
words in running text ("WIDER FACE", "Animals with Attributes", "Mistral Large").

These candidates are many and some are not entities; the learned decider sorts them out.
"""
from __future__ import annotations

import re

from ..lexicon.words import FUNCTION_WORDS, VERBS
from ..text.docview import DocView
from .candidate import GUESS, Candidate
from .cues import WORDISH, head_type, is_name_token

MAX_WORDS = 5
# A version, year, size or edition after a name: 2, 2.5, 2012, v0.1, 340B, 15.
VERSION = re.compile(r"^(?:[vV]?\d+(?:\.\d+)*[a-z]?|\d+(?:\.\d+)?[BMK])$")
# Lower-case words that may join capitalised words inside one name.
_CONNECTORS = frozenset(("of", "with", "for", "and", "in", "on", "the", "de"))


def _capitalised(view: DocView, i: int) -> bool:
    text = view.texts[i]
    return (len(text) > 1 and text[:1].isupper() and bool(WORDISH.match(text))
            and view.lowers[i] not in FUNCTION_WORDS and view.lowers[i] not in VERBS)


def _type(view: DocView, end: int) -> str | None:
    return head_type(view.lowers[end - 1])


def versioned_name_candidates(view: DocView) -> list[Candidate]:
    """A name (or capitalised words ending in one) followed by a version number."""
    out = []
    n = len(view.texts)
    for i in range(1, n):
        text = view.texts[i]
        if not (text[:1].isdigit() or text[:1] in "vV" and text[1:2].isdigit()):
            continue  # the cheap test first: most tokens are words
        if not VERSION.match(text) or view.sent_of[i - 1] != view.sent_of[i]:
            continue
        if not (_capitalised(view, i - 1) or is_name_token(view.texts[i - 1])):
            continue
        end = i + 1
        while end < n and end - i < 2 and VERSION.match(view.texts[end]):
            end += 1
        start = i - 1
        while (start > 0 and i - start < MAX_WORDS - 1 and view.sent_of[start - 1] == view.sent_of[i]
               and _capitalised(view, start - 1) and start - 1 != view.sents[view.sent_of[i]][0]):
            start -= 1
        name = view.text_of(start, end)
        out.append(Candidate(start, end, name, _type(view, i), GUESS, "span", aliases=[name],
                             head=view.lowers[i - 1], sent=view.sent_of[i]))
    return out


def capitalised_run_candidates(view: DocView) -> list[Candidate]:
    """Two or more capitalised words in the abstract (not the title, where every word is),
    possibly joined by "of", "with", "for"...; not from a sentence's first word."""
    out = []
    n = len(view.texts)
    i = view.title_end
    while i < n:
        if not view.texts[i][:1].isupper() or not _capitalised(view, i) or (
                i == view.sents[view.sent_of[i]][0]):
            i += 1
            continue
        end = i + 1
        while end < n and end - i < MAX_WORDS and view.sent_of[end] == view.sent_of[i]:
            if _capitalised(view, end):
                end += 1
            elif (view.lowers[end] in _CONNECTORS and end + 1 < n
                  and view.sent_of[end + 1] == view.sent_of[i] and _capitalised(view, end + 1)):
                end += 2
            else:
                break
        if end - i >= 2:
            name = view.text_of(i, end)
            out.append(Candidate(i, end, name, _type(view, end), GUESS, "span", aliases=[name],
                                 head=view.lowers[end - 1], sent=view.sent_of[i],
                                 weak=True))
        i = end
    return out
