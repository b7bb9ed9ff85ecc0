#include "arn_helpers.hpp"
#include "d_helpers.hpp"
#include "document_facts.hpp"

namespace iamsmith::rules {
namespace {

// ARNs of principals that are no resource type in the Service Authorization Reference, from
// "IAM identifiers"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns): an
// account's root user and a role session.
struct ExtraFormat {
  std::string_view service;
  std::string_view type;
  std::string_view format;
};
constexpr std::array<ExtraFormat, 2> kPrincipalFormats = {{
    {"iam", "root", "arn:${Partition}:iam::${Account}:root"},
    {"sts", "assumed-role", "arn:${Partition}:sts::${Account}:assumed-role/${RoleName}/${RoleSessionName}"},
}};

// One ARN format of the ARN's service, taken apart into its fields.
struct Shape {
  std::string_view type;    // the resource type's name
  std::string_view format;  // as the catalogue writes it
  bool has_region = false;
  bool has_account = false;
  std::vector<d::Token> resource;  // the resource part, as tokens
  std::string_view resource_text;
};

std::optional<Shape> shape_of(std::string_view type, std::string_view format, std::string_view service) {
  // arn:${Partition}:service:region:account:resource. Placeholders hold no ':'.
  std::array<std::string_view, 6> f{};
  std::size_t start = 0;
  for (std::size_t i = 0; i < 5; ++i) {
    const std::size_t colon = format.find(':', start);
    if (colon == std::string_view::npos) return std::nullopt;
    f[i] = format.substr(start, colon - start);
    start = colon + 1;
  }
  f[5] = format.substr(start);
  if (f[2] != service) return std::nullopt;
  Shape out;
  out.type = type;
  out.format = format;
  out.has_region = !f[3].empty();
  out.has_account = !f[4].empty();
  out.resource = d::format_tokens(f[5]);
  out.resource_text = f[5];
  return out;
}

// Every ARN format whose service field is `service`, from the catalogue's service of that prefix.
std::vector<Shape> shapes_of(const iamdata::Catalog& catalog, std::string_view service) {
  std::vector<Shape> out;
  if (const iamdata::Service* s = catalog.service(service)) {
    for (const iamdata::ResourceType& type : s->resource_types) {
      for (const std::string_view format : type.arn_formats) {
        if (auto shape = shape_of(type.name, format, service)) out.push_back(std::move(*shape));
      }
    }
  }
  for (const ExtraFormat& extra : kPrincipalFormats) {
    if (extra.service != service) continue;
    if (auto shape = shape_of(extra.type, extra.format, service)) out.push_back(std::move(*shape));
  }
  return out;
}

// How well a format's resource part agrees with the ARN's literal beginning: the length of their
// common literal prefix ("job/abc" and "job/${JobId}": 4), to pick the most specific formats.
std::size_t agreement(std::string_view resource, std::string_view format_resource) {
  std::size_t n = 0;
  while (n < resource.size() && n < format_resource.size()) {
    const char a = resource[n];
    const char b = format_resource[n];
    if (a == '*' || a == '?' || a == '$' || b == '$' || a != b) break;
    ++n;
  }
  return n;
}

struct Verdict {
  bool region_ok = true;
  bool account_ok = true;
};

// Whether the ARN's region and account fields fit the shape. Only a literal field can be wrong
// for sure: '*' or a variable may stand for an empty field or a filled one, and a field left
// empty after a segment ending in '*' may have been absorbed by it.
Verdict verdict(const Arn& arn, const Shape& shape) {
  Verdict v;
  const auto fits = [&](const std::string& field, bool wanted, std::size_t index) {
    if (arns::is_pattern(field)) return true;
    if (wanted) return !field.empty() || arns::earlier_field_may_expand(arn, index);
    return field.empty();
  };
  v.region_ok = fits(arn.region, shape.has_region, 3);
  v.account_ok = fits(arn.account, shape.has_account, 4);
  return v;
}

std::string describe(std::string_view service, const std::vector<const Shape*>& shapes) {
  std::string out = "the " + std::string(service) + " resource type ";
  for (std::size_t i = 0; i < shapes.size() && i < 3; ++i) {
    if (i > 0) out += (i + 1 == shapes.size() || i == 2) ? " or " : ", ";
    out += in_quotes(shapes[i]->type);
  }
  return out;
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  with_facts(in, [&](DocumentFacts& facts) {
    arns::for_each_arn(*in.policy, [&](const arns::ArnValue& a) {
      const std::optional<Arn>& parsed = facts.arn_fields(*a.value);
      if (!parsed) return;  // A001
      const Arn& arn = *parsed;
      if (arn.field_count < 6) return;  // abbreviated "arn:aws:lambda:*": the '*' covers the rest
      if (arns::is_pattern(arn.service)) return;
      // Taken apart once per thread and service, not once per ARN.
      thread_local d::CatalogMemo<std::vector<Shape>> memo;
      const std::vector<Shape>& shapes =
          memo.get(catalog, arn.service, [&] { return shapes_of(catalog, arn.service); });
      if (shapes.empty()) return;  // a service the catalogue does not know
      // Nearly every ARN fits a format of its service, and the same ARNs recur across policies:
      // whether this text fits is remembered per thread.
      thread_local d::CatalogMemo<bool> fitting;
      const bool fits_some = fitting.get(catalog, a.value->text, [&] {
        const std::vector<d::Token> resource = d::policy_tokens(arn.resource);
        return std::any_of(shapes.begin(), shapes.end(), [&](const Shape& shape) {
          if (!d::can_overlap(resource, shape.resource)) return false;
          const Verdict v = verdict(arn, shape);
          return v.region_ok && v.account_ok;
        });
      });
      if (fits_some) return;
      const std::vector<d::Token> resource = d::policy_tokens(arn.resource);
      std::vector<const Shape*> candidates;  // formats whose resource part the ARN can match
      for (const Shape& shape : shapes) {
        if (d::can_overlap(resource, shape.resource)) candidates.push_back(&shape);
      }
      // No format has this resource part (a service-integration ARN such as
      // "arn:aws:states:::lambda:invoke", or a type missing from the catalogue): nothing to compare.
      if (candidates.empty()) return;
      std::size_t best = 0;
      for (const Shape* c : candidates) best = std::max(best, agreement(arn.resource, c->resource_text));
      std::vector<const Shape*> closest;
      for (const Shape* c : candidates) {
        if (agreement(arn.resource, c->resource_text) == best) closest.push_back(c);
      }
      const auto all = [&](auto predicate) { return std::all_of(closest.begin(), closest.end(), predicate); };
      const bool region_wrong = all([&](const Shape* c) { return !verdict(arn, *c).region_ok; });
      const bool account_wrong = all([&](const Shape* c) { return !verdict(arn, *c).account_ok; });
      const bool region_wanted = all([](const Shape* c) { return c->has_region; });
      const bool region_unwanted = all([](const Shape* c) { return !c->has_region; });
      const bool account_wanted = all([](const Shape* c) { return c->has_account; });
      const bool account_unwanted = all([](const Shape* c) { return !c->has_account; });
      const std::string quoted = in_quotes(a.value->text);
      const std::string what = describe(arn.service, closest);
      // AWS's format with this ARN's partition filled in: "arn:aws:s3:::${BucketName}/${ObjectName}".
      std::string format(closest.front()->format);
      if (const std::size_t at = format.find("${Partition}");
          at != std::string::npos && !arn.partition.empty()) {
        format.replace(at, std::string_view("${Partition}").size(), arn.partition);
      }
      const Note form{"the form is " + in_quotes(format), std::nullopt};
      if (region_wrong && region_unwanted) {
        out.report(a.value->span,
                   "ARN " + quoted + " has region " + in_quotes(arn.region) + ", but " + what +
                       " has an empty region field",
                   {{"delete the region and keep the empty field", std::nullopt}, form});
      } else if (region_wrong && region_wanted) {
        out.report(a.value->span, "ARN " + quoted + " has no region, but " + what + " needs one",
                   {{"name the region, or \"*\" for every region", std::nullopt}, form});
      }
      if (account_wrong && account_unwanted) {
        out.report(a.value->span,
                   "ARN " + quoted + " has account " + in_quotes(arn.account) + ", but " + what +
                       " has an empty account field",
                   {{"delete the account and keep the empty field", std::nullopt}, form});
      } else if (account_wrong && account_wanted) {
        out.report(a.value->span, "ARN " + quoted + " has no account, but " + what + " needs one",
                   {{"name the 12-digit account ID, or \"*\" for every account", std::nullopt}, form});
      }
    });
  });
}

}  // namespace

extern const Rule kA005MisplacedArnField{
    .id = "A005",
    .name = "misplaced-arn-field",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "An ARN has a region or account where its resource type has none, or lacks one it needs.",
    .rationale =
        "Each resource type fixes which ARN fields its ARNs fill (the ARN formats of AWS's Service "
        "Authorization Reference): IAM and STS ARNs have an account and no region; S3 bucket and object "
        "ARNs have neither (arn:aws:s3:::bucket/key), while S3 access points, jobs, Storage Lens and "
        "access grants have both (a Multi-Region Access Point only the account); Lambda, Step Functions, "
        "SQS, SNS, KMS and DynamoDB tables have both; DynamoDB global tables and EC2 images have one "
        "each. An ARN with a field in the wrong place names no resource, so the statement matches nothing.",
    .exceptions =
        "An ARN is checked against the formats of its service's resource types whose resource part it can "
        "match; it is reported only when no such format fits and the closest ones (the longest literal "
        "agreement, \"job/\" over \"${BucketName}/\") all disagree with it. Services the catalogue does "
        "not know, and ARNs that match no resource type at all (service-integration ARNs such as "
        "arn:aws:states:::lambda:invoke), are not judged. A '*' or a policy variable in a field is "
        "accepted, and a field left empty after a segment ending in '*' is too, because IAM lets that '*' "
        "match across the colons.",
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
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns\n"
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
