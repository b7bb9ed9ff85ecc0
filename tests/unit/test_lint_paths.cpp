// lint_paths: the one lint run the CLI, the tests and embedders share.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "iamsmith/baseline.hpp"
#include "iamsmith/inputs.hpp"
#include "iamsmith/lint_paths.hpp"
#include "iamsmith/report.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using iamsmith::LintErrorKind;
using iamsmith::LintPathsOptions;
using iamsmith::LintSource;

namespace {

// The CLI tests run from the repository root, and reports name paths as given: lint from there
// too, so that the paths in both outputs are the same.
class InSourceDir {
 public:
  InSourceDir() : previous_(fs::current_path()) { fs::current_path(IAMSMITH_SOURCE_DIR); }
  ~InSourceDir() { fs::current_path(previous_); }
  InSourceDir(const InSourceDir&) = delete;
  InSourceDir& operator=(const InSourceDir&) = delete;

 private:
  fs::path previous_;
};

using iamsmith::test::TempDir;

std::vector<std::string> paths_of(const std::vector<iamsmith::FileReport>& reports) {
  std::vector<std::string> out;
  for (const auto& r : reports) out.push_back(r.path);
  return out;
}

std::vector<std::string> rules_of(const iamsmith::FileReport& report) {
  std::vector<std::string> out;
  for (const auto& d : report.diagnostics) out.push_back(d.rule_id);
  return out;
}

bool has_rule(const iamsmith::FileReport& report, const std::string& id) {
  const auto ids = rules_of(report);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

const char* const kIdentityPolicy = R"({
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}]
})";

}  // namespace

// The same arguments as the CLI test cli.lint_paths_golden, which compares `iamsmith lint
// --format json` with the same golden file: library and command give the same findings, kinds
// and order.
TEST_CASE("lint_paths: the findings, kinds and order of `iamsmith lint --format json`") {
  const InSourceDir here;
  const iamsmith::ConfigFile config = iamsmith::read_config_file("tests/data/config/lint-paths.json");
  REQUIRE_FALSE(config.error);
  REQUIRE(config.result->problems.empty());
  LintPathsOptions options;
  options.config = config.result->config;
  const std::vector<LintSource> sources{
      {"tests/data/lint-paths", std::nullopt},
      {"samples/tutorial/expected", std::nullopt},
      {"samples/broken/wrong-external-id", std::nullopt},
  };
  const iamsmith::LintRun run = iamsmith::lint_paths(sources, options);
  CHECK(run.summary.errors.empty());
  CHECK(iamsmith::render_json(run.reports) == iamsmith::test::read_data("golden/lint_paths.json.golden"));

  // What the golden file shows, said plainly.
  REQUIRE(run.reports.size() == 9);
  CHECK(paths_of(run.reports) == std::vector<std::string>{
                                     "tests/data/lint-paths/ci.trust.json",
                                     "tests/data/lint-paths/legacy/old-role.json",
                                     "tests/data/lint-paths/orders.json",
                                     "samples/tutorial/expected/ExecutionRole.assume-role.json",
                                     "samples/tutorial/expected/LambdaRole.permissions.json",
                                     "samples/tutorial/expected/LambdaRole.trust.json",
                                     "samples/broken/wrong-external-id/ExecutionRole.assume-role.json",
                                     "samples/broken/wrong-external-id/LambdaRole.permissions.json",
                                     "samples/broken/wrong-external-id/LambdaRole.trust.json",
                                 });
  const auto& trust = run.reports[0];
  const auto& legacy = run.reports[1];
  const auto& orders = run.reports[2];
  CHECK(trust.kind == "trust");
  REQUIRE(rules_of(trust) == std::vector<std::string>{"T001", "W010"});
  CHECK(trust.diagnostics[1].severity == iamsmith::Severity::Suggestion);  // the configuration's override
  CHECK(rules_of(legacy) == std::vector<std::string>{"W008", "U001"});     // W002 ignored under legacy/
  // The custom rule's findings sorted in among the built-in ones, by position.
  // (D006: the statement's s3:GetObject acts on none of its DynamoDB tables.)
  CHECK(rules_of(orders) == std::vector<std::string>{"D006", "U001", "A006", "U001"});
  CHECK(run.reports[5].kind == "trust");
  CHECK(has_rule(run.reports[8], "S001"));  // the manifest names the state machine the ExternalId must match
  std::size_t findings = 0;
  for (const auto& r : run.reports) findings += r.diagnostics.size();
  CHECK(run.summary.findings == findings);
  CHECK(run.summary.files == run.reports.size());
}

