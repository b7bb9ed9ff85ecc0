// The YAML reader: libyaml's event API (https://pyyaml.org/wiki/LibYAML) building the tree the
// JSON reader builds, with a span on every node.
//
// Typing: no YAML 1.1 resolution (yes/no/on/off, octal, sexagesimal, dates). A plain (unquoted,
// untagged) scalar is
//   - null:    empty, ~, null, Null, NULL
//   - boolean: true, True, TRUE, false, False, FALSE
//   - number:  text that is a JSON number (-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?)
//   - text:    everything else, so `Version: 2012-10-17`, `Account: 012345678901` and `1e` stay text.
// A quoted or block scalar is always text. Short-form intrinsic tags (!Ref, !Sub, !GetAtt, ...)
// become the long form CloudFormation's JSON uses: {"Fn::Sub": ...}, and `!GetAtt A.B` becomes
// {"Fn::GetAtt": ["A", "B"]}.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
// Aliases and merge keys are expanded (bounded) and recorded as ExtensionKind::YamlAlias.

#include "inputs/yaml.hpp"

#include <yaml.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

namespace iamsmith::inputs::yaml {
namespace {

using json::Node;
using json::Type;

// Short-form tag -> the long form's key.
const std::map<std::string, std::string, std::less<>>& short_forms() {
  static const std::map<std::string, std::string, std::less<>> kTags{
      {"!Ref", "Ref"},
      {"!Condition", "Condition"},
      {"!Sub", "Fn::Sub"},
      {"!GetAtt", "Fn::GetAtt"},
      {"!Join", "Fn::Join"},
      {"!If", "Fn::If"},
      {"!Select", "Fn::Select"},
      {"!Split", "Fn::Split"},
      {"!ImportValue", "Fn::ImportValue"},
      {"!FindInMap", "Fn::FindInMap"},
      {"!Base64", "Fn::Base64"},
      {"!Equals", "Fn::Equals"},
      {"!And", "Fn::And"},
      {"!Or", "Fn::Or"},
      {"!Not", "Fn::Not"},
      {"!Cidr", "Fn::Cidr"},
      {"!GetAZs", "Fn::GetAZs"},
      {"!Transform", "Fn::Transform"},
      {"!ToJsonString", "Fn::ToJsonString"},
      {"!Length", "Fn::Length"},
  };
  return kTags;
}

bool is_json_number(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - from;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size()) return false;
  if (s[i] == '0') {
    ++i;
  } else if (digits() == 0) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

void plain_type(Node& node) {
  const std::string& s = node.text;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") {
    node.type = Type::Null;
    node.text = "null";
  } else if (s == "true" || s == "True" || s == "TRUE") {
    node.type = Type::Bool;
    node.text = "true";
  } else if (s == "false" || s == "False" || s == "FALSE") {
    node.type = Type::Bool;
    node.text = "false";
  } else if (is_json_number(s)) {
    node.type = Type::Number;
  }
}

struct Frame {
  Node node;
  std::string pending_key;
  SourceSpan pending_key_span;
  bool have_key = false;
  std::unordered_map<std::string, std::size_t> seen;  // key -> member index (mappings)
  std::set<std::string> merged;  // keys that came from a merge key (<<) and were not set since
  std::string wrapper_key;       // a short-form tag on this collection: wrap it when it ends
  SourceSpan wrapper_span;
  std::string anchor;
};

class Builder {
 public:
  Builder(json::Document& doc, std::size_t max_depth) : doc_(doc), max_depth_(max_depth) {
    // libyaml counts marks in code points: a table from code point index to byte offset.
    const std::string& t = doc_.source.text();
    for (std::size_t i = 0; i < t.size(); ++i) {
      if ((static_cast<unsigned char>(t[i]) & 0xC0U) != 0x80U)
        starts_.push_back(static_cast<std::uint32_t>(i));
    }
    starts_.push_back(static_cast<std::uint32_t>(t.size()));
  }

  std::size_t byte(const yaml_mark_t& mark) const {
    return mark.index < starts_.size() ? starts_[mark.index] : starts_.back();
  }

  // A span from `start` to `end`, without the whitespace a block node's end mark runs over.
  SourceSpan span(const yaml_mark_t& start, const yaml_mark_t& end, std::string pointer) const {
    const std::string& t = doc_.source.text();
    const std::size_t from = byte(start);
    std::size_t to = std::max(from, byte(end));
    while (to > from && (t[to - 1] == ' ' || t[to - 1] == '\n' || t[to - 1] == '\r' || t[to - 1] == '\t'))
      --to;
    return doc_.source.span(from, to - from, std::move(pointer));
  }

