// Datasets a method was evaluated on, with how many papers pair the two and in how many one sentence names both.
// Parameters: $method (canonical name, alias or id in any case, e.g. "PPO").
// Engines: ladybug, neo4j
WITH toLower($method) AS wanted
MATCH (m:Method)-[e:EVALUATED_ON]->(d:Dataset)
WHERE toLower(m.name) = wanted OR toLower(m.id) = wanted OR any(a IN m.aliases WHERE toLower(a) = wanted)
RETURN d.name AS dataset, e.weight AS papers,
       e.n_sentence AS in_one_sentence, e.sentence AS sentence
ORDER BY papers DESC, dataset
