// Method x dataset and method x task pairs with the papers linking both (the matrices, in long form).
// Parameters: none.
// Engines: ladybug, neo4j
MATCH (m:Method)-[r:EVALUATED_ON|APPLIED_TO]->(x)
RETURN m.name AS method, type(r) AS kind, x.name AS other, r.weight AS papers
ORDER BY kind, papers DESC, method, other
