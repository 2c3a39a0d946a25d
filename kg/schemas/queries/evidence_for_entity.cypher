// The sentences that link papers to one method, dataset or task, with the paper's role for it
// and the extractor's confidence in that reading (0 to 1).
// Parameters: $name (canonical name, alias or id in any case, e.g. "MuJoCo").
// Engines: ladybug, neo4j
WITH toLower($name) AS wanted
MATCH (p:Paper)-[r]->(e)
WHERE e.type IS NOT NULL AND (toLower(e.name) = wanted OR toLower(e.id) = wanted OR any(a IN e.aliases WHERE toLower(a) = wanted))
RETURN p.id AS paper, p.year AS year, r.role AS role, r.confidence AS confidence, r.evidence AS evidence
ORDER BY year, paper
