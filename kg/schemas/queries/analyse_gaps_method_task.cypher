// Method-task pairs no sentence names together yet, best first, scored as `kg analyze` scores them
// (kg/analyse/gaps.py). Each shared neighbour z (an entity sharing a paper with both) counts
// 1/log(entities z shares a paper with): fully when sentences tie z to both ends (pair edges with
// n_sentence > 0), 0.25 when co-mention alone links them. The sum is multiplied by the specificity
// of both ends, log(n/k)/log(n) for an entity sharing papers with k of the n entities; an end below
// 0.5 is generic, and pairs with fewer generic ends come first. `support` says "sentence" or
// "co-mention only"; `co_mentioned` counts papers already naming both in one abstract (0: never).
// As in kg analyze, a neighbour counts only beyond the pair's own papers: some paper names it with the
// method and not the other end, and some paper names it with the other end and not the method.
// Through-paper patterns grow fast around hub entities: on large graphs keep $top small.
// Parameters: $top (rows).
// Engines: neo4j (its CALL (z) { } subqueries do not run on the embedded store: kg analyze OUT --only gaps answers it there)
MATCH (n)
WHERE n:Method OR n:Dataset OR n:Task
WITH count(n) AS entities
MATCH (m:Method)<-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]-(p1:Paper)-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]->(z)
      <-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]-(p2:Paper)-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]->(x:Task)
WHERE z <> m AND z <> x
  AND NOT EXISTS { MATCH (p1)-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]->(x) }
  AND NOT EXISTS { MATCH (p2)-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]->(m) }
  AND NOT EXISTS { MATCH (m)-[tried:APPLIED_TO]->(x) WHERE tried.n_sentence > 0 }
WITH DISTINCT entities, m, x, z
CALL (z) {
  MATCH (z)<-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]-(:Paper)-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]->(o)
  WHERE o <> z
  RETURN count(DISTINCT o) AS degree
}
WITH entities, m, x, z, degree,
     EXISTS { MATCH (m)-[a:EVALUATED_ON|APPLIED_TO|BENCHMARK_FOR]-(z) WHERE a.n_sentence > 0 }
       AND EXISTS { MATCH (z)-[b:EVALUATED_ON|APPLIED_TO|BENCHMARK_FOR]-(x) WHERE b.n_sentence > 0 } AS tied
WITH entities, m, x, sum(CASE WHEN tied THEN 1.0 ELSE 0.25 END / log(degree)) AS weighted,
     sum(CASE WHEN tied THEN 1 ELSE 0 END) AS sentence_neighbours, count(z) AS shared, collect(z.name)[..3] AS via
CALL (m) {
  MATCH (m)<-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]-(:Paper)-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]->(o)
  WHERE o <> m
  RETURN count(DISTINCT o) AS m_degree
}
CALL (x) {
  MATCH (x)<-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]-(:Paper)-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]->(o)
  WHERE o <> x
  RETURN count(DISTINCT o) AS x_degree
}
OPTIONAL MATCH (m)-[co:APPLIED_TO]->(x)
WITH m, x, weighted, sentence_neighbours, shared, via, coalesce(co.weight, 0) AS co_mentioned,
     CASE WHEN entities < 3 OR m_degree <= 1 THEN 1.0 ELSE log(toFloat(entities) / m_degree) / log(entities) END AS m_spec,
     CASE WHEN entities < 3 OR x_degree <= 1 THEN 1.0 ELSE log(toFloat(entities) / x_degree) / log(entities) END AS x_spec
RETURN m.id AS method_id, m.name AS method, x.id AS task_id, x.name AS task, m_spec * x_spec * weighted AS score,
       CASE WHEN sentence_neighbours > 0 THEN 'sentence' ELSE 'co-mention only' END AS support, co_mentioned,
       (CASE WHEN m_spec < 0.5 THEN 1 ELSE 0 END) + (CASE WHEN x_spec < 0.5 THEN 1 ELSE 0 END) AS generic_ends,
       sentence_neighbours, shared, via
ORDER BY generic_ends, score DESC, method_id, task_id
LIMIT $top
