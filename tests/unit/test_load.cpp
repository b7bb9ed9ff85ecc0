// The loader: exact positions, leniency that still reports, and every way input can be bad.

#include <doctest/doctest.h>

#include <string>

#include "iamsmith/lint.hpp"
#include "iamsmith/load.hpp"
#include "test_support.hpp"

using iamsmith::LoadedPolicy;
using iamsmith::load_policy_text;
namespace json = iamsmith::json;

namespace {

// The findings of the loader's own rules: P001 invalid-json, P002 json-extension, P003 duplicate-key.
std::vector<iamsmith::Diagnostic> rule_findings(const LoadedPolicy& l) {
  iamsmith::RuleSelection selection;
  selection.select = {"P001", "P002", "P003"};
  return iamsmith::lint(l, {}, selection);
}

LoadedPolicy load(std::string text, json::ParseOptions options = {}) {
  return load_policy_text(std::move(text), "test.json", options);
}

struct Pos {
  std::uint32_t line;
  std::uint32_t column;
};

void check_span(const iamsmith::SourceSpan& span, Pos expected) {
  CHECK(span.line == expected.line);
  CHECK(span.column == expected.column);
}

}  // namespace

TEST_CASE("load: the tutorial's trust policy reports each // comment at its exact position") {
  const LoadedPolicy l = load(iamsmith::test::read_data("tutorial/trust-policy.json"));
  REQUIRE_FALSE(l.document.error);
  REQUIRE(l.policy);
  const auto& ext = l.document.extensions;
  REQUIRE(ext.size() == 3);
  for (const auto& e : ext) CHECK(e.kind == json::ExtensionKind::LineComment);
  check_span(ext[0].span, {8, 64});
  CHECK(ext[0].span.pointer == "/Statement/0/Principal");
  check_span(ext[1].span, {10, 23});
  CHECK(ext[1].span.pointer == "/Statement/0/Condition");
  check_span(ext[2].span, {12, 101});
  CHECK(ext[2].span.pointer == "/Statement/0/Condition/StringEquals");
  // The comment runs to the end of its line, not further.
  CHECK(l.document.source.text().substr(ext[0].span.offset, ext[0].span.length) ==
        "// The source account's state machine execution role ARN");

  // Everything else still loads, with positions.
  const auto& st = l.policy->statements().at(0);
  REQUIRE(st.principal);
  const auto& aws = st.principal->groups.at(0);
  CHECK(aws.type == iamsmith::PrincipalType::Aws);
  CHECK(aws.values.items.at(0).text == "arn:aws:iam::123456789012:role/ExecutionRole");
  check_span(aws.values.items.at(0).span, {8, 16});
  CHECK(aws.values.items.at(0).span.pointer == "/Statement/0/Principal/AWS");
  REQUIRE(st.condition);
  const auto& entry = st.condition->operators.at(0).entries.at(0);
  CHECK(entry.key == "sts:ExternalId");
  check_span(entry.key_span, {12, 11});
  CHECK(entry.values.items.at(0).span.pointer == "/Statement/0/Condition/StringEquals/sts:ExternalId");
  CHECK(iamsmith::infer_kind(*l.policy) == iamsmith::PolicyKind::Trust);
}

TEST_CASE("load: the tutorial's definition reports its trailing comma exactly") {
  const LoadedPolicy l = load(iamsmith::test::read_data("tutorial/definition.asl.json"));
  REQUIRE_FALSE(l.document.error);
  REQUIRE(l.document.extensions.size() == 1);
  const auto& comma = l.document.extensions[0];
  CHECK(comma.kind == json::ExtensionKind::TrailingComma);
  CHECK(comma.closing == '}');
  check_span(comma.span, {11, 78});
  CHECK(comma.span.pointer == "/States/Cross-account call/Parameters");
  const auto diags = rule_findings(l);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].rule_id == "P002");
  CHECK(diags[0].message.find("trailing comma before '}'") != std::string::npos);
}

TEST_CASE("load: the tutorial's other two policies report their comments") {
  for (const char* name : {"tutorial/target-permissions.json", "tutorial/execution-role-policy.json"}) {
    CAPTURE(name);
    const LoadedPolicy l = load(iamsmith::test::read_data(name));
    REQUIRE(l.policy);
    REQUIRE(l.document.extensions.size() == 1);
    CHECK(l.document.extensions[0].span.line == 7);
    CHECK(l.document.extensions[0].span.pointer == "/Statement/0");
    CHECK(iamsmith::infer_kind(*l.policy) == iamsmith::PolicyKind::Identity);
  }
}

