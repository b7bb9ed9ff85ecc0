// Evaluates every case of a differential run with @cloud-copilot/iam-simulate, in one process.
//
//   node run-iam-simulate.mjs <node_modules dir> <policies dir> <cases.json> <results.json>
//
// iam-simulate (AGPL-3.0-or-later) is installed by CTest into the build tree only; this script
// imports it from there at run time and nothing of it is copied into this repository.
//
// Why the engine's own modules instead of runSimulation():
// - runSimulation() validates requests against AWS's service catalogue and drops every context
//   key the action does not document; our generator uses made-up keys on purpose, to test the
//   evaluation logic rather than the catalogue.
// - runUnsafeSimulation() skips that, but always builds the request with
//   wildcardOnlyAction=false, which makes a request for resource "*" match any Allow statement
//   with a specific Resource (iam-simulate's "what could this wildcard reach" mode). A real
//   request for "*" (an action without resource-level permissions) matches only Resource "*":
//   https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
// So we call authorize() the way runUnsafeSimulation() does, with wildcardOnlyAction set when
// the requested resource is "*". npm/package-lock.json pins the package version, so these
// module paths are stable.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [nodeModules, policiesDir, casesPath, resultsPath] = process.argv.slice(2);
if (!resultsPath) {
  console.error('usage: run-iam-simulate.mjs <node_modules> <policies dir> <cases.json> <results.json>');
  process.exit(2);
}

const simDist = join(nodeModules, '@cloud-copilot', 'iam-simulate', 'dist', 'esm');
const load = async (relative) => import(pathToFileURL(join(simDist, relative)).href);
const { authorize } = await load('core_engine/CoreSimulatorEngine.js');
const { AwsRequestImpl } = await load('request/request.js');
const { RequestContextImpl } = await load('requestContext.js');
const { DiscoveryContextKeyConstraints } = await load('context_keys/discoveryContextKeyConstraints.js');
const { loadPolicy } = await import(
  pathToFileURL(join(nodeModules, '@cloud-copilot', 'iam-policy', 'dist', 'esm', 'index.js')).href
);
const simVersion = JSON.parse(
  readFileSync(join(nodeModules, '@cloud-copilot', 'iam-simulate', 'package.json'), 'utf8')
).version;

const input = JSON.parse(readFileSync(casesPath, 'utf8'));
const policies = new Map();
const policy = (name) => {
  if (!policies.has(name)) {
    const document = JSON.parse(readFileSync(join(policiesDir, name), 'utf8'));
    policies.set(name, loadPolicy(document, { name }));
  }
  return policies.get(name);
};

const decisionNames = {
  Allowed: 'allow',
  ExplicitlyDenied: 'explicit-deny',
  ImplicitlyDenied: 'implicit-deny'
};

const results = [];
for (const c of input.cases) {
  try {
    const request = new AwsRequestImpl(
      c.principal,
      { resource: c.resource, accountId: c.resource_account },
      c.action,
      new RequestContextImpl(c.context),
      c.resource === '*'
    );
    const analysis = authorize({
      request,
      sessionPolicy: undefined,
      identityPolicies: c.identity.map(policy),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: c.resource_policy ? policy(c.resource_policy) : undefined,
      permissionBoundaries: undefined,
      vpcEndpointPolicies: undefined,
      simulationParameters: {
        simulationMode: 'Strict',
        discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([])
      },
      serviceSettings: { s3: { blockPublicAccess: undefined } }
    });
    const decision = decisionNames[analysis.result];
    results.push(decision ? { id: c.id, decision } : { id: c.id, error: `result ${analysis.result}` });
  } catch (error) {
    results.push({ id: c.id, error: String(error?.message ?? error) });
  }
}

writeFileSync(resultsPath, JSON.stringify({ engine: `@cloud-copilot/iam-simulate@${simVersion}`, results }));
console.log(`iam-simulate ${simVersion}: evaluated ${results.length} cases`);
