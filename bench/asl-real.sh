#!/usr/bin/env bash
# Measures `iamsmith generate` on a directory of real state machine definitions (*.json).
#
#   bench/asl-real.sh CORPUS_DIR [IAMSMITH_BIN [GENERATE_OPTION...]]   (default binary: build/ci/iamsmith)
#
# Options after the binary go to every `iamsmith generate` and `iamsmith verify` (e.g.
# --exact-resources).
#
# The definitions are copied to a temporary directory and every Task state, however nested, is
# given "Credentials": {"RoleArn": "arn:aws:iam::111122223333:role/Target"}. Then:
#   - each definition is generated whole (--out-dir), and what was written is linted;
#   - each Task is generated alone (only that Task has Credentials), so that the target role's
#     permission policy is exactly that Task's grants: "exact" (no statement on "*"), "*, no
#     resource types" (only actions the catalogue gives no resource types, or one optional type,
#     are on "*"), "*"
#     (some other action on "*"), or refused (the error codes);
#   - every generated action is looked up in the catalogue (rules/iam-data.tsv of this checkout);
#   - each generated definition is verified (`iamsmith verify` on what was written), and the wall
#     time of every whole-definition `generate` and `verify` process is summed (the speed figures).
# Prints a Markdown table per integration (optimised integrations by service:api, AWS SDK calls
# by service) and the totals; with ASL_REAL_REFUSED=1 also each refused definition's errors.
# Nothing is written outside the temporary directory.
set -euo pipefail
if [[ $# -lt 1 || ! -d "$1" ]]; then
  echo "usage: $0 CORPUS_DIR [IAMSMITH_BIN]" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$(cd "$1" && pwd)"
bin="${2:-$here/build/ci/iamsmith}"
extra=("${@:3}")
[[ -x "$bin" ]] || { echo "$0: no iamsmith binary at $bin" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$corpus"/*.json "$work"/
python3 - "$work" "$bin" "$here/rules/iam-data.tsv" "${extra[@]}" <<'PY'
import collections, glob, json, os, re, subprocess, sys, time

work, binary, data = sys.argv[1:4]
extra_args = sys.argv[4:]
ROLE = "arn:aws:iam::111122223333:role/Target"
EXEC = "arn:aws:iam::111122223333:role/Execution"

# The catalogue: service -> action (lower case) -> has resource types.
catalogue = collections.defaultdict(dict)
service = None
for line in open(data, encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if f[0] == "S":
        service = f[1].lower()
    elif f[0] == "A" and service:
        types = [t for t in f[3].split(",") if t] if len(f) > 3 else []
        # Resource "*" is what it takes: no resource types, or one optional type (a request
        # without that resource is authorised against "*").
        catalogue[service][f[1].lower()] = not (not types or (len(types) == 1 and not types[0].endswith("*")))

def lookup(action):
    svc, _, name = action.partition(":")
    return catalogue.get(svc.lower(), {}).get(name.lower())

def tasks(states, out):
    for s in states.values():
        if not isinstance(s, dict):
            continue
        if s.get("Type") == "Task":
            out.append(s)
        for b in s.get("Branches", []) or []:
            tasks(b.get("States", {}), out)
        for k in ("Iterator", "ItemProcessor"):
            if isinstance(s.get(k), dict):
                tasks(s[k].get("States", {}), out)
    return out

def integration(resource):
    r = resource if isinstance(resource, str) else "?"
    m = re.match(r"arn:[^:]+:states:[^:]*:[^:]*:(.*)$", r)
    if m:
        call = m.group(1)
        if call.startswith("aws-sdk:"):
            return "aws-sdk:" + call.split(":")[1]
        if call.startswith("activity:"):
            return "activity"
        return re.sub(r"\.(sync(:2)?|waitForTaskToken)$", "", call)
    if re.match(r"arn:[^:]+:lambda:", r):
        return "lambda (function ARN)"
    return r

timing = collections.Counter()
verify_failed = []  # "name (exit N): the first finding" of each generated definition verify does not pass

def generate(path, name, out_dir=None):
    args = [binary, "generate", "--definition", path,
            "--state-machine-arn", "arn:aws:states:us-east-1:111122223333:stateMachine:" + name,
            "--execution-role-arn", EXEC] + extra_args
    if out_dir:
        args += ["--out-dir", out_dir]
    start = time.perf_counter()
    p = subprocess.run(args, capture_output=True, text=True)
    if out_dir:
        timing["generate_s"] += time.perf_counter() - start
        timing["generate_n"] += 1
    errors = re.findall(r"error\[(\w+) ", p.stderr)
    return p, errors

def verify(path, name, out_dir):
    args = [binary, "verify", "--definition", path,
            "--state-machine-arn", "arn:aws:states:us-east-1:111122223333:stateMachine:" + name,
            "--execution-role-arn", EXEC, out_dir] + extra_args
    start = time.perf_counter()
    p = subprocess.run(args, capture_output=True, text=True)
    timing["verify_s"] += time.perf_counter() - start
    timing["verify_n"] += 1
    timing["verify_ok"] += 1 if p.returncode == 0 else 0
    if p.returncode != 0:
        first = next((line for line in p.stdout.splitlines() + p.stderr.splitlines() if "error[" in line or "warning[" in line), "")
        verify_failed.append("%s (exit %d): %s" % (name, p.returncode, first.strip()[:200]))
    return p

def actions_of(policy):
    out = []
    for st in policy.get("Statement", []):
        acts = st.get("Action", [])
        res = st.get("Resource", [])
        acts = [acts] if isinstance(acts, str) else acts
        res = [res] if isinstance(res, str) else res
        out.append((acts, res))
    return out

rows = collections.defaultdict(lambda: collections.Counter())
codes = collections.defaultdict(collections.Counter)
unknown_actions = collections.Counter()
defs_generated = defs_refused = 0
def_codes = collections.Counter()
lint_dirty = 0
lint_codes = collections.Counter()
lint_dirty_names = []
refused_list = []
n_tasks = 0

for path in sorted(glob.glob(os.path.join(work, "*.json"))):
    name = os.path.splitext(os.path.splitext(os.path.basename(path))[0])[0]
    try:
        definition = json.load(open(path, encoding="utf-8"))
    except ValueError:
        continue
    all_tasks = tasks(definition.get("States", {}), [])
    if not all_tasks:
        continue
    # Each Task alone.
    for i, task in enumerate(all_tasks):
        n_tasks += 1
        key = integration(task.get("Resource"))
        for t in all_tasks:
            t.pop("Credentials", None)
        task["Credentials"] = {"RoleArn": ROLE}
        one = os.path.join(work, name + ".task%d.asl" % i)
        json.dump(definition, open(one, "w", encoding="utf-8"))
        p, errors = generate(one, name)
        rows[key]["tasks"] += 1
        if p.returncode != 0:
            rows[key]["refused"] += 1
            for c in sorted(set(errors)) or ["exit %d" % p.returncode]:
                codes[key][c] += 1
            continue
        bundle = json.loads(p.stdout)
        perms = [x for x in bundle.get("policies", []) if x.get("file") == "Target.permissions.json"]
        star_kinds = set()
        for acts, res in actions_of(perms[0]["policy"]) if perms else []:
            for a in acts:
                if lookup(a) is None:
                    unknown_actions[a] += 1
            if "*" in res:
                star_kinds.add("none" if all(lookup(a) is False for a in acts) else "other")
        if "other" in star_kinds:
            rows[key]["star"] += 1
        elif "none" in star_kinds:
            rows[key]["star_none"] += 1
        else:
            rows[key]["exact"] += 1
    # The whole definition.
    for t in all_tasks:
        t["Credentials"] = {"RoleArn": ROLE}
    whole = os.path.join(work, name + ".whole.asl")
    json.dump(definition, open(whole, "w", encoding="utf-8"))
    out = os.path.join(work, name + ".out")
    p, errors = generate(whole, name, out)
    if p.returncode != 0:
        defs_refused += 1
        for c in sorted(set(errors)):
            def_codes[c] += 1
        refused_list.append((name, [l for l in p.stderr.splitlines() if "error[" in l]))
        continue
    defs_generated += 1
    verify(whole, name, out)
    for f in glob.glob(os.path.join(out, "*.json")):
        if os.path.basename(f) == "manifest.json":
            continue
        for acts, _ in actions_of(json.load(open(f, encoding="utf-8"))):
            for a in acts:
                if lookup(a) is None and a != "sts:AssumeRole":
                    unknown_actions[a] += 1
    lint = subprocess.run([binary, "lint", "--no-config", "--format", "json", out], capture_output=True, text=True)
    found = set()
    try:
        for d in json.loads(lint.stdout).get("findings", []):
            if d.get("severity") in ("error", "security", "warning"):
                found.add(d.get("rule", "?"))
    except ValueError:
        found.add("lint exit %d" % lint.returncode)
    if found:
        lint_dirty += 1
        lint_codes.update(found)
        lint_dirty_names.append("%s (%s)" % (name, ", ".join(sorted(found))))

def pct(a, b):
    return "%d (%.0f %%)" % (a, 100.0 * a / b) if b else "0"

total = collections.Counter()
print("| integration | tasks | exact | \"*\": no resource types | \"*\" | refused | refusal codes |")
print("|---|---:|---:|---:|---:|---:|---|")
for key in sorted(rows, key=lambda k: (-rows[k]["tasks"], k)):
    r = rows[key]
    total.update(r)
    c = ", ".join("%s %d" % (k, v) for k, v in sorted(codes[key].items()))
    print("| %s | %d | %d | %d | %d | %d | %s |" % (key, r["tasks"], r["exact"], r["star_none"], r["star"], r["refused"], c))
t = total
print("| **all** | %d | %s | %s | %s | %s | |" % (t["tasks"], pct(t["exact"], t["tasks"]), pct(t["star_none"], t["tasks"]),
                                                   pct(t["star"], t["tasks"]), pct(t["refused"], t["tasks"])))
print()
n_defs = defs_generated + defs_refused
print("definitions: %d, generated %s, refused %s%s" % (n_defs, pct(defs_generated, n_defs), pct(defs_refused, n_defs),
      (" (" + ", ".join("%s %d" % kv for kv in sorted(def_codes.items())) + ")") if def_codes else ""))
print("generated actions not in the catalogue: %d%s" % (sum(unknown_actions.values()),
      (" (" + ", ".join("%s %d" % kv for kv in sorted(unknown_actions.items())) + ")") if unknown_actions else ""))
if os.environ.get("ASL_REAL_REFUSED"):
    # Each refused definition with its errors (ASL_REAL_REFUSED=1): the reasons, for grouping.
    for name, lines in refused_list:
        for l in lines:
            print("refused %s: %s" % (name, re.sub(r"^[^ ]*: ", "", l)))
if timing["generate_n"]:
    print("speed: generate %d definitions in %.2f s (%.1f ms each), verify %d in %.2f s (%.1f ms each; %d verified clean); "
          "wall time of each process" % (timing["generate_n"], timing["generate_s"], 1000 * timing["generate_s"] / timing["generate_n"],
                                         timing["verify_n"], timing["verify_s"],
                                         1000 * timing["verify_s"] / max(1, timing["verify_n"]), timing["verify_ok"]))
for line in verify_failed:
    print("verify failed: " + line)
print("generated definitions whose policies lint with findings (warning or worse): %d%s" % (lint_dirty,
      (" (" + ", ".join("%s %d" % kv for kv in sorted(lint_codes.items())) + ")") if lint_codes else ""))
for line in lint_dirty_names:
    print("lint findings: " + line)
PY
