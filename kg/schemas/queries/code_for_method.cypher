// Code repositories of papers that propose or use a method.
// Parameters: $method (canonical name, alias or id in any case, e.g. "DPO").
// Engines: ladybug, neo4j
WITH toLower($method) AS wanted
MATCH (m:Method)<-[]-(p:Paper)-[:HAS_CODE]->(r:Repository)
WHERE toLower(m.name) = wanted OR toLower(m.id) = wanted OR any(a IN m.aliases WHERE toLower(a) = wanted)
RETURN r.url AS repository, p.id AS paper, p.title AS title
ORDER BY repository, paper
