// Lints Cypher statements offline with Neo4j's language support.
// stdin: JSON {"statements": [string], "console": bool}; stdout: JSON list (one per statement)
// of diagnostics {message, severity, line, character}.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { statements, console: consoleCommandsEnabled = false } = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const results = statements.map((query) =>
  lintCypherQuery(query, {}, { consoleCommandsEnabled }).diagnostics.map((d) => ({
    message: d.message,
    severity: d.severity,
    line: d.range.start.line,
    character: d.range.start.character,
  })),
);
process.stdout.write(JSON.stringify(results));