TEST_CASE("lint_paths: without the configuration, its custom rule is silent and its ignore lifted") {
  const InSourceDir here;
  const std::vector<LintSource> legacy{{"tests/data/lint-paths/legacy/old-role.json", std::nullopt}};
  const auto plain = iamsmith::lint_paths(legacy, {});
  REQUIRE(plain.reports.size() == 1);
  CHECK(rules_of(plain.reports[0]) == std::vector<std::string>{"W002", "W008"});
}

TEST_CASE("lint_paths: a generate out-dir's manifest gives each file its context") {
  const InSourceDir here;
  const std::vector<LintSource> broken{{"samples/broken/wrong-external-id", std::nullopt}};
  const auto run = iamsmith::lint_paths(broken, {});
  // manifest.json is read, not linted as a policy.
  CHECK(paths_of(run.reports) == std::vector<std::string>{
                                     "samples/broken/wrong-external-id/ExecutionRole.assume-role.json",
                                     "samples/broken/wrong-external-id/LambdaRole.permissions.json",
                                     "samples/broken/wrong-external-id/LambdaRole.trust.json",
                                 });
  CHECK(run.reports[2].kind == "trust");
  CHECK(has_rule(run.reports[2], "S001"));

  // The pre-commit case: only the staged trust policy is passed. The manifest.json beside it still
  // gives it its role and state machine, so S001 is found in any batch.
  const std::vector<LintSource> alone{
      {"samples/broken/wrong-external-id/LambdaRole.trust.json", std::nullopt}};
  const auto single = iamsmith::lint_paths(alone, {});
  REQUIRE(single.reports.size() == 1);
  CHECK(single.reports[0].kind == "trust");
  CHECK(has_rule(single.reports[0], "S001"));
  // A file the manifest does not list keeps the run's context.
  const TempDir out("iamsmith-lint-paths-beside");
  fs::copy(fs::path("samples/broken/wrong-external-id"), out.path());
  {
    std::ofstream(out.path() / "Other.json") << kIdentityPolicy;
  }
  const std::vector<LintSource> other{{(out.path() / "Other.json").string(), std::nullopt}};
  CHECK(iamsmith::lint_paths(other, {}).reports.at(0).kind == "identity");
  const std::vector<LintSource> copied{{(out.path() / "LambdaRole.trust.json").string(), std::nullopt}};
  CHECK(has_rule(iamsmith::lint_paths(copied, {}).reports.at(0), "S001"));

  // In memory too: the manifest says this identity-looking document is a role's trust policy.
  const std::string manifest = R"({"generator": "iamsmith generate", "policies": [
    {"file": "Odd.trust.json", "role": "arn:aws:iam::111122223333:role/Odd", "purpose": "trust"}]})";
  const std::vector<LintSource> texts{{"out/manifest.json", manifest},
                                      {"out/Odd.trust.json", kIdentityPolicy}};
  const auto in_memory = iamsmith::lint_paths(texts, {});
  REQUIRE(in_memory.reports.size() == 1);
  CHECK(in_memory.reports[0].path == "out/Odd.trust.json");
  CHECK(in_memory.reports[0].kind == "trust");
  const std::vector<LintSource> no_manifest{{"out/Odd.trust.json", kIdentityPolicy}};
  CHECK(iamsmith::lint_paths(no_manifest, {}).reports.at(0).kind == "identity");
}