TEST_CASE("load: block comments and trailing commas in arrays") {
  const LoadedPolicy l = load("{\"Version\": \"2012-10-17\", /* why */ \"Statement\": [\n  {\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\",], \"Resource\": \"*\"},\n]}");
  REQUIRE(l.policy);
  const auto& ext = l.document.extensions;
  REQUIRE(ext.size() == 3);
  CHECK(ext[0].kind == json::ExtensionKind::BlockComment);
  check_span(ext[0].span, {1, 27});
  CHECK(ext[0].span.length == 9);
  CHECK(ext[1].kind == json::ExtensionKind::TrailingComma);
  CHECK(ext[1].closing == ']');
  check_span(ext[1].span, {2, 48});
  CHECK(ext[1].span.pointer == "/Statement/0/Action");
  CHECK(ext[2].kind == json::ExtensionKind::TrailingComma);
  check_span(ext[2].span, {2, 68});
  CHECK(ext[2].span.pointer == "/Statement");
}

TEST_CASE("load: comment markers inside strings are text, not comments") {
  const LoadedPolicy l = load(R"({"Statement": [{"Sid": "a//b", "Resource": "arn:aws:s3:::b/*/c,]", "Action": "x:\"//"}]})");
  REQUIRE(l.policy);
  CHECK(l.document.extensions.empty());
  CHECK(l.policy->statements().at(0).action->items.at(0).text == "x:\"//");
}

TEST_CASE("load: a string ends at its first unescaped quote, however many backslashes precede it") {
  // "a\\" ends in one (escaped) backslash; "b\"//x\\\\" holds an escaped quote, a "//" that is
  // text, and two backslashes; the comments and the comma after them are the document's.
  const LoadedPolicy l = load(
      "{\"Sid\": \"a\\\\\", // c\n \"Id\": \"b\\\"//x\\\\\\\\\", /* d */ \"Version\": \"2012-10-17\",}");
  REQUIRE_FALSE(l.document.error);
  const auto& ext = l.document.extensions;
  REQUIRE(ext.size() == 3);
  CHECK(ext[0].kind == json::ExtensionKind::LineComment);
  check_span(ext[0].span, {1, 16});
  CHECK(ext[1].kind == json::ExtensionKind::BlockComment);
  CHECK(ext[2].kind == json::ExtensionKind::TrailingComma);
  CHECK(ext[2].closing == '}');
  REQUIRE(l.policy);
  CHECK(l.policy->id->text == "b\"//x\\\\");
}

TEST_CASE("load: a string's span runs from its opening to its closing quote, escapes or not") {
  // Escapes make the source longer than the value: "\u0041\"xyz" is 13 bytes in the source for a
  // 5-byte value, and "\\\"" 6 for 2, whose last bytes are a backslash and a quote.
  const std::string text = "{\"Id\": \"\\u0041\\\"xyz\", \"Version\": \"\\\\\\\"\"}";
  const LoadedPolicy l = load(text);
  REQUIRE(l.policy);
  REQUIRE(l.policy->id);
  CHECK(l.policy->id->text == "A\"xyz");
  CHECK(l.policy->id->span.offset == 7);
  CHECK(l.policy->id->span.length == 13);
  REQUIRE(l.policy->version);
  CHECK(l.policy->version->text == "\\\"");
  CHECK(l.policy->version->span.offset == text.size() - 7);
  CHECK(l.policy->version->span.length == 6);
  // "\"\"x" decodes to 3 bytes, and 3 bytes before its end sits an escaped quote: the span still
  // starts at the string's own opening quote.
  const std::string quotes = "{\"Id\": \"\\\"\\\"x\"}";
  const LoadedPolicy q = load(quotes);
  REQUIRE(q.policy);
  REQUIRE(q.policy->id);
  CHECK(q.policy->id->text == "\"\"x");
  CHECK(q.policy->id->span.offset == 7);
  CHECK(q.policy->id->span.length == 7);
  // A key with an escape: the key's span covers its quotes and escape.
  const LoadedPolicy k = load("{\"V\\u0065rsion\": \"2012-10-17\"}");
  REQUIRE(k.policy);
  REQUIRE(k.policy->version);
  REQUIRE(k.policy->keys.size() == 1);
  CHECK(k.policy->keys[0].span.offset == 1);
  CHECK(k.policy->keys[0].span.length == 14);
}

TEST_CASE("load: invalid UTF-8 is found wherever it falls among ASCII bytes") {
  // The check reads ASCII several bytes at a time: a bad byte at every position of such a run.
  for (std::size_t before = 0; before < 20; ++before) {
    CAPTURE(before);
    const LoadedPolicy bad = load("{\"Id\": \"" + std::string(before, 'a') + "\xE9" + "bcdefghijklmnop\"}");
    REQUIRE(bad.document.error);
    CHECK(bad.document.error->kind == json::ErrorKind::InvalidUtf8);
    CHECK(bad.document.error->span.offset == 8 + before);
    const LoadedPolicy good = load("{\"Id\": \"" + std::string(before, 'a') + "\xC3\xA9" + "bcdefghijklmnop\"}");
    CHECK_FALSE(good.document.error);
  }
}

TEST_CASE("load: each repeat of a key names the occurrence before it, in small and large objects") {
  for (const int before : {2, 30}) {  // other keys ahead of the repeats: a short object and a long one
    std::string text = "{";
    for (int i = 0; i < before; ++i) text += "\"K" + std::to_string(i) + "\": " + std::to_string(i) + ",";
    text += "\"Id\": \"a\", \"Id\": \"b\", \"K1\": 1, \"Id\": \"c\"}";
    const LoadedPolicy l = load(text);
    REQUIRE(l.document.duplicate_keys.size() == 3);
    const auto& dups = l.document.duplicate_keys;
    CHECK(dups[0].key == "Id");
    CHECK(dups[0].second.offset > dups[0].first.offset);
    CHECK(dups[1].key == "K1");
    CHECK(dups[2].key == "Id");
    CHECK(dups[2].first.offset == dups[0].second.offset);  // the previous "Id", not the first
    REQUIRE(l.policy);
    CHECK(l.policy->id->text == "c");
  }
}

TEST_CASE("load: duplicate keys are recorded with both positions, and the last value wins") {
  const LoadedPolicy l = load("{\n  \"Statement\": {\n    \"Effect\": \"Deny\",\n    \"Effect\": \"Allow\"\n  }\n}");
  REQUIRE(l.policy);
  REQUIRE(l.document.duplicate_keys.size() == 1);
  const auto& dup = l.document.duplicate_keys[0];
  CHECK(dup.key == "Effect");
  check_span(dup.first, {3, 5});
  check_span(dup.second, {4, 5});
  CHECK(dup.second.pointer == "/Statement/Effect");
  CHECK(l.policy->statements().at(0).effect->text == "Allow");
  const auto diags = rule_findings(l);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].rule_id == "P003");
  REQUIRE(diags[0].notes.at(0).span);
  CHECK(diags[0].notes[0].span->line == 3);
}

