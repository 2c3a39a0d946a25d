"""Training and cross-validating the decider from annotated papers (scripts/train_decider.py).

An annotated paper is `{"id", "title", "abstract", "entities": [{"type", "name", "aliases",
"role", "optional"}]}` (shared/eval's format). The rules run over each paper; every proposal
whose name or an alias matches an annotated entity (by the scorer's normalised forms) is an
example of that entity's type and role, every other proposal an example of "none"; a proposal
matching an optional entity teaches nothing. scikit-learn fits the two models (it is needed
for training only: the shipped model is plain JSON read by kg.extract.learned.decider).
"""
from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from kg.extract.decide import RULES_ONLY
from kg.extract.learned.decider import NOT_AN_ENTITY, Decider, LinearModel
from kg.extract.learned.features import entity_features, role_features
from kg.extract.learned.tagger import NO_TAGGER
from kg.extract.lexicon.entries import write_lexicon_without
from kg.extract.pipeline import Extractor
from kg.extract.rules.name_typer import load_typer
from kg.extract.text.normal import norm
from kg.model import ENTITY_TYPES, Paper
from kg.serialise import extraction_to_dict

from .tagger import Sequence, fit_tagger, sequence, span_sequence
from kg.extract.learned.corpus_evidence import load_corpus_evidence

# Another corpus the span tagger also learns from (with its features marked by source): SciREX's
# train abstracts (Method, Dataset, Task spans of ML papers; measured: the tagger alone
# +0.015 typed F1 in cross-validation; SciERC and TDMSci added nothing).
EXTERNAL = (("scirex", Path("data") / "scirex" / "scirex_abstracts_train.jsonl"),)
# Inverse L2 strength (scikit-learn's C) of the decider, and of the fast pipeline's decider, each
# chosen by 5-fold cross-validation over the 1,452 papers for a fit to the optimum
# (docs/extraction.md, "The deciders fitted to their optimum"; the decider's again with the
# tagger that reads its neighbours' clusters, "The tagger reads its neighbours' clusters").
REGULARISATION = 0.1
FAST_REGULARISATION = 0.5
NONE_SHIFT = 0.0  # log-odds taken from "not an entity", chosen by cross-validation
# Stop L-BFGS this close to the optimum (the loss is strictly convex: one optimum), far below the
# rounding, so a retraining on any CPU lands on the shipped weights. At scikit-learn's default
# 1e-4 the fit stopped short, at a point the CPU's last bits moved (biases by 5e-3 between two
# machines) and that acted as extra regularisation (the C above are for the fit to the optimum).
FIT_TOLERANCE = 1e-9
MIN_WEIGHT = 1e-3  # smaller weights are left out of the shipped file
TYPES = ENTITY_TYPES  # the schema's
DIGITS = 4


@dataclass
class Example:
    """One proposal of the rules with its features and, from the annotation, its answer."""

    entity_features: list[str]
    role_features: list[str]
    label: str | None  # a type, NOT_AN_ENTITY, or None for an optional entity
    role: str | None


def forms_of(name: str, aliases: Iterable[str]) -> set[str]:
    """Normalised forms of a name and its aliases, as the scorer compares them."""
    return {n for n in (norm(f) for f in [name, *aliases]) if n}


def gold_forms(entity: dict) -> set[str]:
    """Normalised name and aliases of an annotated entity."""
    return forms_of(entity["name"], entity.get("aliases") or [])


def paper_of(row: dict) -> Paper:
    """The Paper of an annotated record."""
    return Paper(id=str(row["id"]), title=row.get("title") or "", abstract=row.get("abstract") or "")


def predict(extractor: Extractor, rows: Iterable[dict]) -> dict[str, list[dict]]:
    """The extractor's entities for annotated records, by paper id, in the scorer's format."""
    return {ex.paper_id: extraction_to_dict(ex)["entities"]
            for ex in extractor.extract_stream(paper_of(r) for r in rows)}


def examples(extractor: Extractor, rows: list[dict]) -> list[Example]:
    """Every proposal of the rules in `rows`, labelled from the annotations."""
    rules, typer, corpus = extractor.rules, load_typer(), load_corpus_evidence()
    out = []
    for row in rows:
        paper = paper_of(row)
        view, proposals = rules.proposals(extractor.nlp.make_doc(paper.text), learned=True)
        gold = [(gold_forms(e), e) for e in row.get("entities", [])]
        for p in proposals:
            forms = forms_of(p.name, p.aliases)
            match = next((e for fs, e in gold if fs & forms and not e.get("optional")), None)
            if match is None:
                optional = any(fs & forms for fs, _ in gold)
                label, role = (None, None) if optional else (NOT_AN_ENTITY, None)
            else:
                label, role = match["type"], match.get("role")
            out.append(Example(entity_features(view, p, typer, corpus),
                               role_features(view, p, corpus), label, role))
    return out


