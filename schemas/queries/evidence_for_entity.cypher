// The sentences that link papers to one method, dataset or task, with the paper's role for it.
// Parameters: $name (canonical name, alias or id, e.g. "MuJoCo").
// Engines: ladybug, neo4j
MATCH (p:Paper)-[r]->(e)
WHERE e.type IS NOT NULL AND (e.name = $name OR e.id = $name OR $name IN e.aliases)
RETURN p.id AS paper, p.year AS year, r.role AS role, r.evidence AS evidence
ORDER BY year, paper
