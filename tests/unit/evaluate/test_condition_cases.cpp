// The condition case table: every operator family, IfExists, ForAllValues / ForAnyValue, Null,
// policy variables and absent keys. Each row is one Allow statement with one Condition block,
// evaluated against one request context; `holds` says whether AWS applies the statement. Each
// row names the AWS page that states the behaviour.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "evaluate_support.hpp"

namespace iamsmith::test {
namespace {

struct ConditionCase {
  const char* name;
  std::string doc;
  std::string condition;  // the Condition block, as JSON
  Context context;
  bool holds;
};

const std::string kOps = kOperatorsPage;

// clang-format off
const std::vector<ConditionCase> kCases = {
  // ---- String ----
  {"StringEquals equal", kOps + "#Conditions_String", R"({"StringEquals":{"aws:PrincipalTag/team":"red"}})", {{"aws:PrincipalTag/team", {"red"}}}, true},
  {"StringEquals is case-sensitive in values", kOperatorsPage, R"({"StringEquals":{"aws:PrincipalTag/team":"red"}})", {{"aws:PrincipalTag/team", {"Red"}}}, false},
  {"StringEquals: a '*' is literal", kOperatorsPage, R"({"StringEquals":{"s3:prefix":"home/*"}})", {{"s3:prefix", {"home/alice"}}}, false},
  {"StringEquals: a literal '*' equals '*'", kOperatorsPage, R"({"StringEquals":{"s3:prefix":"home/*"}})", {{"s3:prefix", {"home/*"}}}, true},
  {"condition key names ignore case", kConditionPage, R"({"StringEquals":{"AWS:PrincipalTag/Team":"red"}})", {{"aws:principaltag/team", {"red"}}}, true},
  {"several values of one key are ORed", kMultipleKeysPage, R"({"StringEquals":{"aws:PrincipalTag/team":["blue","red"]}})", {{"aws:PrincipalTag/team", {"red"}}}, true},
  {"several keys are ANDed", kMultipleKeysPage, R"({"StringEquals":{"aws:PrincipalTag/team":"red","aws:PrincipalTag/env":"prod"}})", {{"aws:PrincipalTag/team", {"red"}}, {"aws:PrincipalTag/env", {"dev"}}}, false},
  {"several operators are ANDed", kMultipleKeysPage, R"({"StringEquals":{"aws:PrincipalTag/team":"red"},"StringLike":{"s3:prefix":"a*"}})", {{"aws:PrincipalTag/team", {"red"}}, {"s3:prefix", {"b"}}}, false},
  {"StringNotEquals differs", kOperatorsPage, R"({"StringNotEquals":{"aws:PrincipalTag/team":["blue","green"]}})", {{"aws:PrincipalTag/team", {"red"}}}, true},
  {"StringNotEquals equal to one value", kOperatorsPage, R"({"StringNotEquals":{"aws:PrincipalTag/team":["blue","red"]}})", {{"aws:PrincipalTag/team", {"red"}}}, false},
  {"StringEqualsIgnoreCase", kOperatorsPage, R"({"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"RED"}})", {{"aws:PrincipalTag/team", {"red"}}}, true},
  {"StringNotEqualsIgnoreCase", kOperatorsPage, R"({"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"RED"}})", {{"aws:PrincipalTag/team", {"red"}}}, false},
  {"StringLike '*'", kOperatorsPage, R"({"StringLike":{"s3:prefix":"home/*"}})", {{"s3:prefix", {"home/alice/x"}}}, true},
  {"StringLike '?' is one character", kOperatorsPage, R"({"StringLike":{"s3:prefix":"v?"}})", {{"s3:prefix", {"v12"}}}, false},
  {"StringLike is case-sensitive", kOperatorsPage, R"({"StringLike":{"s3:prefix":"Home/*"}})", {{"s3:prefix", {"home/a"}}}, false},
  {"StringNotLike", kOperatorsPage, R"({"StringNotLike":{"s3:prefix":"tmp/*"}})", {{"s3:prefix", {"home/a"}}}, true},
  {"StringNotLike matching", kOperatorsPage, R"({"StringNotLike":{"s3:prefix":"tmp/*"}})", {{"s3:prefix", {"tmp/a"}}}, false},
  // ---- absent keys ----
  {"absent key: StringEquals is false", kOperatorsPage, R"({"StringEquals":{"aws:SourceVpc":"vpc-1"}})", {}, false},
  {"absent key: StringNotEquals is true", kOperatorsPage, R"({"StringNotEquals":{"aws:SourceVpc":"vpc-1"}})", {}, true},
  {"absent key: ArnNotLike is true", kOperatorsPage, R"({"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:*:t"}})", {}, true},
  {"absent key: NotIpAddress is true", kOperatorsPage, R"({"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}})", {}, true},
  {"absent key: NumericLessThan is false", kOperatorsPage, R"({"NumericLessThan":{"s3:max-keys":"10"}})", {}, false},
  // ---- IfExists ----
  {"IfExists: absent key holds", kOps + "#Conditions_IfExists", R"({"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}})", {}, true},
  {"IfExists: present key is compared", kOps + "#Conditions_IfExists", R"({"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}})", {{"ec2:InstanceType", {"m5.large"}}}, false},
  {"IfExists: present key matching", kOps + "#Conditions_IfExists", R"({"StringLikeIfExists":{"ec2:InstanceType":"t3.*"}})", {{"ec2:InstanceType", {"t3.micro"}}}, true},
  {"BoolIfExists absent", kOps + "#Conditions_IfExists", R"({"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}})", {}, true},
  {"NumericLessThanIfExists absent", kOps + "#Conditions_IfExists", R"({"NumericLessThanIfExists":{"s3:max-keys":"10"}})", {}, true},
  // ---- Numeric ----
  {"NumericEquals", kOps + "#Conditions_Numeric", R"({"NumericEquals":{"s3:max-keys":"10"}})", {{"s3:max-keys", {"10"}}}, true},
  {"NumericEquals compares numbers, not text", kOps + "#Conditions_Numeric", R"({"NumericEquals":{"s3:max-keys":"10"}})", {{"s3:max-keys", {"10.0"}}}, true},
  {"NumericNotEquals", kOperatorsPage, R"({"NumericNotEquals":{"s3:max-keys":"10"}})", {{"s3:max-keys", {"11"}}}, true},
  {"NumericLessThan", kOperatorsPage, R"({"NumericLessThan":{"s3:max-keys":"10"}})", {{"s3:max-keys", {"9"}}}, true},
  {"NumericLessThan at the bound", kOperatorsPage, R"({"NumericLessThan":{"s3:max-keys":"10"}})", {{"s3:max-keys", {"10"}}}, false},
  {"NumericLessThanEquals at the bound", kOperatorsPage, R"({"NumericLessThanEquals":{"s3:max-keys":"10"}})", {{"s3:max-keys", {"10"}}}, true},
  {"NumericGreaterThan", kOperatorsPage, R"({"NumericGreaterThan":{"s3:max-keys":"10"}})", {{"s3:max-keys", {"10.5"}}}, true},
  {"NumericGreaterThanEquals below", kOperatorsPage, R"({"NumericGreaterThanEquals":{"s3:max-keys":"10"}})", {{"s3:max-keys", {"-3"}}}, false},
  {"Numeric: JSON number in the policy", kOperatorsPage, R"({"NumericLessThanEquals":{"s3:max-keys":10}})", {{"s3:max-keys", {"7"}}}, true},
  {"Numeric: request value not a number", kOperatorsPage, R"({"NumericLessThan":{"s3:max-keys":"10"}})", {{"s3:max-keys", {"ten"}}}, false},
  {"Numeric: no policy variables", kOps + "#Conditions_Numeric", R"({"NumericEquals":{"s3:max-keys":"${aws:PrincipalTag/n}"}})", {{"s3:max-keys", {"5"}}, {"aws:PrincipalTag/n", {"5"}}}, false},
  // ---- Date ----
  {"DateLessThan ISO 8601", kOps + "#Conditions_Date", R"({"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}})", {{"aws:CurrentTime", {"2029-12-31T23:59:59Z"}}}, true},
  {"DateGreaterThan ISO 8601", kOperatorsPage, R"({"DateGreaterThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}})", {{"aws:CurrentTime", {"2029-12-31T23:59:59Z"}}}, false},
  {"DateEquals across time zones", kOperatorsPage, R"({"DateEquals":{"aws:CurrentTime":"2030-01-01T02:00:00+02:00"}})", {{"aws:CurrentTime", {"2030-01-01T00:00:00Z"}}}, true},
  {"DateNotEquals", kOperatorsPage, R"({"DateNotEquals":{"aws:CurrentTime":"2030-01-01"}})", {{"aws:CurrentTime", {"2030-01-02"}}}, true},
  {"Date: epoch seconds in the policy", kOps + "#Conditions_Date", R"({"DateLessThanEquals":{"aws:EpochTime":"1893456000"}})", {{"aws:EpochTime", {"2030-01-01T00:00:00Z"}}}, true},
  {"Date: epoch seconds in the request", kOperatorsPage, R"({"DateGreaterThanEquals":{"aws:CurrentTime":"2030-01-01T00:00:01Z"}})", {{"aws:CurrentTime", {"1893456000"}}}, false},
  {"DateLessThan with fractional seconds", kOperatorsPage, R"({"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00.500Z"}})", {{"aws:CurrentTime", {"2030-01-01T00:00:00.250Z"}}}, true},
  {"Date: request value not a date", kOperatorsPage, R"({"DateLessThan":{"aws:CurrentTime":"2030-01-01"}})", {{"aws:CurrentTime", {"tomorrow"}}}, false},
  // ---- Bool ----
  {"Bool true", kOps + "#Conditions_Boolean", R"({"Bool":{"aws:SecureTransport":"true"}})", {{"aws:SecureTransport", {"true"}}}, true},
  {"Bool false vs true", kOperatorsPage, R"({"Bool":{"aws:SecureTransport":"true"}})", {{"aws:SecureTransport", {"false"}}}, false},
  {"Bool ignores case", kOperatorsPage, R"({"Bool":{"aws:SecureTransport":"TRUE"}})", {{"aws:SecureTransport", {"true"}}}, true},
  {"Bool JSON boolean", kOperatorsPage, R"({"Bool":{"aws:SecureTransport":true}})", {{"aws:SecureTransport", {"true"}}}, true},
  {"Bool absent key is false", kOperatorsPage, R"({"Bool":{"aws:MultiFactorAuthPresent":"false"}})", {}, false},
  {"Bool with a policy variable", kOps + "#Conditions_Boolean", R"({"Bool":{"aws:SecureTransport":"${aws:PrincipalTag/secure}"}})", {{"aws:SecureTransport", {"true"}}, {"aws:PrincipalTag/secure", {"true"}}}, true},
  // ---- Binary ----
  {"BinaryEquals equal base64", kOps + "#Conditions_BinaryEquals", R"({"BinaryEquals":{"key":"QmluYXJ5VmFsdWU="}})", {{"key", {"QmluYXJ5VmFsdWU="}}}, true},
  {"BinaryEquals different", kOperatorsPage, R"({"BinaryEquals":{"key":"QmluYXJ5VmFsdWU="}})", {{"key", {"T3RoZXI="}}}, false},
  {"BinaryEquals absent", kOperatorsPage, R"({"BinaryEquals":{"key":"QmluYXJ5VmFsdWU="}})", {}, false},
  // ---- IP address ----
  {"IpAddress in an IPv4 block", kOps + "#Conditions_IPAddress", R"({"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}})", {{"aws:SourceIp", {"203.0.113.77"}}}, true},
  {"IpAddress outside", kOperatorsPage, R"({"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}})", {{"aws:SourceIp", {"203.0.114.1"}}}, false},
  {"IpAddress single address", kOperatorsPage, R"({"IpAddress":{"aws:SourceIp":"203.0.113.5"}})", {{"aws:SourceIp", {"203.0.113.5"}}}, true},
  {"IpAddress IPv6 block", kOps + "#Conditions_IPAddress", R"({"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}})", {{"aws:SourceIp", {"2001:db8:1234:5678::abcd"}}}, true},
  {"IpAddress IPv6 outside", kOperatorsPage, R"({"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}})", {{"aws:SourceIp", {"2001:db8:1234:5679::1"}}}, false},
  {"IpAddress mixed v4 and v6 values", kOperatorsPage, R"({"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8::/32"]}})", {{"aws:SourceIp", {"2001:db8::1"}}}, true},
  {"NotIpAddress outside", kOperatorsPage, R"({"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}})", {{"aws:SourceIp", {"192.0.2.1"}}}, true},
  {"NotIpAddress inside", kOperatorsPage, R"({"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}})", {{"aws:SourceIp", {"10.1.2.3"}}}, false},
  {"NotIpAddress: an IPv6 address is outside an IPv4 block", kOperatorsPage, R"({"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}})", {{"aws:SourceIp", {"2001:db8::1"}}}, true},
  // ---- ARN ----
  {"ArnEquals exact", kOps + "#Conditions_ARN", R"({"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:topic"}})", {{"aws:SourceArn", {"arn:aws:sns:us-east-1:123456789012:topic"}}}, true},
  {"ArnLike wildcard region and account", kOps + "#Conditions_ARN", R"({"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:topic"}})", {{"aws:SourceArn", {"arn:aws:sns:eu-west-1:111122223333:topic"}}}, true},
  {"ArnLike is field-wise: '*' stays in its field", kOps + "#Conditions_ARN", R"({"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:topic"}})", {{"aws:SourceArn", {"arn:aws:sns:eu-west-1:111122223333:topic"}}}, false},
  {"ArnEquals also takes wildcards", kOps + "#Conditions_ARN", R"({"ArnEquals":{"aws:SourceArn":"arn:aws:states:us-east-1:123456789012:stateMachine:*"}})", {{"aws:SourceArn", {"arn:aws:states:us-east-1:123456789012:stateMachine:sm"}}}, true},
  {"ArnLike resource part may hold ':'", kOperatorsPage, R"({"ArnLike":{"aws:SourceArn":"arn:aws:states:*:123456789012:execution:sm:*"}})", {{"aws:SourceArn", {"arn:aws:states:us-east-1:123456789012:execution:sm:run-1"}}}, true},
  {"ArnLike is case-sensitive", kOperatorsPage, R"({"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:Topic"}})", {{"aws:SourceArn", {"arn:aws:sns:eu-west-1:111122223333:topic"}}}, false},
  {"ArnLike: request value not an ARN", kOperatorsPage, R"({"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:*"}})", {{"aws:SourceArn", {"topic"}}}, false},
  {"ArnNotEquals different", kOperatorsPage, R"({"ArnNotEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:a"}})", {{"aws:SourceArn", {"arn:aws:sns:us-east-1:123456789012:b"}}}, true},
  {"ArnNotLike matching", kOperatorsPage, R"({"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/admin-*"}})", {{"aws:PrincipalArn", {"arn:aws:iam::123456789012:role/admin-ops"}}}, false},
  // ---- Null ----
  {"Null true: key absent", kOps + "#Conditions_Null", R"({"Null":{"aws:TokenIssueTime":"true"}})", {}, true},
  {"Null true: key present", kOps + "#Conditions_Null", R"({"Null":{"aws:TokenIssueTime":"true"}})", {{"aws:TokenIssueTime", {"2030-01-01T00:00:00Z"}}}, false},
  {"Null false: key present", kOps + "#Conditions_Null", R"({"Null":{"aws:TokenIssueTime":"false"}})", {{"aws:TokenIssueTime", {"2030-01-01T00:00:00Z"}}}, true},
  {"Null false: key absent", kOps + "#Conditions_Null", R"({"Null":{"aws:TokenIssueTime":"false"}})", {}, false},
  {"Null false: key with an empty set of values", kMultiValuedPage, R"({"Null":{"aws:TagKeys":"false"}})", {{"aws:TagKeys", {}}}, false},
  // ---- ForAllValues / ForAnyValue ----
  {"ForAllValues: every value in the set", kMultiValuedPage, R"({"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}})", {{"aws:TagKeys", {"env", "team"}}}, true},
  {"ForAllValues: one value outside", kMultiValuedPage, R"({"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}})", {{"aws:TagKeys", {"env", "cost"}}}, false},
  {"ForAllValues: absent key holds", kMultiValuedPage, R"({"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}})", {}, true},
  {"ForAllValues: empty set holds", kMultiValuedPage, R"({"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}})", {{"aws:TagKeys", {}}}, true},
  {"ForAllValues:StringLike", kMultiValuedPage, R"({"ForAllValues:StringLike":{"aws:TagKeys":"key1*"}})", {{"aws:TagKeys", {"key1:a", "key1:b"}}}, true},
  {"ForAllValues:StringNotLike: one value matches", kMultiValuedPage, R"({"ForAllValues:StringNotLike":{"aws:TagKeys":"key1*"}})", {{"aws:TagKeys", {"key1:legal"}}}, false},
  {"ForAllValues:StringNotLike: no value matches", kMultiValuedPage, R"({"ForAllValues:StringNotLike":{"aws:TagKeys":"key1*"}})", {{"aws:TagKeys", {"key2:audit"}}}, true},
  {"ForAnyValue: one value in the set", kMultiValuedPage, R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}})", {{"aws:TagKeys", {"cost", "env"}}}, true},
  {"ForAnyValue: none in the set", kMultiValuedPage, R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}})", {{"aws:TagKeys", {"cost"}}}, false},
  {"ForAnyValue: absent key is false", kMultiValuedPage, R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}})", {}, false},
  {"ForAnyValue: empty set is false", kMultiValuedPage, R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}})", {{"aws:TagKeys", {}}}, false},
  {"ForAnyValue with IfExists: absent key is still false", kMultiValuedPage, R"({"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":["team"]}})", {}, false},
  {"ForAnyValue:StringNotEquals: some value outside", kMultiValuedPage, R"({"ForAnyValue:StringNotEquals":{"aws:TagKeys":["env"]}})", {{"aws:TagKeys", {"env", "cost"}}}, true},
  {"ForAnyValue:ArnLike", kMultiValuedPage, R"({"ForAnyValue:ArnLike":{"aws:PrincipalServiceNamesList":"arn:aws:iam::*:role/x"}})", {{"aws:PrincipalServiceNamesList", {"arn:aws:iam::123456789012:role/x"}}}, true},
  {"multivalued key without a set operator does not match", kMultiValuedPage, R"({"StringEquals":{"aws:TagKeys":"env"}})", {{"aws:TagKeys", {"env", "team"}}}, false},
  {"a documented multivalued key with one value still needs a set operator", kMultiValuedPage, R"({"StringEquals":{"aws:TagKeys":"env"}})", {{"aws:TagKeys", {"env"}}}, false},
  {"a documented multivalued key with one value, negated operator", kMultiValuedPage, R"({"StringNotEquals":{"aws:CalledVia":"athena.amazonaws.com"}})", {{"aws:CalledVia", {"glue.amazonaws.com"}}}, false},
  {"a documented multivalued key with one value under ForAnyValue", kMultiValuedPage, R"({"ForAnyValue:StringEquals":{"aws:TagKeys":"env"}})", {{"aws:TagKeys", {"env"}}}, true},
  // Which keys are multivalued comes from the service data (ArrayOf... types): the evaluator
  // once had its own list of five and let a single-valued StringEquals match aws:SourceOrgPaths.
  {"aws:SourceOrgPaths with one value still needs a set operator", kMultiValuedPage, R"({"StringEquals":{"aws:SourceOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"}})", {{"aws:SourceOrgPaths", {"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"}}}, false},
  {"aws:SourceOrgPaths under ForAnyValue", kMultiValuedPage, R"({"ForAnyValue:StringEquals":{"aws:SourceOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"}})", {{"aws:SourceOrgPaths", {"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"}}}, true},
  {"aws:ResourceOrgPaths with one value still needs a set operator", kMultiValuedPage, R"({"StringEquals":{"aws:ResourceOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"}})", {{"aws:ResourceOrgPaths", {"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"}}}, false},
  {"aws:ResourceOrgPaths under ForAnyValue", kMultiValuedPage, R"({"ForAnyValue:StringEquals":{"aws:ResourceOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"}})", {{"aws:ResourceOrgPaths", {"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"}}}, true},
  {"aws:VpceOrgPaths with one value still needs a set operator", kMultiValuedPage, R"({"StringEquals":{"aws:VpceOrgPaths":"o-a1b2c3d4e5/r-ab12/"}})", {{"aws:VpceOrgPaths", {"o-a1b2c3d4e5/r-ab12/"}}}, false},
  {"a service key typed ArrayOfString is multivalued too", kMultiValuedPage, R"({"StringEquals":{"acm:DomainNames":"example.com"}})", {{"acm:DomainNames", {"example.com"}}}, false},
  {"a service key typed String is single-valued", kMultiValuedPage, R"({"StringEquals":{"s3:prefix":"home/"}})", {{"s3:prefix", {"home/"}}}, true},
  {"key names ignore case when looked up in the service data", kMultiValuedPage, R"({"StringEquals":{"AWS:SOURCEORGPATHS":"o-a1b2c3d4e5/"}})", {{"aws:SourceOrgPaths", {"o-a1b2c3d4e5/"}}}, false},
  {"single-valued key under ForAllValues", kMultiValuedPage, R"({"ForAllValues:StringEquals":{"aws:PrincipalTag/team":"red"}})", {{"aws:PrincipalTag/team", {"red"}}}, true},
  // ---- policy variables in condition values ----
  {"${aws:username} in StringEquals", kVariablesPage, R"({"StringEquals":{"s3:prefix":"home/${aws:username}"}})", {{"s3:prefix", {"home/alice"}}, {"aws:username", {"alice"}}}, true},
  {"${aws:username} other user", kVariablesPage, R"({"StringEquals":{"s3:prefix":"home/${aws:username}"}})", {{"s3:prefix", {"home/bob"}}, {"aws:username", {"alice"}}}, false},
  {"${aws:PrincipalTag/x} in StringLike", kVariablesPage, R"({"StringLike":{"s3:prefix":"${aws:PrincipalTag/team}/*"}})", {{"s3:prefix", {"red/doc"}}, {"aws:PrincipalTag/team", {"red"}}}, true},
  {"variable key names ignore case", kVariablesPage, R"({"StringEquals":{"s3:prefix":"${AWS:UserName}"}})", {{"s3:prefix", {"alice"}}, {"aws:username", {"alice"}}}, true},
  {"variable without a value: no match", kVariablesPage, R"({"StringEquals":{"s3:prefix":"home/${aws:username}"}})", {{"s3:prefix", {"home/"}}}, false},
  {"variable without a value under a negated operator: no match", kVariablesPage, R"({"StringNotEquals":{"s3:prefix":"home/${aws:username}"}})", {{"s3:prefix", {"other"}}}, false},
  {"variable default value", kVariablesPage, R"({"StringEquals":{"s3:prefix":"${aws:PrincipalTag/team, 'company-wide'}"}})", {{"s3:prefix", {"company-wide"}}}, true},
  {"variable default unused when the key has a value", kVariablesPage, R"({"StringEquals":{"s3:prefix":"${aws:PrincipalTag/team, 'company-wide'}"}})", {{"s3:prefix", {"company-wide"}}, {"aws:PrincipalTag/team", {"red"}}}, false},
  {"${*} is a literal '*' in StringLike", kVariablesPage, R"({"StringLike":{"s3:prefix":"a${*}"}})", {{"s3:prefix", {"abc"}}}, false},
  {"${*} matches a literal '*'", kVariablesPage, R"({"StringLike":{"s3:prefix":"a${*}"}})", {{"s3:prefix", {"a*"}}}, true},
  {"${?} is a literal '?'", kVariablesPage, R"({"StringLike":{"s3:prefix":"why${?}"}})", {{"s3:prefix", {"why?"}}}, true},
  {"${$} is a literal '$'", kVariablesPage, R"({"StringEquals":{"s3:prefix":"${$}{x}"}})", {{"s3:prefix", {"${x}"}}}, true},
  {"a substituted value is literal, not a wildcard", kVariablesPage, R"({"StringLike":{"s3:prefix":"${aws:PrincipalTag/p}"}})", {{"s3:prefix", {"abc"}}, {"aws:PrincipalTag/p", {"a*"}}}, false},
  {"variable in ArnLike", kVariablesPage, R"({"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:${aws:PrincipalAccount}:*"}})", {{"aws:SourceArn", {"arn:aws:sns:us-east-1:111122223333:t"}}, {"aws:PrincipalAccount", {"111122223333"}}}, true},
  {"multivalued key cannot be a variable", kMultiValuedPage, R"({"StringEquals":{"s3:prefix":"${aws:TagKeys}"}})", {{"s3:prefix", {"a"}}, {"aws:TagKeys", {"a", "b"}}}, false},
  // ---- unknown operator ----
  {"unknown operator never holds", kOperatorsPage, R"({"StringEqual":{"s3:prefix":"a"}})", {{"s3:prefix", {"a"}}}, false},
};
// clang-format on

}  // namespace

TEST_CASE("evaluate: condition case table") {
  for (const ConditionCase& c : kCases) {
    INFO(c.name, " — ", c.doc);
    Run run(request_for("arn:aws:iam::111122223333:user/alice", "s3:GetObject", "arn:aws:s3:::bucket/key",
                        c.context),
            {allow_with_condition(c.condition)});
    CHECK_MESSAGE(run.result.decision == (c.holds ? eval::Decision::Allow : eval::Decision::ImplicitDeny),
                  run.result.statements.front().explanation);
    if (!c.holds) CHECK(run.result.statements.front().reason == eval::MissReason::Condition);
  }
}

TEST_CASE(
    "evaluate: a condition that fails is explained with the key, the request value and the policy value") {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
  Run run(
      request_for("arn:aws:iam::111122223333:role/r", "s3:GetObject", "*", {{"sts:ExternalId", {"wrong"}}}),
      {allow_with_condition(
          R"({"StringEquals":{"sts:ExternalId":"arn:aws:states:us-east-1:111122223333:stateMachine:sm"}})")});
  const eval::StatementTrace& st = run.result.statements.front();
  REQUIRE(st.conditions.size() == 1);
  const eval::ConditionTrace& c = st.conditions.front();
  CHECK_FALSE(c.satisfied);
  CHECK(c.op == "StringEquals");
  CHECK(c.key == "sts:ExternalId");
  REQUIRE(c.request_values != nullptr);
  CHECK(c.request_values->front() == "wrong");
  CHECK(c.explanation ==
        "\"sts:ExternalId\" is \"wrong\", but StringEquals requires it to equal "
        "\"arn:aws:states:us-east-1:111122223333:stateMachine:sm\"");
  CHECK(c.span.pointer == "/Statement/0/Condition/StringEquals/sts:ExternalId");
  CHECK(st.span.pointer == c.span.pointer);
}

TEST_CASE("evaluate: condition traces carry substituted policy values") {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  Run run(request_for("arn:aws:iam::111122223333:user/alice", "s3:GetObject", "*",
                      {{"s3:prefix", {"home/alice"}}, {"aws:username", {"alice"}}}),
          {allow_with_condition(R"({"StringEquals":{"s3:prefix":"home/${aws:username}"}})")});
  REQUIRE(run.result.decision == eval::Decision::Allow);
  CHECK(run.result.statements.front().conditions.front().policy_values ==
        std::vector<std::string>{"home/alice"});
}

}  // namespace iamsmith::test
