#!/usr/bin/env python3
"""Count how each candidate name is written across a real corpus (corpus-level evidence for the
extractor's decider), and write kg/data/corpus_names.tsv.gz.

    .venv/bin/python scripts/corpus_stats.py [--shared ../shared] [--min-papers 2]

The rules alone read every paper of shared/data/arxiv2025 (45,608 unannotated arXiv abstracts):
no lexicon, no span tagger, no learned part, so nothing in the counts comes from an annotation,
and the annotated papers (shared/eval/*.jsonl, half of train_arx is in the corpus) are left out,
so a name's counts never include the paper the decider is judging. For each name (the scorer's
normalised form) that at least `--min-papers` papers propose: in how many papers the rules read
it as each type, propose it as the paper's own, or would drop it, and how often its mentions are
followed by a dataset, task or method word. Deterministic: same corpus, same file.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract import Extractor  # noqa: E402
from kg.extract.decide import RULES_ONLY  # noqa: E402
from kg.extract.learned.corpus_evidence import COLUMNS, DEFAULT_PATH  # noqa: E402
from kg.extract.learned.tagger import NO_TAGGER  # noqa: E402
from kg.extract.rules.cues import head_type  # noqa: E402
from kg.extract.text.normal import norm  # noqa: E402

CORPUS = Path("data") / "arxiv2025" / "arxiv_2025.jsonl.gz"
ANNOTATED = ("train", "dev", "train_pwc", "train_arx")


def annotated_ids(shared: Path) -> set[str]:
    """Ids of every annotated paper (left out of the counts)."""
    ids = set()
    for name in ANNOTATED:
        with (shared / "eval" / f"{name}.jsonl").open(encoding="utf-8") as fh:
            ids.update(str(json.loads(line)["id"]) for line in fh if line.strip())
    return ids


def head_after(lowers: list[str], start: int, end: int, key: str) -> str | None:
    """The type announced by the head word after a name: the word after the mention, or the
    mention's own last word when the name leaves it out ("the QuuxBench dataset")."""
    last = lowers[end - 1]
    if end - start > 1 and head_type(last) and not key.endswith(norm(last)):
        return head_type(last)
    return head_type(lowers[end]) if end < len(lowers) else None


def count(shared: Path, limit: int | None = None) -> dict[str, Counter]:
    """Per normalised name, the COLUMNS counts over the corpus."""
    skip = annotated_ids(shared)
    stats: dict[str, Counter] = defaultdict(Counter)
    with tempfile.TemporaryDirectory() as empty:
        for kind in ("methods", "datasets", "tasks"):
            (Path(empty) / f"{kind}.jsonl").write_text("", encoding="utf-8")
        rules = Extractor(lexicon_dir=Path(empty), decider=RULES_ONLY, tagger=NO_TAGGER)
        with gzip.open(shared / CORPUS, "rt", encoding="utf-8") as fh:
            rows = (json.loads(line) for line in fh)
            texts = (f"{r.get('title') or ''}\n\n{r.get('abstract') or ''}" for r in rows
                     if str(r["id"]) not in skip)
            for n, doc in enumerate(rules.nlp.tokenizer.pipe(texts, batch_size=256)):
                if limit is not None and n >= limit:
                    break
                view, proposals = rules.rules.proposals(doc, learned=True)
                seen: set[str] = set()
                for p in proposals:
                    key = norm(p.name)
                    if not key or key in seen:
                        continue
                    seen.add(key)
                    c = stats[key]
                    c["papers"] += 1
                    c[p.type] += 1
                    c["proposed"] += p.proposed
                    c["rejected"] += bool(p.rejected)
                    for m in p.members:
                        kind = head_after(view.lowers, m.start, m.end, key)
                        if kind:
                            c[f"next_{kind}"] += 1
                if n % 5000 == 0:
                    print(f"{n} papers, {len(stats)} names", file=sys.stderr)
    return stats


def write(stats: dict[str, Counter], path: Path, min_papers: int) -> int:
    """The names proposed by at least `min_papers` papers, sorted, as gzipped TSV (fixed mtime,
    so the same counts give the same bytes)."""
    lines = ["name\t" + "\t".join(COLUMNS)]
    for key in sorted(k for k, c in stats.items() if c["papers"] >= min_papers):
        lines.append(key + "\t" + "\t".join(str(stats[key][col]) for col in COLUMNS))
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                filename="") as fh:
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    tmp.replace(path)
    return len(lines) - 1


def main() -> int:
    """Count, write, say how many names."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--min-papers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=DEFAULT_PATH)
    ap.add_argument("--limit", type=int, help="read only this many papers (a quick look)")
    a = ap.parse_args()
    stats = count(a.shared, a.limit)
    kept = write(stats, a.out, a.min_papers)
    print(f"wrote {a.out}: {kept} names of {len(stats)} (proposed in >= {a.min_papers} papers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
