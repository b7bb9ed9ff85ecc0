// Checks SARIF logs as GitHub code scanning would take them: valid against the official SARIF
// 2.1.0 schema (with its formats: a "uri" must be a URI), and, unless --schema-only, free of
// errors and warnings under the SARIF multitool's SARIF and GitHub rules (`validate
// --rule-kind Gh;Sarif`). Prints every problem; exits 1 if there is one.
// node check-sarif.mjs NODE_MODULES [--schema-only] FILE...
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const [modules, ...rest] = process.argv.slice(2);
const schemaOnly = rest[0] === '--schema-only';
const files = schemaOnly ? rest.slice(1) : rest;
const require = createRequire(join(modules, 'x.js'));
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;
const toolDir = join(modules, '@microsoft', 'sarif-multitool-linux');
const schema = JSON.parse(readFileSync(join(toolDir, 'sarif-2.1.0.json'), 'utf8'));
delete schema.$schema;  // the draft is Ajv2020's own
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let problems = 0;
for (const file of files) {
  const log = JSON.parse(readFileSync(file, 'utf8'));
  if (!validate(log)) {
    for (const e of validate.errors) {
      console.log(`${file}: schema: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
      ++problems;
    }
  }
  // Code scanning shows a result's rule from driver.rules: every result's rule is described
  // there, at its ruleIndex (the schema cannot say so).
  for (const run of log.runs ?? []) {
    const rules = run.tool?.driver?.rules ?? [];
    for (const r of run.results ?? []) {
      const at = rules.findIndex((d) => d.id === r.ruleId);
      if (at < 0 || r.ruleIndex !== at) {
        console.log(`${file}: result of ${r.ruleId}: ${at < 0 ? 'not in driver.rules' : `ruleIndex ${r.ruleIndex}, not ${at}`}`);
        ++problems;
      }
    }
  }
}
// One multitool run for every log (each run starts a .NET process: seconds).
if (!schemaOnly && files.length > 0) {
  const work = mkdtempSync(join(tmpdir(), 'iamsmith-sarif-'));
  try {
    const out = join(work, 'validation.sarif');
    try {
      execFileSync(join(toolDir, 'Sarif.Multitool'), ['validate', '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning',
        '-o', out, ...files], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
    } catch (e) {
      // It exits non-zero when it finds something; the log says what. No log: it failed itself.
      if (e.status === null || e.status === undefined) throw e;
    }
    const results = JSON.parse(readFileSync(out, 'utf8')).runs.flatMap((r) => r.results ?? []);
    for (const r of results) {
      const where = r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '?';
      console.log(`${where}: multitool ${r.ruleId} (${r.level}): ${JSON.stringify(r.message.arguments ?? r.message.text)}`);
      ++problems;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
console.log(`${files.length} SARIF logs checked, ${problems} problems`);
process.exit(problems === 0 ? 0 : 1);
