// Datasets used as benchmarks for a task, by the number of papers that pair them, with how many name both in one sentence.
// Parameters: $task (canonical name, alias or id in any case, e.g. "offline RL").
// Engines: ladybug, neo4j
WITH toLower($task) AS wanted
MATCH (d:Dataset)-[b:BENCHMARK_FOR]->(t:Task)
WHERE toLower(t.name) = wanted OR toLower(t.id) = wanted OR any(a IN t.aliases WHERE toLower(a) = wanted)
RETURN d.name AS dataset, b.weight AS papers,
       b.n_sentence AS in_one_sentence, b.sentence AS sentence
ORDER BY papers DESC, dataset
