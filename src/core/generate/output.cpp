// What the generator writes: policy files and their manifest, a bundle for standard output,
// CloudFormation and Terraform renderings; atomic writes and drift checks.

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <system_error>

#include "iamsmith/arn.hpp"
#include "iamsmith/atomic_write.hpp"
#include "iamsmith/generate.hpp"
#include "iamsmith/manifest.hpp"
#include "iamsmith/json.hpp"
#include "iamsmith/load.hpp"
#include "iamsmith/text.hpp"

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

void describe(std::string& out, const GeneratedPolicy& p, const std::string& pad) {
  out += pad + "\"file\": " + quote(p.file) + ",\n";
  out += pad + "\"role\": " + quote(p.role_arn) + ",\n";
  out += pad + "\"roleName\": " + quote(p.role_name) + ",\n";
  out += pad + "\"account\": " + quote(p.account) + ",\n";
  out += pad + "\"purpose\": " + quote(std::string(sfn::purpose_name(p.attachment))) + ",\n";
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
      out.push_back(fold_ascii(text[i]));
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
    if (p->attachment == Attachment::Trust) trust[p->role_arn] = p;
    if (p->attachment == Attachment::Permissions) permissions[p->role_arn] = p;
  }
  for (const auto& [role, t] : trust) {
    const auto [name, path] = name_and_path(role);
    out += "  " + sid_token(t->stem) + "Role:\n";
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
    if (p->attachment != Attachment::AssumeRole) continue;
    out += "  " + sid_token(p->stem) + sid_token(p->policy_name) + ":\n";
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
    if (p->attachment == Attachment::Permissions) permissions[p->role_arn] = p;
  }
  for (const GeneratedPolicy* p : policies) {
    if (p->attachment != Attachment::Trust) continue;
    const auto [name, path] = name_and_path(p->role_arn);
    const std::string id = snake(p->stem);
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
    if (p->attachment != Attachment::AssumeRole) continue;
    out += "\nresource \"aws_iam_role_policy\" \"" + snake(p->stem) + "_" + snake(p->policy_name) + "\" {\n";
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

std::map<std::string, std::string> role_stems(const std::vector<std::string>& role_arns) {
  std::vector<std::string> arns(role_arns.begin(), role_arns.end());
  std::sort(arns.begin(), arns.end());
  arns.erase(std::unique(arns.begin(), arns.end()), arns.end());
  const auto hash = [](const std::string& text) {  // FNV-1a, 64 bits
    std::uint64_t h = 14695981039346656037ULL;
    for (char c : text) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (int i = 15; i >= 0; --i) out.push_back(kHex[(h >> (4 * i)) & 0xF]);
    return out;
  };
  const auto stem_at = [&](std::size_t i, int level) {
    const ArnResult parsed = parse_arn(arns[i]);
    const std::string name = name_and_path(arns[i]).first;
    const std::string account = parsed ? parsed->account : std::string();
    switch (level) {
      case 0: return name;
      case 1: return name + "." + account;
      case 2: return name + "." + account + "." + hash(arns[i]).substr(0, 8);
      case 3: return name + "." + account + "." + hash(arns[i]);
      default: return name + "." + account + "." + hash(arns[i]) + ".i" + std::to_string(i);
    }
  };
  std::vector<int> level(arns.size(), 0);
  std::vector<std::string> stems(arns.size());
  for (int round = 0; round <= 5; ++round) {
    for (std::size_t i = 0; i < arns.size(); ++i) stems[i] = stem_at(i, level[i]);
    // One key per identifier the stem becomes; a shared key is a collision.
    std::map<std::string, std::vector<std::size_t>> keys;
    for (std::size_t i = 0; i < arns.size(); ++i) {
      keys["file:" + ascii_lower(stems[i])].push_back(i);
      keys["terraform:" + snake(stems[i])].push_back(i);
      keys["cloudformation:" + ascii_lower(sid_token(stems[i]))].push_back(i);
    }
    std::set<std::size_t> clashing;
    for (const auto& [key, members] : keys) {
      if (members.size() > 1) clashing.insert(members.begin(), members.end());
    }
    if (clashing.empty()) break;
    for (std::size_t i : clashing) level[i] = std::min(level[i] + 1, 4);
  }
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < arns.size(); ++i) out[arns[i]] = stems[i];
  return out;
}

