"""The corpus's resolution: which written forms are one real thing, its type, name and id.

Built once from the corpus's votes (kg.resolve.votes) and the lexicon, before any paper is
linked, so every paper resolves against the whole corpus whatever its place in the input:

1. Keys (kg.resolve.fold.key) join every form that differs only in case, separators,
   plurals, spelling, years or versions.
2. Unions join keys that the lexicon, one paper's own aliases, a class word ("Adam
   optimizer"), a verbal form ("aligning LLMs") or a corpus-supported typo of one acronym's
   definition ("Stochastic Gradient Decent") show to be one thing. Each union keeps why.
3. An acronym joins the definition the corpus gives it most often (the lexicon's counting
   as three papers), per type; a definition rarer than a tenth of the acronym's bare uses
   never captures them, and a bare acronym nobody defines is one node of its own.
4. Each group gets the type most of its mentions have, the name papers write most (the
   acronym where papers write it short), an id from the acronym or the name, and nothing at
   all when it is a metric, an organisation, a language or a modality.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.model import ENTITY_TYPES
from kg.resolve.fold import DATA_DIR, read_word_list, edit_distance, key, name_like, singular, variant_keys, words
from kg.resolve.votes import CorpusVotes, is_acronym

LEXICON_DIR = Path(__file__).resolve().parents[1] / "data" / "lexicon"
LEXICON_PRIOR = 3  # a lexicon definition counts as this many papers defining it
RARE = 10  # a definition used by fewer than 1/RARE of an acronym's bare uses does not capture them
# A paper's aliases join two names when one of them is a name few papers use on its own; two
# names that many papers use apart ("vision-language model", "large language model") join only
# when a tenth of those papers give one as the other's alias: a few papers that write "LLMs /
# VLMs" as one mention do not merge them.
SAME_PAPERS = 2  # the fewest papers giving the alias that join two names both used apart
SAME_PAPERS_WHEN_NAMED = 10  # "used apart": this many papers name it on its own
SAME_SHARE = 0.1  # ... and this share of the rarer name's papers give the alias
NOT_ENTITY_KINDS = ("metrics", "organisations", "languages", "modalities")
# An acronym alone is a dataset (or a method or task) when its bare uses are so at least this many
# times as often as the other kind
BARE_KIND_SHARE = 2


@dataclass
class Concept:
    """One real thing: its id, type, canonical name, other forms and why they were joined."""

    id: str
    type: str
    name: str
    aliases: list[str]
    why: dict[str, str] = field(default_factory=dict)  # form -> the rule that joined it
    apart: list[str] = field(default_factory=list)  # near names kept apart, and why
    ref: str | None = None  # the reference list entry it is (pwc:dataset:coco, kg:method:adam)


class _UnionFind:
    """Keys joined into groups, remembering why each key joined."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.why: dict[str, str] = {}

    def add(self, k: str) -> None:
        self.parent.setdefault(k, k)

    def find(self, k: str) -> str:
        parent = self.parent
        root = k
        while parent[root] != root:
            root = parent[root]
        while parent[k] != root:
            parent[k], k = root, parent[k]
        return root

    def union(self, a: str, b: str, why: str) -> None:
        self.add(a)
        self.add(b)
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            ra, rb = sorted((ra, rb))
            self.parent[rb] = ra
            self.why.setdefault(b, why)


def load_not_entities() -> dict[str, str]:
    """Key -> kind ("metrics"...) of every name that is none of method, dataset or task."""
    return {key(name): kind for kind in NOT_ENTITY_KINDS
            for name in read_word_list(DATA_DIR / "not_entities" / f"{kind}.txt")}


