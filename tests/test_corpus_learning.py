"""What the extractor learns from the unannotated real corpus: the corpus counts of names
(scripts/corpus_stats.py, kg.extract.learned.corpus_evidence) and the word clusters
(scripts/word_clusters.py, kg.extract.learned.word_clusters), made from real files by the scripts
themselves, and the shipped files read back."""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.extract import Extractor
from kg.extract.learned.corpus_evidence import (COLUMNS, CorpusEvidence,
                                                load_corpus_evidence)
from kg.extract.learned.word_clusters import SIZES, load_word_clusters
from kg.model import Paper

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KG_SHARED") or ROOT.parent / "shared")


def run_script(name: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / name), *args],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


def table(path: Path) -> dict[str, dict[str, int]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        header = next(fh).rstrip("\n").split("\t")[1:]
        return {name: dict(zip(header, map(int, values)))
                for name, *values in (line.rstrip("\n").split("\t") for line in fh)}


def small_shared(tmp_path: Path, papers: list[dict], annotated: list[str]) -> Path:
    """A shared folder holding `papers` as the corpus and `annotated` as annotated ids."""
    shared = tmp_path / "shared"
    (shared / "data" / "arxiv2025").mkdir(parents=True)
    (shared / "eval").mkdir()
    with gzip.open(shared / "data" / "arxiv2025" / "arxiv_2025.jsonl.gz", "wt") as fh:
        fh.writelines(json.dumps(p) + "\n" for p in papers)
    for name in ("train", "dev", "train_pwc", "train_arx"):
        rows = [{"id": i, "entities": []} for i in annotated] if name == "train_arx" else []
        (shared / "eval" / f"{name}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return shared


def test_corpus_counts_say_how_papers_write_a_name_and_leave_annotated_papers_out(tmp_path):
    papers = [
        {"id": "a1", "title": "", "abstract": "We propose ZorbNet, a new model for image "
         "segmentation. ZorbNet model beats others on the QuuxBench dataset."},
        {"id": "a2", "title": "", "abstract": "We apply ZorbNet to image segmentation and "
         "evaluate on the QuuxBench dataset."},
        {"id": "a3", "title": "", "abstract": "We use ZorbNet for image segmentation."},
        {"id": "gold", "title": "", "abstract": "We use ZorbNet on the QuuxBench dataset."},
    ]
    shared = small_shared(tmp_path, papers, annotated=["gold"])
    out = tmp_path / "counts.tsv.gz"
    run_script("corpus_stats.py", "--shared", str(shared), "--out", str(out))
    counts = table(out)
    assert list(counts["zorbnet"]) == list(COLUMNS)
    assert counts["zorbnet"]["papers"] == 3  # the annotated paper is not counted
    assert counts["zorbnet"]["proposed"] == 1  # a1 only
    assert counts["quuxbench"]["papers"] == 2 and counts["quuxbench"]["dataset"] == 2
    assert counts["image segmentation"]["task"] == 3
    assert counts["zorbnet"]["next_method"] == 1  # "ZorbNet model"
    assert counts["quuxbench"]["next_dataset"] == 2  # "the QuuxBench dataset"
    again = tmp_path / "again.tsv.gz"
    run_script("corpus_stats.py", "--shared", str(shared), "--out", str(again))
    assert again.read_bytes() == out.read_bytes()
    run_script("corpus_stats.py", "--shared", str(shared), "--out", str(again),
               "--min-papers", "3")
    assert set(table(again)) == {"zorbnet", "image segmentation"}


def test_the_shipped_corpus_counts_know_the_fields_names():
    ev = load_corpus_evidence()
    assert len(ev.counts) > 10_000
    clip, cifar = ev.features("clip", "method"), ev.features("cifar 10", "method")
    assert "corpus=100+" in clip and any(f.startswith("corpus_type=method|") for f in clip)
    assert any(f.startswith("corpus_type=dataset|9") for f in cifar)
    assert any(f.startswith("corpus_type=task|9")
               for f in ev.features("semantic segmentation", "method"))
    assert ev.features("a name nobody writes", "task") == ["corpus=rare"]


def test_an_unknown_name_reads_as_rare_and_a_coined_one_as_new():
    ev = CorpusEvidence({"foonet": (4, 4, 0, 0, 4, 0, 0, 0, 0)})
    assert ev.features("foonet", "method") == [
        "corpus=3+", "corpus_type=method|9", "corpus_type|rule=method|method", "corpus_new=9"]


@pytest.fixture(scope="module")
def clustered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clusters") / "clusters.tsv.gz"
    run_script("word_clusters.py", "--shared", str(SHARED), "--out", str(out),
               "--limit", "1500", "--sizes", "4", "16", "--dimensions", "10")
    return out


def test_word_clusters_are_learned_reproducibly_from_the_corpus(clustered, tmp_path):
    with gzip.open(clustered, "rt", encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh]
    assert len(rows) > 1000 and all(len(r) == 3 for r in rows)
    assert {r[1] for r in rows} == {"0", "1", "2", "3"}
    assert len({r[2] for r in rows}) == 16
    again = tmp_path / "again.tsv.gz"
    run_script("word_clusters.py", "--shared", str(SHARED), "--out", str(again),
               "--limit", "1500", "--sizes", "4", "16", "--dimensions", "10")
    assert again.read_bytes() == clustered.read_bytes()


def test_the_shipped_clusters_group_words_used_alike():
    clusters = load_word_clusters()
    assert len(clusters) > 10_000 and all(len(c) == len(SIZES) for c in clusters.values())
    fine = {w: clusters[w][1] for w in ("imagenet", "cifar-10", "segmentation", "detection",
                                        "propose", "introduce")}
    assert fine["imagenet"] == fine["cifar-10"]
    assert fine["segmentation"] == fine["detection"]
    assert fine["propose"] == fine["introduce"]
    assert len({fine["imagenet"], fine["segmentation"], fine["propose"]}) == 3


def test_the_decider_reads_the_corpus_and_the_clusters():
    extractor = Extractor(explain=True)
    decide = extractor.nlp.get_pipe("kg_decide")
    assert decide.corpus.counts, "the decider runs without the corpus counts"
    found = extractor.extract(Paper("p", "", "We fine-tune CLIP on ImageNet for "
                                    "semantic segmentation."))
    assert {(m.name, m.type) for m in found.mentions} >= {("CLIP", "method"),
                                                          ("ImageNet", "dataset")}


def test_the_span_tagger_reads_the_clusters_of_each_neighbour():
    """A rare word before "segmentation" gets the clusters of the word after it, so what the
    tagger learned of "X segmentation" reaches "X captioning"; the shipped tagger was trained
    with these features (they carry weights)."""
    from kg.extract.learned.tagger import MODEL_PATH, SpanTagger, token_features
    from kg.extract.text.docview import DocView

    extractor = Extractor()
    view = DocView.build(extractor.nlp.make_doc("We study quuxish segmentation."))
    coarse, fine = load_word_clusters()["segmentation"]
    feats = token_features(view, [], [])[view.texts.index("quuxish")]
    assert {f"n1c={coarse}", f"n1f={fine}", "w1=segmentation"} <= set(feats)
    assert f"n-1c={load_word_clusters()['study'][0]}" in feats
    after = token_features(view, [], [])[view.texts.index("segmentation")]
    assert "w-1=quuxish" in after and not any(f.startswith("n-1") for f in after)
    attributes = SpanTagger(MODEL_PATH).model.attributes
    assert any(a.startswith("n1c=") for a in attributes)
    assert any(a.startswith("n-2f=") for a in attributes)
