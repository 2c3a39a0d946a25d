// How two entities are connected: shortest chains entity - paper - entity - ... through mention edges.
// $a and $b match an entity's id, name or any alias, case-insensitive.
// Parameters: $a, $b (entities), $top (paths).
// Engines: neo4j (allShortestPaths over mention edges fills the embedded store's buffer pool even on the seeds: kg analyze OUT --only paths A B answers it there)
MATCH (a)
WHERE (a:Method OR a:Dataset OR a:Task)
  AND (toLower(a.id) = toLower($a) OR toLower(a.name) = toLower($a)
       OR any(alias IN coalesce(a.aliases, []) WHERE toLower(alias) = toLower($a)))
MATCH (b)
WHERE (b:Method OR b:Dataset OR b:Task)
  AND (toLower(b.id) = toLower($b) OR toLower(b.name) = toLower($b)
       OR any(alias IN coalesce(b.aliases, []) WHERE toLower(alias) = toLower($b)))
MATCH path = allShortestPaths((a)-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES*..12]-(b))
RETURN [n IN nodes(path) | n.id] AS ids, [n IN nodes(path) | coalesce(n.name, n.title)] AS steps
LIMIT $top
