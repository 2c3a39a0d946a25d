// Method-dataset pairs no paper links, best Adamic-Adar first: shared co-studied entities z, each
// counting 1/log(entities z shares a paper with), so rare shared neighbours count more.
// Through-paper patterns grow fast around hub entities: on large graphs keep $top small.
// Parameters: $top (rows).
MATCH (m:Method)<-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]-(:Paper)-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]->(z)
      <-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]-(:Paper)-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]->(x:Dataset)
WHERE z <> m AND z <> x
  AND NOT EXISTS { (m)<-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]-(:Paper)-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]->(x) }
WITH DISTINCT m, x, z
CALL (z) {
  MATCH (z)<-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]-(:Paper)-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES]->(o)
  WHERE o <> z
  RETURN count(DISTINCT o) AS degree
}
WITH m, x, sum(1.0 / log(degree)) AS adamic_adar, count(z) AS shared, collect(z.name)[..3] AS via
RETURN m.id AS method_id, m.name AS method, x.id AS dataset_id, x.name AS dataset, adamic_adar, shared, via
ORDER BY adamic_adar DESC, shared DESC, method_id, dataset_id
LIMIT $top
