// Datasets a method was evaluated on: papers pairing the two, in how many one sentence names both,
// and whether a sentence backs the pairing (`support`: "sentence") or only co-mention in an abstract does.
// Sentence-backed pairings first.
// Parameters: $method (canonical name, alias or id in any case, e.g. "PPO").
// Engines: ladybug, neo4j
WITH toLower($method) AS wanted
MATCH (m:Method)-[e:EVALUATED_ON]->(d:Dataset)
WHERE toLower(m.name) = wanted OR toLower(m.id) = wanted OR any(a IN m.aliases WHERE toLower(a) = wanted)
RETURN d.name AS dataset, e.weight AS papers, e.n_sentence AS in_one_sentence,
       CASE WHEN e.n_sentence > 0 THEN 'sentence' ELSE 'co-mention only' END AS support, e.sentence AS sentence
ORDER BY in_one_sentence DESC, papers DESC, dataset
