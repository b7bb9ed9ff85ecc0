#pragma once
// Lists of actions that the Service Authorization Reference cannot supply, for W012-W015: which
// combinations escalate privileges, which reads return the data itself, which actions hand out
// credentials. Each is data in this one place, with its source; tests/unit/rules/test_w_risk_rules.cpp
// holds every entry to the catalogue (the action exists, with the access level and resource
// types the rule relies on). Self-contained, so that the test can include it.

#include <array>
#include <string_view>

namespace iamsmith::rules::risk {

// One published privilege-escalation method: the actions it needs together, the service
// principal a passed role goes to (iam:PassRole methods; an iam:PassedToService condition naming
// another service closes the path), and what the holder does with them.
struct EscalationMethod {
  std::array<std::string_view, 3> actions;  // unused slots empty; the first is where it is reported
  std::string_view passed_to;               // "lambda.amazonaws.com", or empty
  std::string_view path;                    // "<actions> let the holder ..." continues with this
  std::string_view source;                  // the method's publication
};

inline constexpr std::string_view kRhino1 =
    "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/";
inline constexpr std::string_view kRhino2 =
    "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation-part-2/";
inline constexpr std::string_view kPathfinding = "https://pathfinding.cloud/";

// Rhino Security Labs' published methods (parts 1 and 2, Spencer Gietzen), plus the CodeBuild
// and Systems Manager paths of Datadog's pathfinding.cloud catalogue that issue 13 names.
inline constexpr std::array<EscalationMethod, 28> kEscalationMethods = {{
    {{"iam:CreatePolicyVersion", "", ""},
     "",
     "write a new version of a customer managed policy attached to itself and make it the default (no "
     "iam:SetDefaultPolicyVersion needed) with any permissions",
     kRhino1},
    {{"iam:SetDefaultPolicyVersion", "", ""},
     "",
     "make an older, broader version of a policy attached to itself the default",
     kRhino1},
    {{"iam:PassRole", "ec2:RunInstances", ""},
     "ec2.amazonaws.com",
     "start an instance with a more privileged role's instance profile and take the role's credentials "
     "from the instance",
     kRhino1},
    {{"iam:CreateAccessKey", "", ""},
     "",
     "create an access key for another user and act as that user",
     kRhino1},
    {{"iam:CreateLoginProfile", "", ""},
     "",
     "give another user a console password and sign in as that user",
     kRhino1},
    {{"iam:UpdateLoginProfile", "", ""},
     "",
     "change another user's console password and sign in as that user",
     kRhino1},
    {{"iam:AttachUserPolicy", "", ""},
     "",
     "attach any managed policy (AdministratorAccess) to itself as a user",
     kRhino1},
    {{"iam:AttachGroupPolicy", "", ""},
     "",
     "attach any managed policy (AdministratorAccess) to a group it belongs to",
     kRhino1},
    {{"iam:AttachRolePolicy", "", ""},
     "",
     "attach any managed policy (AdministratorAccess) to a role it is or can assume",
     kRhino1},
    {{"iam:PutUserPolicy", "", ""},
     "",
     "write an inline policy with any permissions on itself as a user",
     kRhino1},
    {{"iam:PutGroupPolicy", "", ""},
     "",
     "write an inline policy with any permissions on a group it belongs to",
     kRhino1},
    {{"iam:PutRolePolicy", "", ""},
     "",
     "write an inline policy with any permissions on a role it is or can assume",
     kRhino1},
    {{"iam:AddUserToGroup", "", ""}, "", "add itself to a more privileged group", kRhino1},
    {{"iam:UpdateAssumeRolePolicy", "sts:AssumeRole", ""},
     "",
     "make a more privileged role trust it and then assume that role",
     kRhino1},
    {{"iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"},
     "lambda.amazonaws.com",
     "create a function that runs with a more privileged role and invoke it",
     kRhino1},
    {{"iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"},
     "lambda.amazonaws.com",
     "create a function that runs with a more privileged role and have an event source (a DynamoDB stream) "
     "invoke it",
     kRhino1},
    {{"lambda:UpdateFunctionCode", "", ""},
     "",
     "replace the code of an existing function and act with the function's role",
     kRhino1},
    {{"iam:PassRole", "glue:CreateDevEndpoint", ""},
     "glue.amazonaws.com",
     "create a Glue development endpoint with a more privileged role and log in to it",
     kRhino1},
    {{"glue:UpdateDevEndpoint", "", ""},
     "",
     "add its own SSH key to an existing Glue development endpoint and act with the endpoint's role",
     kRhino1},
    {{"iam:PassRole", "cloudformation:CreateStack", ""},
     "cloudformation.amazonaws.com",
     "create a stack that CloudFormation builds with a more privileged role",
     kRhino1},
    {{"iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"},
     "datapipeline.amazonaws.com",
     "define a pipeline whose activities run commands with a more privileged role",
     kRhino1},
    {{"iam:PassRole", "codestar:CreateProject", ""},
     "codestar.amazonaws.com",
     "create a CodeStar project whose stack is built with a more privileged role",
     kRhino2},
    {{"lambda:UpdateFunctionConfiguration", "", ""},
     "",
     "attach a layer that overrides an existing function's libraries and act with the function's role",
     kRhino2},
    {{"iam:PassRole", "sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"},
     "sagemaker.amazonaws.com",
     "create a notebook instance with a more privileged role and open it",
     kRhino2},
    {{"sagemaker:CreatePresignedNotebookInstanceUrl", "", ""},
     "",
     "open an existing notebook instance and act with its role",
     kRhino2},
    {{"iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"},
     "codebuild.amazonaws.com",
     "create a build project with a more privileged service role and run commands in a build",
     kPathfinding},
    {{"ssm:SendCommand", "", ""},
     "",
     "run commands on instances and act with their instance profiles' roles",
     kPathfinding},
    {{"ssm:StartSession", "", ""},
     "",
     "open a shell on instances and act with their instance profiles' roles",
     kPathfinding},
}};

// Reads whose response is the stored data or secret itself, not a description of it. No field
// of the Service Authorization Reference says that (their access level is Read, or Write for
// kms:Decrypt, like thousands of harmless actions): cloudsplaining's data-exfiltration category
// (its glossary names s3:GetObject, ssm:GetParameter*, secretsmanager:GetSecretValue) and the
// reads issue 13 adds (kms:Decrypt, dynamodb:Scan and its siblings that return items).
// https://github.com/salesforce/cloudsplaining/blob/master/docs/glossary/data-exfiltration.md
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html
// https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html
inline constexpr std::array<std::string_view, 12> kDataReads = {
    "dynamodb:BatchGetItem", "dynamodb:GetItem",
    "dynamodb:Query",        "dynamodb:Scan",
    "kms:Decrypt",           "s3:GetObject",
    "s3:GetObjectVersion",   "secretsmanager:GetSecretValue",
    "ssm:GetParameter",      "ssm:GetParameterHistory",
    "ssm:GetParameters",     "ssm:GetParametersByPath",
};

// Actions whose response is a credential: an access key, a password, a token or a database
// login. Parliament's CREDENTIALS_EXPOSURE and cloudsplaining's credentials-exposure category
// (policy_sentry's list) are the reference; each entry's API page says what it returns.
// ecr:GetAuthorizationToken is left out: it accepts only "*" and its token reaches only the
// repositories the principal may already pull from.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceSpecificCredential.html
// https://docs.aws.amazon.com/redshift/latest/APIReference/API_GetClusterCredentials.html
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetPasswordData.html
// https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/API_GetInstanceAccessDetails.html
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html
inline constexpr std::array<std::string_view, 13> kCredentialActions = {
    "codeartifact:GetAuthorizationToken",
    "ec2:GetPasswordData",
    "gamelift:GetInstanceAccess",
    "iam:CreateAccessKey",
    "iam:CreateServiceSpecificCredential",
    "iam:ResetServiceSpecificCredential",
    "lightsail:GetInstanceAccessDetails",
    "lightsail:GetRelationalDatabaseMasterUserPassword",
    "rds-db:connect",
    "redshift:GetClusterCredentials",
    "redshift:GetClusterCredentialsWithIAM",
    "redshift-serverless:GetCredentials",
    "sts:GetFederationToken",
};

// Actions that share a resource with other accounts (or everyone) although the catalogue gives
// them the access level Write rather than Permissions management: AWS RAM's resource shares.
// https://docs.aws.amazon.com/ram/latest/userguide/security-iam-policies.html
inline constexpr std::array<std::string_view, 3> kSharingWriteActions = {
    "ram:AssociateResourceShare",
    "ram:CreateResourceShare",
    "ram:UpdateResourceShare",
};

}  // namespace iamsmith::rules::risk
