#include "iamsmith/write.hpp"

#include "iamsmith/json.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iamsmith {
namespace {

// The layout is fixed by hand rather than by RapidJSON's PrettyWriter so that number text is
// written exactly as it was read and the format cannot change with a library version. It is
// the layout AWS serves managed policies in (two spaces, `"key": value`, one element a line),
// so a policy already in canonical key order comes back byte for byte.
class Emitter {
 public:
  void begin(char bracket) {
    out_.push_back(bracket);
    counts_.push_back(0);
  }

  void end(char bracket) {
    const std::size_t count = counts_.back();
    counts_.pop_back();
    // An empty container stays on one line: `[]`, `{}`.
    if (count != 0) newline();
    out_.push_back(bracket);
  }

  // Starts the next element of the enclosing array.
  void item() { next(); }

  // Starts the next member of the enclosing object; its value follows.
  void key(std::string_view name) {
    next();
    string(name);
    out_ += ": ";
  }

  void raw(std::string_view text) { out_ += text; }

  void string(std::string_view text) { json::append_quoted(out_, text); }

  [[nodiscard]] std::string finish() {
    out_.push_back('\n');
    return std::move(out_);
  }

 private:
  void next() {
    if (counts_.back() != 0) out_.push_back(',');
    ++counts_.back();
    newline();
  }

  void newline() {
    out_.push_back('\n');
    out_.append(2 * counts_.size(), ' ');
  }

  std::string out_;
  std::vector<std::size_t> counts_;  // elements written so far, one entry per open container
};

void write_node(Emitter& out, const json::Node& node) {
  switch (node.type) {
    case json::Type::Null: out.raw("null"); return;
    case json::Type::Bool:
    case json::Type::Number: out.raw(node.text); return;
    case json::Type::String: out.string(node.text); return;
    case json::Type::Array:
      out.begin('[');
      for (const json::Node& item : node.items) {
        out.item();
        write_node(out, item);
      }
      out.end(']');
      return;
    case json::Type::Object:
      // Duplicate keys are all written, in order, so that the file says what the source said.
      out.begin('{');
      for (const json::Member& member : node.members) {
        out.key(member.key);
        write_node(out, member.value);
      }
      out.end('}');
      return;
  }
}

void write_scalar(Emitter& out, const Scalar& scalar) {
  switch (scalar.type) {
    case json::Type::Null: out.raw("null"); return;
    case json::Type::Bool:
    case json::Type::Number: out.raw(scalar.text); return;
    case json::Type::String:
    // A Scalar never holds a container; should one be built that way, its text is still
    // written as valid JSON.
    case json::Type::Array:
    case json::Type::Object: out.string(scalar.text); return;
  }
}

// One item written bare only when the source did so: a one-element array stays an array.
// An empty or multi-item list built without `is_array` can only be written as an array.
template <class T, class WriteItem>
void write_one_or_many(Emitter& out, const OneOrMany<T>& list, WriteItem write_item) {
  if (!list.is_array && list.items.size() == 1) {
    write_item(out, list.items.front());
    return;
  }
  out.begin('[');
  for (const T& item : list.items) {
    out.item();
    write_item(out, item);
  }
  out.end(']');
}

void write_values(Emitter& out, const ValueList& values) {
  write_one_or_many(out, values, write_scalar);
}

int principal_rank(PrincipalType type) {
  switch (type) {
    case PrincipalType::Aws: return 0;
    case PrincipalType::Service: return 1;
    case PrincipalType::Federated: return 2;
    case PrincipalType::CanonicalUser: return 3;
    case PrincipalType::Unknown: return 4;
  }
  return 4;
}

void write_principal(Emitter& out, const Principal& principal) {
  if (principal.bare) {
    write_scalar(out, *principal.bare);
    return;
  }
  std::vector<const PrincipalGroup*> groups;
  groups.reserve(principal.groups.size());
  for (const PrincipalGroup& group : principal.groups) groups.push_back(&group);
  // Stable: unknown types, and repeats of one type, keep their source order.
  std::stable_sort(groups.begin(), groups.end(), [](const auto* a, const auto* b) {
    return principal_rank(a->type) < principal_rank(b->type);
  });
  out.begin('{');
  for (const PrincipalGroup* group : groups) {
    // A group built in memory may name only its type.
    out.key(group->key.empty() ? principal_type_key(group->type) : std::string_view(group->key));
    write_values(out, group->values);
  }
  out.end('}');
}

void write_condition(Emitter& out, const ConditionBlock& condition) {
  out.begin('{');
  for (const ConditionOperator& op : condition.operators) {
    out.key(op.name);
    out.begin('{');
    for (const ConditionEntry& entry : op.entries) {
      out.key(entry.key);
      write_values(out, entry.values);
    }
    out.end('}');
  }
  out.end('}');
}

void write_unknown(Emitter& out, const std::vector<UnknownKey>& unknown) {
  for (const UnknownKey& member : unknown) {
    out.key(member.key);
    write_node(out, member.value);
  }
}

void write_statement(Emitter& out, const Statement& statement) {
  out.begin('{');
  if (statement.sid) {
    out.key("Sid");
    write_scalar(out, *statement.sid);
  }
  if (statement.effect) {
    out.key("Effect");
    write_scalar(out, *statement.effect);
  }
  if (statement.principal) {
    out.key("Principal");
    write_principal(out, *statement.principal);
  }
  if (statement.not_principal) {
    out.key("NotPrincipal");
    write_principal(out, *statement.not_principal);
  }
  const auto list = [&out](std::string_view key, const std::optional<ValueList>& values) {
    if (!values) return;
    out.key(key);
    write_values(out, *values);
  };
  list("Action", statement.action);
  list("NotAction", statement.not_action);
  list("Resource", statement.resource);
  list("NotResource", statement.not_resource);
  if (statement.condition) {
    out.key("Condition");
    write_condition(out, *statement.condition);
  }
  write_unknown(out, statement.unknown);
  out.end('}');
}

}  // namespace

std::string write_policy(const Policy& policy) {
  Emitter out;
  out.begin('{');
  if (policy.version) {
    out.key("Version");
    write_scalar(out, *policy.version);
  }
  if (policy.id) {
    out.key("Id");
    write_scalar(out, *policy.id);
  }
  if (policy.statement) {
    out.key("Statement");
    write_one_or_many(out, *policy.statement, write_statement);
  }
  write_unknown(out, policy.unknown);
  out.end('}');
  return out.finish();
}

}  // namespace iamsmith