TEST_CASE("lint_paths: files arrive one by one in input order; I/O problems are values") {
  const TempDir empty("iamsmith-lint-paths-empty");
  std::istringstream standard_input(kIdentityPolicy);
  LintPathsOptions options;
  options.standard_input = &standard_input;
  const std::vector<LintSource> sources{
      {"-", std::nullopt},
      {"does/not/exist.json", std::nullopt},
      {empty.path().string(), std::nullopt},
      {"b.json", kIdentityPolicy},
      {"a.json", "{"},
  };
  std::vector<std::string> seen;
  const auto summary = iamsmith::lint_paths(sources, options, [&seen](iamsmith::LintedFile&& file) {
    REQUIRE(file.document);
    CHECK(file.report.source == &file.document->document.source);
    seen.push_back(file.report.path);
  });
  CHECK(seen == std::vector<std::string>{"<stdin>", "b.json", "a.json"});
  CHECK(summary.files == 3);
  REQUIRE(summary.errors.size() == 2);
  // The directory's problem is found while the inputs are expanded, before any file is read.
  CHECK(summary.errors[0].kind == LintErrorKind::EmptyDirectory);
  CHECK(summary.errors[0].message == empty.path().string() + ": no files to lint in this directory");
  CHECK(summary.errors[1].kind == LintErrorKind::Read);
  CHECK(summary.errors[1].message == "does/not/exist.json: no such file");

  // Without a standard input to read, "-" is an error, not a hang on the process's stdin.
  const std::vector<LintSource> dash{{"-", std::nullopt}};
  const auto no_stdin =
      iamsmith::lint_paths(dash, {}, [](iamsmith::LintedFile&&) { FAIL("no file expected"); });
  REQUIRE(no_stdin.errors.size() == 1);
  CHECK(no_stdin.errors[0].message == "<stdin>: standard input is not available");
}

TEST_CASE("lint_paths: the baseline drops the findings it records and counts them") {
  const std::vector<LintSource> sources{
      {"policy.json", R"({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})"}};
  const auto first = iamsmith::lint_paths(sources, {});
  REQUIRE(first.reports.size() == 1);
  const std::size_t findings = first.reports[0].diagnostics.size();
  REQUIRE(findings > 0);

  const TempDir dir("iamsmith-lint-paths-baseline");
  const fs::path file = dir.path() / "baseline.json";
  std::ofstream(file) << iamsmith::write_baseline(first.reports);
  const iamsmith::BaselineFile baseline = iamsmith::read_baseline_file(file);
  REQUIRE_FALSE(baseline.error);
  LintPathsOptions options;
  options.baseline = &*baseline.baseline;
  const auto second = iamsmith::lint_paths(sources, options);
  CHECK(second.reports.at(0).diagnostics.empty());
  CHECK(second.summary.baselined == findings);
  CHECK(second.summary.findings == 0);
}

TEST_CASE("lint_paths: configuration and baseline files are read with a size cap") {
  // A device never ends: read whole, this would not return.
  const iamsmith::ConfigFile device = iamsmith::read_config_file("/dev/zero");
  CHECK_FALSE(device.result);
  REQUIRE(device.error);
  CHECK(*device.error == "/dev/zero: the configuration is over the limit of 1048576 bytes");

  const TempDir dir("iamsmith-lint-paths-cap");
  const fs::path big = dir.path() / "big.json";
  std::ofstream(big) << std::string(200, ' ') << "{}";
  const iamsmith::ConfigFile config = iamsmith::read_config_file(big, 100);
  REQUIRE(config.error);
  CHECK(*config.error == big.string() + ": the configuration is 202 bytes, over the limit of 100 bytes");
  CHECK(iamsmith::read_config_file(big, 1000).result);

  const iamsmith::BaselineFile baseline = iamsmith::read_baseline_file(big, 100);
  REQUIRE(baseline.error);
  CHECK(*baseline.error == big.string() + ": the baseline is 202 bytes, over the limit of 100 bytes");
  const iamsmith::BaselineFile not_one = iamsmith::read_baseline_file(big);
  REQUIRE(not_one.error);
  CHECK(not_one.error->rfind("baseline " + big.string() + ": expected an object", 0) == 0);

  const iamsmith::ConfigFile missing = iamsmith::read_config_file(dir.path() / "nope.json");
  REQUIRE(missing.error);
  CHECK(*missing.error == (dir.path() / "nope.json").string() + ": no such file");
}

