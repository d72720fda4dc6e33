// Turns `streamsim qtt --json FILE` output into the README's conformance table (markdown, one row a file).
import console from 'node:console';
import { readFileSync } from 'node:fs';
import process from 'node:process';

const report = JSON.parse(readFileSync(process.argv[2] ?? 'qtt-results.json', 'utf8'));
const files = new Map();
for (const c of report.cases) {
  const row = files.get(c.file) ?? { passed: 0, failed: 0, skipped: 0 };
  row[c.status] += 1;
  files.set(c.file, row);
}
const inScope = report.passed + report.failed + report.skipped;
console.log(`${report.passed} of ${inScope} in-scope cases pass (${((100 * report.passed) / inScope).toFixed(1)}%); ${report.failed} fail, ${report.skipped} are skipped (unsupported features), ${report.leftOut} need Avro, Protobuf or JSON Schema.\n`);
console.log('| file | passed | failed | skipped |');
console.log('|---|---:|---:|---:|');
for (const [file, r] of [...files].sort((a, b) => a[0].localeCompare(b[0]))) console.log(`| ${file} | ${r.passed} | ${r.failed} | ${r.skipped} |`);
