// Papers that propose a method for a task, newest first.
// Parameters: $task (canonical name, alias or id in any case, e.g. "offline RL").
// Engines: ladybug, neo4j
WITH toLower($task) AS wanted
MATCH (p:Paper)-[:PROPOSES]->(m:Method)
MATCH (p)-[:ADDRESSES]->(t:Task)
WHERE toLower(t.name) = wanted OR toLower(t.id) = wanted OR any(a IN t.aliases WHERE toLower(a) = wanted)
RETURN p.id AS paper, p.title AS title, p.year AS year, m.name AS method
ORDER BY year DESC, paper, method