  std::string child_pointer() const {
    if (stack_.empty()) return "";
    const Frame& top = stack_.back();
    if (top.node.type == Type::Array) return pointer_append(top.node.span.pointer, top.node.items.size());
    return pointer_append(top.node.span.pointer, top.pending_key);
  }

  bool expecting_key() const {
    return !stack_.empty() && stack_.back().node.type == Type::Object && !stack_.back().have_key;
  }

  // Returns false (and sets the error) when the document cannot be read on.
  bool event(const yaml_event_t& e) {
    switch (e.type) {
      case YAML_NO_EVENT:
      case YAML_STREAM_START_EVENT:
      case YAML_STREAM_END_EVENT:
      case YAML_DOCUMENT_END_EVENT: return true;
      case YAML_DOCUMENT_START_EVENT:
        if (++documents_ > 1)
          return error(json::ErrorKind::Syntax,
                       "a second YAML document starts here; a template is one document", e.start_mark);
        return true;
      case YAML_SCALAR_EVENT: return scalar(e);
      case YAML_SEQUENCE_START_EVENT:
        return start(e, Type::Array, e.data.sequence_start.tag, e.data.sequence_start.anchor);
      case YAML_MAPPING_START_EVENT:
        return start(e, Type::Object, e.data.mapping_start.tag, e.data.mapping_start.anchor);
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: return end(e);
      case YAML_ALIAS_EVENT: return alias(e);
    }
    return true;
  }

  bool error(json::ErrorKind kind, std::string message, const yaml_mark_t& mark) {
    if (!doc_.error) doc_.error = json::Error{kind, std::move(message), doc_.source.span(byte(mark), 1, "")};
    return false;
  }

  std::optional<Node>& root() { return root_; }

 private:
  static std::string tag_of(const yaml_char_t* tag) {
    return tag != nullptr ? std::string(reinterpret_cast<const char*>(tag)) : std::string();
  }

  // The long-form key for a short-form tag, or empty.
  static std::string wrapper_for(const std::string& tag) {
    const auto found = short_forms().find(tag);
    return found != short_forms().end() ? found->second : std::string();
  }

