// Methods never evaluated on a dataset that methods sharing a task with them use: candidate
// experiments. "Evaluated" means one sentence names both (n_sentence > 0); `co_mentioned` counts
// papers naming the pair only in the same abstract (0: never named together). `sentence_peers` are
// the peer methods whose whole chain (method-task, peer-task, peer-dataset) sentences back; ranked
// by them, then by all peers, pairs never named together before co-mentioned ones.
// Parameters: $limit (rows to return).
// Engines: ladybug, neo4j
MATCH (m:Method)-[a:APPLIED_TO]->(:Task)<-[b:APPLIED_TO]-(peer:Method)-[e:EVALUATED_ON]->(d:Dataset)
WHERE m <> peer AND NOT EXISTS { MATCH (m)-[tried:EVALUATED_ON]->(d) WHERE tried.n_sentence > 0 }
WITH m, d, count(DISTINCT peer) AS peers,
     count(DISTINCT CASE WHEN a.n_sentence > 0 AND b.n_sentence > 0 AND e.n_sentence > 0 THEN peer.id END) AS sentence_peers
OPTIONAL MATCH (m)-[co:EVALUATED_ON]->(d)
RETURN m.name AS method, d.name AS dataset, sentence_peers, peers, coalesce(co.weight, 0) AS co_mentioned
ORDER BY sentence_peers DESC, peers DESC, co_mentioned, method, dataset
LIMIT $limit
