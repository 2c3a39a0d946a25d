// Datasets a method was evaluated on, with how many papers pair the two.
// Parameters: $method (canonical name, alias or id, e.g. "PPO").
// Engines: ladybug, neo4j
MATCH (m:Method)-[e:EVALUATED_ON]->(d:Dataset)
WHERE m.name = $method OR m.id = $method OR $method IN m.aliases
RETURN d.name AS dataset, e.weight AS papers
ORDER BY papers DESC, dataset
