// Suppressions and fingerprints: what a team relies on to accept a finding once and only that
// finding, from any working directory, and to keep a baseline or a code-scanning alert stable.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "iamsmith/baseline.hpp"
#include "iamsmith/config.hpp"
#include "iamsmith/lint_paths.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

using iamsmith::test::TempDir;

class InDir {
 public:
  explicit InDir(const fs::path& dir) : previous_(fs::current_path()) { fs::current_path(dir); }
  ~InDir() { fs::current_path(previous_); }
  InDir(const InDir&) = delete;
  InDir& operator=(const InDir&) = delete;

 private:
  fs::path previous_;
};

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

iamsmith::Config config_of(const std::string& text, const std::string& path = "") {
  iamsmith::ConfigResult result = iamsmith::parse_config(text, path);
  for (const auto& p : result.problems) CAPTURE(p.message);
  REQUIRE(result.problems.empty());
  return result.config;
}

// (rule, pointer) of every finding of the run, configuration findings included.
std::vector<std::string> found(const iamsmith::LintRun& run) {
  std::vector<std::string> out;
  for (const auto& r : run.reports) {
    for (const auto& d : r.diagnostics) out.push_back(d.rule_id + " " + d.span.pointer);
  }
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// Eleven statements; 1 and 10 grant everything.
std::string eleven_statements() {
  std::string text = R"({"Version": "2012-10-17", "Statement": [)";
  for (int i = 0; i <= 10; ++i) {
    if (i > 0) text += ",";
    const bool admin = i == 1 || i == 10;
    text += R"({"Sid": "S)" + std::to_string(i) + R"(", "Effect": "Allow", "Action": ")" +
            (admin ? std::string("*") : "s3:GetObject") + R"(", "Resource": ")" +
            (admin ? std::string("*") : "arn:aws:s3:::bucket-" + std::to_string(i) + "/*") + "\"}";
  }
  return text + "]}";
}

}  // namespace

TEST_CASE("ignores: a pointer prefix matches whole segments: /Statement/1 does not hide /Statement/10") {
  iamsmith::LintPathsOptions options;
  options.config = config_of(R"({"ignores": [{"pointer": "/Statement/1", "reason": "break-glass"}]})");
  const std::vector<iamsmith::LintSource> sources{{"p.json", eleven_statements()}};
  const auto f = found(iamsmith::lint_paths(sources, options));
  CHECK(has(f, "W001 /Statement/10/Action"));
  CHECK_FALSE(has(f, "W001 /Statement/1/Action"));
  // A trailing '/' means the same.
  options.config = config_of(R"({"ignores": [{"pointer": "/Statement/1/", "reason": "break-glass"}]})");
  const auto g = found(iamsmith::lint_paths(sources, options));
  CHECK(has(g, "W001 /Statement/10/Action"));
  CHECK_FALSE(has(g, "W001 /Statement/1/Action"));
}

TEST_CASE("ignores: a sid names the statement, wherever it moves") {
  iamsmith::LintPathsOptions options;
  options.config = config_of(R"({"ignores": [{"sid": "S10", "rules": ["W001"], "reason": "break-glass"}]})");
  const std::vector<iamsmith::LintSource> sources{{"p.json", eleven_statements()}};
  const auto f = found(iamsmith::lint_paths(sources, options));
  CHECK(has(f, "W001 /Statement/1/Action"));
  CHECK_FALSE(has(f, "W001 /Statement/10/Action"));
  // S10 first: still the one hidden.
  const std::vector<iamsmith::LintSource> moved{{"p.json", R"({"Version": "2012-10-17", "Statement": [
      {"Sid": "S10", "Effect": "Allow", "Action": "*", "Resource": "*"},
      {"Sid": "S1", "Effect": "Allow", "Action": "*", "Resource": "*"}]})"}};
  const auto g = found(iamsmith::lint_paths(moved, options));
  CHECK(has(g, "W001 /Statement/1/Action"));
  CHECK_FALSE(has(g, "W001 /Statement/0/Action"));
}

