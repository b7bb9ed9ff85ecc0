#include "arn_helpers.hpp"

namespace iamsmith::rules {
namespace {

// Whether a service's ARNs have a region / an account field.
enum class Field { Required, Absent };

// The services whose ARN shapes are certain and uniform, from the "Resource types" tables of
// the Service Authorization Reference (pages under "references" below). Issue 5 replaces this
// table with the service data. S3 and DynamoDB have more than one shape: see expectation().
struct ServiceShape {
  std::string_view service;
  Field region;
  Field account;
  std::string_view example;
};

constexpr std::array<ServiceShape, 7> kShapes = {{
    // Every IAM and STS resource type: arn:${Partition}:iam::${Account}:... / sts::${Account}:...
    {"iam", Field::Absent, Field::Required, "arn:aws:iam::111122223333:role/Name"},
    {"sts", Field::Absent, Field::Required, "arn:aws:sts::111122223333:assumed-role/Role/Session"},
    // arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName} (and layers, ...)
    {"lambda", Field::Required, Field::Required, "arn:aws:lambda:us-east-1:111122223333:function:Name"},
    {"states", Field::Required, Field::Required, "arn:aws:states:us-east-1:111122223333:stateMachine:Name"},
    {"sqs", Field::Required, Field::Required, "arn:aws:sqs:us-east-1:111122223333:QueueName"},
    {"sns", Field::Required, Field::Required, "arn:aws:sns:us-east-1:111122223333:TopicName"},
    {"kms", Field::Required, Field::Required, "arn:aws:kms:us-east-1:111122223333:key/KeyId"},
}};

// Step Functions resource types that appear in IAM policies. Other "states" ARNs, such as the
// service-integration ARNs of a state machine definition (arn:aws:states:::lambda:invoke), are
// not resources and are left alone.
constexpr std::array<std::string_view, 5> kStatesTypes = {"stateMachine", "execution", "express", "activity",
                                                          "mapRun"};

// S3 resource types with a region and an account (list_amazons3.html): access points (and
// objects through them), batch jobs, Storage Lens, access grants, Multi-Region Access Point
// requests. Everything else under "s3" is a bucket or an object: arn:${Partition}:s3:::bucket[/key].
constexpr std::array<std::string_view, 6> kS3Typed = {"accesspoint",        "job",           "storage-lens",
                                                      "storage-lens-group", "access-grants", "async-request"};

struct Expectation {
  Field region;
  Field account;
  std::string what;  // "an IAM ARN", "an S3 bucket or object ARN", ...
  std::string example;
};

std::string_view first_segment(std::string_view resource) {
  const std::size_t slash = resource.find('/');
  return slash == std::string_view::npos ? resource : resource.substr(0, slash);
}

std::optional<Expectation> s3_expectation(const Arn& arn) {
  // The empty/empty form is always a bucket or an object, even for a bucket named "job".
  if (arn.region.empty() && arn.account.empty()) return std::nullopt;
  const std::string_view type = first_segment(arn.resource);
  if (detail::has_variable(type)) return std::nullopt;
  for (const std::string_view typed : kS3Typed) {
    if (type == typed) {
      // A Multi-Region Access Point, arn:${Partition}:s3::${Account}:accesspoint/${Alias}, has
      // no region; every other typed S3 resource has one.
      const Field region =
          typed == "accesspoint" ? (arn.region.empty() ? Field::Absent : Field::Required) : Field::Required;
      return Expectation{region, Field::Required, "an S3 " + std::string(typed) + " ARN",
                         "arn:aws:s3:us-east-1:111122223333:" + std::string(typed) + "/..."};
    }
    // "acc*" or "*" may name a typed resource: then region and account are fine.
    if (wildcard_match(type, typed, CaseSensitivity::Sensitive)) return std::nullopt;
  }
  return Expectation{Field::Absent, Field::Absent, "an S3 bucket or object ARN", "arn:aws:s3:::bucket/key"};
}

std::optional<Expectation> expectation(const Arn& arn) {
  if (arn.service == "s3") return s3_expectation(arn);
  if (arn.service == "dynamodb") {
    // arn:${Partition}:dynamodb::${Account}:global-table/${GlobalTableName} has no region;
    // tables, indexes, streams, backups, exports and imports have one (list_amazondynamodb.html).
    const std::string_view type = first_segment(arn.resource);
    if (type == "global-table") {
      return Expectation{Field::Absent, Field::Required, "a DynamoDB global table ARN",
                         "arn:aws:dynamodb::111122223333:global-table/Name"};
    }
    if (type != "table") return std::nullopt;
    return Expectation{Field::Required, Field::Required, "a DynamoDB table ARN",
                       "arn:aws:dynamodb:us-east-1:111122223333:table/Name"};
  }
  if (arn.service == "states") {
    const std::string_view type = arn.resource_type();
    bool known = false;
    for (const std::string_view t : kStatesTypes) known = known || type == t;
    if (!known) return std::nullopt;
  }
  for (const ServiceShape& shape : kShapes) {
    if (arn.service == shape.service) {
      return Expectation{shape.region, shape.account, "an ARN of service " + in_quotes(arn.service),
                         std::string(shape.example)};
    }
  }
  return std::nullopt;
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  arns::for_each_arn(*in.policy, [&](const arns::ArnValue& a) {
    const std::optional<Arn> parsed = arns::parse_for_fields(a.value->text);
    if (!parsed) return;  // A001
    const Arn& arn = *parsed;
    if (arn.field_count < 6) return;  // abbreviated "arn:aws:lambda:*": the '*' covers the rest
    const std::optional<Expectation> want = expectation(arn);
    if (!want) return;
    const std::string quoted = in_quotes(a.value->text);
    const Note example{"the form is " + in_quotes(want->example), std::nullopt};
    // Only literal values are wrong for sure; "*" or a variable may stand for the empty field.
    if (want->region == Field::Absent && !arn.region.empty() && !arns::is_pattern(arn.region)) {
      out.report(a.value->span,
                 "ARN " + quoted + " has region " + in_quotes(arn.region) + ", but " + want->what +
                     " has an empty region field",
                 {{"delete the region and keep the empty field", std::nullopt}, example});
    }
    if (want->account == Field::Absent && !arn.account.empty() && !arns::is_pattern(arn.account)) {
      out.report(a.value->span,
                 "ARN " + quoted + " has account " + in_quotes(arn.account) + ", but " + want->what +
                     " has an empty account field",
                 {{"delete the account and keep the empty field", std::nullopt}, example});
    }
    if (want->region == Field::Required && arn.region.empty() && !arns::earlier_field_may_expand(arn, 3)) {
      out.report(a.value->span, "ARN " + quoted + " has no region, but " + want->what + " needs one",
                 {{"name the region, or \"*\" for every region", std::nullopt}, example});
    }
    if (want->account == Field::Required && arn.account.empty() && !arns::earlier_field_may_expand(arn, 4)) {
      out.report(a.value->span, "ARN " + quoted + " has no account, but " + want->what + " needs one",
                 {{"name the 12-digit account ID, or \"*\" for every account", std::nullopt}, example});
    }
  });
}

}  // namespace

extern const Rule kA005MisplacedArnField{
    .id = "A005",
    .name = "misplaced-arn-field",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "An ARN has a region or account where its service has none, or lacks one its service needs.",
    .rationale =
        "Each service fixes which ARN fields it fills: IAM and STS ARNs have an account and no "
        "region; S3 bucket and object ARNs have neither (arn:aws:s3:::bucket/key), while S3 access "
        "points, jobs, Storage Lens and access grants have both (a Multi-Region Access Point only the "
        "account); Lambda, Step Functions, SQS, SNS, KMS and "
        "DynamoDB tables have both; DynamoDB global tables have only the account. An ARN with a "
        "field in the wrong place names no resource, so the statement matches nothing.",
    .exceptions =
        "Only iam, sts, s3, lambda, states, sqs, sns, kms and dynamodb ARNs are checked. A '*' or "
        "a policy variable in a field is accepted, and a field left empty after a segment ending in "
        "'*' is too, because IAM lets that '*' match across the colons.",
    .fix =
        "Write the ARN in the service's form: arn:aws:iam::111122223333:role/Name, arn:aws:s3:::bucket/key, "
        "arn:aws:lambda:us-east-1:111122223333:function:Name.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"s3:GetObject\",\n"
        "      \"Resource\": \"arn:aws:s3:us-east-1:111122223333:reports/*\"\n"
        "    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Resource",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"s3:GetObject\",\n"
        "      \"Resource\": \"arn:aws:s3:::reports/*\"\n"
        "    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html\n"
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html\n"
        "https://docs.aws.amazon.com/service-authorization/latest/reference/"
        "list_awsidentityandaccessmanagementiam.html\n"
        "https://docs.aws.amazon.com/service-authorization/latest/reference/"
        "list_awssecuritytokenservice.html\n"
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html\n"
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsstepfunctions.html\n"
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsqs.html\n"
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html\n"
        "https://docs.aws.amazon.com/service-authorization/latest/reference/"
        "list_awskeymanagementservice.html\n"
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
    .check = check,
};

}  // namespace iamsmith::rules
