"""The extractor's tokenizer, registered with spaCy as kg.tokenizer.v1 (kg/extract/config.cfg
names it): spaCy's English tokenizer, keeping names whole."""
from __future__ import annotations

import re
from typing import Callable

import spacy
from spacy.lang.char_classes import HYPHENS
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_suffix_regex

# Letter-led names with a digit before a final letter stay one token: GSM8K, DIS5K, Llama-3-8B
# (spaCy's unit suffix would split off the "K" or "B").
_NAME_WITH_UNIT = re.compile(r"^[A-Za-z][A-Za-z0-9.+-]*[0-9][A-Za-z]+$")


def _bracket_emoticon(text: str) -> bool:
    """A tokenizer exception such as "):" or "(:": brackets in papers are brackets."""
    return any(c in "()[]" for c in text) and not any(c.isalnum() for c in text)


@spacy.registry.tokenizers("kg.tokenizer.v1")
def make_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's English tokenizer, keeping hyphenated and digit-bearing names whole (ResNet-50,
    GSM8K, f-DVL) and splitting a final period after a name ("on MMLU.")."""
    def create(nlp: Language) -> Tokenizer:
        tokenizer = spacy.registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)
        infixes = [p for p in nlp.Defaults.infixes if HYPHENS not in p]
        tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        suffixes = [*nlp.Defaults.suffixes, r"(?<=[A-Z0-9+])\."]
        tokenizer.suffix_search = compile_suffix_regex(suffixes).search
        tokenizer.token_match = _NAME_WITH_UNIT.match
        # spaCy keeps emoticons such as "):" whole, hiding the ")" of "Long Form (LF): ..."
        tokenizer.rules = {k: v for k, v in tokenizer.rules.items() if not _bracket_emoticon(k)}
        return tokenizer
    return create