  bool key_scalar(const yaml_event_t& e) {
    Frame& top = stack_.back();
    top.pending_key.assign(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
    top.pending_key_span =
        span(e.start_mark, e.end_mark, pointer_append(top.node.span.pointer, top.pending_key));
    top.have_key = true;
    if (top.pending_key == "<<" && e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
      doc_.extensions.push_back({json::ExtensionKind::YamlAlias, top.pending_key_span, 0});
    }
    return true;
  }

  bool scalar(const yaml_event_t& e) {
    if (expecting_key()) return key_scalar(e);
    Node node;
    node.type = Type::String;
    node.text.assign(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
    const std::string tag = tag_of(e.data.scalar.tag);
    const std::string pointer = child_pointer();
    node.span = span(e.start_mark, e.end_mark, pointer);
    if (e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && tag.empty()) plain_type(node);
    if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float") {
      if (is_json_number(node.text)) node.type = Type::Number;
    } else if (tag == "tag:yaml.org,2002:bool" && (node.text == "true" || node.text == "false")) {
      node.type = Type::Bool;
    } else if (tag == "tag:yaml.org,2002:null") {
      node.type = Type::Null;
      node.text = "null";
    }
    if (const std::string key = wrapper_for(tag); !key.empty()) {
      node.span.pointer = pointer_append(pointer, key);
      Node wrapper;
      wrapper.type = Type::Object;
      wrapper.span = node.span;
      wrapper.span.pointer = pointer;
      SourceSpan key_span = doc_.source.span(byte(e.start_mark), tag.size(), node.span.pointer);
      if (key == "Fn::GetAtt" && node.is_string()) {
        // !GetAtt Resource.Attribute (the attribute may itself hold dots: split at the first).
        const std::size_t dot = node.text.find('.');
        Node list;
        list.type = Type::Array;
        list.span = node.span;
        Node first = node;
        Node second = node;
        first.text = node.text.substr(0, dot);
        first.span.pointer = pointer_append(node.span.pointer, std::size_t{0});
        second.text = dot == std::string::npos ? std::string() : node.text.substr(dot + 1);
        second.span.pointer = pointer_append(node.span.pointer, std::size_t{1});
        list.items.push_back(std::move(first));
        list.items.push_back(std::move(second));
        node = std::move(list);
      }
      wrapper.members.push_back({key, std::move(key_span), std::move(node)});
      node = std::move(wrapper);
    }
    remember(e.data.scalar.anchor, node);
    return add(std::move(node));
  }

  bool start(const yaml_event_t& e, Type type, const yaml_char_t* tag_chars, const yaml_char_t* anchor) {
    if (expecting_key())
      return error(json::ErrorKind::Syntax, "a mapping key must be a scalar", e.start_mark);
    if (stack_.size() >= max_depth_) {
      return error(
          json::ErrorKind::TooDeep,
          "mappings and sequences are nested more than " + std::to_string(max_depth_) + " levels deep",
          e.start_mark);
    }
    Frame frame;
    const std::string pointer = child_pointer();
    frame.node.type = type;
    frame.node.span = span(e.start_mark, e.end_mark, pointer);
    const std::string tag = tag_of(tag_chars);
    if (std::string key = wrapper_for(tag); !key.empty()) {
      frame.wrapper_key = std::move(key);
      frame.wrapper_span =
          doc_.source.span(byte(e.start_mark), tag.size(), pointer_append(pointer, frame.wrapper_key));
      frame.node.span.pointer = frame.wrapper_span.pointer;
    }
    if (anchor != nullptr) frame.anchor = reinterpret_cast<const char*>(anchor);
    stack_.push_back(std::move(frame));
    return true;
  }

  bool end(const yaml_event_t& e) {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    const SourceSpan whole = span(yaml_mark_t{}, e.end_mark, "");
    frame.node.span.length = static_cast<std::uint32_t>(
        std::max<std::size_t>(whole.offset + whole.length, frame.node.span.offset) - frame.node.span.offset);
    Node node = std::move(frame.node);
    if (!frame.wrapper_key.empty()) {
      Node wrapper;
      wrapper.type = Type::Object;
      wrapper.span = node.span;
      wrapper.span.pointer = child_pointer();
      wrapper.members.push_back({frame.wrapper_key, frame.wrapper_span, std::move(node)});
      node = std::move(wrapper);
    }
    if (!frame.anchor.empty()) anchors_[frame.anchor] = std::make_shared<Node>(node);
    return add(std::move(node));
  }

  bool alias(const yaml_event_t& e) {
    const std::string name = reinterpret_cast<const char*>(e.data.alias.anchor);
    const SourceSpan where =
        span(e.start_mark, e.end_mark, expecting_key() ? std::string() : child_pointer());
    if (expecting_key())
      return error(json::ErrorKind::Syntax, "an alias cannot be a mapping key here", e.start_mark);
    const auto found = anchors_.find(name);
    if (found == anchors_.end())
      return error(json::ErrorKind::Syntax, "alias *" + name + " names no anchor", e.start_mark);
    doc_.extensions.push_back({json::ExtensionKind::YamlAlias, where, 0});
    // Expansion is bounded: each alias copies its anchor's nodes, and "billion laughs" documents
    // nest aliases of aliases.
    expanded_ += count(*found->second);
    constexpr std::size_t kMaxExpanded = 100000;
    if (expanded_ > kMaxExpanded) {
      return error(json::ErrorKind::TooLarge,
                   "aliases expand to more than " + std::to_string(kMaxExpanded) + " nodes", e.start_mark);
    }
    Node copy = *found->second;
    const std::string from = copy.span.pointer.str();
    copy.span.offset = where.offset;  // the alias stands where it is written
    copy.span.length = where.length;
    copy.span.line = where.line;
    copy.span.column = where.column;
    reanchor(copy, from, where.pointer.str(), where);
    return add(std::move(copy));
  }

  static std::size_t count(const Node& n) {
    std::size_t c = 1;
    for (const Node& i : n.items) c += count(i);
    for (const json::Member& m : n.members) c += count(m.value);
    return c;
  }

  // An alias's copy: pointers from its own place, positions at the alias.
  static void reanchor(Node& n, const std::string& from, const std::string& to, const SourceSpan& at) {
    auto move = [&](SourceSpan& s) {
      if (s.pointer.compare(0, from.size(), from) == 0) s.pointer = to + s.pointer.substr(from.size());
      s.offset = at.offset;
      s.length = at.length;
      s.line = at.line;
      s.column = at.column;
    };
    move(n.span);
    for (Node& i : n.items) reanchor(i, from, to, at);
    for (json::Member& m : n.members) {
      move(m.key_span);
      reanchor(m.value, from, to, at);
    }
  }

  void remember(const yaml_char_t* anchor, const Node& node) {
    if (anchor != nullptr) anchors_[reinterpret_cast<const char*>(anchor)] = std::make_shared<Node>(node);
  }

  bool add(Node node) {
    if (stack_.empty()) {
      root_ = std::move(node);
      return true;
    }
    Frame& top = stack_.back();
    if (top.node.type == Type::Array) {
      top.node.items.push_back(std::move(node));
      return true;
    }
    if (top.pending_key == "<<" && top.pending_key_span.length == 2 && node.is_object()) {
      // A merge key: the merged mapping's members, unless the mapping sets them itself.
      for (json::Member& m : node.members) {
        if (top.seen.count(m.key) == 0) {
          top.merged.insert(m.key);
          top.seen[m.key] = top.node.members.size();
          top.node.members.push_back(std::move(m));
        }
      }
      top.have_key = false;
      return true;
    }
    const auto seen = top.seen.find(top.pending_key);
    if (seen != top.seen.end() && top.merged.erase(top.pending_key) != 0) {
      // A key the mapping sets itself overrides the merged one: no duplicate.
      top.node.members[seen->second] = {std::move(top.pending_key), std::move(top.pending_key_span),
                                        std::move(node)};
      top.pending_key.clear();
      top.have_key = false;
      return true;
    }
    if (seen != top.seen.end()) {
      doc_.duplicate_keys.push_back(
          {top.pending_key, top.node.members[seen->second].key_span, top.pending_key_span});
    }
    top.seen[top.pending_key] = top.node.members.size();
    top.node.members.push_back(
        {std::move(top.pending_key), std::move(top.pending_key_span), std::move(node)});
    top.pending_key.clear();
    top.have_key = false;
    return true;
  }

  json::Document& doc_;
  std::size_t max_depth_;
  std::vector<std::uint32_t> starts_;
  std::vector<Frame> stack_;
  std::optional<Node> root_;
  std::map<std::string, std::shared_ptr<Node>> anchors_;
  std::size_t expanded_ = 0;
  int documents_ = 0;
};

json::Document fail(json::Document doc, json::ErrorKind kind, std::string message, std::size_t offset) {
  doc.error = json::Error{kind, std::move(message), doc.source.span(offset, 1, "")};
  doc.root.reset();
  return doc;
}

}  // namespace

json::Document parse(std::string text, const json::ParseOptions& options) {
  if (text.size() > options.max_bytes) return json::too_large_document(text.size(), options.max_bytes);
  json::Document doc;
  doc.source = SourceText(std::move(text));
  const std::string& t = doc.source.text();
  if (t.size() >= 2 && ((t[0] == '\xFE' && t[1] == '\xFF') || (t[0] == '\xFF' && t[1] == '\xFE')))
    return fail(std::move(doc), json::ErrorKind::Utf16, "the file is UTF-16 encoded; templates must be UTF-8",
                0);
  if (const std::size_t nul = t.find('\0'); nul != std::string::npos)
    return fail(std::move(doc), json::ErrorKind::Binary,
                "the file holds NUL bytes: it is binary, not YAML text", nul);

  yaml_parser_t parser;
  if (yaml_parser_initialize(&parser) == 0)
    return fail(std::move(doc), json::ErrorKind::Syntax, "the YAML reader could not start", 0);
  yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(t.data()), t.size());
  constexpr std::size_t kDepthCap = 10000;
  Builder builder(doc, std::min(options.max_depth, kDepthCap));
  bool ok = true;
  for (bool done = false; ok && !done;) {
    yaml_event_t event;
    if (yaml_parser_parse(&parser, &event) == 0) {
      std::string message = parser.problem != nullptr ? parser.problem : "not YAML";
      if (parser.context != nullptr) {
        // The construct the problem is in, and where it starts ("while parsing a flow sequence").
        message = std::string(parser.context) + " (from line " +
                  std::to_string(parser.context_mark.line + 1) + ", column " +
                  std::to_string(parser.context_mark.column + 1) + "): " + message;
      }
      const json::ErrorKind kind =
          parser.error == YAML_READER_ERROR ? json::ErrorKind::InvalidUtf8 : json::ErrorKind::Syntax;
      if (parser.error == YAML_READER_ERROR) {
        // The reader reports a byte offset, not a mark.
        doc.error =
            json::Error{kind, message, doc.source.span(std::min(parser.problem_offset, t.size()), 1, "")};
      } else {
        builder.error(kind, message, parser.problem_mark);
      }
      ok = false;
      break;
    }
    done = event.type == YAML_STREAM_END_EVENT;
    ok = builder.event(event);
    yaml_event_delete(&event);
  }
  yaml_parser_delete(&parser);
  if (!ok || !builder.root()) {
    if (!doc.error)
      return fail(std::move(doc), json::ErrorKind::Empty, "the file is empty: it holds no YAML value", 0);
    doc.root.reset();
    doc.duplicate_keys.clear();
    return doc;
  }
  doc.root = std::move(builder.root());
  return doc;
}

}  // namespace iamsmith::inputs::yaml
