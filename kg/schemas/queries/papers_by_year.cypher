// Papers per year that propose or use one method, dataset or task: its trend line.
// Parameters: $name (canonical name, alias or id of the entity, in any case, e.g. "GSM8K").
// Engines: ladybug, neo4j
WITH toLower($name) AS wanted
MATCH (p:Paper)-[]->(e)
WHERE p.year IS NOT NULL AND e.type IS NOT NULL
  AND (toLower(e.name) = wanted OR toLower(e.id) = wanted OR any(a IN e.aliases WHERE toLower(a) = wanted))
RETURN p.year AS year, count(DISTINCT p) AS papers
ORDER BY year
