// What the generator writes: policy files and their manifest, a bundle for standard output,
// CloudFormation and Terraform renderings; atomic writes and drift checks.

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <system_error>

#include "iamsmith/generate.hpp"
#include "iamsmith/manifest.hpp"
#include "iamsmith/json.hpp"
#include "iamsmith/load.hpp"

namespace fs = std::filesystem;

namespace iamsmith::gen {

namespace {

constexpr std::string_view kManifest = "manifest.json";
constexpr std::size_t kMaxReadBytes = 16 * 1024 * 1024;

std::string quote(std::string_view s) {
  std::string out;
  json::append_quoted(out, s);
  return out;
}

// `text` (a multi-line JSON document ending in a newline) re-indented by `indent` spaces after
// its first line, without the final newline: for embedding as a value.
std::string embed(const std::string& text, std::size_t indent) {
  std::string out;
  const std::string pad(indent, ' ');
  std::size_t start = 0;
  bool first = true;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (!first) out += "\n" + pad;
    out.append(text, start, end - start);
    first = false;
    start = end + 1;
  }
  return out;
}

std::string purpose(Attachment a) {
  switch (a) {
    case Attachment::TrustPolicy: return "trust";
    case Attachment::PermissionPolicy: return "permissions";
    case Attachment::AssumeRolePolicy: return "assume-role";
  }
  return "permissions";
}

void describe(std::string& out, const GeneratedPolicy& p, const std::string& pad) {
  out += pad + "\"file\": " + quote(p.file) + ",\n";
  out += pad + "\"role\": " + quote(p.role_arn) + ",\n";
  out += pad + "\"roleName\": " + quote(p.role_name) + ",\n";
  out += pad + "\"account\": " + quote(p.account) + ",\n";
  out += pad + "\"purpose\": " + quote(purpose(p.attachment)) + ",\n";
  out += pad + "\"attachAs\": " + quote(attachment_name(p.attachment)) + ",\n";
  if (!p.policy_name.empty()) out += pad + "\"policyName\": " + quote(p.policy_name) + ",\n";
  out += pad + "\"stateMachines\": [";
  for (std::size_t i = 0; i < p.state_machines.size(); ++i) {
    out += (i == 0 ? "\n" : ",\n") + pad + "  " + quote(p.state_machines[i]);
  }
  out += p.state_machines.empty() ? "]" : "\n" + pad + "]";
}

// Role name and path of a role ARN's resource "role/path/Name".
std::pair<std::string, std::string> name_and_path(const std::string& role_arn) {
  const std::size_t role = role_arn.find(":role/");
  if (role == std::string::npos) return {role_arn, "/"};
  const std::string rest = role_arn.substr(role + 6);
  const std::size_t slash = rest.rfind('/');
  if (slash == std::string::npos) return {rest, "/"};
  return {rest.substr(slash + 1), "/" + rest.substr(0, slash + 1)};
}

std::string snake(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (std::isalnum(c) != 0) {
      const bool boundary = std::isupper(c) != 0 && i > 0 && std::islower(static_cast<unsigned char>(text[i - 1])) != 0;
      if (boundary && !out.empty() && out.back() != '_') out.push_back('_');
      out.push_back(static_cast<char>(std::tolower(c)));
    } else if (!out.empty() && out.back() != '_') {
      out.push_back('_');
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out.front())) != 0) out = "role_" + out;
  return out;
}

// Policy JSON as an HCL expression: HCL reads JSON's object and array syntax, but interpolates
// "${" and "%{" inside strings, so those are doubled.
// https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
std::string hcl(const std::string& json_text, std::size_t indent) {
  std::string escaped;
  for (std::size_t i = 0; i < json_text.size(); ++i) {
    if ((json_text[i] == '$' || json_text[i] == '%') && i + 1 < json_text.size() && json_text[i + 1] == '{') {
      escaped.push_back(json_text[i]);
    }
    escaped.push_back(json_text[i]);
  }
  return embed(escaped, indent);
}

std::map<std::string, std::vector<const GeneratedPolicy*>> by_account(const Result& result) {
  std::map<std::string, std::vector<const GeneratedPolicy*>> out;
  for (const GeneratedPolicy& p : result.policies) out[p.account].push_back(&p);
  return out;
}