TEST_CASE("lint_paths: a directory walk skips what is not a policy with one note each") {
  const TempDir repo("iamsmith-lint-paths-recognise");
  auto write = [&](const std::string& relative, const std::string& text) {
    const fs::path file = repo.path() / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
  };
  write("iam/role.json", kIdentityPolicy);
  write("package.json", R"({"name": "app", "version": "1.0.0", "scripts": {"build": "tsc"}})");
  write("tsconfig.json", R"({"compilerOptions": {"strict": true}})");
  write("spec.json", R"({"stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:S",
    "executionRoleArn": "arn:aws:iam::123456789012:role/E", "targets": []})");
  write(".iamsmith.json", R"({"select": ["P"]})");
  write("node_modules/dep/policy.json", R"({"Statement": "not even walked"})");
  write(".vscode/settings.json", R"({"editor.tabSize": 2})");
  write("build/stale.json", R"({"Statement": "ignored by .gitignore"})");
  write(".gitignore", "/build/\n");
  const std::string root = repo.path().string();
  const std::vector<LintSource> walk{{root, std::nullopt}};
  const auto run = iamsmith::lint_paths(walk, {});
  CHECK(paths_of(run.reports) == std::vector<std::string>{(repo.path() / "iam/role.json").string()});
  CHECK(run.summary.errors.empty());
  std::vector<std::string> notes;
  for (const auto& skip : run.summary.skipped) notes.push_back(skip.message);
  CHECK(notes == std::vector<std::string>{
                     (repo.path() / ".iamsmith.json").string() + ": skipped: an iamsmith configuration, not a policy",
                     (repo.path() / "package.json").string() +
                         ": skipped: not an IAM policy (looks like package.json)",
                     (repo.path() / "spec.json").string() + ": skipped: an iamsmith generate spec, not a policy",
                     (repo.path() / "tsconfig.json").string() +
                         ": skipped: not an IAM policy (looks like tsconfig.json)",
                 });
  // --no-ignore: node_modules, .vscode and build/ too.
  LintPathsOptions everything;
  everything.use_ignores = false;
  const auto all = iamsmith::lint_paths(walk, everything);
  CHECK(all.reports.size() == 3);  // role.json, node_modules/dep/policy.json, build/stale.json
  CHECK(all.summary.skipped.size() == 5);

  // Named explicitly, a package.json is one finding saying what it is, not a row of P006.
  const std::vector<LintSource> named{{(repo.path() / "package.json").string(), std::nullopt},
                                      {(repo.path() / "spec.json").string(), std::nullopt}};
  const auto explicit_run = iamsmith::lint_paths(named, {});
  REQUIRE(explicit_run.reports.size() == 2);
  REQUIRE(rules_of(explicit_run.reports[0]) == std::vector<std::string>{"P030"});
  CHECK(explicit_run.reports[0].diagnostics[0].message == "not an IAM policy (looks like package.json)");
  CHECK(explicit_run.reports[0].diagnostics[0].span.line == 1);
  REQUIRE(rules_of(explicit_run.reports[1]) == std::vector<std::string>{"P030"});
  CHECK(explicit_run.reports[1].diagnostics[0].message == "not an IAM policy: this is an iamsmith generate spec");
  // With skip_non_policies (the pre-commit hook), named files are skipped like walked ones.
  LintPathsOptions hook;
  hook.skip_non_policies = true;
  const auto hook_run = iamsmith::lint_paths(named, hook);
  CHECK(hook_run.reports.empty());
  CHECK(hook_run.summary.skipped.size() == 2);
}