TEST_CASE("ignores: a resource names a template's logical id") {
  const std::string role = R"({"Type": "AWS::IAM::Role", "Properties": {
      "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
      "Policies": [{"PolicyName": "p", "PolicyDocument": {"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}})";
  const std::vector<iamsmith::LintSource> sources{
      {"template.json", R"({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"AdminRole": )" + role +
                            R"(, "AppRole": )" + role + "}}"}};
  iamsmith::LintPathsOptions options;
  const auto before = found(iamsmith::lint_paths(sources, options));
  const std::string admin = "W001 /Resources/AdminRole/Properties/Policies/0/PolicyDocument/Statement/0/Action";
  const std::string app = "W001 /Resources/AppRole/Properties/Policies/0/PolicyDocument/Statement/0/Action";
  REQUIRE(has(before, admin));
  REQUIRE(has(before, app));
  options.config = config_of(R"({"ignores": [{"resource": "AdminRole", "rules": ["W001"], "reason": "break-glass"}]})");
  const auto after = found(iamsmith::lint_paths(sources, options));
  CHECK_FALSE(has(after, admin));
  CHECK(has(after, app));
}

// Whether some finding of `rule` is at a pointer starting with `prefix`.
bool has_under(const std::vector<std::string>& v, const std::string& rule, const std::string& prefix) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& f) { return f.rfind(rule + " " + prefix, 0) == 0; });
}

TEST_CASE("ignores: a resource names a Terraform resource address, in a configuration and in a plan") {
  const std::string policy =
      R"("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}")";
  const std::string tf = R"({"resource": {"aws_iam_policy": {"admin": {"name": "admin", "policy": )" + policy +
                         R"(}, "app": {"name": "app", "policy": )" + policy + "}}}}";
  const std::string plan =
      R"({"format_version": "1.2", "terraform_version": "1.7.5", "planned_values": {"root_module": {"resources": [)"
      R"({"address": "aws_iam_policy.admin[0]", "mode": "managed", "type": "aws_iam_policy", "name": "admin", "index": 0,)"
      R"( "provider_name": "registry.terraform.io/hashicorp/aws", "values": {"name": "admin", "policy": )" + policy +
      R"(}}, {"address": "aws_iam_policy.app", "mode": "managed", "type": "aws_iam_policy", "name": "app",)"
      R"( "provider_name": "registry.terraform.io/hashicorp/aws", "values": {"name": "app", "policy": )" + policy +
      "}}]}}}";
  const std::vector<iamsmith::LintSource> sources{{"main.tf.json", tf}, {"plan.json", plan}};
  iamsmith::LintPathsOptions options;
  const auto before = found(iamsmith::lint_paths(sources, options));
  for (const auto& f : before) CAPTURE(f);
  REQUIRE(has_under(before, "W001", "/resource/aws_iam_policy/admin/"));
  REQUIRE(has_under(before, "W001", "/resource/aws_iam_policy/app/"));
  REQUIRE(has_under(before, "W001", "/planned_values/root_module/resources/0/"));
  REQUIRE(has_under(before, "W001", "/planned_values/root_module/resources/1/"));
  // Without its index, the address names every instance (aws_iam_policy.admin[0] in the plan).
  options.config =
      config_of(R"({"ignores": [{"resource": "aws_iam_policy.admin", "rules": ["W001"], "reason": "break-glass"}]})");
  const auto after = found(iamsmith::lint_paths(sources, options));
  CHECK_FALSE(has_under(after, "W001", "/resource/aws_iam_policy/admin/"));
  CHECK_FALSE(has_under(after, "W001", "/planned_values/root_module/resources/0/"));
  CHECK(has_under(after, "W001", "/resource/aws_iam_policy/app/"));
  CHECK(has_under(after, "W001", "/planned_values/root_module/resources/1/"));
  // A prefix of an address is not the address.
  options.config =
      config_of(R"({"ignores": [{"resource": "aws_iam_policy.ad", "rules": ["W001"], "reason": "no such resource"}]})");
  const auto prefix = found(iamsmith::lint_paths(sources, options));
  CHECK(has_under(prefix, "W001", "/resource/aws_iam_policy/admin/"));
  CHECK(has_under(prefix, "W001", "/planned_values/root_module/resources/0/"));
}

