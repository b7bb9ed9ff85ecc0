// verify's outputs: compiler-style text, JSON, SARIF 2.1.0, and the chain drawn as a Mermaid
// flowchart or a Graphviz digraph.

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "iamsmith/baseline.hpp"
#include "iamsmith/limits.hpp"
#include "iamsmith/report.hpp"
#include "iamsmith/syntax.hpp"
#include "verify_internal.hpp"

namespace iamsmith::verify {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void put_string(JsonWriter& w, std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

void put(JsonWriter& w, std::string_view key, std::string_view value) {
  put_string(w, key);
  put_string(w, value);
}

void put_values(JsonWriter& w, const ValueList& list) {
  if (list.items.size() == 1) {
    put_string(w, list.items.front().text);
    return;
  }
  w.StartArray();
  for (const Scalar& s : list.items) put_string(w, s.text);
  w.EndArray();
}

std::string path_of(std::span<const sfn::Input> inputs, std::size_t input) {
  return input < inputs.size() ? inputs[input].path : std::string();
}

std::string position(std::span<const sfn::Input> inputs, std::size_t input, const SourceSpan& span) {
  return path_of(inputs, input) + ":" + std::to_string(span.line) + ":" + std::to_string(span.column);
}

// A finding, compiler-style; one without a file as "iamsmith: error[...] ...".
std::string finding_text(std::span<const sfn::Input> inputs, std::size_t input, const Diagnostic& d,
                         bool colour = false) {
  if (input >= inputs.size()) {
    std::string out = "iamsmith: " + std::string(severity_name(d.severity)) + "[" + d.rule_id + " " + d.rule_name +
                      "] " + d.message + "\n";
    for (const Note& n : d.notes) out += "  = note: " + n.message + "\n";
    return out;
  }
  const FileReport report{inputs[input].path, &inputs[input].source, "", {d}};
  return iamsmith::render_text(report, colour);
}

std::string satisfied_text(const Chain& chain, const Link& link) {
  switch (link.kind) {
    case LinkKind::AssumeRole:
      return link.principal + " may call sts:AssumeRole on " + link.resource;
    case LinkKind::Trust:
      return link.resource + " trusts " + link.principal + " with sts:ExternalId " + chain.state_machine_arn;
    case LinkKind::Permissions: return link.principal + " may call " + link.action + " on " + link.resource;
    case LinkKind::None:
    case LinkKind::Partition: return link.reason;
  }
  return {};
}

struct Counts {
  std::size_t links = 0;
  std::size_t satisfied = 0;
};

Counts count(const Report& report) {
  Counts c;
  for (const Chain& chain : report.chains) {
    for (const Link& l : chain.links) {
      ++c.links;
      if (l.status == LinkStatus::Satisfied) ++c.satisfied;
    }
  }
  return c;
}

std::string plural(std::size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

}  // namespace

std::string statement_json(const Statement& st) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  if (st.sid) put(w, "Sid", st.sid->text);
  if (st.effect) put(w, "Effect", st.effect->text);
  if (st.principal) {
    put_string(w, "Principal");
    w.StartObject();
    for (const PrincipalGroup& g : st.principal->groups) {
      put_string(w, g.key);
      put_values(w, g.values);
    }
    w.EndObject();
  }
  if (st.action) {
    put_string(w, "Action");
    put_values(w, *st.action);
  }
  if (st.resource) {
    put_string(w, "Resource");
    put_values(w, *st.resource);
  }
  if (st.condition) {
    put_string(w, "Condition");
    w.StartObject();
    for (const ConditionOperator& op : st.condition->operators) {
      put_string(w, op.name);
      w.StartObject();
      for (const ConditionEntry& e : op.entries) {
        put_string(w, e.key);
        put_values(w, e.values);
      }
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string render_text(const Report& report, std::span<const sfn::Input> inputs, bool colour) {
  std::string out;
  for (const sfn::Finding& f : report.findings) out += finding_text(inputs, f.input, f.diagnostic, colour);
  for (const Chain& chain : report.chains) {
    if (!out.empty()) out += "\n";
    out += chain.who + " of " + chain.state_machine_arn + " assumes " + chain.role_arn + "\n";
    for (const Link& link : chain.links) {
      if (link.status == LinkStatus::Satisfied) {
        out += "  ok " + std::string(chain_link_name(link.kind)) + ": " + satisfied_text(chain, link) + "\n";
        if (link.input < inputs.size()) {
          out += "     granted by " + position(inputs, link.input, link.span) + " (statement \"" + link.statement +
                 "\")\n";
        }
        continue;
      }
      if (!link.finding) continue;
      Diagnostic d = *link.finding;
      d.message = chain.who + ": " + d.message;
      out += finding_text(inputs, link.input, d, colour);
    }
  }
  const Counts c = count(report);
  out += "\nverify: " + plural(report.chains.size(), "chain") + ", " + plural(c.links, "link") + ": " +
         std::to_string(c.satisfied) + " satisfied, " + std::to_string(c.links - c.satisfied) + " broken";
  if (!report.findings.empty()) out += ", " + plural(report.findings.size(), "other finding");
  out += "\n";
  return out;
}

namespace {

void put_diagnostic(JsonWriter& w, const Diagnostic& d, std::span<const sfn::Input> inputs, std::size_t input) {
  w.StartObject();
  put(w, "rule", d.rule_id);
  put(w, "name", d.rule_name);
  put(w, "severity", severity_name(d.severity));
  put(w, "message", d.message);
  put(w, "file", path_of(inputs, input));
  put_string(w, "line");
  w.Uint(d.span.line);
  put_string(w, "column");
  w.Uint(d.span.column);
  put(w, "pointer", d.span.pointer);
  put_string(w, "notes");
  w.StartArray();
  for (const Note& n : d.notes) put_string(w, n.message);
  w.EndArray();
  w.EndObject();
}

}  // namespace

std::string render_json(const Report& report, std::span<const sfn::Input> inputs) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  put_string(w, "schemaVersion");
  w.Int(kJsonSchemaVersion);
  put_string(w, "ok");
  w.Bool(report.ok());
  put_string(w, "chains");
  w.StartArray();
  for (const Chain& chain : report.chains) {
    w.StartObject();
    put(w, "task", chain.who);
    put(w, "stateMachine", chain.state_machine_arn);
    put(w, "executionRole", chain.execution_role_arn);
    put(w, "role", chain.role_arn);
    put_string(w, "ok");
    w.Bool(chain.ok());
    put_string(w, "links");
    w.StartArray();
    for (const Link& link : chain.links) {
      w.StartObject();
      put(w, "link", chain_link_name(link.kind));
      put(w, "status", link.status == LinkStatus::Satisfied ? "satisfied" : "broken");
      put(w, "principal", link.principal);
      if (!link.action.empty()) put(w, "action", link.action);
      put(w, "resource", link.resource);
      if (link.input < inputs.size()) {
        put(w, "file", inputs[link.input].path);
        put_string(w, "line");
        w.Uint(link.span.line);
        put_string(w, "column");
        w.Uint(link.span.column);
        put(w, "pointer", link.span.pointer);
      }
      if (!link.statement.empty()) put(w, "statement", link.statement);
      put(w, "reason", link.reason);
      if (link.finding) {
        put_string(w, "finding");
        put_diagnostic(w, *link.finding, inputs, link.input);
      }
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  put_string(w, "findings");
  w.StartArray();
  for (const sfn::Finding& f : report.findings) put_diagnostic(w, f.diagnostic, inputs, f.input);
  w.EndArray();
  const Counts c = count(report);
  put_string(w, "summary");
  w.StartObject();
  put_string(w, "chains");
  w.Uint64(report.chains.size());
  put_string(w, "links");
  w.Uint64(c.links);
  put_string(w, "satisfied");
  w.Uint64(c.satisfied);
  put_string(w, "broken");
  w.Uint64(c.links - c.satisfied);
  put_string(w, "findings");
  w.Uint64(report.findings.size());
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

namespace {

// The broken links and findings as one FileReport per file, in the order files first appear;
// findings without a file last, under "<setup>".
std::vector<FileReport> file_reports(const Report& report, std::span<const sfn::Input> inputs) {
  std::vector<FileReport> reports;
  std::map<std::size_t, std::size_t> index;
  auto add = [&](std::size_t input, Diagnostic d) {
    auto it = index.find(input);
    if (it == index.end()) {
      FileReport r;
      r.path = input < inputs.size() ? inputs[input].path : std::string("<setup>");
      if (input < inputs.size()) r.source = &inputs[input].source;
      it = index.emplace(input, reports.size()).first;
      reports.push_back(std::move(r));
    }
    reports[it->second].diagnostics.push_back(std::move(d));
  };
  for (const sfn::Finding& f : report.findings) add(f.input, f.diagnostic);
  for (const Chain& chain : report.chains) {
    for (const Link& link : chain.links) {
      if (link.status == LinkStatus::Satisfied || !link.finding) continue;
      Diagnostic d = *link.finding;
      d.message = chain.who + ": " + d.message;
      add(link.input, std::move(d));
    }
  }
  return reports;
}

}  // namespace

std::string render_sarif(const Report& report, std::span<const sfn::Input> inputs, SarifOptions options) {
  if (options.automation_id == SarifOptions{}.automation_id) options.automation_id = "iamsmith/verify/";
  std::vector<FileReport> reports = file_reports(report, inputs);
  // Fingerprinted as lint fingerprints (iamsmith/baseline.hpp): the file's repository-relative
  // path, the rule and the flagged element, so that a code-scanning alert of verify survives a
  // run from another directory, "./" and absolute paths, and lines moving.
  RepositoryPaths repository(std::filesystem::current_path());
  for (FileReport& r : reports) {
    std::optional<json::Document> tree;
    if (r.source != nullptr) {
      const std::string& text = r.source->text();
      json::ParseOptions parse;
      parse.max_bytes = text.size() + 1;
      parse.max_depth = json::kMaxDepthLimit;
      tree = inputs::read_tree(text, inputs::syntax_of(r.path, text), parse);
    }
    note_flagged_elements(r.diagnostics, tree && tree->root ? &*tree->root : nullptr);
    set_fingerprints(r.diagnostics, repository.relative(r.path));
  }
  return iamsmith::render_sarif(reports, all_rules(), options);
}

std::string render_github(const Report& report, std::span<const sfn::Input> inputs) {
  return iamsmith::render_github(file_reports(report, inputs));
}

std::optional<Severity> worst_severity(const Report& report) {
  std::optional<Severity> worst;
  for (const FileReport& r : file_reports(report, {})) {
    for (const Diagnostic& d : r.diagnostics) {
      if (!worst || d.severity > *worst) worst = d.severity;
    }
  }
  return worst;
}

namespace {

// The nodes and edges of the drawing, shared by Mermaid and dot.
struct Edge {
  std::size_t from = 0;
  std::size_t to = 0;
  std::string label;
  bool broken = false;
};

struct Graph {
  std::vector<std::string> nodes;  // ARNs, in first-seen order
  std::vector<Edge> edges;

  std::size_t node(const std::string& arn) {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (nodes[i] == arn) return i;
    }
    nodes.push_back(arn);
    return nodes.size() - 1;
  }
};

std::string status_word(const Link& l) { return l.status == LinkStatus::Satisfied ? "ok" : "broken"; }

Graph graph_of(const Report& report) {
  Graph g;
  std::set<std::tuple<std::size_t, std::size_t, std::string>> seen;
  auto edge = [&](const std::string& from, const std::string& to, std::string label, bool broken) {
    const std::size_t a = g.node(from);
    const std::size_t b = g.node(to);
    if (!seen.insert({a, b, label}).second) return;
    g.edges.push_back(Edge{a, b, std::move(label), broken});
  };
  for (const Chain& chain : report.chains) {
    // Drawn left to right in chain order: state machine, execution role, role, resources; the
    // partition link (state machine -> execution role) first.
    g.node(chain.state_machine_arn);
    g.node(chain.execution_role_arn);
    g.node(chain.role_arn);
    std::vector<const Link*> ordered;
    for (const Link& link : chain.links) {
      if (link.kind == LinkKind::Partition) {
        ordered.insert(ordered.begin(), &link);
      } else {
        ordered.push_back(&link);
      }
    }
    for (const Link* l : ordered) {
      const Link& link = *l;
      const bool broken = link.status == LinkStatus::Broken;
      switch (link.kind) {
        case LinkKind::None:
        case LinkKind::Partition:
          edge(chain.state_machine_arn, chain.execution_role_arn, "partition " + status_word(link), broken);
          break;
        case LinkKind::AssumeRole:
        case LinkKind::Trust:
          edge(chain.execution_role_arn, chain.role_arn,
               std::string(chain_link_name(link.kind)) + " " + status_word(link), broken);
          break;
        case LinkKind::Permissions:
          edge(chain.role_arn, link.resource, link.action + " " + status_word(link), broken);
          break;
      }
    }
  }
  return g;
}

// Mermaid strings: a double quote is written as the entity #quot;.
std::string mermaid_text(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '"') {
      out += "#quot;";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string dot_text(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string render_mermaid(const Report& report) {
  const Graph g = graph_of(report);
  std::string out = "flowchart LR\n";
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    out += "  n" + std::to_string(i) + "[\"" + mermaid_text(g.nodes[i]) + "\"]\n";
  }
  for (const Edge& e : g.edges) {
    out += "  n" + std::to_string(e.from) + " -->|\"" + mermaid_text(e.label) + "\"| n" + std::to_string(e.to) + "\n";
  }
  for (std::size_t i = 0; i < g.edges.size(); ++i) {
    if (g.edges[i].broken) out += "  linkStyle " + std::to_string(i) + " stroke:red,color:red\n";
  }
  return out;
}

std::string render_dot(const Report& report) {
  const Graph g = graph_of(report);
  std::string out = "digraph verify {\n  rankdir=LR;\n  node [shape=box];\n";
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    out += "  n" + std::to_string(i) + " [label=\"" + dot_text(g.nodes[i]) + "\"];\n";
  }
  for (const Edge& e : g.edges) {
    out += "  n" + std::to_string(e.from) + " -> n" + std::to_string(e.to) + " [label=\"" + dot_text(e.label) + "\"" +
           (e.broken ? ", color=red, fontcolor=red" : "") + "];\n";
  }
  out += "}\n";
  return out;
}

}  // namespace iamsmith::verify
