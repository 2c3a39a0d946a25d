"""Folding rules: the keys under which two written forms of one name meet.

Each rule is a small function over a name's words; its word lists are data
(`kg/data/resolve/`). `key` applies the rules every form always gets (case, Unicode,
LaTeX, separators, plurals, spellings, years and versions); `variant_keys` gives the
looser keys (class word dropped, verbal form as nominal) that join two names only when
the corpus writes both.

>>> key("CIFAR-100") == key("cifar100")
True
>>> key("AIME 2024") == key("AIME-24") == key("AIME24")
True
>>> key("AlpacaEval 2.0") == key("AlpacaEval-2")
True
>>> key("Claude 3 Opus"), key("robust losses")
('claude3opus', 'robustloss')
>>> key("optimisation") == key("optimization")
True
>>> key(r"$\\pi_0$") == key("π0")
True
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "resolve"


def read_word_list(path: Path) -> list[str]:
    """The entries of a word list: one a line, `#` comments and blank lines skipped."""
    with path.open(encoding="utf-8") as fh:
        return [s for s in (line.rstrip("\n").strip() for line in fh) if s and not s.startswith("#")]


CLASS_WORDS = frozenset(read_word_list(DATA_DIR / "class_words.txt"))
MAPPING_WORDS = frozenset(read_word_list(DATA_DIR / "mapping_words.txt"))
NOT_MAPPINGS = frozenset(w.replace("-", "") for w in read_word_list(DATA_DIR / "manner_phrases.txt"))
SINGULAR_KEEP = frozenset(read_word_list(DATA_DIR / "singular_keep.txt"))
_KEEP_ENDS = tuple(w for w in SINGULAR_KEEP if len(w) > 3)
SPELLING = [(re.compile(a), b) for a, b in (line.split("\t") for line in read_word_list(DATA_DIR / "spelling.tsv"))]
_ACRONYM_PLURAL = re.compile(r"^[A-Z][A-Z0-9]+s$")
_GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "pi": "π", "mu": "μ", "sigma": "σ",
          "lambda": "λ", "tau": "τ", "theta": "θ", "phi": "φ", "psi": "ψ", "omega": "ω", "epsilon": "ε"}
_LATEX_COMMAND = re.compile(r"\\([A-Za-z]+)")
_NOMINAL = re.compile(r"(ment|ation|ion|ing)$")


def _latex(text: str) -> str:
    r"""LaTeX markup out: `$`, braces, sub/superscript marks; `\pi` as π, other commands dropped."""
    if "\\" not in text and "$" not in text and "{" not in text:
        return text
    text = _LATEX_COMMAND.sub(lambda m: _GREEK.get(m.group(1), "") , text)
    return re.sub(r"[${}^_]", "", text)


def singular(word: str) -> str:
    """A plural word as its singular; words that only end in s are kept.

    >>> [singular(w) for w in ("losses", "opus", "llms", "queries", "boxes", "bias")]
    ['loss', 'opus', 'llm', 'query', 'box', 'bias']
    """
    if len(word) <= 3 or not word.endswith("s") or word in SINGULAR_KEEP or word[-2] in "su":
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if re.search(r"(sses|xes|ches|shes|zzes)$", word):
        return word[:-2]
    if word.endswith("is") or word.endswith("ous"):
        return word
    return word[:-1]


_SPELLING_ENDS = tuple({re.sub(r"[^a-z]", "", a.split(")")[-1]) for a, _ in (
    line.split("\t") for line in read_word_list(DATA_DIR / "spelling.tsv"))})


@lru_cache(maxsize=262144)
def american(word: str) -> str:
    """A word in American spelling ("optimisation" -> "optimization")."""
    if not word.endswith(_SPELLING_ENDS):
        return word
    for pattern, replacement in SPELLING:
        new = pattern.sub(replacement, word)
        if new != word:
            return new
    return word


def _year(words: list[str]) -> list[str]:
    """A year after a name as its last two digits: "AIME 2024", "AIME24" and "AIME 24" meet."""
    out = []
    for i, w in enumerate(words):
        if i and re.fullmatch(r"(19|20)\d\d", w):
            w = w[2:]
        else:
            w = re.sub(r"^([a-z]{2,})(?:19|20)(\d\d)$", r"\1\2", w)
        out.append(w)
    return out


@lru_cache(maxsize=262144)
def words(text: str) -> tuple[str, ...]:
    """A name's words as every key sees them: NFKC, no LaTeX, lower case, split at every
    separator, a leading "the" dropped, the last word and an acronym's plural ("LLMs")
    singular, each word in American spelling, years as two digits, a version's ".0" dropped.

    >>> words("The BraTS 2020 benchmarks"), words("A-OKVQA"), words("LLMs alignment")
    (('brats', '20', 'benchmarks'), ('a', 'okvqa'), ('llm', 'alignment'))
    """
    text = unicodedata.normalize("NFKC", _latex(text))
    text = re.sub(r"(\d)\.0\b", r"\1", text)
    text = re.sub(r"\+(?=\w)", " ", text)  # "CNN+LSTM" is CNN-LSTM; a final "++" (UNet++) is kept
    raw = [w for w in re.split(r"[^\w+#]+|_", text) if w]
    if len(raw) > 1 and raw[0].lower() == "the":
        raw = raw[1:]
    last = len(raw) - 1  # the last word's plural is folded by key(), run together with the rest
    out = [american(singular(w.lower()) if i < last and _ACRONYM_PLURAL.match(w) else w.lower())
           for i, w in enumerate(raw)]
    return tuple(_year(out))


# A last word with a small letter or a digit and a capital S at its end: the S is no plural
# (GlaS, BraTS, HoGS, 3DGS); "LLMs" is a plural and so, rarely, an all-capital "LLMS"
_CAPITAL_S_END = re.compile(r"[a-z0-9][A-Za-z0-9]*S\W*$")


@lru_cache(maxsize=262144)
def key(text: str) -> str:
    """The key every form of a name shares: its words run together, its end singular (so "AG News"
    and "AGNews", "7-Scenes" and "7Scenes", "GEOM-DRUGS" and "GEOM-Drugs" meet), unless a
    last word with a small letter or a digit ends in a capital S, which is no plural ("GlaS",
    the gland segmentation dataset, is not "GLAs", gated linear attentions).

    >>> key("GlaS"), key("GLAs"), key("Feature-3DGS"), key("ROBUST LOSSES")
    ('glas', 'gla', 'feature3dgs', 'robustloss')
    """
    joined = "".join(words(text))
    return joined if _CAPITAL_S_END.search(_latex(text)) else singular_end(joined)


def singular_end(joined: str) -> str:
    """A run-together name with its final plural folded, unless it ends in a word that only
    ends in s ("news", "series", "bias").

    >>> singular_end("agnews"), singular_end("robustlosses"), singular_end("claude3opus")
    ('agnews', 'robustloss', 'claude3opus')
    """
    if not joined.endswith("s") or joined.endswith(_KEEP_ENDS) or joined in SINGULAR_KEEP:
        return joined
    return singular(joined)


def variant_keys(text: str) -> list[tuple[str, str]]:
    """Looser keys of a name, each with the rule that gave it: the name without a trailing class
    word ("Adam optimizer", "U-Net based"), and a verbal or nominal form with its verb's stem
    last ("aligning LLMs" and "LLM alignment" both give "llm" + "align"). They join two names
    only where the corpus writes both.

    >>> variant_keys("Adam optimizer")
    [('adam', 'class word "optimizer" dropped')]
    >>> variant_keys("aligning LLMs")[0][0] == variant_keys("LLM alignment")[0][0]
    True
    """
    ws = list(words(text))
    out: list[tuple[str, str]] = []
    if len(ws) >= 2 and ws[-1] in CLASS_WORDS:
        out.append((singular_end("".join(ws[:-1])), f'class word "{ws[-1]}" dropped'))
    if len(ws) >= 2 and " ".join(ws[-2:]) in CLASS_WORDS and len(ws) >= 3:
        out.append((singular_end("".join(ws[:-2])), f'class word "{" ".join(ws[-2:])}" dropped'))
    if (len(ws) >= 4 and ws[-1] in MAPPING_WORDS and "to" in ws[1:-2]
            and not any("".join(ws[i - 1:i + 2]) in NOT_MAPPINGS for i in range(1, len(ws) - 2))):
        out.append((singular_end("".join(ws[:-1])), f'mapping word "{ws[-1]}" after X-to-Y dropped'))
    if len(ws) >= 2:
        if ws[0].endswith("ing") and len(ws[0]) > 5:
            out.append((singular_end("".join(ws[1:])) + "~" + _NOMINAL.sub("", ws[0]), "verbal form read as nominal"))
        elif _NOMINAL.search(ws[-1]) and len(ws[-1]) > 5:
            out.append((singular_end("".join(ws[:-1])) + "~" + _NOMINAL.sub("", singular(ws[-1])),
                        "verbal form read as nominal"))
    return out


def name_like(text: str) -> bool:
    """Whether a form is written as a proper name: a capital after its first letter, or a digit
    ("U-Net", "GPT 4o", "AdaBelief", "T2I"), so that dropping its class word leaves a name."""
    return any(c.isdigit() for c in text) or any(c.isupper() for c in text[1:])


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance of two short strings, or limit + 1 once it exceeds `limit`.

    >>> edit_distance("stochasticgradientdecent", "stochasticgradientdescent")
    1
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1] if previous[-1] <= limit else limit + 1
