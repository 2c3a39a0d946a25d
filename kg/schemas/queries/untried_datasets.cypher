// Methods never evaluated on a dataset that methods sharing a task with them use:
// candidate experiments, ranked by how many such peer methods use the dataset.
// Parameters: $limit (rows to return).
// Engines: ladybug, neo4j
MATCH (m:Method)-[:APPLIED_TO]->(:Task)<-[:APPLIED_TO]-(peer:Method)-[:EVALUATED_ON]->(d:Dataset)
WHERE m <> peer AND NOT EXISTS { MATCH (m)-[:EVALUATED_ON]->(d) }
WITH m, d, count(DISTINCT peer) AS peers
RETURN m.name AS method, d.name AS dataset, peers
ORDER BY peers DESC, method, dataset
LIMIT $limit