TEST_CASE("lint_paths: the tutorial's directory lints its definition, policies and stacks, not its spec") {
  const InSourceDir here;
  const std::vector<LintSource> tutorial{{"samples/tutorial", std::nullopt}};
  const auto run = iamsmith::lint_paths(tutorial, {});
  CHECK(run.summary.findings == 0);
  // The YAML stacks are templates (a walk reads YAML that looks like one).
  CHECK(paths_of(run.reports) == std::vector<std::string>{
                                     "samples/tutorial/cloudformation/account-111122223333.cloudformation.yaml",
                                     "samples/tutorial/cloudformation/account-123456789012.cloudformation.yaml",
                                     "samples/tutorial/definition.asl.json",
                                     "samples/tutorial/expected/ExecutionRole.assume-role.json",
                                     "samples/tutorial/expected/LambdaRole.permissions.json",
                                     "samples/tutorial/expected/LambdaRole.trust.json",
                                     "samples/tutorial/stacks/source.yaml",
                                     "samples/tutorial/stacks/target.yaml",
                                 });
  REQUIRE(run.summary.skipped.size() == 1);
  CHECK(run.summary.skipped[0].message ==
        "samples/tutorial/spec.json: skipped: an iamsmith generate spec, not a policy");
}

TEST_CASE("lint_paths: a Terraform plan's documents are linted at their place inside the plan's strings") {
  // Line 4 holds the policy as a JSON string; the misspelt action's opening quote is the escape \"
  // at column 44.
  const std::string plan =
      "{\"format_version\": \"1.2\", \"terraform_version\": \"1.7.5\", \"resource_changes\": [\n"
      "  {\"address\": \"aws_iam_policy.p\", \"mode\": \"managed\", \"type\": \"aws_iam_policy\", \"name\": \"p\",\n"
      "   \"change\": {\"actions\": [\"create\"], \"after_unknown\": {\"arn\": true}, \"after\": {\n"
      "    \"policy\": \"{\\\"Statement\\\":[{\\\"Action\\\":\\\"s3:GetObjekt\\\",\\\"Effect\\\":\\\"Allow\\\","
      "\\\"Resource\\\":\\\"arn:aws:s3:::b/*\\\"}],\\\"Version\\\":\\\"2012-10-17\\\"}\"}}},\n"
      "  {\"address\": \"aws_s3_bucket_policy.later\", \"mode\": \"managed\", \"type\": \"aws_s3_bucket_policy\",\n"
      "   \"name\": \"later\", \"change\": {\"actions\": [\"create\"], \"after\": {}, \"after_unknown\": {\"policy\": true}}}\n"
      "]}\n";
  const std::vector<LintSource> sources{{"plan.json", plan}};
  const auto run = iamsmith::lint_paths(sources, {});
  REQUIRE(run.reports.size() == 1);
  CHECK(run.reports[0].kind == "terraform-plan");
  REQUIRE(rules_of(run.reports[0]) == std::vector<std::string>{"D002"});
  const auto& d = run.reports[0].diagnostics[0];
  CHECK(d.span.line == 4);
  CHECK(d.span.column == 44);
  CHECK(d.span.pointer == "/resource_changes/0/change/after/policy/Statement/0/Action");
  CHECK(std::any_of(d.notes.begin(), d.notes.end(),
                    [](const auto& n) { return n.message == "in the policy of aws_iam_policy.p"; }));
}

TEST_CASE("lint_paths: an AWS CLI response's URL-encoded document is decoded, with a note, at its place") {
  const std::string response =
      "{\"PolicyVersion\": {\"VersionId\": \"v1\",\n"
      "  \"Document\": \"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22"
      "%2C%22Action%22%3A%22s3%3AGetObjekt%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Ab%2F*%22%7D%5D%7D\"}}\n";
  const std::vector<LintSource> sources{{"version.json", response}};
  const auto run = iamsmith::lint_paths(sources, {});
  REQUIRE(run.reports.size() == 1);
  CHECK(run.reports[0].kind == "aws-cli");
  REQUIRE(rules_of(run.reports[0]) == std::vector<std::string>{"D002"});
  const auto& d = run.reports[0].diagnostics[0];
  CHECK(d.span.line == 2);
  // The value's opening quote is the %22 at column 122 of line 2.
  CHECK(d.span.column == 122);
  CHECK(d.span.pointer == "/PolicyVersion/Document/Statement/0/Action");
  CHECK(std::any_of(d.notes.begin(), d.notes.end(), [](const auto& n) { return n.message == "in policy version v1"; }));
  CHECK(d.notes.back().message.find("URL-encoded") != std::string::npos);
}

