"""Entity resolution through the alias table."""
from __future__ import annotations

from kg.model import Extraction, Mention
from kg.resolve import AliasTable, CorpusVotes, is_acronym, normalise, resolve_extraction


def _m(name: str, aliases: list[str] = (), etype: str = "method", role: str = "used") -> Mention:
    return Mention(etype, name, list(aliases), role, "s.", 0, 2)


def test_normalise_matches_the_scorer_rules() -> None:
    assert normalise("The Vision-Language Models") == "vision language model"
    assert normalise("CIFAR_10") == "cifar 10"
    assert normalise("loss") == "loss"


def test_acronyms() -> None:
    assert is_acronym("DPO") and is_acronym("GPT-4") and is_acronym("f-DVL")
    assert not is_acronym("Transformer") and not is_acronym("offline RL")


def test_long_form_and_bare_acronym_in_other_papers_are_one_entity_in_any_order() -> None:
    for order in ([_m("DPO"), _m("Direct Preference Optimization", ["DPO"])],
                  [_m("Direct Preference Optimization", ["DPO"]), _m("DPO")]):
        table = AliasTable()
        ids = {table.resolve(m) for m in order}
        assert ids == {"method:dpo"}
        (entity,) = table.entities()
        assert entity.name == "Direct Preference Optimization"
        assert entity.aliases == ["DPO"]


def test_same_acronym_with_different_long_forms_stays_apart() -> None:
    table = AliasTable()
    a = table.resolve(_m("Direct Preference Optimization", ["DPO"]))
    b = table.resolve(_m("Distributed Policy Optimization", ["DPO"]))
    assert a != b
    assert b == "method:dpo--distributed-policy-optimization"


def test_types_are_kept_apart_and_plurals_merge() -> None:
    table = AliasTable()
    assert table.resolve(_m("VLMs", etype="method")) == table.resolve(_m("VLM", etype="method"))
    assert table.resolve(_m("ranking", etype="task")) != table.resolve(_m("ranking", etype="method"))


def test_one_paper_naming_an_entity_twice_gives_one_mention_and_proposed_wins() -> None:
    table = AliasTable()
    ex = Extraction("p1", "t", [_m("DPO"), _m("Direct Preference Optimization", ["DPO"], role="proposed")])
    (rm,) = resolve_extraction(table, ex)
    assert rm.entity_id == "method:dpo" and rm.mention.role == "proposed"


def test_table_round_trips_through_disk(tmp_path) -> None:
    table = AliasTable()
    table.resolve(_m("Proximal Policy Optimization", ["PPO"]))
    table.save(tmp_path / "aliases.json")
    again = AliasTable.load(tmp_path / "aliases.json")
    assert again.resolve(_m("PPO")) == "method:ppo"
    assert again.entities() == table.entities()


def test_spacing_variants_merge_and_lower_case_beats_title_case() -> None:
    table = AliasTable()
    a = table.resolve(_m("CIFAR-100", etype="dataset"))
    assert table.resolve(_m("CIFAR100", etype="dataset")) == a
    for _ in range(2):
        t = table.resolve(_m("Federated Learning", etype="task"))
    assert table.resolve(_m("federated learning", etype="task")) == t
    assert table.entity(t).name == "federated learning"
    assert table.entity(a).name == "CIFAR-100" and table.entity(a).aliases == ["CIFAR100"]
    m = table.resolve(_m("Proximal Policy Optimization", ["PPO"]))
    table.resolve(_m("proximal policy optimization"))
    assert table.entity(m).name == "Proximal Policy Optimization"


def _corpus(*papers: list[Mention]) -> tuple[AliasTable, list[list]]:
    extractions = [Extraction(f"p{i}", "t", list(ms)) for i, ms in enumerate(papers)]
    table = AliasTable(CorpusVotes.of(extractions))
    return table, [resolve_extraction(table, ex) for ex in extractions]


def test_a_name_gets_the_type_most_of_its_mentions_have_across_the_corpus() -> None:
    table, resolved = _corpus([_m("GPT-4")], [_m("GPT-4")], [_m("GPT4", etype="dataset")])
    ids = {rm.entity_id for rms in resolved for rm in rms}
    assert ids == {"method:gpt-4"}
    assert {rm.mention.type for rms in resolved for rm in rms} == {"method"}
    (entity,) = table.entities()
    assert entity.type == "method"


def test_a_type_tie_keeps_each_mentions_own_type() -> None:
    _, resolved = _corpus([_m("ranking", etype="task")], [_m("ranking", etype="method")])
    assert [rms[0].mention.type for rms in resolved] == ["task", "method"]


def test_a_bare_acronym_defined_two_ways_joins_neither_long_form() -> None:
    _, resolved = _corpus([_m("Direct Preference Optimization", ["DPO"])],
                          [_m("Distributed Policy Optimization", ["DPO"])], [_m("DPO")])
    first, second, bare = (rms[0].entity_id for rms in resolved)
    assert len({first, second, bare}) == 3
    _, resolved = _corpus([_m("Direct Preference Optimization", ["DPO"])], [_m("DPO")])
    assert resolved[0][0].entity_id == resolved[1][0].entity_id