def _fit(rows: list[list[str]], labels: list[str], c: float) -> LinearModel:
    """A multinomial logistic regression over binary features, as a LinearModel."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([dict.fromkeys(r, 1) for r in rows])
    model = LogisticRegression(C=c, tol=FIT_TOLERANCE, max_iter=20000)
    with threadpool_limits(limits=1):  # one BLAS thread: the same sums in the same order
        model.fit(x, labels)
    classes = [str(k) for k in model.classes_]
    coef, bias = model.coef_, model.intercept_
    if len(classes) == 2:  # one row of weights for the second class against the first
        coef = [[0.0] * coef.shape[1], coef[0]]
        bias = [0.0, bias[0]]
    weights = {}
    for j, name in enumerate(vec.feature_names_):
        w = [round(float(row[j]), DIGITS) for row in coef]
        if max(abs(v) for v in w) >= MIN_WEIGHT:
            weights[name] = w
    return LinearModel(classes, [round(float(b), DIGITS) for b in bias], weights)


def fit_decider(train: list[Example], c: float = REGULARISATION,
                shift: float = NONE_SHIFT) -> Decider:
    """Both models from labelled examples."""
    typed = [e for e in train if e.label is not None]
    entity = _fit([e.entity_features for e in typed], [e.label for e in typed], c)
    roles = [e for e in typed if e.label != NOT_AN_ENTITY and e.role]
    role = _fit([[f"type={e.label}", *e.role_features] for e in roles],
                [e.role for e in roles], c)
    return shift_none(Decider(entity, role), shift)


def write_decider(decider: Decider, path: Path) -> None:
    """The model as deterministic JSON (sorted keys, rounded weights)."""
    text = json.dumps(decider.to_dict(), sort_keys=True, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def external_sequences(shared: Path, rows: list[dict]) -> list[Sequence]:
    """The EXTERNAL corpora under `shared` as tagger sequences, read with a lexicon that lacks
    every name the annotated `rows` give (so they tell the tagger nothing about those)."""
    out: list[Sequence] = []
    with tempfile.TemporaryDirectory() as tmp:
        write_lexicon_without(held_out_forms(rows, []), Path(tmp))
        reader = Extractor(lexicon_dir=Path(tmp), decider=RULES_ONLY, tagger=NO_TAGGER)
        for source, rel in EXTERNAL:
            with (shared / rel).open(encoding="utf-8") as fh:
                for line in fh:
                    record = json.loads(line)
                    paper = paper_of(record)
                    offset = len(paper.title) + 2  # the abstract's start in paper.text
                    spans = [((0 if e.get("field") == "title" else offset) + e["start"],
                              (0 if e.get("field") == "title" else offset) + e["end"], e["type"])
                             for e in record["entities"] if e["type"] in TYPES]
                    out.append(span_sequence(reader.rules, reader.nlp.make_doc(paper.text),
                                             spans, source))
    return out


def cross_fitted(rows: list[dict], folds: dict[str, int],
                 also_held_out: set[str] = frozenset(), tagged: bool = True,
                 extra: list[Sequence] = ()) -> tuple[list[Example], list[Sequence]]:
    """Decider examples and tagger sequences for `rows`, each fold's read as a new paper would
    be: with a lexicon that lacks what only that fold's annotations name (and
    `also_held_out`), and (with `tagged`) a span tagger trained on the other folds. The
    examples then show how lexicon hits and tagged spans behave on papers neither was
    learned from, as they will at run time."""
    ks = sorted({folds[str(r["id"])] for r in rows})
    parts = {k: [r for r in rows if folds[str(r["id"])] == k] for k in ks}
    out: list[Example] = []
    with tempfile.TemporaryDirectory() as tmp:
        lexicons, seqs = {}, {}
        for k in ks:
            rest = [r for r in rows if folds[str(r["id"])] != k]
            lexicons[k] = Path(tmp) / f"lexicon{k}"
            lexicons[k].mkdir()
            write_lexicon_without(held_out_forms(parts[k], rest) | set(also_held_out),
                                  lexicons[k])
            reader = Extractor(lexicon_dir=lexicons[k], decider=RULES_ONLY, tagger=NO_TAGGER)
            seqs[k] = [sequence(reader.rules, reader.nlp.make_doc(paper_of(r).text),
                                r.get("entities", [])) for r in parts[k]] if tagged else []
        for k in ks:
            tagger = NO_TAGGER
            if tagged:
                tagger = str(fit_tagger([*(s for j in ks if j != k for s in seqs[j]), *extra],
                                        Path(tmp) / f"tagger{k}.crfsuite"))
            out += examples(Extractor(lexicon_dir=lexicons[k], decider=RULES_ONLY,
                                      tagger=tagger), parts[k])
    return out, [s for k in ks for s in seqs[k]]


def held_out_forms(test: Iterable[dict], train: Iterable[dict]) -> set[str]:
    """Forms that only the test papers' annotations name: the lexicon entries to leave out so
    the lexicon is no better informed about the test papers than the training folds make it."""
    named = {f for r in test for e in r.get("entities", []) for f in gold_forms(e)}
    return named - {f for r in train for e in r.get("entities", []) for f in gold_forms(e)}


def _kept(paper_id: str, fraction: float) -> bool:
    """Whether a paper is in the `fraction` of training papers a learning-curve point keeps
    (by a hash of its id, so smaller fractions are subsets of larger ones).

    >>> ids = [f"p{i}" for i in range(1000)]
    >>> half, quarter = ({i for i in ids if _kept(i, f)} for f in (0.5, 0.25))
    >>> quarter < half and 400 < len(half) < 600 and all(_kept(i, 1.0) for i in ids)
    True
    """
    import hashlib

    if fraction >= 1.0:
        return True
    h = int.from_bytes(hashlib.sha1(paper_id.encode()).digest()[:4], "big")
    return h / 2 ** 32 < fraction


def shift_none(decider: Decider, shift: float) -> Decider:
    """The decider with "not an entity" made `shift` log-odds less likely (trading precision
    for recall)."""
    entity = decider.entity
    bias = [b - shift if c == NOT_AN_ENTITY else b for c, b in zip(entity.classes, entity.bias)]
    return Decider(LinearModel(entity.classes, [round(b, DIGITS) for b in bias], entity.weights),
                   decider.role)


def cross_validate(rows: list[dict], folds: dict[str, int], c: float = REGULARISATION,
                   learned: bool = True, shifts: tuple[float, ...] = (0.0,),
                   tagged: bool = True, extra: list[Sequence] = (),
                   only: Iterable[int] | None = None, fraction: float = 1.0
                   ) -> dict[float, dict[str, list[dict]]]:
    """Predictions for every paper from a decider, span tagger and lexicon fitted on the other
    folds, for each shift of the "none" bias (with `learned` False, from the rules' own
    decisions with that lexicon, for comparison; with `tagged` False, without the tagger).
    `only` names the folds to predict (all by default: one process per fold runs them side by
    side); `fraction` keeps that share of each fold's training papers (a learning curve)."""
    predictions: dict[float, dict[str, list[dict]]] = {s: {} for s in shifts}
    for k in sorted(set(folds.values()) if only is None else only):
        test = [r for r in rows if folds[str(r["id"])] == k]
        train = [r for r in rows if folds[str(r["id"])] != k and _kept(str(r["id"]), fraction)]
        with tempfile.TemporaryDirectory() as tmp:
            lexicon = Path(tmp) / "lexicon"
            lexicon.mkdir()
            held_out = held_out_forms(test, train)
            write_lexicon_without(held_out, lexicon)
            decider, tagger = None, NO_TAGGER
            if learned:
                train_examples, seqs = cross_fitted(train, folds, held_out, tagged, extra)
                decider = fit_decider(train_examples, c, 0.0)
                if tagged:
                    tagger = str(fit_tagger([*seqs, *extra], Path(tmp) / "tagger.crfsuite"))
            for shift in shifts:
                model = Path(tmp) / f"decider{shift}.json"
                if decider is not None:
                    write_decider(shift_none(decider, shift), model)
                extractor = Extractor(lexicon_dir=lexicon,
                                      decider=model if learned else RULES_ONLY, tagger=tagger)
                predictions[shift].update(predict(extractor, test))
    return predictions
