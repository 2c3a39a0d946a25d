"""A four-paper graph in the contract format, for the analyses' examples (their doctests run in the tests)."""
from __future__ import annotations

import networkx as nx

from kg.schema import LABEL_OF_TYPE, PAPER, mention_rel

# paper id -> (title, year or None, [(entity id, role)])
PAPERS = {
    "p1": ("PPO on MuJoCo", 2019, [("method:ppo", "used"), ("dataset:mujoco", "used"),
                                   ("task:offline-rl", "used")]),
    "p2": ("A new offline RL method", 2020, [("method:ppo", "used"), ("dataset:mujoco", "used"),
                                             ("task:offline-rl", "used")]),
    "p3": ("DPO: aligning LMs", 2023, [("method:dpo", "proposed"), ("method:ppo", "used"),
                                       ("dataset:gsm8k", "used"), ("task:alignment", "used")]),
    "p4": ("DPO for math", None, [("method:dpo", "used"), ("dataset:gsm8k", "used")]),
}
ENTITIES = {
    "method:ppo": ("Proximal Policy Optimization", ["PPO"]),
    "method:dpo": ("Direct Preference Optimization", ["DPO"]),
    "dataset:mujoco": ("MuJoCo", []),
    "dataset:gsm8k": ("GSM8K", []),
    "task:offline-rl": ("offline reinforcement learning", ["offline RL"]),
    "task:alignment": ("language model alignment", []),
}


def example_graph() -> nx.MultiDiGraph:
    """Four papers (one undated) linking two methods, two datasets and two tasks.

    Only papers, entities and their mention edges: the derived entity-pair edges a build adds
    change none of the analyses' answers here.

    Examples
    --------
    >>> g = example_graph()
    >>> g.number_of_nodes(), g.number_of_edges()
    (10, 12)
    >>> g.nodes["method:ppo"]["n_papers"], sorted(g.successors("p3"))
    (3, ['dataset:gsm8k', 'method:dpo', 'method:ppo', 'task:alignment'])
    """
    g = nx.MultiDiGraph()
    for eid, (name, aliases) in ENTITIES.items():
        etype = eid.split(":")[0]
        g.add_node(eid, label=LABEL_OF_TYPE[etype], id=eid, type=etype, name=name, aliases=aliases,
                   n_papers=0, n_proposed=0)
    for pid, (title, year, links) in PAPERS.items():
        dated = {"date": f"{year}-05-01", "year": year} if year else {"date_text": "May 1"}
        g.add_node(pid, label=PAPER, id=pid, title=title, abstract=f"Abstract of {title}.", **dated)
        for eid, role in links:
            entity = g.nodes[eid]
            rel = mention_rel(entity["type"], role)
            evidence = f"{title} names {entity['name']}."
            g.add_edge(pid, eid, key=rel, type=rel, role=role, evidence=evidence, start=0, end=len(evidence))
            entity["n_papers"] += 1
            entity["n_proposed"] += role == "proposed"
    return g
