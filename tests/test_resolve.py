"""Entity resolution over the whole corpus: folding rules, acronym scope, types, names, ids."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.model import Extraction, Mention
from kg.resolve import AliasTable, CorpusVotes, is_acronym, key, resolve_extraction
from kg.resolve.fold import variant_keys


def _m(name: str, aliases: list[str] = (), etype: str = "method", role: str = "used") -> Mention:
    return Mention(etype, name, list(aliases), role, "s.", 0, 2)


def _corpus(*papers: list[Mention], lexicon_dirs=None) -> tuple[AliasTable, list[list]]:
    extractions = [Extraction(f"p{i}", "t", list(ms)) for i, ms in enumerate(papers)]
    table = AliasTable(CorpusVotes.of(extractions), lexicon_dirs)
    return table, [resolve_extraction(table, ex) for ex in extractions]


def _ids(resolved: list[list]) -> list[str]:
    return [rm.entity_id for rms in resolved for rm in rms]


# folding rules, one at a time

@pytest.mark.parametrize("a, b", [
    ("CIFAR-100", "cifar100"), ("VLMs", "VLM"), ("AIME 2024", "AIME 24"), ("AIME 2024", "AIME24"),
    ("AlpacaEval 2.0", "AlpacaEval-2"), ("optimisation", "optimization"), ("normalising flow", "normalizing flow"),
    ("modelling", "modeling"), (r"$\pi_0$", "π0"), ("The Pile", "Pile"), ("robust losses", "robust loss"),
    ("BraTS 2020", "BraTS2020"), ("Trans- former", "Transformer"), ("AG News", "AGNews"), ("7-Scenes", "7Scenes"),
    ("GEOM-DRUGS", "GEOM-Drugs"), ("RAGAS", "RAGAs"), ("CNN+LSTM", "CNN-LSTM"),
])
def test_forms_that_differ_only_in_writing_share_a_key(a: str, b: str) -> None:
    assert key(a) == key(b)


@pytest.mark.parametrize("a, b", [
    ("Claude 3 Opus", "Claude 3 Op"), ("losses", "losse"), ("A-OKVQA", "OKVQA"), ("AG News", "AG New"),
    ("U-Net", "UNet++"), ("GPT-4", "GPT-4o"),
])
def test_forms_of_different_names_keep_different_keys(a: str, b: str) -> None:
    assert key(a) != key(b)


def test_class_word_and_verbal_form_give_variant_keys() -> None:
    assert variant_keys("Adam optimizer")[0][0] == key("Adam")
    assert variant_keys("U-Net based")[0][0] == key("U-Net")
    assert variant_keys("aligning LLMs")[0][0] == variant_keys("LLM alignment")[0][0]
    assert variant_keys("learning rate")[0][0] != variant_keys("rate")[0][0] if variant_keys("rate") else True


def test_acronyms() -> None:
    assert is_acronym("DPO") and is_acronym("GPT-4") and is_acronym("f-DVL")
    assert not is_acronym("Transformer") and not is_acronym("offline RL")


# unions the corpus supports

def test_a_class_word_joins_the_name_the_corpus_writes_alone() -> None:
    table, resolved = _corpus([_m("Adam")], [_m("Adam optimizer")], [_m("AdaBelief Optimizer")], [_m("AdaBelief")],
                              [_m("reward model")])
    ids = _ids(resolved)
    assert ids[0] == ids[1] and ids[2] == ids[3]
    assert table.entity(ids[0]).name == "Adam"
    assert table.entity(ids[0]).aliases == ["Adam optimizer"]
    assert "class word" in table.resolution.concepts[table.resolution.uf.find(key("Adam"))].why["Adam optimizer"]


def test_an_x_to_y_task_is_one_with_its_mapping_word() -> None:
    # "quux-to-blorp generation" and "quux-to-blorp synthesis" are the task "quux-to-blorp";
    # "quux-to-blorp retrieval" is another task, and "end-to-end generation" is not "end-to-end"
    table, resolved = _corpus(
        [_m("quux-to-blorp", etype="task")], [_m("Quux-to-Blorp", etype="task")],
        [_m("quux-to-blorp generation", etype="task")], [_m("quux-to-blorp synthesis", etype="task")],
        [_m("quux-to-blorp retrieval", etype="task")],
        [_m("end-to-end", etype="task")], [_m("end-to-end", etype="task")],
        [_m("end-to-end generation", etype="task")])
    ids = _ids(resolved)
    assert len({ids[0], ids[1], ids[2], ids[3]}) == 1
    assert ids[4] != ids[0] and ids[7] != ids[5]
    why = table.resolution.concepts[table.resolution.uf.find(key("quux-to-blorp"))].why
    assert why["quux-to-blorp synthesis"].startswith('mapping word "synthesis"')


def test_an_x_to_y_name_mostly_read_as_a_method_takes_no_mapping_word() -> None:
    _, resolved = _corpus([_m("quux-to-blorp")], [_m("quux-to-blorp")],
                          [_m("quux-to-blorp generation", etype="task")])
    ids = _ids(resolved)
    assert ids[0] == ids[1] != ids[2]


def test_a_definition_of_another_type_does_not_take_a_lexicon_acronym(tmp_path) -> None:
    # the lexicon knows QTT only as a dataset (QuuxTh1's other name): one paper's "Quux text
    # transfer (QTT)", a method, is another thing; a method definition of the method ZBT joins it
    (tmp_path / "mine.jsonl").write_text(
        '{"type": "dataset", "name": "QuuxTh1", "aliases": ["QTT"]}\n'
        '{"type": "method", "name": "ZBT"}\n', encoding="utf-8")
    table, resolved = _corpus(
        [_m("Quux text transfer", ["QTT"])], [_m("QuuxTh1", etype="dataset")],
        [_m("QTT", etype="dataset")], [_m("Zorb bit tuning", ["ZBT"])], [_m("ZBT")],
        lexicon_dirs=[tmp_path])
    ids = _ids(resolved)
    assert ids[0] != ids[1] == ids[2] and table.entity(ids[1]).type == "dataset"
    assert ids[3] == ids[4]
    table.save(tmp_path / "aliases.json")
    saved = json.loads((tmp_path / "aliases.json").read_text())[ids[1]]
    assert any("Quux text transfer" in a and "not the lexicon's dataset" in a for a in saved["apart"])


def test_a_not_entity_acronym_does_not_swallow_a_name_many_papers_use() -> None:
    # PET is a scan (a modality, left out): "Quux-efficient tuning (PET)", named on its own by
    # 12 papers, keeps its node; "Word Error Rate (WER)", a metric's own long form, goes with it
    papers = [[_m("Quux-efficient tuning")]] * 12 + [[_m("Quux-efficient tuning", ["PET"])]] * 3
    papers += [[_m("PET", etype="dataset")]] * 4 + [[_m("Word Error Rate", ["WER"])], [_m("WER")]]
    table, resolved = _corpus(*papers)
    ids = _ids(resolved)
    assert len(set(ids[:15])) == 1 and table.entity(ids[0]).name == "Quux-efficient tuning"
    assert len(ids) == 15  # the scans and the metric are left out
    assert not any("PET" == a for a in table.entity(ids[0]).aliases)


def test_a_metric_joined_by_one_paper_does_not_take_a_task_out() -> None:
    # one paper gives "word error rate" (a metric) as an alias of quux speech parsing: the task
    # keeps its node, the metric stays out; a group that is mostly the metric is left out whole
    papers = [[_m("quux speech parsing", etype="task")]] * 6
    papers += [[_m("quux speech parsing", ["word error rate"], etype="task")], [_m("word error rate")]]
    papers += [[_m("character error rate", ["zorp rate"])]] * 3 + [[_m("character error rate")]] * 3
    _, resolved = _corpus(*papers)
    ids = [[rm.entity_id for rm in rms] for rms in resolved]
    assert len({i[0] for i in ids[:7]}) == 1 and ids[7] == []
    assert all(i == [] for i in ids[8:])


def test_an_acronym_with_a_class_word_does_not_join_two_meanings_of_the_acronym() -> None:
    # a paper names zorp restoration "QR network"; QR's most common definition is quux retrieval:
    # the class word dropped must not make the two one node; "QR model" alone joins quux retrieval
    papers = [[_m("quux retrieval", ["QR"], etype="task")]] * 5
    papers += [[_m("zorp restoration", ["QR"], etype="task")]] * 2
    papers += [[_m("zorp restoration", ["QR network"], etype="task")], [_m("QR", etype="task")],
               [_m("QR model", etype="task")], [_m("Blarg")], [_m("Blarg model")], [_m("Blarg network")]]
    _, resolved = _corpus(*papers)
    ids = _ids(resolved)
    assert ids[0] != ids[5] == ids[7]
    assert ids[8] == ids[9] == ids[0]
    assert ids[10] == ids[11] == ids[12]


def test_a_form_papers_define_on_its_own_does_not_join_the_acronym_it_starts_with() -> None:
    # "Quux Series Reasoning Suite (QSR-Suite)" is not QSR (quux sign recognition), though
    # "QSR-Suite" reads as QSR with a class word; an undefined "QSR model" still joins QSR
    papers = [[_m("quux sign recognition", ["QSR"], etype="task")]] * 4
    papers += [[_m("quux series reasoning", ["QSR-Suite"], etype="task")]] * 2
    papers += [[_m("QSR-Suite", etype="task")], [_m("QSR model", etype="task")], [_m("QSR", etype="task")]]
    _, resolved = _corpus(*papers)
    ids = _ids(resolved)
    assert ids[0] == ids[7] == ids[8] != ids[4] == ids[6]


@pytest.mark.parametrize("short, long_form, other", [
    ("Q&Z", "Quux and Zorp", "quux zorping"),  # "&" short forms: "H&E" is not homomorphic encryption
    ("Vorm", "Vision Ormamba", "variational orm method"),  # one capital: "Vision Mamba (Vim)"
])
def test_a_short_form_that_is_no_acronym_by_its_capitals_competes_with_its_other_meanings(
        short: str, long_form: str, other: str) -> None:
    # one paper's short form for a rare meaning does not join it to the common meaning
    papers = [[_m(long_form, [short])]] * 4 + [[_m(other, [short.upper()])]]
    papers += [[_m(short.upper())]]
    _, resolved = _corpus(*papers)
    ids = _ids(resolved)
    assert ids[0] == ids[5] != ids[4]


def test_a_lower_case_class_word_phrase_without_a_name_left_is_kept() -> None:
    _, resolved = _corpus([_m("diffusion")], [_m("diffusion model")])
    assert len(set(_ids(resolved))) == 2


def test_verbal_and_nominal_forms_are_one() -> None:
    _, resolved = _corpus([_m("aligning LLMs", etype="task")], [_m("LLM alignment", etype="task")],
                          [_m("learning rate")])
    ids = _ids(resolved)
    assert ids[0] == ids[1] != ids[2]


def test_a_typo_that_defines_the_same_acronym_joins_it() -> None:
    table, resolved = _corpus(*[[_m("Stochastic Gradient Descent", ["SGD"])]] * 3,
                              [_m("Stochastic Gradient Decent", ["SGD"])], [_m("SGD")])
    assert len(set(_ids(resolved))) == 1
    assert table.entities()[0].name in ("SGD", "Stochastic Gradient Descent")


# acronym scope

def test_a_bare_acronym_joins_its_most_common_definition_and_is_never_one_node_per_paper() -> None:
    papers = [[_m("Contrastive Language-Image Pre-training", ["CLIP"])]] * 3 + [[_m("CLIP")]] * 20
    table, resolved = _corpus(*papers)
    assert len(set(_ids(resolved))) == 1
    (entity,) = table.entities()
    assert entity.name == "CLIP"  # papers write it short
    assert entity.id == "method:clip"


def test_a_rare_definition_never_captures_the_common_name_and_keeps_its_own_paper() -> None:
    common = [[_m("COCO", etype="dataset")]] * 30
    table, resolved = _corpus(*common, [_m("Constrained Online Convex Optimization", ["COCO"]), _m("COCO")],
                              lexicon_dirs=[])
    ids = _ids(resolved)
    assert len(set(ids[:30])) == 1
    coco = table.entity(ids[0])
    assert coco.name == "COCO" and coco.type == "dataset" and coco.id == "dataset:coco"
    rare = ids[30:]
    assert set(rare) == {ids[30]} and ids[30] != ids[0]  # its bare COCO means its own definition
    assert table.entity(ids[30]).name == "Constrained Online Convex Optimization"


def test_one_more_paper_with_a_rare_definition_neither_splits_nor_renames_the_common_node() -> None:
    base = [[_m("Direct Preference Optimization", ["DPO"])]] * 4 + [[_m("DPO")]] * 10
    before, resolved_before = _corpus(*base)
    after, resolved_after = _corpus([_m("Distributed Policy Optimization", ["DPO"])], *base)
    assert set(_ids(resolved_before)) == set(_ids(resolved_after)[1:]) == {"method:dpo"}
    assert before.entity("method:dpo") == after.entity("method:dpo")
    assert after.entity(_ids(resolved_after)[0]).name == "Distributed Policy Optimization"


def test_a_bare_acronym_takes_the_meaning_of_its_type() -> None:
    table, resolved = _corpus(*[[_m("test-time scaling", ["TTS"])]] * 3, *[[_m("text-to-speech", ["TTS"], "task")]] * 2,
                              [_m("TTS")], [_m("TTS", etype="task")], lexicon_dirs=[])
    ids = _ids(resolved)
    assert ids[5] == ids[0] and ids[6] == ids[3] and ids[0] != ids[3]


def test_the_lexicon_knows_the_fields_common_meaning() -> None:
    table, resolved = _corpus([_m("Constrained Online Convex Optimization", ["COCO"])], [_m("MS COCO", etype="dataset")],
                              [_m("COCO", etype="dataset")])
    ids = _ids(resolved)
    assert ids[1] == ids[2] != ids[0]


# types and non-entities

def test_one_type_per_real_thing_decided_over_the_corpus() -> None:
    table, resolved = _corpus([_m("RLHF")], [_m("RLHF")], [_m("RLHF", etype="task")],
                              [_m("Reinforcement Learning from Human Feedback", ["RLHF"], etype="task")])
    assert len(set(_ids(resolved))) == 1
    assert {rm.mention.type for rms in resolved for rm in rms} == {"method"}


@pytest.mark.parametrize("name", ["F1-score", "BLEU", "accuracy", "Hugging Face", "OpenAI", "French", "MRI", "CT"])
def test_metrics_organisations_languages_and_modalities_are_no_entities(name: str) -> None:
    table, resolved = _corpus([_m(name, etype="dataset"), _m("ImageNet", etype="dataset")])
    assert [rm.mention.name for rm in resolved[0]] == ["ImageNet"]


# names and ids

def test_names_are_whole_written_forms_and_ids_are_never_chopped() -> None:
    table, resolved = _corpus([_m("Claude 3 Opus")], [_m("robust losses")], [_m("robust losses")], [_m("Robust Losses")],
                              [_m("attention mechanisms")], [_m("attention mechanism")], [_m("Mixture-of-Experts")],
                              [_m("Mixture-of-Experts")], [_m("Mixture-of-Experts")], [_m("Mixture-of-Expert")])
    assert ids_of_online_rl_kept_apart()
    ids = _ids(resolved)
    assert ids[0] == "method:claude-3-opus"
    assert table.entity(ids[1]).name == "robust losses" and ids[1] == "method:robust-losses"
    assert table.entity(ids[4]).name == "attention mechanism"
    assert table.entity(ids[6]).name == "Mixture-of-Experts"


def test_one_paper_naming_an_entity_twice_gives_one_mention_and_proposed_wins() -> None:
    ex = Extraction("p1", "t", [_m("DPO"), _m("Direct Preference Optimization", ["DPO"], role="proposed")])
    table = AliasTable(CorpusVotes.of([ex]))
    (rm,) = resolve_extraction(table, ex)
    assert rm.entity_id == "method:dpo" and rm.mention.role == "proposed"


def test_a_table_without_votes_still_resolves_each_name_once() -> None:
    table = AliasTable()
    assert table.resolve(_m("CIFAR-100", etype="dataset")) == table.resolve(_m("CIFAR-100", etype="dataset"))


def test_saved_table_says_why_forms_were_joined_and_what_was_kept_apart(tmp_path) -> None:
    table, _ = _corpus(*[[_m("Direct Preference Optimization", ["DPO"])]] * 5, [_m("DPO")], [_m("DPO optimizer")],
                       [_m("Diffusion Policy Optimization", ["DPO"])])
    table.save(tmp_path / "aliases.json")
    saved = json.loads((tmp_path / "aliases.json").read_text())["method:dpo"]
    assert "definition" in saved["why"]["DPO"] and "class word" in saved["why"]["DPO optimizer"]
    assert any("Diffusion Policy Optimization" in a for a in saved["apart"])


def test_importing_resolution_loads_no_nlp() -> None:
    code = "import sys, kg.resolve, kg.tables; print('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def ids_of_online_rl_kept_apart() -> bool:
    """Two definitions of one acronym a few letters apart that are different words stay apart."""
    _, resolved = _corpus([_m("offline reinforcement learning", ["RL"], "task")],
                          [_m("online reinforcement learning", ["RL"], "task")])
    return len(set(_ids(resolved))) == 2


def test_variants_link_to_the_entity_their_name_extends() -> None:
    table, resolved = _corpus([_m("COCO", etype="dataset")], [_m("COCO 2017", etype="dataset")],
                              [_m("GPQA", etype="dataset")], [_m("GPQA-Diamond", etype="dataset")],
                              [_m("Qwen3")], [_m("Qwen3-32B")], [_m("ImageNet", etype="dataset")],
                              [_m("ImageNet-1K", etype="dataset")], [_m("AIME 2024", etype="dataset")],
                              [_m("AIME 24", etype="dataset")], [_m("large language model")],
                              [_m("U-Net")], [_m("UNet++")], lexicon_dirs=[])
    ids = _ids(resolved)
    assert ids[8] == ids[9]  # a year written two ways is one node, not a variant
    assert set(table.variants()) == {(ids[1], ids[0], "2017"), (ids[3], ids[2], "Diamond"), (ids[5], ids[4], "32B"),
                                     (ids[7], ids[6], "1K"), (ids[12], ids[11], "++")}


def test_entities_link_to_their_reference_entry_and_references_join_nothing(tmp_path) -> None:
    refs = tmp_path / "reference"
    refs.mkdir()
    (refs / "pwc.jsonl").write_text(
        '{"type": "dataset", "name": "COCO", "aliases": ["MS-COCO", "DensePose-COCO"]}\n'
        '{"type": "method", "name": "Adam", "aliases": []}\n', encoding="utf-8")
    extractions = [Extraction("p1", "t", [_m("MS-COCO", etype="dataset"), _m("Adam optimizer")]),
                   Extraction("p2", "t", [_m("DensePose-COCO", etype="dataset"), _m("Adam")])]
    table = AliasTable(CorpusVotes.of(extractions), [], [refs])
    resolved = [resolve_extraction(table, ex) for ex in extractions]
    ids = _ids(resolved)
    assert ids[0] != ids[2]  # a reference alias links, it does not merge
    refs_of = {e.name: e.ref for e in table.entities()}
    assert refs_of["MS-COCO"] == "pwc:dataset:coco" and refs_of["Adam"] == "pwc:method:adam"


def _names(table: AliasTable, resolved: list[list]) -> set[str]:
    return {table.entity(i).name for i in _ids(resolved)}


def test_one_papers_alias_does_not_join_two_names_many_papers_use_apart() -> None:
    llm = [[_m("large language model")] for _ in range(12)]
    vlm = [[_m("vision-language model")] for _ in range(12)]
    one = [[_m("vision-language model", ["large language model"])]]
    _, resolved = _corpus(*llm, *vlm, *one)
    assert len(set(_ids(resolved))) == 2
    # a small name between the two joins one of them, and does not chain them
    bridge = [[_m("LLM-VLM hybrid", ["large language model"])],
              [_m("LLM-VLM hybrid", ["vision-language model"])]]
    _, resolved = _corpus(*llm, *vlm, *bridge)
    assert len(set(_ids(resolved))) == 2
    # a name few papers use on its own joins on one paper's word
    _, resolved = _corpus(*llm, [_m("LLM backbone model", ["large language model"])])
    assert len(set(_ids(resolved))) == 1
    # and two used names join when a tenth of the rarer one's papers say they are one
    _, resolved = _corpus(*llm, *vlm, *one, *one)
    assert len(set(_ids(resolved))) == 1


def test_a_name_with_a_class_word_gives_way_only_to_its_own_bare_name_written_often() -> None:
    many = [[_m("diffusion model")] for _ in range(20)]
    rare_bare = [[_m("Diffusion", ["diffusion model"])]]
    other = [[_m("Video Diffusion", ["diffusion model"])]]
    table, resolved = _corpus(*many, *rare_bare, *other)
    assert _names(table, resolved) == {"diffusion model"}
    # an alias the extractor derives by dropping the class word does not make the full name
    # give way: here the bare form wins on its own count (the name papers write most)
    derived = [[_m("Large Vision-Language Models", ["LVLMs"])] for _ in range(8)]
    table, resolved = _corpus(*derived, [_m("LVLM", ["Large Vision-Language"])],
                              [_m("Large Vision-Language")])
    assert _names(table, resolved) == {"Large Vision-Language Models"}
    adam = [[_m("Adam")] for _ in range(6)] + [[_m("Adam optimizer")] for _ in range(10)]
    table, resolved = _corpus(*adam)
    assert _names(table, resolved) == {"Adam"}


def test_an_acronym_written_in_another_case_counts_as_the_acronym_for_the_name() -> None:
    """Papers writing "Llama" for LLaMA use the acronym: the node is not named after a longer
    form a few papers give ("LLaMA series models"); a name now and then in capitals
    ("TRANSFORMER") does not make the acronym of its long form the name."""
    llama = ([[_m("LLaMA")] for _ in range(2)] + [[_m("Llama")] for _ in range(6)]
             + [[_m("LLaMA series models", ["LLaMA"])] for _ in range(4)])
    table, resolved = _corpus(*llama)
    assert _names(table, resolved) == {"LLaMA"}
    transformer = ([[_m("Transformer")] for _ in range(12)] + [[_m("TRANSFORMER")]]
                   + [[_m("Transformer-based models", ["TBMs"])] for _ in range(2)])
    table, resolved = _corpus(*transformer)
    assert "TBMs" not in _names(table, resolved) and "Transformer" in _names(table, resolved)


def test_a_broader_name_a_paper_folded_into_a_task_stays_its_own_entity_and_links_the_paper() -> None:
    specific = Mention("task", "single image glare removal", ["SIGR", "glare removal"], "proposed", "s.", 0, 2,
                       broader=["glare removal"])
    table, resolved = _corpus([specific], [_m("glare removal", etype="task")],
                              [_m("single image glare removal", etype="task")])
    first = {table.entity(rm.entity_id).name: rm.mention for rm in resolved[0]}
    assert set(first) == {"single image glare removal", "glare removal"}
    assert first["glare removal"].role == "used" and first["single image glare removal"].role == "proposed"
    assert "glare removal" not in table.entity(resolved[2][0].entity_id).aliases
    assert resolved[1][0].entity_id != resolved[2][0].entity_id
    assert table.concept(_m("SIGR", etype="task"), {"sigr": key("single image glare removal")}).name == \
        "single image glare removal"


def test_a_broader_acronym_folded_into_a_task_is_no_definition_of_it() -> None:
    vqa = [_m("visual question answering", ["VQA"], etype="task")]
    medical = Mention("task", "medical VQA", ["VQA"], "used", "s.", 0, 2, broader=["VQA"])
    table, resolved = _corpus(vqa, vqa, vqa, [medical])
    names = {table.entity(rm.entity_id).name for rm in resolved[3]}
    assert names == {"medical VQA", "visual question answering"}


def test_a_narrower_task_is_a_variant_of_the_task_it_narrows_and_a_fixed_term_is_not() -> None:
    t = lambda name: [_m(name, etype="task")]  # noqa: E731
    table, resolved = _corpus(t("object detection"), t("object detection"), t("3D object detection"),
                              t("named entity recognition"), t("named entity recognition"),
                              t("named entity recognition"), t("entity recognition"),
                              t("in-context learning"), t("context learning"),
                              [_m("3D Gaussian splatting")], [_m("Gaussian splatting")], lexicon_dirs=[])
    ids = _ids(resolved)
    assert set(table.variants()) == {(ids[2], ids[0], "3D")}


def test_a_capital_s_ending_a_mixed_case_name_is_no_plural() -> None:
    gla = [_m("Gated Linear Attention", ["GLA"]), _m("GLAs")]
    table, resolved = _corpus(gla, gla, gla, [_m("GlaS", etype="dataset")], [_m("GlaS", etype="dataset")],
                              [_m("Software as a Service", ["SaaS"])], [_m("Sample Average Approximation", ["SAA"])],
                              [_m("SAA")], lexicon_dirs=[])
    glas = table.entity(resolved[3][0].entity_id)
    assert (glas.type, glas.name, glas.aliases) == ("dataset", "GlaS", [])
    assert len({rm.entity_id for rm in resolved[0]}) == 1
    assert table.entity(resolved[7][0].entity_id).name == "Sample Average Approximation"
    assert resolved[5][0].entity_id != resolved[6][0].entity_id


def test_a_few_definitions_of_another_kind_do_not_take_an_acronym_papers_use_alone_as_a_dataset() -> None:
    bare = [_m("QDB", etype="dataset")]
    table, resolved = _corpus(bare, bare, bare, [_m("Quantum Diffusion Bridge", ["QDB"])],
                              *[[_m("quux answering", ["QXA"], etype="task")]] * 3,
                              [_m("QXA", etype="dataset")], [_m("QXA", etype="dataset")], lexicon_dirs=[])
    qdb = table.entity(resolved[0][0].entity_id)
    assert (qdb.type, qdb.name, qdb.aliases) == ("dataset", "QDB", [])
    assert table.entity(resolved[3][0].entity_id).name == "Quantum Diffusion Bridge"
    assert resolved[7][0].entity_id == resolved[4][0].entity_id  # three definitions outnumber two bare uses


def test_a_name_a_paper_defines_keeps_apart_from_the_known_name_it_ends_in() -> None:
    moe = [_m("mixture of experts", ["MoE"])]
    own = _m("Quux Mixture of Experts", ["QMoE", "mixture of experts", "MoE"], role="proposed")
    loose = _m("versus classic mixture of experts", ["mixture of experts"])
    table, resolved = _corpus(moe, moe, moe, [own], [loose], lexicon_dirs=[])
    names = {table.entity(rm.entity_id).name: rm.mention.role for rm in resolved[3]}
    assert names == {"Quux Mixture of Experts": "proposed", "mixture of experts": "used"}
    assert "QMoE" not in table.entity(resolved[0][0].entity_id).aliases
    assert resolved[4][0].entity_id == resolved[0][0].entity_id  # no acronym of its own: no new thing