namespace {

bool has_manifest(const std::vector<OutputFile>& files) {
  return std::any_of(files.begin(), files.end(), [](const OutputFile& f) { return f.name == kManifest; });
}

// The files the manifest in `dir` lists, when there is one it can read.
std::vector<std::string> old_manifest_files(const std::string& dir) {
  std::vector<std::string> out;
  if (auto old = read_whole(fs::path(dir) / kManifest)) {
    const json::Document doc = json::parse(std::move(*old));
    const auto entries = doc.root ? parse_manifest(*doc.root) : std::nullopt;
    for (const ManifestEntry& entry : entries.value_or(std::vector<ManifestEntry>{})) out.push_back(entry.file);
  }
  return out;
}

// A name iamsmith could have written into the directory itself (a manifest is data anyone can
// edit: "../x", "sub/x" and the manifest's own name are never removed).
bool plain_generated_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos && name != kManifest &&
         name != atomic::kLockFile;
}

enum class Kind { Missing, File, Directory, Other };

Kind kind_of(const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return Kind::Missing;
  if (S_ISDIR(st.st_mode)) return Kind::Directory;
  if (S_ISREG(st.st_mode)) return Kind::File;
  if (S_ISLNK(st.st_mode)) {
    std::error_code ec;  // a symlink counts as what it points at (a dangling one is replaceable)
    if (fs::is_directory(path, ec)) return Kind::Other;
    return Kind::File;
  }
  return Kind::Other;
}

}  // namespace

std::vector<Difference> check_directory(const std::string& dir, const std::vector<OutputFile>& files,
                                        const std::function<void()>& on_wait) {
  const atomic::LockResult shared = atomic::lock_directory_shared(dir, on_wait);
  std::vector<Difference> out;
  std::set<std::string> names;
  for (const OutputFile& f : files) {
    names.insert(f.name);
    const fs::path path = fs::path(dir) / f.name;
    switch (kind_of(path)) {
      case Kind::Missing: out.push_back(Difference{f.name, "missing"}); continue;
      case Kind::Directory: out.push_back(Difference{f.name, "a directory is in the way"}); continue;
      case Kind::Other: out.push_back(Difference{f.name, "not a regular file"}); continue;
      case Kind::File: break;
    }
    const auto current = read_whole(path);
    if (!current) {
      out.push_back(Difference{f.name, "cannot be read"});
    } else if (*current != f.content) {
      out.push_back(Difference{f.name, "differs from line " + std::to_string(first_differing_line(*current, f.content))});
    }
  }
  // Files an earlier run generated (its manifest says so) that this run would not: a write with
  // --force removes them. Only a set with a manifest (JSON) keeps such a record.
  if (!has_manifest(files)) return out;
  for (const std::string& file : old_manifest_files(dir)) {
    if (names.count(file) != 0U || !plain_generated_name(file)) continue;
    if (kind_of(fs::path(dir) / file) == Kind::Missing) continue;
    out.push_back(Difference{file, "not generated any more (listed in the old manifest)"});
    names.insert(file);
  }
  return out;
}

namespace {

// What writing `files` into `dir` would do: which files to write, which are unchanged, which
// conflict, which are stale (removed with force). Reads only.
struct Plan {
  std::vector<const OutputFile*> to_write;
  std::vector<std::string> removals;
  std::vector<std::string> notes;
};

Plan plan_directory(const std::string& dir, const std::vector<OutputFile>& files, bool force, WriteReport& report) {
  Plan plan;
  report.unchanged.clear();
  report.conflicts.clear();
  report.stale.clear();
  std::set<std::string> names;
  for (const OutputFile& f : files) {
    names.insert(f.name);
    const fs::path path = fs::path(dir) / f.name;
    switch (kind_of(path)) {
      case Kind::Missing: plan.to_write.push_back(&f); continue;
      case Kind::Directory: report.error = path.string() + ": a directory is in the way; nothing was written"; return plan;
      case Kind::Other: report.error = path.string() + ": not a regular file; nothing was written"; return plan;
      case Kind::File: break;
    }
    const auto current = read_whole(path);
    if (current && *current == f.content) {
      report.unchanged.push_back(f.name);
      continue;
    }
    if (!force) report.conflicts.push_back(f.name);
    plan.to_write.push_back(&f);
  }
  if (!has_manifest(files)) return plan;
  for (const std::string& file : old_manifest_files(dir)) {
    if (names.count(file) != 0U || !plain_generated_name(file)) continue;
    names.insert(file);
    switch (kind_of(fs::path(dir) / file)) {
      case Kind::Missing: continue;
      case Kind::File: (force ? plan.removals : report.stale).push_back(file); continue;
      case Kind::Directory:
      case Kind::Other:
        plan.notes.push_back((fs::path(dir) / file).string() +
                             " is listed in the old manifest but is not a regular file; left alone");
        continue;
    }
  }
  return plan;
}

bool refused(const WriteReport& report) {
  return !report.error.empty() || !report.conflicts.empty() || !report.stale.empty();
}

}  // namespace

