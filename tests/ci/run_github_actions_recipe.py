#!/usr/bin/env python3
"""Runs the README's GitHub Actions recipe (the yaml block under "### GitHub Actions") locally.

    run_github_actions_recipe.py BINARY SOURCE_DIR SCRATCH_DIR

Each job's steps run in order in SCRATCH_DIR/workspace, as a runner would: `run:` steps with
`bash --noprofile --norc -eo pipefail`, GITHUB_PATH and GITHUB_WORKSPACE honoured, a failed step
skipping the later ones unless they say `if: always()`. `uses:` steps are emulated:
actions/checkout copies a small project (a broken trust policy under iam/) or, with
`repository:`, this checkout's files to `path`; github/codeql-action/upload-sarif checks that its
`sarif_file` is SARIF 2.1.0 holding the broken policy's finding. The step named "Build iamsmith"
compiles iamsmith (minutes): it runs as written only with IAMSMITH_TEST_RECIPE_BUILD=1; otherwise
(and in .ci/run, which already builds the release binary and the build hook's) the binary under
test is installed where that step would put it. The test fails
unless lint fails on the broken policy and the upload still runs and gets the report.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

FIXTURE = ["samples/broken/wrong-external-id/LambdaRole.trust.json",
           "samples/broken/wrong-external-id/manifest.json"]


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def recipe(readme):
    lines = readme.read_text(encoding="utf-8").splitlines()
    try:
        start = lines.index("### GitHub Actions")
    except ValueError:
        fail("README.md has no '### GitHub Actions' section")
    block, inside = [], False
    for line in lines[start + 1:]:
        if not inside and line.startswith("### "):
            break
        if not inside and line.strip() == "```yaml":
            inside = True
        elif inside and line.strip() == "```":
            return "\n".join(block)
        elif inside:
            block.append(line)
    fail("the GitHub Actions section has no complete yaml block")


def copy_checkout(source, target):
    """The files of this checkout (tracked, and untracked but not ignored), as a clone has them."""
    listed = subprocess.run(["git", "-C", str(source), "ls-files", "-co", "--exclude-standard", "-z"],
                            capture_output=True)
    if listed.returncode == 0:
        names = [n for n in listed.stdout.decode().split("\0") if n]
    else:
        names = [str(p.relative_to(source)) for p in source.rglob("*")
                 if p.is_file() and p.relative_to(source).parts[0] != "build"]
    for name in names:
        origin = source / name
        if not origin.is_file():
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(origin, target / name)


def main():
    if len(sys.argv) != 4:
        fail("usage: run_github_actions_recipe.py BINARY SOURCE_DIR SCRATCH_DIR")
    binary, source, scratch = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve(), Path(sys.argv[3]).resolve()
    try:
        import yaml  # PyYAML: Debian's python3-yaml (pre-commit depends on it)
    except ImportError:
        print("SKIP: no PyYAML (python3-yaml; tools/setup --with-precommit installs it)")
        return 0
    workflow = yaml.safe_load(recipe(source / "README.md"))
    build_for_real = os.environ.get("IAMSMITH_TEST_RECIPE_BUILD") == "1"

    shutil.rmtree(scratch, ignore_errors=True)
    workspace, home = scratch / "workspace", scratch / "home"
    workspace.mkdir(parents=True)
    home.mkdir()
    github_path = scratch / "github_path"
    github_path.touch()
    env = dict(os.environ, HOME=str(home), GITHUB_WORKSPACE=str(workspace), GITHUB_PATH=str(github_path), CI="true")
    extra_path = []

    jobs = workflow.get("jobs") or fail("the recipe has no jobs")
    outcomes = {}
    for job_name, job in jobs.items():
        failed = False
        for number, step in enumerate(job.get("steps", []), 1):
            label = step.get("name") or step.get("uses") or f"step {number}"
            condition = str(step.get("if", "success()")).strip()
            if condition.startswith("${{"):
                condition = condition[3:-2].strip()
            if condition not in ("success()", "always()"):
                fail(f"{label}: the test knows no condition '{condition}'")
            if failed and condition != "always()":
                print(f"== {job_name} / {label}: skipped (an earlier step failed)")
                outcomes[label] = "skipped"
                continue
            print(f"== {job_name} / {label}")
            code = 0
            uses = step.get("uses", "")
            with_ = step.get("with") or {}
            if uses.startswith("actions/checkout@"):
                target = workspace / with_.get("path", ".")
                target.mkdir(parents=True, exist_ok=True)
                if "repository" in with_:
                    copy_checkout(source, target)
                else:
                    (target / "iam").mkdir(exist_ok=True)
                    for name in FIXTURE:
                        shutil.copy2(source / name, target / "iam")
            elif uses.startswith("github/codeql-action/upload-sarif@"):
                sarif_path = workspace / with_.get("sarif_file", "")
                if not sarif_path.is_file():
                    fail(f"{label}: no SARIF file {sarif_path}")
                sarif = json.loads(sarif_path.read_text(encoding="utf-8"))
                if sarif.get("version") != "2.1.0" or not sarif.get("runs"):
                    fail(f"{label}: {sarif_path} is not SARIF 2.1.0")
                rules = {r.get("ruleId") for run in sarif["runs"] for r in run.get("results", [])}
                if "S001" not in rules:
                    fail(f"{label}: the SARIF file has no S001 result (has: {sorted(rules)})")
                print(f"   {sarif_path.name}: SARIF 2.1.0, results for {sorted(rules)}")
            elif uses:
                fail(f"{label}: the test cannot emulate '{uses}'")
            elif label == "Build iamsmith" and not build_for_real:
                # What the step leaves behind: iamsmith in ~/.local/bin, named in GITHUB_PATH.
                bindir = home / ".local" / "bin"
                bindir.mkdir(parents=True)
                (bindir / "iamsmith").symlink_to(binary)
                with github_path.open("a") as f:
                    f.write(f"{bindir}\n")
                print("   (not compiled: the binary under test installed instead; IAMSMITH_TEST_RECIPE_BUILD=1 builds it)")
            else:
                step_env = dict(env, PATH=os.pathsep.join(extra_path + [env["PATH"]]))
                step_env.update({k: str(v) for k, v in (step.get("env") or {}).items()})
                code = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                                      cwd=workspace, env=step_env).returncode
            extra_path[:0] = [p for p in reversed(github_path.read_text().splitlines()) if p and p not in extra_path]
            outcomes[label] = "success" if code == 0 else f"failure (exit {code})"
            print(f"   {outcomes[label]}")
            failed = failed or code != 0

    lint = [label for label in outcomes if label.lower().startswith("lint")]
    if not lint or outcomes[lint[0]] != "failure (exit 1)":
        fail(f"lint should exit 1 on the broken trust policy: {outcomes}")
    uploads = [label for label in outcomes if "upload" in label.lower()]
    if not uploads or outcomes[uploads[0]] != "success":
        fail(f"the SARIF upload did not run after lint failed: {outcomes}")
    shutil.rmtree(scratch, ignore_errors=True)
    print("the recipe ran:", outcomes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