// SAM's DefinitionUri names the definition's own file: it is linted as that file, with the
// template's context (the state machine's ARN and Region, its role) and DefinitionSubstitutions,
// at the file's own lines; a walk or a list holding both lints it once.
TEST_CASE("lint_paths: a SAM DefinitionUri's file is linted with the template's context, once") {
  const TempDir dir("iamsmith-sam-definition-uri");
  const auto write = [&](const std::string& name, const std::string& text) {
    fs::create_directories((dir.path() / name).parent_path());
    std::ofstream(dir.path() / name, std::ios::binary) << text;
  };
  write("template.yaml",
        "Transform: AWS::Serverless-2016-10-31\n"
        "Resources:\n"
        "  Orders:\n"
        "    Type: AWS::Serverless::StateMachine\n"
        "    Properties:\n"
        "      Name: orders\n"
        "      Role: arn:aws:iam::111122223333:role/Exec\n"
        "      DefinitionUri: statemachine/orders.asl.json\n"
        "      DefinitionSubstitutions:\n"
        "        FunctionArn: arn:aws:lambda:eu-west-1:222233334444:function:charge\n"
        "  Gone:\n"
        "    Type: AWS::Serverless::StateMachine\n"
        "    Properties:\n"
        "      DefinitionUri: statemachine/gone.asl.json\n");
  write("statemachine/orders.asl.json",
        "{\"StartAt\": \"Charge\", \"States\": {\"Charge\": {\"Type\": \"Task\",\n"
        "  \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
        "  \"Credentials\": {\"RoleArn\": \"arn:aws:iam::222233334444:role/Charge\"},\n"
        "  \"Parameters\": {\"FunctionName\": \"${FunctionArn}\"}, \"End\": true}}}\n");
  const std::string template_path = (dir.path() / "template.yaml").string();
  const std::string definition_path = (dir.path() / "statemachine/orders.asl.json").string();
  LintPathsOptions options;
  options.context.partition = "aws";
  options.context.account = "111122223333";
  options.context.region = "us-east-1";
  for (const std::vector<LintSource>& sources :
       {std::vector<LintSource>{{template_path, std::nullopt}},
        std::vector<LintSource>{{dir.path().string(), std::nullopt}},
        std::vector<LintSource>{{definition_path, std::nullopt}, {template_path, std::nullopt}}}) {
    const auto run = iamsmith::lint_paths(sources, options);
    REQUIRE(paths_of(run.reports) == std::vector<std::string>{template_path, definition_path});
    CHECK(run.reports[0].kind == "cloudformation");
    // The missing file is said at the template's DefinitionUri (line 14, after the key).
    REQUIRE(rules_of(run.reports[0]) == std::vector<std::string>{"I001"});
    CHECK(run.reports[0].diagnostics[0].span.line == 14);
    CHECK(run.reports[0].diagnostics[0].span.column == 22);
    CHECK(run.reports[0].diagnostics[0].message ==
          "the definition of state machine Gone is in " + (dir.path() / "statemachine/gone.asl.json").string() +
              " (DefinitionUri), which does not exist");
    // The definition: the state machine runs in us-east-1 (from the template's Name, the run's
    // account and Region), the substituted function is in eu-west-1.
    const auto& definition = run.reports[1];
    CHECK(definition.kind == "state-machine");
    REQUIRE(rules_of(definition) == std::vector<std::string>{"S009"});
    const auto& d = definition.diagnostics[0];
    CHECK(d.span.line == 4);
    CHECK(d.span.column == 34);  // the value's opening quote
    CHECK(d.span.pointer == "/States/Charge/Parameters/FunctionName");
    CHECK(d.message.find("arn:aws:lambda:eu-west-1:222233334444:function:charge") != std::string::npos);
    CHECK(std::any_of(d.notes.begin(), d.notes.end(), [&](const auto& n) {
      return n.message == "read as the DefinitionUri of state machine Orders in " + template_path +
                              ", with its role and DefinitionSubstitutions";
    }));
  }
}