TEST_CASE("ignores: the path is relative to the configuration's directory, from any working directory") {
  const TempDir dir("iamsmith-suppress-paths");
  const fs::path config_path = dir.path() / ".iamsmith.json";
  write(config_path, R"({"ignores": [{"path": "legacy/*.json", "rules": ["W001"], "reason": "old"}]})");
  write(dir.path() / "legacy" / "a.json",
        R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})");
  iamsmith::ConfigFile file = iamsmith::read_config_file(config_path);
  REQUIRE(file.result);
  REQUIRE(file.result->problems.empty());
  iamsmith::LintPathsOptions options;
  options.config = file.result->config;
  auto w001 = [&](const std::string& path) {
    const std::vector<iamsmith::LintSource> sources{{path, std::nullopt}};
    return has(found(iamsmith::lint_paths(sources, options)), "W001 /Statement/0/Action");
  };
  {
    const InDir in(dir.path());
    CHECK_FALSE(w001("legacy/a.json"));
    CHECK_FALSE(w001("./legacy/a.json"));
    CHECK_FALSE(w001("legacy"));  // a directory walk
  }
  CHECK_FALSE(w001((dir.path() / "legacy" / "a.json").string()));
  {
    const InDir in(dir.path() / "legacy");
    CHECK_FALSE(w001("a.json"));
  }
  // Outside the ignore's path, the finding stays.
  write(dir.path() / "current" / "a.json",
        R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})");
  CHECK(w001((dir.path() / "current" / "a.json").string()));
}

TEST_CASE("ignores: rules may name custom rules by id, prefix or name") {
  const std::string custom =
      R"("rules": [{"id": "U001", "name": "no-prod", "pointer": "/Statement/*/Resource", "pattern": "prod",
                    "message": "production is off limits"}])";
  const std::vector<iamsmith::LintSource> sources{{"p.json", R"({"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::prod-data/*"}]})"}};
  iamsmith::LintPathsOptions options;
  options.config = config_of("{" + custom + "}");
  REQUIRE(has(found(iamsmith::lint_paths(sources, options)), "U001 /Statement/0/Resource"));
  for (const std::string selector : {"U001", "U0", "no-prod"}) {
    CAPTURE(selector);
    options.config = config_of(R"({"ignores": [{"rules": [")" + selector + R"("], "reason": "r"}], )" + custom + "}");
    CHECK_FALSE(has(found(iamsmith::lint_paths(sources, options)), "U001 /Statement/0/Resource"));
  }
}

TEST_CASE("ignores: one that hid nothing in the files it covers is K002, at the ignore") {
  const std::vector<iamsmith::LintSource> sources{
      {"p.json", R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})"}};
  iamsmith::LintPathsOptions options;
  options.config = config_of(R"({"ignores": [
      {"rules": ["W001"], "reason": "used"},
      {"rules": ["W003"], "sid": "Gone", "reason": "the statement was renamed"},
      {"path": "elsewhere/**", "rules": ["W003"], "reason": "no file of this run"},
      {"rules": ["P012"], "reason": "not selected in this run"}]})",
                             "cfg.json");
  options.selection = iamsmith::RuleSelection{};
  options.selection->ignore = {"P012"};
  const auto run = iamsmith::lint_paths(sources, options);
  const auto f = found(run);
  CHECK_FALSE(has(f, "W001 /Statement/0/Action"));
  CHECK(has(f, "K002 /ignores/1"));
  CHECK_FALSE(has(f, "K002 /ignores/0"));
  CHECK_FALSE(has(f, "K002 /ignores/2"));
  CHECK_FALSE(has(f, "K002 /ignores/3"));
  REQUIRE(run.reports.size() == 2);
  CHECK(run.reports[1].path == "cfg.json");
  CHECK(run.summary.files == 1);  // the configuration is not one of the files checked
  // Deselected, it says nothing.
  options.selection->ignore.push_back("K002");
  CHECK_FALSE(has(found(iamsmith::lint_paths(sources, options)), "K002 /ignores/1"));
}

TEST_CASE("config: include, exclude, fail-on and kind are keys; a bad key lists the valid ones") {
  const iamsmith::Config c = config_of(
      R"({"include": ["*.json", "*.yaml"], "exclude": ["vendor"], "fail-on": "security", "kind": "trust"})");
  CHECK(c.include == std::vector<std::string>{"*.json", "*.yaml"});
  CHECK(c.exclude == std::vector<std::string>{"vendor"});
  CHECK(c.fail_on == iamsmith::Severity::Security);
  CHECK(c.kind == iamsmith::PolicyKind::Trust);
  // "never" as --fail-on never: the run does not fail on findings; unset is not never.
  const iamsmith::Config never = config_of(R"({"fail-on": "never"})");
  REQUIRE(never.fail_on.has_value());
  CHECK_FALSE(never.fail_on->has_value());
  CHECK_FALSE(config_of("{}").fail_on.has_value());
  const auto typo = iamsmith::parse_config(R"({"fail-on": "nevre"})", "c.json");
  REQUIRE(typo.problems.size() == 1);
  CHECK(typo.problems[0].message == "unknown fail-on \"nevre\"");
  CHECK(typo.problems[0].notes.at(0).message == "use error, security, warning, suggestion or never");
  const auto bad = iamsmith::parse_config(R"({"fail_on": "error", "kind": "role", "partition": "aws-cnn"})", "c.json");
  REQUIRE(bad.problems.size() == 3);
  REQUIRE(bad.problems[0].notes.size() == 1);
  const std::string& hint = bad.problems[0].notes[0].message;
  CHECK(hint.find("did you mean \"fail-on\"?") != std::string::npos);
  CHECK(hint.find("The keys are: select, ignore, severity, ignores, include, exclude, fail-on, kind") !=
        std::string::npos);
  CHECK(bad.problems[1].message == "unknown kind \"role\"");
  CHECK(bad.problems[2].notes.at(0).message == "did you mean \"aws-cn\"?");
}

TEST_CASE("walk: an exclude that is a bare name excludes that directory anywhere") {
  const TempDir dir("iamsmith-suppress-exclude");
  const std::string policy =
      R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})";
  write(dir.path() / "ok.json", policy);
  write(dir.path() / "vendor" / "x.json", policy);
  write(dir.path() / "a" / "vendor" / "y.json", policy);
  write(dir.path() / "vendored.json", policy);
  iamsmith::LintPathsOptions options;
  options.exclude = {"vendor"};
  const std::vector<iamsmith::LintSource> sources{{dir.path().string(), std::nullopt}};
  const auto run = iamsmith::lint_paths(sources, options);
  std::vector<std::string> names;
  for (const auto& r : run.reports) names.push_back(fs::path(r.path).filename().string());
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"ok.json", "vendored.json"});
}

// ---------------------------------------------------------------------------------------------
// Fingerprints.

namespace {

std::vector<std::string> fingerprints(const iamsmith::LintRun& run) {
  std::vector<std::string> out;
  for (const auto& r : run.reports) {
    for (const auto& d : r.diagnostics) out.push_back(d.rule_id + " " + iamsmith::fingerprint(d, r.path));
  }
  return out;
}

}  // namespace

TEST_CASE("fingerprints: iam, ./iam, $PWD/iam and a run from iam/ agree") {
  const TempDir dir("iamsmith-suppress-fingerprints");
  fs::create_directories(dir.path() / ".git");  // the repository root
  write(dir.path() / "iam" / "admin.json",
        R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})");
  auto run = [](const std::string& path) {
    const std::vector<iamsmith::LintSource> sources{{path, std::nullopt}};
    return fingerprints(iamsmith::lint_paths(sources, {}));
  };
  std::vector<std::string> plain;
  {
    const InDir in(dir.path());
    plain = run("iam");
    REQUIRE_FALSE(plain.empty());
    CHECK(run("./iam") == plain);
    CHECK(run("iam/admin.json") == plain);
    CHECK(run((fs::current_path() / "iam").string()) == plain);
  }
  {
    const InDir in(dir.path() / "iam");
    CHECK(run(".") == plain);
    CHECK(run("admin.json") == plain);
  }
  CHECK(run((dir.path() / "iam" / "admin.json").string()) == plain);
}

TEST_CASE("fingerprints: not the message, the line or the index; the element's content and rule") {
  const std::string one =
      R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})";
  const std::string two = R"({"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"},

      {"Effect": "Allow", "Action": "*", "Resource": "*"}]})";
  auto fp = [](const std::string& text, const std::string& pointer) {
    const std::vector<iamsmith::LintSource> sources{{"p.json", text}};
    const auto run = iamsmith::lint_paths(sources, {});
    for (const auto& d : run.reports.at(0).diagnostics) {
      if (d.rule_id == "W001" && d.span.pointer == pointer) return iamsmith::fingerprint(d, "p.json");
    }
    FAIL("no W001 at " << pointer);
    return std::string();
  };
  const std::string first = fp(one, "/Statement/0/Action");
  CHECK(fp(two, "/Statement/1/Action") == first);  // moved down a line and an index
  // Another content is another finding.
  const std::string other = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["*"], "Resource": "*"}]})";
  CHECK(fp(other, "/Statement/0/Action/0") != first);

  // The message (W002's counts change with the catalogue) does not count.
  iamsmith::Diagnostic a;
  a.rule_id = "W002";
  a.message = "s3:* grants 150 actions";
  a.span.pointer = "/Statement/0/Action";
  iamsmith::Diagnostic b = a;
  b.message = "s3:* grants 163 actions";
  b.span.line = 9;
  std::vector<iamsmith::Diagnostic> ds{a};
  std::vector<iamsmith::Diagnostic> es{b};
  iamsmith::set_fingerprints(ds, "iam/p.json");
  iamsmith::set_fingerprints(es, "iam/p.json");
  CHECK(ds[0].fingerprint == es[0].fingerprint);
  // Two equal findings in one file are told apart.
  std::vector<iamsmith::Diagnostic> twice{a, a};
  iamsmith::set_fingerprints(twice, "iam/p.json");
  CHECK(twice[0].fingerprint != twice[1].fingerprint);
}

TEST_CASE("baseline: version 2 is written; a version-1 baseline still matches as it was written") {
  const std::vector<iamsmith::LintSource> sources{
      {"p.json", R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})"}};
  auto run = iamsmith::lint_paths(sources, {});
  const std::string text = iamsmith::write_baseline(run.reports);
  CHECK(text.find("\"version\": 2") != std::string::npos);
  // What iamsmith 0.1 wrote: version 1, FNV over rule, path as typed, pointer and message.
  std::string old = R"({"version": 1, "findings": [)";
  const auto& ds = run.reports.at(0).diagnostics;
  for (std::size_t i = 0; i < ds.size(); ++i) {
    old += (i == 0 ? "" : ",") + std::string(R"({"fingerprint": ")") +
           iamsmith::fingerprint_hash({ds[i].rule_id, "p.json", ds[i].span.pointer, ds[i].message}) + "\"}";
  }
  old += "]}";
  std::vector<std::string> problems;
  const iamsmith::Baseline v1 = iamsmith::parse_baseline(old, problems);
  REQUIRE(problems.empty());
  CHECK(v1.version == 1);
  auto again = iamsmith::lint_paths(sources, {});
  CHECK(iamsmith::apply_baseline(v1, again.reports) == ds.size());
  CHECK(iamsmith::parse_baseline(R"({"version": 3, "findings": []})", problems).fingerprints.empty());
  CHECK(problems.size() == 1);
}
