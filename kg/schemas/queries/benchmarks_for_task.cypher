// Datasets used as benchmarks for a task: papers pairing them, in how many one sentence names both,
// and whether a sentence backs the pairing (`support`: "sentence") or only co-mention in an abstract does.
// Sentence-backed pairings first.
// Parameters: $task (canonical name, alias or id in any case, e.g. "offline RL").
// Engines: ladybug, neo4j
WITH toLower($task) AS wanted
MATCH (d:Dataset)-[b:BENCHMARK_FOR]->(t:Task)
WHERE toLower(t.name) = wanted OR toLower(t.id) = wanted OR any(a IN t.aliases WHERE toLower(a) = wanted)
RETURN d.name AS dataset, b.weight AS papers, b.n_sentence AS in_one_sentence,
       CASE WHEN b.n_sentence > 0 THEN 'sentence' ELSE 'co-mention only' END AS support, b.sentence AS sentence
ORDER BY in_one_sentence DESC, papers DESC, dataset