std::string cloudformation(const std::string& account, const std::vector<const GeneratedPolicy*>& policies) {
  // AWS::IAM::Role with AssumeRolePolicyDocument and Policies; the execution role already exists,
  // so its policy is an AWS::IAM::RolePolicy. JSON is valid YAML flow syntax, so the documents
  // are embedded exactly as written to the .json files.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-rolepolicy.html
  std::string out = "# Generated by iamsmith generate. Deploy in account " + account + ".\n";
  out += "AWSTemplateFormatVersion: \"2010-09-09\"\n";
  out += "Description: Cross-account IAM for AWS Step Functions (account " + account + ")\n";
  out += "Resources:\n";
  std::map<std::string, const GeneratedPolicy*> trust;
  std::map<std::string, const GeneratedPolicy*> permissions;
  for (const GeneratedPolicy* p : policies) {
    if (p->attachment == Attachment::TrustPolicy) trust[p->role_arn] = p;
    if (p->attachment == Attachment::PermissionPolicy) permissions[p->role_arn] = p;
  }
  for (const auto& [role, t] : trust) {
    const auto [name, path] = name_and_path(role);
    out += "  " + sid_token(name) + "Role:\n";
    out += "    Type: AWS::IAM::Role\n";
    out += "    Properties:\n";
    out += "      RoleName: " + quote(name) + "\n";
    out += "      Path: " + quote(path) + "\n";
    out += "      AssumeRolePolicyDocument:\n        " + embed(t->text, 8) + "\n";
    if (auto it = permissions.find(role); it != permissions.end()) {
      out += "      Policies:\n";
      out += "        - PolicyName: " + quote(it->second->policy_name) + "\n";
      out += "          PolicyDocument:\n            " + embed(it->second->text, 12) + "\n";
    }
  }
  for (const GeneratedPolicy* p : policies) {
    if (p->attachment != Attachment::AssumeRolePolicy) continue;
    out += "  " + sid_token(p->role_name) + sid_token(p->policy_name) + ":\n";
    out += "    Type: AWS::IAM::RolePolicy\n";
    out += "    Properties:\n";
    out += "      RoleName: " + quote(p->role_name) + "\n";
    out += "      PolicyName: " + quote(p->policy_name) + "\n";
    out += "      PolicyDocument:\n        " + embed(p->text, 8) + "\n";
  }
  return out;
}

std::string terraform(const std::string& account, const std::vector<const GeneratedPolicy*>& policies) {
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role and
  // .../iam_role_policy
  std::string out = "# Generated by iamsmith generate. Apply with a provider for account " + account + ".\n";
  std::map<std::string, const GeneratedPolicy*> permissions;
  for (const GeneratedPolicy* p : policies) {
    if (p->attachment == Attachment::PermissionPolicy) permissions[p->role_arn] = p;
  }
  for (const GeneratedPolicy* p : policies) {
    if (p->attachment != Attachment::TrustPolicy) continue;
    const auto [name, path] = name_and_path(p->role_arn);
    const std::string id = snake(name);
    out += "\nresource \"aws_iam_role\" \"" + id + "\" {\n";
    out += "  name = " + quote(name) + "\n";
    out += "  path = " + quote(path) + "\n";
    out += "  assume_role_policy = jsonencode(" + hcl(p->text, 2) + ")\n";
    out += "}\n";
    if (auto it = permissions.find(p->role_arn); it != permissions.end()) {
      out += "\nresource \"aws_iam_role_policy\" \"" + id + "_" + snake(it->second->policy_name) + "\" {\n";
      out += "  name   = " + quote(it->second->policy_name) + "\n";
      out += "  role   = aws_iam_role." + id + ".id\n";
      out += "  policy = jsonencode(" + hcl(it->second->text, 2) + ")\n";
      out += "}\n";
    }
  }
  for (const GeneratedPolicy* p : policies) {
    if (p->attachment != Attachment::AssumeRolePolicy) continue;
    out += "\nresource \"aws_iam_role_policy\" \"" + snake(p->role_name) + "_" + snake(p->policy_name) + "\" {\n";
    out += "  name   = " + quote(p->policy_name) + "\n";
    out += "  role   = " + quote(p->role_name) + "\n";
    out += "  policy = jsonencode(" + hcl(p->text, 2) + ")\n";
    out += "}\n";
  }
  return out;
}

std::optional<std::string> read_whole(const fs::path& path) {
  FileRead r = read_file(path, kMaxReadBytes);
  if (!r.bytes) return std::nullopt;
  return std::move(*r.bytes);
}

std::size_t first_differing_line(const std::string& a, const std::string& b) {
  std::size_t line = 1;
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return line;
    if (a[i] == '\n') ++line;
  }
  return line;
}

}  // namespace

