// Source spans compare by every field, and policies can still be compared by what they say.

#include <doctest/doctest.h>

#include <string>

#include "iamsmith/load.hpp"
#include "iamsmith/policy.hpp"
#include "iamsmith/source.hpp"

namespace {

iamsmith::SourceSpan span_at(std::string pointer, std::uint32_t line, std::uint32_t column, std::uint32_t offset,
                             std::uint32_t length) {
  iamsmith::SourceSpan s;
  s.pointer = std::move(pointer);
  s.line = line;
  s.column = column;
  s.offset = offset;
  s.length = length;
  return s;
}

iamsmith::Policy load(std::string text) {
  iamsmith::LoadedPolicy loaded = iamsmith::load_policy_text(std::move(text), "test.json");
  REQUIRE(loaded.policy.has_value());
  return *loaded.policy;
}

constexpr const char* kCompact =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})";
constexpr const char* kPretty = R"({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "*"
    }
  ]
})";

}  // namespace

TEST_CASE("source: spans are equal only when pointer, line, column, offset and length all are") {
  const iamsmith::SourceSpan base = span_at("/Statement/0/Action", 3, 7, 40, 14);
  CHECK(base == span_at("/Statement/0/Action", 3, 7, 40, 14));
  CHECK_FALSE(base == span_at("/Statement/0/Resource", 3, 7, 40, 14));
  CHECK_FALSE(base == span_at("/Statement/0/Action", 4, 7, 40, 14));
  CHECK_FALSE(base == span_at("/Statement/0/Action", 3, 8, 40, 14));
  CHECK_FALSE(base == span_at("/Statement/0/Action", 3, 7, 41, 14));
  CHECK_FALSE(base == span_at("/Statement/0/Action", 3, 7, 40, 15));
  CHECK_FALSE(base == iamsmith::SourceSpan{});
}

TEST_CASE("source: the same element read from two layouts differs in its spans, not in its value") {
  const iamsmith::Policy compact = load(kCompact);
  const iamsmith::Policy pretty = load(kPretty);
  const iamsmith::Scalar& a = compact.statements().at(0).action->items.at(0);
  const iamsmith::Scalar& b = pretty.statements().at(0).action->items.at(0);
  CHECK(a.text == b.text);
  CHECK(a.span.pointer == b.span.pointer);
  CHECK(a.span.line == 1);
  CHECK(b.span.line == 6);
  CHECK_FALSE(a == b);
  CHECK_FALSE(compact == pretty);
  CHECK(iamsmith::equal_ignoring_positions(compact, pretty));
  CHECK(iamsmith::equal_ignoring_positions(compact.statements().at(0), pretty.statements().at(0)));
  CHECK(compact == load(kCompact));
}

TEST_CASE("source: ignoring positions still compares every value") {
  const iamsmith::Policy base = load(kCompact);
  std::string other_action = kCompact;
  other_action.replace(other_action.find("GetObject"), 9, "PutObject");
  CHECK_FALSE(iamsmith::equal_ignoring_positions(base, load(other_action)));
  std::string as_array = kCompact;
  as_array.replace(as_array.find("\"s3:GetObject\""), 14, "[\"s3:GetObject\"]");
  CHECK_FALSE(iamsmith::equal_ignoring_positions(base, load(as_array)));  // the author's form is kept
  std::string with_sid = kCompact;
  with_sid.replace(with_sid.find("{\"Effect\""), 1, "{\"Sid\":\"Read\",");
  CHECK_FALSE(iamsmith::equal_ignoring_positions(base, load(with_sid)));
}

TEST_CASE("source: a JSON pointer grows by one escaped token or index at a time (RFC 6901)") {
  using iamsmith::pointer_append;
  CHECK(pointer_append("", "Statement") == "/Statement");
  CHECK(pointer_append("/Statement/0", "Action") == "/Statement/0/Action");
  CHECK(pointer_append("/Condition", "aws:PrincipalTag/team~x") == "/Condition/aws:PrincipalTag~1team~0x");
  CHECK(pointer_append("/a", "~/") == "/a/~0~1");
  CHECK(pointer_append("/a", "") == "/a/");  // an empty key is a token too
  CHECK(pointer_append("", std::size_t{0}) == "/0");
  CHECK(pointer_append("/Statement", std::size_t{7}) == "/Statement/7");
  CHECK(pointer_append("/Action", std::size_t{1234567890}) == "/Action/1234567890");
  // A long parent and token: nothing cut short.
  const std::string parent = "/" + std::string(300, 'p');
  CHECK(pointer_append(parent, std::string(200, 't')) == parent + "/" + std::string(200, 't'));
}

TEST_CASE("source: a JsonPointer holds short and long pointers alike, through copies and moves") {
  using iamsmith::JsonPointer;
  const std::string long_text = "/" + std::string(JsonPointer::kInline + 20, 'k');  // kept on the heap
  for (const std::string& text : {std::string(), std::string("/Statement/0/Action/3"),
                                  std::string(JsonPointer::kInline, 'x'), long_text}) {
    CAPTURE(text);
    const JsonPointer p(text);
    CHECK(p == text);
    CHECK(p.size() == text.size());
    CHECK(p.empty() == text.empty());
    JsonPointer copy = p;
    CHECK(copy == p);
    JsonPointer moved = std::move(copy);
    CHECK(moved == text);
    JsonPointer assigned("/other");
    assigned = moved;
    CHECK(assigned == text);
    assigned = JsonPointer(long_text);
    CHECK(assigned == long_text);
    assigned = std::move(moved);
    CHECK(assigned == text);
    CHECK(assigned + "/x" == text + "/x");
    CHECK("at " + assigned == "at " + text);
  }
}

TEST_CASE("source: JsonPointer::child escapes its token as pointer_append does, past the inline size too") {
  using iamsmith::JsonPointer;
  using iamsmith::pointer_append;
  for (const std::size_t parent_length : {std::size_t{0}, std::size_t{10}, JsonPointer::kInline - 4,
                                          JsonPointer::kInline - 1, JsonPointer::kInline + 5}) {
    const std::string parent = parent_length == 0 ? std::string() : "/" + std::string(parent_length - 1, 'p');
    CAPTURE(parent_length);
    const JsonPointer p(parent);
    for (const std::string_view token : {"", "Action", "a/b", "~", "aws:PrincipalTag/team~x"}) {
      CAPTURE(token);
      CHECK(p.child(token) == pointer_append(parent, token));
    }
    for (const std::size_t index : {std::size_t{0}, std::size_t{7}, std::size_t{123456789}}) {
      CHECK(p.child(index) == pointer_append(parent, index));
    }
  }
  CHECK(JsonPointer("/a") < JsonPointer("/b"));
  CHECK(JsonPointer("/Statement/10") != JsonPointer("/Statement/1"));
}
