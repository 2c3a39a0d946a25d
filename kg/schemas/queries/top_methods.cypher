// Most-used methods: methods ranked by how many papers propose or use them.
// Parameters: $limit (rows to return).
// Engines: ladybug, neo4j
MATCH (p:Paper)-[]->(m:Method)
WITH m, count(DISTINCT p) AS papers
RETURN m.name AS method, papers
ORDER BY papers DESC, method
LIMIT $limit