// The answers of the files read to find a definition's template are remembered up to a bound
// (memory must not grow with the number of files): past it, the template is still found.
TEST_CASE("lint_paths: a definition among thousands of other files is still linted as its template's") {
  const TempDir dir("iamsmith-sam-definition-uri-many");
  fs::create_directories(dir.path() / "statemachine");
  std::ofstream(dir.path() / "template.yaml", std::ios::binary)
      << "Transform: AWS::Serverless-2016-10-31\n"
         "Resources:\n"
         "  Orders:\n"
         "    Type: AWS::Serverless::StateMachine\n"
         "    Properties:\n"
         "      Role: arn:aws:iam::111122223333:role/Exec\n"
         "      DefinitionUri: statemachine/orders.asl.json\n";
  std::ofstream(dir.path() / "statemachine/orders.asl.json", std::ios::binary)
      << "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true}}}\n";
  for (int i = 0; i < 4200; ++i) {
    std::ofstream(dir.path() / "statemachine" / ("n" + std::to_string(10000 + i) + ".json"), std::ios::binary) << "[]";
  }
  const std::string template_path = (dir.path() / "template.yaml").string();
  const std::string definition_path = (dir.path() / "statemachine/orders.asl.json").string();
  LintPathsOptions options;
  std::vector<std::string> seen;
  const std::vector<LintSource> sources{{(dir.path() / "statemachine").string(), std::nullopt},
                                        {template_path, std::nullopt}};
  (void)iamsmith::lint_paths(sources, options, [&](iamsmith::LintedFile&& file) {
    if (file.report.path == definition_path || file.report.path == template_path) seen.push_back(file.report.path);
  });
  // Once, after its template: not as a file of the walked directory.
  CHECK(seen == std::vector<std::string>{template_path, definition_path});
}

// Only a relative path below the template's directory is read: the rest is I001, said at the value.
TEST_CASE("definition_uri_file: S3, values known at deployment, absolute paths, paths out, links out") {
  const TempDir dir("iamsmith-sam-definition-uri-paths");
  fs::create_directories(dir.path() / "t" / "sub");
  std::ofstream(dir.path() / "t" / "sub" / "ok.json") << "{}";
  std::ofstream(dir.path() / "outside.json") << "{}";
  std::error_code ec;
  fs::create_symlink(dir.path() / "outside.json", dir.path() / "t" / "link.json", ec);
  const std::string tpl = (dir.path() / "t" / "template.yaml").string();
  const auto problem = [&](const std::string& json_value) {
    const auto doc = iamsmith::json::parse(json_value);
    REQUIRE(doc.root);
    return iamsmith::inputs::definition_uri_file(tpl, *doc.root).problem;
  };
  CHECK(problem("\"sub/ok.json\"").empty());
  CHECK(problem("\"./sub/../sub/ok.json\"").empty());
  CHECK(iamsmith::inputs::definition_uri_file(tpl, *iamsmith::json::parse("\"sub/ok.json\"").root).path ==
        (dir.path() / "t" / "sub" / "ok.json").string());
  CHECK(problem(R"({"Bucket": "b", "Key": "k"})") == "is in S3 (DefinitionUri is an S3 location), so it was not checked");
  CHECK(problem("\"s3://b/k.json\"") == "is in S3 (s3://b/k.json), so it was not checked");
  CHECK(problem(R"({"Fn::Sub": "${Dir}/x.json"})").find("known only at deployment") != std::string::npos);
  CHECK(problem("\"/etc/passwd\"").find("not a path relative to the template") != std::string::npos);
  CHECK(problem("\"../outside.json\"").find("outside the template's directory") != std::string::npos);
  CHECK(problem("\"sub/../../outside.json\"").find("outside the template's directory") != std::string::npos);
  CHECK(problem("\"sub\"").find("not a regular file") != std::string::npos);
  CHECK(problem("\"missing.json\"").find("which does not exist") != std::string::npos);
  if (!ec) CHECK(problem("\"link.json\"").find("through a symbolic link") != std::string::npos);
  CHECK(iamsmith::inputs::definition_uri_file("-", *iamsmith::json::parse("\"sub/ok.json\"").root).problem.find(
            "standard input") != std::string::npos);
}
