// Methods, datasets and tasks rising by year: papers from $since on against papers before it,
// for entities with more recent papers than earlier ones, biggest gain first.
// Parameters: $since (first year of the recent period), $limit (rows to return).
// Engines: ladybug, neo4j
MATCH (p:Paper)-[]->(e)
WHERE p.year IS NOT NULL AND e.type IS NOT NULL
WITH e, count(DISTINCT CASE WHEN p.year >= $since THEN p.id END) AS recent,
     count(DISTINCT CASE WHEN p.year < $since THEN p.id END) AS before
WHERE recent > before
RETURN e.type AS type, e.name AS name, before, recent, recent - before AS gain
ORDER BY gain DESC, name
LIMIT $limit