std::string render_manifest(const Result& result) {
  std::string out = "{\n  \"generator\": \"iamsmith generate\",\n  \"policies\": [";
  for (std::size_t i = 0; i < result.policies.size(); ++i) {
    out += i == 0 ? "\n    {\n" : ",\n    {\n";
    describe(out, result.policies[i], "      ");
    out += "\n    }";
  }
  out += result.policies.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

std::string render_bundle(const Result& result) {
  std::string out = "{\n  \"policies\": [";
  for (std::size_t i = 0; i < result.policies.size(); ++i) {
    const GeneratedPolicy& p = result.policies[i];
    out += i == 0 ? "\n    {\n" : ",\n    {\n";
    describe(out, p, "      ");
    out += ",\n      \"policy\": " + embed(p.text, 6) + "\n    }";
  }
  out += result.policies.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

std::optional<Format> format_from_name(std::string_view name) {
  if (name == "json") return Format::Json;
  if (name == "cloudformation") return Format::CloudFormation;
  if (name == "terraform") return Format::Terraform;
  return std::nullopt;
}

std::vector<OutputFile> output_files(const Result& result, Format format) {
  std::vector<OutputFile> files;
  switch (format) {
    case Format::Json:
      for (const GeneratedPolicy& p : result.policies) files.push_back(OutputFile{p.file, p.text});
      files.push_back(OutputFile{std::string(kManifest), render_manifest(result)});
      break;
    case Format::CloudFormation:
      for (const auto& [account, list] : by_account(result)) {
        files.push_back(OutputFile{"account-" + account + ".cloudformation.yaml", cloudformation(account, list)});
      }
      break;
    case Format::Terraform:
      for (const auto& [account, list] : by_account(result)) {
        files.push_back(OutputFile{"account-" + account + ".tf", terraform(account, list)});
      }
      break;
  }
  return files;
}

std::string output_text(const Result& result, Format format) {
  switch (format) {
    case Format::Json: return render_bundle(result);
    case Format::CloudFormation: {
      std::string out;
      for (const auto& [account, list] : by_account(result)) out += (out.empty() ? "" : "---\n") + cloudformation(account, list);
      return out;
    }
    case Format::Terraform: {
      std::string out;
      for (const auto& [account, list] : by_account(result)) {
        if (!out.empty()) out += '\n';
        out += terraform(account, list);
      }
      return out;
    }
  }
  return {};
}

std::vector<Difference> check_directory(const std::string& dir, const std::vector<OutputFile>& files) {
  std::vector<Difference> out;
  std::set<std::string> names;
  for (const OutputFile& f : files) {
    names.insert(f.name);
    const fs::path path = fs::path(dir) / f.name;
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      out.push_back(Difference{f.name, "missing"});
      continue;
    }
    const auto current = read_whole(path);
    if (!current) {
      out.push_back(Difference{f.name, "cannot be read"});
    } else if (*current != f.content) {
      out.push_back(Difference{f.name, "differs from line " + std::to_string(first_differing_line(*current, f.content))});
    }
  }
  // Files an earlier run generated (its manifest says so) that this run would not.
  if (auto old = read_whole(fs::path(dir) / kManifest)) {
    const json::Document doc = json::parse(std::move(*old));
    const auto entries = doc.root ? parse_manifest(*doc.root) : std::nullopt;
    for (const ManifestEntry& entry : entries.value_or(std::vector<ManifestEntry>{})) {
      if (names.count(entry.file) == 0U) {
        out.push_back(Difference{entry.file, "not generated any more (listed in the old manifest)"});
      }
    }
  }
  return out;
}

WriteReport write_directory(const std::string& dir, const std::vector<OutputFile>& files, bool force) {
  WriteReport report;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    report.error = dir + ": cannot create the directory: " + ec.message();
    return report;
  }
  std::vector<const OutputFile*> to_write;
  for (const OutputFile& f : files) {
    const fs::path path = fs::path(dir) / f.name;
    if (!fs::exists(path, ec)) {
      to_write.push_back(&f);
      continue;
    }
    const auto current = read_whole(path);
    if (current && *current == f.content) {
      report.unchanged.push_back(f.name);
      continue;
    }
    if (!force) report.conflicts.push_back(f.name);
    to_write.push_back(&f);
  }
  if (!report.conflicts.empty()) return report;  // all or nothing

  for (const OutputFile* f : to_write) {
    // Write next to the target, then rename over it: readers see the old file or the new one,
    // never half of one.
    const fs::path final_path = fs::path(dir) / f->name;
    const fs::path temp = fs::path(dir) / ("." + f->name + ".tmp-" + std::to_string(::getpid()));
    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      out.write(f->content.data(), static_cast<std::streamsize>(f->content.size()));
      out.flush();
      if (!out) {
        fs::remove(temp, ec);
        report.error = final_path.string() + ": cannot write: " + std::generic_category().message(errno);
        return report;
      }
    }
    fs::rename(temp, final_path, ec);
    if (ec) {
      report.error = final_path.string() + ": cannot replace: " + ec.message();
      fs::remove(temp, ec);
      return report;
    }
    report.written.push_back(f->name);
  }
  return report;
}

}  // namespace iamsmith::gen