WriteReport write_directory(const std::string& dir, const std::vector<OutputFile>& files, const WriteOptions& options) {
  WriteReport report;
  atomic::System& system = options.system != nullptr ? *options.system : atomic::real_system();
  // Two generated files must never share a name, even on a file system that ignores case.
  std::map<std::string, std::string> folded;
  for (const OutputFile& f : files) {
    const auto [it, fresh] = folded.emplace(ascii_lower(f.name), f.name);
    if (!fresh) {
      report.error = "internal error: the generated file names " + it->second + " and " + f.name +
                     " collide; nothing was written";
      return report;
    }
    if (f.name != kManifest && !plain_generated_name(f.name)) {
      report.error = "internal error: " + f.name + " is not a plain file name; nothing was written";
      return report;
    }
  }
  // A first look, touching nothing: a run that would refuse, or change nothing, does not even
  // create the lock file.
  std::error_code ec;
  if (fs::exists(fs::symlink_status(dir, ec))) {
    if (!fs::is_directory(dir, ec)) {
      report.error = dir + ": not a directory; nothing was written";
      return report;
    }
    const Plan first = plan_directory(dir, files, options.force, report);
    if (refused(report) || (first.to_write.empty() && first.removals.empty())) {
      report.notes.insert(report.notes.end(), first.notes.begin(), first.notes.end());
      return report;
    }
  }
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    report.error = dir + ": cannot create the directory: " + (ec ? ec.message() : std::string("a file is in the way")) +
                   "; nothing was written";
    return report;
  }
  // Signals wait until the set is written or abandoned (atomic::write_set says so); the lock is
  // taken with them already blocked, and its wait checks for them.
  const atomic::SignalBlock block;
  atomic::LockResult locked = atomic::lock_directory(dir, options.on_wait);
  if (locked.signal != 0) {
    report.signal = locked.signal;
    return report;
  }
  if (!locked.error.empty()) {
    report.error = locked.error + "; nothing was written";
    return report;
  }

  // Under the lock, any temporary is a leftover of a run that was killed.
  std::size_t leftovers = 0;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (atomic::is_temporary_name(name) && kind_of(it->path()) == Kind::File && system.unlink(it->path().c_str()) == 0) {
      ++leftovers;
    }
  }
  if (leftovers != 0) {
    report.notes.push_back("removed " + std::to_string(leftovers) + " temporary " + (leftovers == 1 ? "file" : "files") +
                           " left in " + dir + " by an interrupted run");
  }

  // The definitive look, under the lock: another run may have written meanwhile.
  Plan plan = plan_directory(dir, files, options.force, report);
  report.notes.insert(report.notes.end(), plan.notes.begin(), plan.notes.end());
  if (refused(report) || (plan.to_write.empty() && plan.removals.empty())) return report;

  // The manifest goes last, so that it names a set that is in place.
  std::stable_partition(plan.to_write.begin(), plan.to_write.end(),
                        [](const OutputFile* f) { return f->name != kManifest; });
  std::vector<atomic::FileContent> contents;
  contents.reserve(plan.to_write.size());
  for (const OutputFile* f : plan.to_write) contents.push_back(atomic::FileContent{f->name, f->content});
  const atomic::SetResult result = atomic::write_set(dir, contents, plan.removals, system);
  switch (result.status) {
    case atomic::Status::Done: break;
    case atomic::Status::Interrupted: report.signal = result.signal; break;
    case atomic::Status::Failed:
      report.error = result.error;
      report.rolled_back = result.rolled_back;
      break;
  }
  report.written = result.written;
  report.removed = result.removed;
  return report;
}

}  // namespace iamsmith::gen
