// Lints Cypher offline with Neo4j's language support.
// Each stdin line is a JSON list of statements; each answer is one stdout line: a JSON list
// (one entry per statement) of diagnostics {message, severity, line, character}.
import readline from 'node:readline';
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const diagnose = (query) =>
  lintCypherQuery(query, {}).diagnostics.map((d) => ({
    message: d.message,
    severity: d.severity,
    line: d.range.start.line,
    character: d.range.start.character,
  }));

for await (const line of readline.createInterface({ input: process.stdin })) {
  if (line.trim()) process.stdout.write(JSON.stringify(JSON.parse(line).map(diagnose)) + '\n');
}
