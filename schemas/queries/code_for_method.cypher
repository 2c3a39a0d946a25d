// Code repositories of papers that propose or use a method.
// Parameters: $method (canonical name, alias or id, e.g. "DPO").
// Engines: ladybug, neo4j
MATCH (m:Method)<-[]-(p:Paper)-[:HAS_CODE]->(r:Repository)
WHERE m.name = $method OR m.id = $method OR $method IN m.aliases
RETURN r.url AS repository, p.id AS paper, p.title AS title
ORDER BY repository, paper
