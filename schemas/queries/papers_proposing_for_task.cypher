// Papers that propose a method for a task, newest first.
// Parameters: $task (canonical name, alias or id, e.g. "offline RL").
// Engines: ladybug, neo4j
MATCH (p:Paper)-[:PROPOSES]->(m:Method)
MATCH (p)-[:ADDRESSES]->(t:Task)
WHERE t.name = $task OR t.id = $task OR $task IN t.aliases
RETURN p.id AS paper, p.title AS title, p.year AS year, m.name AS method
ORDER BY year DESC, paper, method
