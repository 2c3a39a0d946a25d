// Papers per year that propose or use one method, dataset or task: its trend line.
// Parameters: $name (canonical name, alias or id of the entity, e.g. "GSM8K").
// Engines: ladybug, neo4j
MATCH (p:Paper)-[]->(e)
WHERE p.year IS NOT NULL AND e.type IS NOT NULL
  AND (e.name = $name OR e.id = $name OR $name IN e.aliases)
RETURN p.year AS year, count(DISTINCT p) AS papers
ORDER BY year