def load_lexicon_entries(folders: list[Path]) -> list[tuple[str, list[str], str]]:
    """(type, forms, reference id) of every entry of the folders' *.jsonl files (name first); the
    reference id is `kg:TYPE:SLUG` for the built-in lexicon, `LIST:TYPE:SLUG` for a list named
    LIST.jsonl (`kg lexicon import FILE --reference pwc` writes pwc.jsonl)."""
    entries = []
    for folder in folders:
        for path in sorted(Path(folder).glob("*.jsonl")):
            prefix = "kg" if Path(folder).resolve() == LEXICON_DIR else path.stem
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        row = json.loads(line)
                        etype = str(row.get("type", "")).lower().rstrip("s")
                        if etype in ENTITY_TYPES and row.get("name"):
                            entries.append((etype, [row["name"], *row.get("aliases", [])],
                                            f"{prefix}:{etype}:{slug(row['name'])}"))
    return entries


def slug(text: str) -> str:
    """A readable id fragment: lower case, non-alphanumerics as single dashes, nothing chopped.

    >>> slug("Claude 3 Opus"), slug("Robust Losses")
    ('claude-3-opus', 'robust-losses')
    """
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[^\w+#.]+", "-", text).strip("-.") or "x"


def _title_cased(form: str) -> bool:
    """'Federated Learning', 'Online continual learning': a title's or a sentence's first capital,
    which a lower-case task name should win over."""
    first = form.split(" ", 1)[0]
    return first[:1].isupper() and first[1:].islower()


def _typo(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two names that differ in one word only, by one letter (two in a word of eight or more),
    keeping its first letter: "Stochastic Gradient Decent", not "online" for "offline".

    >>> _typo(("stochastic", "gradient", "decent"), ("stochastic", "gradient", "descent"))
    True
    >>> _typo(("online", "rl"), ("offline", "rl"))
    False
    """
    if len(a) != len(b):
        return False
    differ = [(x, y) for x, y in zip(a, b) if x != y]
    if len(differ) != 1:
        return False
    x, y = differ[0]
    if x[:1] != y[:1] or x.isdigit() or y.isdigit():
        return False
    return edit_distance(x, y, 2) <= (2 if min(len(x), len(y)) >= 8 else 1)


def _has_class_word(form: str, keys: set[str]) -> bool:
    """'AdaBelief Optimizer' where 'AdaBelief' is a name of the same thing."""
    return any(v in keys for v, why in variant_keys(form) if why.startswith("class word"))


def _gives_way(form: str, count: int, named: Counter) -> bool:
    """Whether a name with a class word ('AdaBelief Optimizer', written `count` times) gives way
    to its own bare name ('AdaBelief'): when papers name the thing by the bare name at least a
    third as often. An alias the extractor derived does not count: 'diffusion model' keeps its
    name when papers rarely say 'Diffusion' alone, 'Large Vision-Language Models' when the bare
    form is only an alias.

    >>> _gives_way("Adam optimizer", 10, Counter({"adam": 40}))
    True
    >>> _gives_way("diffusion model", 900, Counter({"diffusion": 12}))
    False
    """
    return any(3 * named.get(v, 0) >= count
               for v, why in variant_keys(form) if why.startswith("class word"))


def _plural(form: str) -> bool:
    """'attention mechanisms': a plural, which the singular of the same name wins over."""
    last = form.rsplit(" ", 1)[-1]
    return last[-1:] == "s" and singular(last.lower()) != last.lower()


class Resolution:
    """The corpus's concepts, and the lookup from a mention's forms to one of them."""

    def __init__(self, votes: CorpusVotes, lexicon_dirs: list[Path] | None = None,
                 reference_dirs: list[Path] | None = None) -> None:
        self.votes = votes
        self.uf = _UnionFind()
        self.type_prior: dict[str, Counter] = defaultdict(Counter)
        self.lex_defs: dict[str, Counter] = defaultdict(Counter)
        self.by_type: dict[tuple[str, str], str] = {}  # (acronym key, type) -> a meaning's key
        self.lex_acronym_type: dict[str, str] = {}  # acronym key the lexicon names alone -> its type
        self.apart: dict[str, list[str]] = defaultdict(list)  # acronym key -> meanings kept apart
        self.not_entities = load_not_entities()
        for k in (*votes.forms, *votes.types):
            self.uf.add(k)
        lexicon_dirs = lexicon_dirs if lexicon_dirs is not None else [LEXICON_DIR]
        self._lexicon(lexicon_dirs)
        # reference lists link concepts to their ids (a reference list's first, then the lexicon's);
        # they join nothing: their aliases are too loose for that (COCO's include DensePose-COCO)
        self.refs: dict[tuple[str, str], str] = {}
        for etype, forms, ref in load_lexicon_entries([*(reference_dirs or []), *lexicon_dirs]):
            for form in forms:
                self.refs.setdefault((etype, key(form)), ref)
        self._same_paper_aliases()
        self._nominal: dict[str, str] = {}  # nominal variant key -> the first key giving it
        self.expansion: dict[str, str] = {}  # acronym key -> its most common definition as written
        self._acronym_variants: list[tuple[str, str, str]] = []  # ("ir", "irnetwork", why), joined late
        self._variants()
        self._acronyms()
        self._join_acronym_variants()
        self._expanded_variants()
        self.concepts: dict[str, Concept] = {}
        self._concepts()

    def _same_paper_aliases(self) -> None:
        """Join the names a paper gives one thing, best-supported pairs first, unless both sides
        (with all joined to them so far) are names many papers use apart: a small name between
        two big ones does not chain them ("VLMs" and "LLMs" through one "VLM-based LLM")."""
        uf, types = self.uf, self.votes.types
        named: Counter = Counter()  # group root -> papers naming one of its keys on its own
        for k in uf.parent:
            named[uf.find(k)] += sum(types.get(k, {}).values())
        for (a, b), n in sorted(self.votes.same.items(), key=lambda kv: (-kv[1], kv[0])):
            ra, rb = uf.find(a), uf.find(b)
            if ra == rb:
                continue
            apart = min(named[ra], named[rb])
            if apart < SAME_PAPERS_WHEN_NAMED or n >= max(SAME_PAPERS, SAME_SHARE * apart):
                total = named.pop(ra) + named.pop(rb)
                uf.union(a, b, "an alias the same paper gives it")
                named[uf.find(a)] = total

    # 2. unions
    def _lexicon(self, folders: list[Path]) -> None:
        for etype, forms, _ in load_lexicon_entries(folders):
            longs = [f for f in forms if not is_acronym(f) and key(f)]
            acronyms = [f for f in forms if is_acronym(f) and key(f)]
            anchor = key(longs[0]) if longs else key(acronyms[0]) if acronyms else ""
            if not anchor:
                continue
            self.uf.add(anchor)
            self.type_prior[anchor][etype] += 2
            for f in longs[1:]:
                self.uf.union(anchor, key(f), "the lexicon")
            for f in acronyms:
                if longs:
                    self.lex_defs[key(f)][(anchor, etype)] += LEXICON_PRIOR
                else:
                    self.uf.union(anchor, key(f), "the lexicon")
                    self.lex_acronym_type.setdefault(key(f), etype)

    def _variants(self) -> None:
        known = self.uf.parent
        nominal = self._nominal
        for k, forms in self.votes.forms.items():
            for form in forms:
                for variant, why in variant_keys(form):
                    if "~" in variant:
                        first = nominal.setdefault(variant, k)
                        if first != k:
                            self.uf.union(first, k, why)
                    elif why.startswith("mapping"):
                        if variant in known and variant != k and self._mostly_task(variant):
                            self.uf.union(variant, k, why)
                    elif variant in known and variant != k and (name_like(form) or self._capitalised(variant)):
                        if variant in self.votes.bare or variant in self.votes.definitions:
                            self._acronym_variants.append((variant, k, why))  # "IR network": after acronyms
                        else:
                            self.uf.union(variant, k, why)

    def _join_acronym_variants(self) -> None:
        """An acronym with a class word ("CLIP model", "IR network") joins what the acronym means
        in the corpus, once acronyms are decided, unless a paper already made it a name of another
        meaning of an acronym that has several: "image restoration (IR) network" stays with image
        restoration, not with information retrieval, IR's most common definition, and does not
        join the two. Nor does a form that papers define on its own: "Time Series Reasoning
        Suite (TSR-Suite)" is not traffic sign recognition (TSR)."""
        for acr, k, why in self._acronym_variants:
            ra, rk = self.uf.find(acr), self.uf.find(k)
            roots = {self.uf.find(long_key) for defs in (self.votes.definitions, self.lex_defs)
                     for long_key, _ in defs.get(acr, {})}
            own = {self.uf.find(long_key) for long_key, _ in self.votes.definitions.get(k, {})}
            if ra != rk and not (len(roots) > 1 and rk in roots) and rk not in own:
                self.uf.union(acr, k, why)

    def _expanded_variants(self) -> None:
        """A verbal or nominal form with an acronym in it meets the same form written out with the
        acronym's most common definition ("LLM alignment", "aligning large language models")."""
        for k, forms in self.votes.forms.items():
            for form in forms:
                parts = form.split()
                if len(parts) < 2:
                    continue
                expanded = [self.expansion.get(key(p), p) if is_acronym(p) else p for p in parts]
                if expanded == parts:
                    continue
                for variant, _ in variant_keys(" ".join(expanded)):
                    first = self._nominal.get(variant)
                    if "~" in variant and first is not None and first != k:
                        self.uf.union(first, k, "its acronym written out, as a nominal form")

    def _mostly_task(self, k: str) -> bool:
        """Whether papers read this key's name as a task more often than not ("text-to-image",
        not "end-to-end" or "coarse-to-fine")."""
        types = (self.votes.types.get(k) or Counter()) + (self.votes.bare.get(k) or Counter())
        return 2 * types.get("task", 0) > sum(types.values())

    def _capitalised(self, k: str) -> bool:
        """Whether papers write this key's name with a capital nearly always ("Adam")."""
        forms = self.votes.forms.get(k)
        if not forms:
            return False
        upper = sum(n for f, n in forms.items() if f[:1].isupper())
        return upper >= 0.8 * sum(forms.values())

    # 3. acronyms
    def _acronyms(self) -> None:
        defs = self.votes.definitions
        for acr in sorted(set(defs) | set(self.lex_defs)):
            corpus = defs.get(acr, Counter())
            self._join_typos(acr, corpus)
            count: Counter = Counter()
            typed: dict[str, Counter] = defaultdict(Counter)
            lexical = set()
            for (long_key, etype), n in corpus.items():
                self.uf.add(long_key)
                root = self.uf.find(long_key)
                count[root] += n
                typed[etype][root] += n
            for (long_key, etype), n in self.lex_defs.get(acr, Counter()).items():
                root = self.uf.find(long_key)
                count[root] += n
                typed[etype][root] += n
                lexical.add(root)
            bare = sum(self.votes.bare.get(acr, Counter()).values())
            eligible = {r for r, n in count.items() if r in lexical or n * RARE >= bare or n >= 5}
            other, note = self._other_meanings(acr, eligible, typed, count, corpus)
            eligible -= other
            ranked = sorted(eligible, key=lambda r: (-count[r], r))
            for root in sorted(set(count) - set(ranked[:1])):
                why = (note if root in other else
                       ", too rare to take the bare acronym" if root not in eligible else "")
                self.apart[acr].append(f"{self._surface(root)} ({count[root]} "
                                       f"{'definitions' if count[root] != 1 else 'definition'}{why})")
            if not ranked:
                continue
            self.uf.add(acr)
            self.uf.union(ranked[0], acr, "an acronym's most common definition")
            self.expansion[acr] = self._surface(ranked[0])
            for etype, roots in typed.items():
                best = min((r for r in roots if r in eligible), key=lambda r: (-roots[r], r), default=None)
                if best is not None and best != ranked[0]:
                    self.by_type[(acr, etype)] = best

    def _other_meanings(self, acr: str, eligible: set[str], typed: dict[str, Counter],
                        count: Counter, corpus: Counter) -> tuple[set[str], str]:
        """The definitions of an acronym that name another kind of thing than the acronym alone
        does, and the note that says so: a name many papers use on its own, where the acronym
        is a metric, organisation, language or modality (XAI the company is not "explainable
        AI (XAI)", of 81 papers; a rare one, "Mean Absolute Percentage Error (MAPE)", goes with
        its metric), or what the lexicon knows only as a dataset (the lexicon's ETT is ETTh1,
        not "Emotional Text-to-Speech (ETT)"; data against a method or task, not a method
        against a task: papers read AutoML as either), or, for an acronym the lexicon does not
        know, what the corpus's bare uses mostly are, against fewer definitions (DOTA, a
        dataset, is not one paper's "Deformable Optimized Transformer Architecture")."""
        kind = self.not_entities.get(acr)
        if kind is not None:
            same = {self.uf.find(k) for k, v in self.not_entities.items() if v == kind and k in self.uf.parent}
            named: Counter = Counter()
            for long_key, _ in corpus:
                named[self.uf.find(long_key)] += self.votes.named(long_key)
            return ({r for r in eligible if r not in same and named[r] >= SAME_PAPERS_WHEN_NAMED},
                    f", not the {kind.rstrip('s')}")
        lex_type = self.lex_acronym_type.get(acr)
        if lex_type is not None:
            return ({r for r in eligible if (lex_type == "dataset") != (2 * typed["dataset"].get(r, 0) > count[r])},
                    f", not the lexicon's {lex_type}")
        # no lexicon entry: what the acronym alone mostly is in the corpus, against definitions
        # fewer than those bare uses (DBLP, a dataset in 3 papers, is not one paper's "Diffusion
        # Bridge Distillation for Purification"; QA, defined 330 times, is question answering)
        bare = self.votes.bare.get(acr, Counter())
        data, total = bare.get("dataset", 0), sum(bare.values())
        if total < 2 or BARE_KIND_SHARE * min(data, total - data) > max(data, total - data):
            return set(), ""
        data_alone = 2 * data > total
        alone = max(data, total - data)
        return ({r for r in eligible if count[r] < alone and data_alone != (2 * typed["dataset"].get(r, 0) > count[r])},
                f", not the {'dataset' if data_alone else 'method or task'} most papers mean by it alone")

    def _join_typos(self, acr: str, corpus: Counter) -> None:
        """Long forms of one acronym one or two letters apart ("Stochastic Gradient Decent") are one."""
        longs = sorted({k for k, _ in corpus if len(k) >= 10})
        for i, a in enumerate(longs):
            for b in longs[i + 1:]:
                if _typo(words(self._surface(a)), words(self._surface(b))):
                    self.uf.union(a, b, f"a spelling of the same definition of {acr.upper()}")

    def _surface(self, k: str) -> str:
        forms = self.votes.forms.get(k)
        return forms.most_common(1)[0][0] if forms else k

    # 4. concepts
    def _concepts(self) -> None:
        groups: dict[str, list[str]] = defaultdict(list)
        for k in self.uf.parent:
            groups[self.uf.find(k)].append(k)
        moved: dict[str, Counter] = defaultdict(Counter)  # root -> bare type counts sent elsewhere
        for (acr, etype), meaning in self.by_type.items():
            n = self.votes.bare.get(acr, Counter()).get(etype, 0)
            moved[self.uf.find(acr)][etype] -= n
            moved[self.uf.find(meaning)][etype] += n
        order = []
        for root, keys in groups.items():
            # a metric, organisation, language or modality never joins a concept: a group of
            # mostly such names is left out, the rest of a group keeps its concept without them
            # (one paper's "attack success rate (ASR)" read as speech recognition does not
            # leave speech recognition out)
            kept = [k for k in keys if k not in self.not_entities]
            if len(kept) < len(keys):
                if 2 * self.votes.written(kept) <= self.votes.written(keys):
                    continue
                keys = kept
            votes: Counter = Counter(moved.get(root, Counter()))
            forms: Counter = Counter()
            for k in keys:
                votes.update(self.votes.types.get(k, {}))
                votes.update(self.votes.bare.get(k, {}))
                votes.update(self.type_prior.get(k, {}))
                forms.update(self.votes.forms.get(k, {}))
            papers = sum(forms.values())
            order.append((-papers, root, keys, votes, forms))
        taken: set[str] = set()
        for _, root, keys, votes, forms in sorted(order, key=lambda row: row[:2]):
            self.concepts[root] = self._concept(root, keys, votes, forms, taken)

    def _concept(self, root: str, keys: list[str], votes: Counter, forms: Counter, taken: set[str]) -> Concept:
        etype = min(ENTITY_TYPES, key=lambda t: (-votes.get(t, 0), ENTITY_TYPES.index(t)))
        # within one key: a task's lower case over a title's capitals, a singular over a plural, then use
        lower_first = etype == "task"
        # (a plural needs twice the uses of the singular: "Mixture-of-Experts" is how papers write it)
        surfaces = sorted(forms, key=lambda f: (lower_first and _title_cased(f), -forms[f] / (2 if _plural(f) else 1),
                                                -forms[f], f))
        by_key: dict[str, str] = {}
        for f in surfaces:
            by_key.setdefault(key(f), f)
        key_count: Counter = Counter()
        for f, n in forms.items():
            key_count[key(f)] += n
        keyset = set(keys)
        # a name with a class word shows unless papers write its bare name ("Adam" over "Adam
        # optimizer", "diffusion model" over a rare "Diffusion"); written: an acronym's every
        # use, a long form's uses as a mention's own name (not aliases the extractor derived)
        written = Counter({k: key_count[k] if is_acronym(f) else self.votes.named(k)
                           for k, f in by_key.items()})
        yields = {k: _has_class_word(f, keyset) and _gives_way(f, key_count[k], written)
                  for k, f in by_key.items()}
        best = sorted(by_key.items(), key=lambda kv: (yields[kv[0]], -key_count[kv[0]], kv[1]))
        shorts = [f for k, f in best if is_acronym(f)]
        longs = [f for k, f in best if not is_acronym(f) and not yields[k]]
        if not shorts:
            longs = longs or [f for k, f in best if not is_acronym(f)]
        # an acronym written in another case ("Llama" for "LLaMA", the key's usual form) is a
        # use of the acronym; a name now and then in capitals ("TRANSFORMER") is not
        short_keys = {k for k, f in by_key.items() if is_acronym(f)}
        short_n = sum(n for f, n in forms.items() if is_acronym(f) or key(f) in short_keys)
        long_n = sum(forms.values()) - short_n
        if not longs and not shorts:
            longs = [root]
        name = shorts[0] if shorts and (not longs or short_n > 2 * long_n) else longs[0]
        # the id follows the acronym papers share most, when they write it at least a third of
        # the time, so a later paper bringing the long form does not change it
        id_form = shorts[0] if shorts and 3 * key_count[key(shorts[0])] >= sum(forms.values()) else name
        base = f"{etype}:{slug(id_form)}"
        eid = base if base not in taken else f"{base}--{slug(name)}"
        n = 2
        while eid in taken:
            eid, n = f"{base}-{n}", n + 1
        taken.add(eid)
        why = {by_key.get(k, k): self.uf.why[k] for k in keys if k in self.uf.why and by_key.get(k) != name}
        apart = [f"{self._surface(k)} also stands for {a}" for k in keys for a in self.apart.get(k, [])]
        ref = next((self.refs[(etype, k)] for k, _ in best if (etype, k) in self.refs), None)
        return Concept(eid, etype, name, [f for _, f in best if f != name], why, apart, ref)

    def concept(self, k: str) -> Concept | None:
        """The concept a key belongs to; None when it is not an entity (a metric...) or unknown."""
        if k not in self.uf.parent or k in self.not_entities:
            return None
        return self.concepts.get(self.uf.find(k))

    def for_acronym(self, k: str, etype: str) -> Concept | None:
        """The concept a bare acronym of this type stands for in a paper that does not define it."""
        meaning = self.by_type.get((k, etype))
        return self.concept(meaning if meaning is not None else k)

    def is_dropped(self, k: str) -> bool:
        """Whether the key belongs to a metric, organisation, language or modality."""
        return k in self.uf.parent and (k in self.not_entities or self.uf.find(k) not in self.concepts)