TEST_CASE("load: columns count characters, not bytes") {
  // "é" is two bytes and "🔑" four; both count as one column.
  const LoadedPolicy l = load("{\"Id\": \"é🔑\", \"Version\": \"2012-10-17\"}");
  REQUIRE(l.policy);
  check_span(l.policy->version->span, {1, 25});
  CHECK(l.policy->version->span.offset == 28);
}

TEST_CASE("load: after a line feed, columns count code points from the line's start") {
  // Several LFs between two spans, multi-byte characters before and after the last of them.
  const LoadedPolicy l = load("{\"Id\": \"é🔑\",\n\n\n  \"é\": 1, \"Version\": \"2012-10-17\"}");
  REQUIRE(l.policy);
  check_span(l.policy->id->span, {1, 8});
  check_span(l.policy->version->span, {4, 22});
}

TEST_CASE("load: CRLF and lone CR line endings") {
  const LoadedPolicy l = load("{\r\n\"Id\": \"x\",\r\"Version\": \"2012-10-17\"}");
  REQUIRE(l.policy);
  check_span(l.policy->id->span, {2, 7});
  check_span(l.policy->version->span, {3, 12});
}

TEST_CASE("load: invalid JSON is one finding at the exact position, in plain English") {
  struct Case {
    const char* text;
    Pos pos;
    const char* message_part;
  };
  const Case cases[] = {
      {"{\n  \"Version\": \"2012-10-17\"\n  \"Statement\": []\n}", {3, 3}, "a comma is missing"},
      {"{\"Version\": '2012-10-17'}", {1, 13}, "double quotes"},
      {"{\"Statement\": [1, 2}", {1, 20}, "expected ',' or ']'"},
      {"{\"a\": 1} {", {1, 10}, "after the end"},
      {"{\"a\": \"unterminated", {1, 20}, "not closed"},
      {"{\"a\": \"line\nbreak\"}", {1, 12}, "control character"},
      {"{\"a\" 1}", {1, 6}, "':'"},
      {"{\"a\": tru}", {1, 7}, "expected a value"},
      {"{\"a\": \"\\x\"}", {1, 8}, "escape"},
      {"{\"a\": [", {1, 8}, "ends"},
  };
  for (const Case& c : cases) {
    const std::string text = c.text;
    CAPTURE(text);
    const LoadedPolicy l = load(c.text);
    REQUIRE(l.document.error);
    CAPTURE(l.document.error->message);
    CHECK(l.document.error->kind == json::ErrorKind::Syntax);
    CHECK(l.document.error->span.line == c.pos.line);
    CHECK(l.document.error->span.column == c.pos.column);
    CHECK(l.document.error->message.find(c.message_part) != std::string::npos);
    CHECK_FALSE(l.policy);
    const auto diags = rule_findings(l);
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].rule_id == "P001");
  }
}

