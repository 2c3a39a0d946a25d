// Papers per entity per year; papers whose input gave no year have no `year` and count as "undated".
// Parameters: none.
// Engines: ladybug, neo4j
MATCH (p:Paper)-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]->(e)
WITH e, p.year AS year, count(DISTINCT p) AS papers
RETURN e.id AS entity_id, e.name AS name, e.type AS type, coalesce(toString(year), 'undated') AS year, papers
ORDER BY entity_id, year
