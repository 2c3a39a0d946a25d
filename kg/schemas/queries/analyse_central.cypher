// Most studied entities: papers linking each, and how many distinct entities share a paper with it.
// PageRank and betweenness need the Graph Data Science plugin; `kg analyze` computes them in Python.
// Parameters: $top (rows).
// Engines: ladybug, neo4j
MATCH (p:Paper)-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]->(e)
WITH e, count(DISTINCT p) AS papers
OPTIONAL MATCH (e)<-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]-(:Paper)-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]->(other)
WHERE other <> e
RETURN e.id AS entity_id, e.name AS name, e.type AS type, papers, count(DISTINCT other) AS neighbours
ORDER BY papers DESC, neighbours DESC, entity_id
LIMIT $top