// The reader reads no bounds and stops at the NUL after the text (json.cpp, OffsetStream): a
// text cut anywhere, inside a string, an escape, a number, a literal or a comment, is a syntax
// error at or before its end (the sanitizer builds run this too).
TEST_CASE("load: a policy cut at every byte is refused at a position inside the text") {
  const std::string whole =
      "\xEF\xBB\xBF{ // c\n \"Version\": \"2012-10-17\", /* b */ \"Statement\": [{\"Sid\": \"a\\\"\\u00e9\\\\\","
      " \"Effect\": \"Allow\", \"Action\": [\"s3:Get*\",], \"Resource\": \"*\","
      " \"Condition\": {\"NumericLessThan\": {\"s3:max-keys\": -1.5e+3}, \"Bool\": {\"aws:SecureTransport\": true},"
      " \"Null\": {\"aws:TagKeys\": null}}}]}";
  REQUIRE_FALSE(load(whole).document.error);
  for (std::size_t n = 0; n < whole.size(); ++n) {
    const std::string cut = whole.substr(0, n);
    CAPTURE(cut);
    const LoadedPolicy l = load(cut);
    REQUIRE(l.document.error);
    CHECK(l.document.error->span.offset <= cut.size());
  }
}

TEST_CASE("load: empty, binary, UTF-16, invalid UTF-8 and byte-order mark") {
  CHECK(load("").document.error->kind == json::ErrorKind::Empty);
  CHECK(load("  \n\t ").document.error->kind == json::ErrorKind::Empty);
  CHECK(load("// only a comment\n").document.error->kind == json::ErrorKind::Empty);

  const LoadedPolicy binary = load(std::string("{\"a\": 1}\0\x01\x02", 11));
  REQUIRE(binary.document.error);
  CHECK(binary.document.error->kind == json::ErrorKind::Binary);
  CHECK(binary.document.error->span.column == 9);

  CHECK(load("\xFF\xFE{\0}\0").document.error->kind == json::ErrorKind::Utf16);

  const LoadedPolicy bad_utf8 = load("{\n  \"Id\": \"caf\xE9\"\n}");
  REQUIRE(bad_utf8.document.error);
  CHECK(bad_utf8.document.error->kind == json::ErrorKind::InvalidUtf8);
  check_span(bad_utf8.document.error->span, {2, 13});
  CHECK(load("{\"Id\": \"\xED\xA0\x80\"}").document.error->kind == json::ErrorKind::InvalidUtf8);  // surrogate
  CHECK(load("{\"Id\": \"\xC0\xAF\"}").document.error->kind == json::ErrorKind::InvalidUtf8);      // overlong

  const LoadedPolicy bom = load("\xEF\xBB\xBF{\"Version\": \"2012-10-17\"}");
  REQUIRE_FALSE(bom.document.error);
  REQUIRE(bom.policy);
  REQUIRE(bom.document.extensions.size() == 1);
  CHECK(bom.document.extensions[0].kind == json::ExtensionKind::ByteOrderMark);
  check_span(bom.policy->version->span, {1, 14});
}

TEST_CASE("load: files over the size limit are refused before parsing") {
  json::ParseOptions options;
  options.max_bytes = 16;
  const LoadedPolicy l = load("{\"Version\": \"2012-10-17\"}", options);
  REQUIRE(l.document.error);
  CHECK(l.document.error->kind == json::ErrorKind::TooLarge);
  CHECK(l.document.error->message.find("25 bytes") != std::string::npos);
}

TEST_CASE("load: deep nesting is refused, never a stack overflow") {
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  const LoadedPolicy l = load(deep);
  REQUIRE(l.document.error);
  CHECK(l.document.error->kind == json::ErrorKind::TooDeep);
  CHECK(l.document.error->span.column == 129);

  json::ParseOptions options;
  options.max_depth = 3;
  CHECK(load("{\"a\": [[[1]]]}", options).document.error->kind == json::ErrorKind::TooDeep);
  CHECK_FALSE(load("{\"a\": [[1]]}", options).document.error);
}

