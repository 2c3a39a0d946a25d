// Datasets used as benchmarks for a task, by the number of papers that pair them.
// Parameters: $task (canonical name, alias or id, e.g. "offline RL").
// Engines: ladybug, neo4j
MATCH (d:Dataset)-[b:BENCHMARK_FOR]->(t:Task)
WHERE t.name = $task OR t.id = $task OR $task IN t.aliases
RETURN d.name AS dataset, b.weight AS papers
ORDER BY papers DESC, dataset
