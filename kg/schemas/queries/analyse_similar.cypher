// Papers sharing the most entities with paper $paper, each shared entity weighted by
// log(papers / papers linking it) so rare shared entities count more; the shared entities
// are listed rarest first.
// Parameters: $paper (paper id), $top (rows).
// Engines: ladybug, neo4j
MATCH (paper:Paper)
WITH count(paper) AS n
MATCH (p:Paper {id: $paper})-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]->(e)
WITH DISTINCT n, p, e
MATCH (e)<-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]-(q:Paper)
WHERE q <> p
WITH DISTINCT n, e, q
ORDER BY e.n_papers, e.name
RETURN q.id AS paper_id, q.title AS title, sum(log(toFloat(n) / e.n_papers)) AS score,
       count(e) AS shared, collect(e.name) AS shared_entities
ORDER BY score DESC, shared DESC, paper_id
LIMIT $top