TEST_CASE("load: wrong types are recorded, unknown keys kept with positions") {
  const LoadedPolicy l = load(R"({"Version": 2012, "Statement": [{"Effect": "Allow", "Action": 42, "Resource": ["a", true], "Foo": {"x": 1}}], "Extra": []})");
  REQUIRE(l.policy);
  const auto& p = *l.policy;
  CHECK_FALSE(p.version);
  REQUIRE(p.type_mismatches.size() == 3);
  CHECK(p.type_mismatches[0].span.pointer == "/Version");
  CHECK(p.type_mismatches[0].actual == json::Type::Number);
  CHECK(p.type_mismatches[1].span.pointer == "/Statement/0/Action");
  CHECK(p.type_mismatches[1].expected == "a string or an array of strings");
  CHECK(p.type_mismatches[2].span.pointer == "/Statement/0/Resource/1");
  const auto& st = p.statements().at(0);
  CHECK_FALSE(st.action);
  REQUIRE(st.resource);
  CHECK(st.resource->items.size() == 1);
  REQUIRE(st.unknown.size() == 1);
  CHECK(st.unknown[0].key == "Foo");
  CHECK(st.unknown[0].key_span.pointer == "/Statement/0/Foo");
  REQUIRE(p.unknown.size() == 1);
  CHECK(p.unknown[0].key == "Extra");

  const LoadedPolicy not_object = load("[1, 2]");
  REQUIRE(not_object.policy);
  REQUIRE(not_object.policy->type_mismatches.size() == 1);
  CHECK(not_object.policy->type_mismatches[0].span.pointer.empty());
}

TEST_CASE("load: JSON pointers escape '/' and '~' in keys") {
  const LoadedPolicy l = load(R"({"Statement": {"Condition": {"StringEquals": {"aws:PrincipalTag/team~x": "a"}}}})");
  REQUIRE(l.policy);
  const auto& entry = l.policy->statements().at(0).condition->operators.at(0).entries.at(0);
  CHECK(entry.values.items.at(0).span.pointer == "/Statement/Condition/StringEquals/aws:PrincipalTag~1team~0x");
}

TEST_CASE("load: condition values keep their JSON types") {
  const LoadedPolicy l = load(R"({"Statement": {"Condition": {"Bool": {"aws:SecureTransport": false}, "NumericLessThan": {"s3:max-keys": [10, "20"]}}}})");
  REQUIRE(l.policy);
  const auto& ops = l.policy->statements().at(0).condition->operators;
  CHECK(ops.at(0).entries.at(0).values.items.at(0).type == json::Type::Bool);
  CHECK(ops.at(0).entries.at(0).values.items.at(0).text == "false");
  CHECK(ops.at(1).entries.at(0).values.items.at(0).type == json::Type::Number);
  CHECK(ops.at(1).entries.at(0).values.is_array);
}

TEST_CASE("load: missing and unreadable files are I/O errors, not findings") {
  const auto missing = iamsmith::load_policy_file(iamsmith::test::data_path("no/such/file.json"));
  REQUIRE(missing.error);
  CHECK(missing.error->kind == iamsmith::IoErrorKind::NotFound);
  const auto dir = iamsmith::load_policy_file(iamsmith::test::data_path("tutorial"));
  REQUIRE(dir.error);
  CHECK(dir.error->kind == iamsmith::IoErrorKind::NotARegularFile);
  json::ParseOptions small;
  small.max_bytes = 10;
  const auto big = iamsmith::load_policy_file(iamsmith::test::data_path("tutorial/trust-policy.json"), small);
  REQUIRE(big.loaded);
  CHECK(big.loaded->document.error->kind == json::ErrorKind::TooLarge);
}

TEST_CASE("load: policy kind inference") {
  auto kind_of = [](const char* text) { return iamsmith::infer_kind(*load(text).policy); };
  using iamsmith::PolicyKind;
  CHECK(kind_of(R"({"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}})") == PolicyKind::Identity);
  CHECK(kind_of(R"({"Statement": {"Effect": "Allow", "Principal": {"Service": "states.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}})") == PolicyKind::Trust);
  CHECK(kind_of(R"({"Statement": {"Effect": "Allow", "Principal": {"Federated": "x"}, "Action": "sts:AssumeRoleWith*"}})") == PolicyKind::Trust);
  CHECK(kind_of(R"({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "sts:*"}})") == PolicyKind::Resource);
  CHECK(kind_of(R"({"Statement": {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}})") == PolicyKind::Resource);
  CHECK(iamsmith::kind_from_name("trust") == PolicyKind::Trust);
  CHECK_FALSE(iamsmith::kind_from_name("Trust"));
}
