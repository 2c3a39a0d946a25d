// FalkorDB's form of constraints.cypher: it has no CREATE CONSTRAINT and no IF NOT EXISTS,
// so each label gets a plain range index on `id` (what MERGE looks nodes up by); the
// exporter skips the ones that already exist.
CREATE INDEX FOR (n:Paper) ON (n.id);
CREATE INDEX FOR (n:Method) ON (n.id);
CREATE INDEX FOR (n:Dataset) ON (n.id);
CREATE INDEX FOR (n:Task) ON (n.id);
CREATE INDEX FOR (n:Repository) ON (n.id);
