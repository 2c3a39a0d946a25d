// Methods used together with a method: papers naming both, in how many one sentence names both
// ("we combine PPO with GAE"), and whether a sentence backs the pairing (`support`: "sentence") or
// only co-mention in an abstract does. Sentence-backed pairings first. USED_WITH has one edge a
// pair (from the smaller id), so it is matched in either direction.
// Parameters: $method (canonical name, alias or id in any case, e.g. "DPO"), $limit (rows, e.g. 20).
// Engines: ladybug, neo4j
WITH toLower($method) AS wanted
MATCH (m:Method)-[e:USED_WITH]-(other:Method)
WHERE toLower(m.name) = wanted OR toLower(m.id) = wanted OR any(a IN m.aliases WHERE toLower(a) = wanted)
RETURN other.name AS method, e.weight AS papers, e.n_sentence AS in_one_sentence,
       CASE WHEN e.n_sentence > 0 THEN 'sentence' ELSE 'co-mention only' END AS support, e.sentence AS sentence
ORDER BY in_one_sentence DESC, papers DESC, method
LIMIT $limit
