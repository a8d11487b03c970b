/**
 * AWS managed policies the stacks may attach, known by content so that attaching one is judged
 * like any inline policy. Contents are written to contain at least what AWS grants (a wider
 * reading can only make the guard report more); a managed policy not listed here is an
 * unresolvable grant, never silently safe.
 */
import type { PolicyStatement } from "../documents/statement";

const all = ["*"];

/**
 * ReadOnlyAccess v178 (2026-02-12; https://docs.aws.amazon.com/aws-managed-policy/latest/reference/ReadOnlyAccess.html,
 * full text from the zoph-io/IAMTrail mirror): its sensitive actions exactly as AWS lists them, and the other services
 * each statement covers (read as `<service>:*`).
 */
const READ_ONLY_GROUP1_SENSITIVE = [
  "bedrock:GetAgent",
  "bedrock:GetAgentActionGroup",
  "bedrock:GetAgentAlias",
  "bedrock:GetAgentCollaborator",
  "bedrock:GetAgentKnowledgeBase",
  "bedrock:GetAgentVersion",
  "bedrock:GetCustomModel",
  "bedrock:GetDataSource",
  "bedrock:GetEvaluationJob",
  "bedrock:GetFlow",
  "bedrock:GetFlowAlias",
  "bedrock:GetFlowVersion",
  "bedrock:GetFoundationModel",
  "bedrock:GetFoundationModelAvailability",
  "bedrock:GetGuardrail",
  "bedrock:GetInferenceProfile",
  "bedrock:GetIngestionJob",
  "bedrock:GetKnowledgeBase",
  "bedrock:GetModelCustomizationJob",
  "bedrock:GetModelInvocationJob",
  "bedrock:GetModelInvocationLoggingConfiguration",
  "bedrock:GetPrompt",
  "bedrock:GetProvisionedModelThroughput",
  "bedrock:GetResourcePolicy",
  "bedrock:GetUseCaseForModelAccess",
  "bedrock:ListAgentActionGroups",
  "bedrock:ListAgentAliases",
  "bedrock:ListAgentCollaborators",
  "bedrock:ListAgentKnowledgeBases",
  "bedrock:ListAgents",
  "bedrock:ListAgentVersions",
  "bedrock:ListCustomModels",
  "bedrock:ListDataSources",
  "bedrock:ListEnforcedGuardrailsConfiguration",
  "bedrock:ListEvaluationJobs",
  "bedrock:ListFlowAliases",
  "bedrock:ListFlows",
  "bedrock:ListFlowVersions",
  "bedrock:ListFoundationModelAgreementOffers",
  "bedrock:ListFoundationModels",
  "bedrock:ListGuardrails",
  "bedrock:ListInferenceProfiles",
  "bedrock:ListIngestionJobs",
  "bedrock:ListKnowledgeBases",
  "bedrock:ListModelCustomizationJobs",
  "bedrock:ListModelInvocationJobs",
  "bedrock:ListPrompts",
  "bedrock:ListProvisionedModelThroughputs",
  "iam:Generate*",
  "iam:Get*",
  "iam:List*",
  "iam:Simulate*",
];
const READ_ONLY_GROUP1_SERVICES =
  `a4b access-analyzer account acm-pca acm action-recommendations aiops airflow amplify aoss apigateway appconfig appfabric appflow
  application-autoscaling application-signals applicationinsights appmesh apprunner appstream appstudio appsync apptest aps arc-region-switch
  arc-zonal-shift artifact athena auditmanager autoscaling-plans autoscaling aws-portal backup-gateway backup batch bedrock-agentcore billing
  billingconductor braket budgets cassandra ce chatbot chime cleanrooms-ml cleanrooms cloud9 clouddirectory cloudformation cloudfront-keyvaluestore
  cloudfront cloudhsm cloudsearch cloudtrail cloudwatch codeartifact codebuild codecatalyst codecommit codedeploy codeguru-profiler codeguru-reviewer
  codepipeline codestar-connections codestar-notifications codestar codewhisperer cognito-identity cognito-idp cognito-sync comprehend
  compute-optimizer config connect consoleapp consolidatedbilling controlcatalog cost-optimization-hub cur customer-verification databrew
  dataexchange datapipeline datasync datazone dax deadline deepcomposer detective devicefarm devops-guru directconnect discovery dlm dms
  docdb-elastic drs ds dsql dynamodb ec2 ec2messages ecr-public ecr ecs eks elasticache elasticbeanstalk elasticfilesystem elasticloadbalancing
  elasticmapreduce elastictranscoder elemental-appliances-software emr-containers emr-serverless es events evidently firehose fis fms forecast
  frauddetector freertos freetier fsx gamelift glacier globalaccelerator glue grafana greengrass groundstation guardduty health healthlake
  identity-sync identitystore-auth identitystore imagebuilder importexport inspector inspector2 internetmonitor invoicing iot iot1click
  iotanalytics iotevents iotfleethub iotfleetwise iotsitewise iotwireless ivs ivschat`.split(
    /\s+/
  );
const READ_ONLY_GROUP2_SENSITIVE = [
  "sts:GetAccessKeyInfo",
  "sts:GetCallerIdentity",
  "sts:GetSessionToken",
];
const READ_ONLY_GROUP2_SERVICES =
  `kafka kafkaconnect kendra kinesis kinesisanalytics kinesisvideo kms lakeformation lambda launchwizard lex license-manager lightsail logs
  lookoutequipment lookoutmetrics lookoutvision m2 machinelearning macie2 managedblockchain mediaconnect mediaconvert medialive mediapackage-vod
  mediapackage mediapackagev2 mediastore memorydb mgh mgn mobileanalytics mobiletargeting monitron mpa mq network-firewall networkflowmonitor
  networkmanager networkmonitor nimble notifications-contacts notifications oam observabilityadmin omics one opsworks-cm opsworks organizations
  osis outposts payment-cryptography payments pca-connector-ad pca-connector-scep pcs personalize pi pipes polly pricing proton purchase-orders
  qbusiness qldb ram rbin rds redshift-serverless redshift refactor-spaces rekognition resiliencehub resource-explorer-2 resource-groups robomaker
  rolesanywhere route53-recovery-cluster route53-recovery-control-config route53-recovery-readiness route53 route53domains route53profiles
  route53resolver rum s3-object-lambda s3-outposts s3 s3vectors s3tables sagemaker savingsplans scheduler schemas sdb secretsmanager securityhub
  securitylake serverlessrepo servicecatalog servicediscovery servicequotas ses shield signer signin sms-voice snowball sns sqs ssm-contacts
  ssm-incidents ssm-quicksetup ssm-sap ssm sso-directory sso states storagegateway support supportplans sustainability swf synthetics tag tax
  timestream tnb transcribe transfer transform-custom translate trustedadvisor user-subscriptions uxc verifiedpermissions vpc-lattice waf-regional
  waf wafv2 wellarchitected workdocs workmail workspaces-web workspaces xray`.split(
    /\s+/
  );

export const AWS_MANAGED_POLICIES: Readonly<
  Record<string, readonly PolicyStatement[]>
> = {
  AWSLambdaBasicExecutionRole: [
    {
      Effect: "Allow",
      Action: [
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
      ],
      Resource: all,
    },
  ],
  AWSLambdaVPCAccessExecutionRole: [
    {
      Effect: "Allow",
      Action: [
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "ec2:CreateNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
      ],
      Resource: all,
    },
  ],
  AWSLambdaENIManagementAccess: [
    {
      Effect: "Allow",
      Action: [
        "ec2:CreateNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
      ],
      Resource: all,
    },
  ],
  AWSXRayDaemonWriteAccess: [
    {
      Effect: "Allow",
      Action: [
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries",
      ],
      Resource: all,
    },
  ],
  CloudWatchLambdaInsightsExecutionRolePolicy: [
    { Effect: "Allow", Action: ["logs:CreateLogGroup"], Resource: all },
    {
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: ["arn:aws:logs:*:*:log-group:/aws/lambda-insights:*"],
    },
  ],
  AmazonECSTaskExecutionRolePolicy: [
    {
      Effect: "Allow",
      Action: [
        "ecr:GetAuthorizationToken",
        "ecr:BatchCheckLayerAvailability",
        "ecr:GetDownloadUrlForLayer",
        "ecr:BatchGetImage",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
      ],
      Resource: all,
    },
  ],
  // Bedrock's own managed policies: the full one is the classic way an app role ends up on the control plane.
  AmazonBedrockFullAccess: [
    { Effect: "Allow", Action: ["bedrock:*"], Resource: all },
    {
      Effect: "Allow",
      Action: [
        "kms:DescribeKey",
        "iam:ListRoles",
        "ec2:DescribeVpcs",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
      ],
      Resource: all,
    },
    {
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: ["arn:aws:iam::*:role/*AmazonBedrock*"],
      Condition: {
        StringEquals: { "iam:PassedToService": ["bedrock.amazonaws.com"] },
      },
    },
  ],
  AmazonBedrockReadOnly: [
    {
      Effect: "Allow",
      Action: ["bedrock:Get*", "bedrock:List*"],
      Resource: all,
    },
  ],
  AWSMarketplaceManageSubscriptions: [
    {
      Effect: "Allow",
      Action: [
        "aws-marketplace:ViewSubscriptions",
        "aws-marketplace:Subscribe",
        "aws-marketplace:Unsubscribe",
        "aws-marketplace:*PrivateMarketplace*",
      ],
      Resource: all,
    },
  ],
  AdministratorAccess: [{ Effect: "Allow", Action: ["*"], Resource: all }],
  PowerUserAccess: [
    {
      Effect: "Allow",
      NotAction: ["iam:*", "organizations:*", "account:*"],
      Resource: all,
    },
    {
      Effect: "Allow",
      Action: [
        "iam:CreateServiceLinkedRole",
        "iam:DeleteServiceLinkedRole",
        "iam:ListRoles",
        "organizations:DescribeOrganization",
        "account:ListRegions",
        "account:GetAccountInformation",
      ],
      Resource: all,
    },
  ],
  // ---- Workload-common AWS managed policies. Sources: AWS Managed Policy Reference Guide
  // (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/<Name>.html) and, for the full text of
  // long documents, mirrors of `iam get-policy-version` (zoph-io/IAMTrail, zoph-io/MAMIP). Entries marked
  // "widened" keep every statement touching bedrock:, aws-marketplace:, iam:, sts: or "*" as AWS writes it
  // and read the rest as `<service>:*` on "*", which can only grant more than AWS does.
  // AWSAppRunnerFullAccess v1 (2022-01-11), exact.
  AWSAppRunnerFullAccess: [
    {
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource:
        "arn:aws:iam::*:role/aws-service-role/apprunner.amazonaws.com/AWSServiceRoleForAppRunner",
      Condition: {
        StringLike: { "iam:AWSServiceName": "apprunner.amazonaws.com" },
      },
    },
    {
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: "*",
      Condition: {
        StringLike: { "iam:PassedToService": "apprunner.amazonaws.com" },
      },
    },
    {
      Sid: "AppRunnerAdminAccess",
      Effect: "Allow",
      Action: "apprunner:*",
      Resource: "*",
    },
  ],
  // AWSAppRunnerReadOnlyAccess v1 (2022-02-24), exact.
  AWSAppRunnerReadOnlyAccess: [
    {
      Effect: "Allow",
      Action: ["apprunner:List*", "apprunner:Describe*"],
      Resource: "*",
    },
  ],
  // AWSAppRunnerServicePolicyForECRAccess (service-role/) v1 (2021-05-14), exact.
  AWSAppRunnerServicePolicyForECRAccess: [
    {
      Effect: "Allow",
      Action: [
        "ecr:GetDownloadUrlForLayer",
        "ecr:BatchGetImage",
        "ecr:DescribeImages",
        "ecr:GetAuthorizationToken",
        "ecr:BatchCheckLayerAvailability",
      ],
      Resource: "*",
    },
  ],
  // AmazonAPIGatewayPushToCloudWatchLogs (service-role/) v1 (2015-11-11), exact.
  AmazonAPIGatewayPushToCloudWatchLogs: [
    {
      Effect: "Allow",
      Action: [
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:DescribeLogGroups",
        "logs:DescribeLogStreams",
        "logs:PutLogEvents",
        "logs:GetLogEvents",
        "logs:FilterLogEvents",
      ],
      Resource: "*",
    },
  ],
  // AWSAppSyncPushToCloudWatchLogs (service-role/) v1 (2018-04-09), exact.
  AWSAppSyncPushToCloudWatchLogs: [
    {
      Effect: "Allow",
      Action: [
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
      ],
      Resource: "*",
    },
  ],
  // AmazonRedshiftDataFullAccess v5 (2023-04-07), exact.
  AmazonRedshiftDataFullAccess: [
    {
      Sid: "DataAPIPermissions",
      Effect: "Allow",
      Action: [
        "redshift-data:BatchExecuteStatement",
        "redshift-data:ExecuteStatement",
        "redshift-data:CancelStatement",
        "redshift-data:ListStatements",
        "redshift-data:GetStatementResult",
        "redshift-data:DescribeStatement",
        "redshift-data:ListDatabases",
        "redshift-data:ListSchemas",
        "redshift-data:ListTables",
        "redshift-data:DescribeTable",
      ],
      Resource: "*",
    },
    {
      Sid: "SecretsManagerPermissions",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue"],
      Resource: "arn:aws:secretsmanager:*:*:secret:*",
      Condition: {
        StringLike: {
          "secretsmanager:ResourceTag/RedshiftDataFullAccess": "*",
        },
      },
    },
    {
      Sid: "GetCredentialsForAPIUser",
      Effect: "Allow",
      Action: "redshift:GetClusterCredentials",
      Resource: [
        "arn:aws:redshift:*:*:dbname:*/*",
        "arn:aws:redshift:*:*:dbuser:*/redshift_data_api_user",
      ],
    },
    {
      Sid: "GetCredentialsWithFederatedIAMCredentials",
      Effect: "Allow",
      Action: "redshift:GetClusterCredentialsWithIAM",
      Resource: "arn:aws:redshift:*:*:dbname:*/*",
    },
    {
      Sid: "GetCredentialsForServerless",
      Effect: "Allow",
      Action: "redshift-serverless:GetCredentials",
      Resource: "arn:aws:redshift-serverless:*:*:workgroup/*",
      Condition: {
        StringLike: { "aws:ResourceTag/RedshiftDataFullAccess": "*" },
      },
    },
    {
      Sid: "DenyCreateAPIUser",
      Effect: "Deny",
      Action: "redshift:CreateClusterUser",
      Resource: ["arn:aws:redshift:*:*:dbuser:*/redshift_data_api_user"],
    },
    {
      Sid: "ServiceLinkedRole",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource:
        "arn:aws:iam::*:role/aws-service-role/redshift-data.amazonaws.com/AWSServiceRoleForRedshift",
      Condition: {
        StringLike: { "iam:AWSServiceName": "redshift-data.amazonaws.com" },
      },
    },
  ],
  // AmazonS3FullAccess v2 (2021-09-27), exact.
  AmazonS3FullAccess: [
    { Effect: "Allow", Action: ["s3:*", "s3-object-lambda:*"], Resource: "*" },
  ],
  // AmazonS3ReadOnlyAccess v3 (2023-08-10), exact.
  AmazonS3ReadOnlyAccess: [
    {
      Effect: "Allow",
      Action: [
        "s3:Get*",
        "s3:List*",
        "s3:Describe*",
        "s3-object-lambda:Get*",
        "s3-object-lambda:List*",
      ],
      Resource: "*",
    },
  ],
  // AmazonDynamoDBFullAccess v15 (2021-01-29), exact.
  AmazonDynamoDBFullAccess: [
    {
      Action: [
        "dynamodb:*",
        "dax:*",
        "application-autoscaling:DeleteScalingPolicy",
        "application-autoscaling:DeregisterScalableTarget",
        "application-autoscaling:DescribeScalableTargets",
        "application-autoscaling:DescribeScalingActivities",
        "application-autoscaling:DescribeScalingPolicies",
        "application-autoscaling:PutScalingPolicy",
        "application-autoscaling:RegisterScalableTarget",
        "cloudwatch:DeleteAlarms",
        "cloudwatch:DescribeAlarmHistory",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:DescribeAlarmsForMetric",
        "cloudwatch:GetMetricStatistics",
        "cloudwatch:ListMetrics",
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:GetMetricData",
        "datapipeline:ActivatePipeline",
        "datapipeline:CreatePipeline",
        "datapipeline:DeletePipeline",
        "datapipeline:DescribeObjects",
        "datapipeline:DescribePipelines",
        "datapipeline:GetPipelineDefinition",
        "datapipeline:ListPipelines",
        "datapipeline:PutPipelineDefinition",
        "datapipeline:QueryObjects",
        "ec2:DescribeVpcs",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "iam:GetRole",
        "iam:ListRoles",
        "kms:DescribeKey",
        "kms:ListAliases",
        "sns:CreateTopic",
        "sns:DeleteTopic",
        "sns:ListSubscriptions",
        "sns:ListSubscriptionsByTopic",
        "sns:ListTopics",
        "sns:Subscribe",
        "sns:Unsubscribe",
        "sns:SetTopicAttributes",
        "lambda:CreateFunction",
        "lambda:ListFunctions",
        "lambda:ListEventSourceMappings",
        "lambda:CreateEventSourceMapping",
        "lambda:DeleteEventSourceMapping",
        "lambda:GetFunctionConfiguration",
        "lambda:DeleteFunction",
        "resource-groups:ListGroups",
        "resource-groups:ListGroupResources",
        "resource-groups:GetGroup",
        "resource-groups:GetGroupQuery",
        "resource-groups:DeleteGroup",
        "resource-groups:CreateGroup",
        "tag:GetResources",
        "kinesis:ListStreams",
        "kinesis:DescribeStream",
        "kinesis:DescribeStreamSummary",
      ],
      Effect: "Allow",
      Resource: "*",
    },
    {
      Action: "cloudwatch:GetInsightRuleReport",
      Effect: "Allow",
      Resource:
        "arn:aws:cloudwatch:*:*:insight-rule/DynamoDBContributorInsights*",
    },
    {
      Action: ["iam:PassRole"],
      Effect: "Allow",
      Resource: "*",
      Condition: {
        StringLike: {
          "iam:PassedToService": [
            "application-autoscaling.amazonaws.com",
            "application-autoscaling.amazonaws.com.cn",
            "dax.amazonaws.com",
          ],
        },
      },
    },
    {
      Effect: "Allow",
      Action: ["iam:CreateServiceLinkedRole"],
      Resource: "*",
      Condition: {
        StringEquals: {
          "iam:AWSServiceName": [
            "replication.dynamodb.amazonaws.com",
            "dax.amazonaws.com",
            "dynamodb.application-autoscaling.amazonaws.com",
            "contributorinsights.dynamodb.amazonaws.com",
            "kinesisreplication.dynamodb.amazonaws.com",
          ],
        },
      },
    },
  ],
  // AmazonDynamoDBReadOnlyAccess v15 (2024-11-18), exact.
  AmazonDynamoDBReadOnlyAccess: [
    {
      Sid: "GeneralReadOnlyAccess",
      Action: [
        "application-autoscaling:DescribeScalableTargets",
        "application-autoscaling:DescribeScalingActivities",
        "application-autoscaling:DescribeScalingPolicies",
        "cloudwatch:DescribeAlarmHistory",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:DescribeAlarmsForMetric",
        "cloudwatch:GetMetricStatistics",
        "cloudwatch:ListMetrics",
        "cloudwatch:GetMetricData",
        "datapipeline:DescribeObjects",
        "datapipeline:DescribePipelines",
        "datapipeline:GetPipelineDefinition",
        "datapipeline:ListPipelines",
        "datapipeline:QueryObjects",
        "dynamodb:BatchGetItem",
        "dynamodb:Describe*",
        "dynamodb:List*",
        "dynamodb:GetAbacStatus",
        "dynamodb:GetItem",
        "dynamodb:GetResourcePolicy",
        "dynamodb:Query",
        "dynamodb:Scan",
        "dynamodb:PartiQLSelect",
        "dax:Describe*",
        "dax:List*",
        "dax:GetItem",
        "dax:BatchGetItem",
        "dax:Query",
        "dax:Scan",
        "ec2:DescribeVpcs",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "iam:GetRole",
        "iam:ListRoles",
        "kms:DescribeKey",
        "kms:ListAliases",
        "sns:ListSubscriptionsByTopic",
        "sns:ListTopics",
        "lambda:ListFunctions",
        "lambda:ListEventSourceMappings",
        "lambda:GetFunctionConfiguration",
        "resource-groups:ListGroups",
        "resource-groups:ListGroupResources",
        "resource-groups:GetGroup",
        "resource-groups:GetGroupQuery",
        "tag:GetResources",
        "kinesis:ListStreams",
        "kinesis:DescribeStream",
        "kinesis:DescribeStreamSummary",
      ],
      Effect: "Allow",
      Resource: "*",
    },
    {
      Sid: "CCIAccess",
      Action: "cloudwatch:GetInsightRuleReport",
      Effect: "Allow",
      Resource:
        "arn:aws:cloudwatch:*:*:insight-rule/DynamoDBContributorInsights*",
    },
  ],
  // CloudWatchLogsFullAccess v3 (2025-05-20), exact.
  CloudWatchLogsFullAccess: [
    {
      Sid: "CloudWatchLogsFullAccess",
      Effect: "Allow",
      Action: [
        "logs:*",
        "cloudwatch:GenerateQuery",
        "cloudwatch:GenerateQueryResultsSummary",
      ],
      Resource: "*",
    },
  ],
  // CloudWatchAgentServerPolicy v3 (2024-02-06), exact.
  CloudWatchAgentServerPolicy: [
    {
      Sid: "CWACloudWatchServerPermissions",
      Effect: "Allow",
      Action: [
        "cloudwatch:PutMetricData",
        "ec2:DescribeVolumes",
        "ec2:DescribeTags",
        "logs:PutLogEvents",
        "logs:PutRetentionPolicy",
        "logs:DescribeLogStreams",
        "logs:DescribeLogGroups",
        "logs:CreateLogStream",
        "logs:CreateLogGroup",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries",
      ],
      Resource: "*",
    },
    {
      Sid: "CWASSMServerPermissions",
      Effect: "Allow",
      Action: ["ssm:GetParameter"],
      Resource: "arn:aws:ssm:*:*:parameter/AmazonCloudWatch-*",
    },
  ],
  // AmazonSSMManagedInstanceCore v2 (2019-05-23), exact.
  AmazonSSMManagedInstanceCore: [
    {
      Effect: "Allow",
      Action: [
        "ssm:DescribeAssociation",
        "ssm:GetDeployablePatchSnapshotForInstance",
        "ssm:GetDocument",
        "ssm:DescribeDocument",
        "ssm:GetManifest",
        "ssm:GetParameter",
        "ssm:GetParameters",
        "ssm:ListAssociations",
        "ssm:ListInstanceAssociations",
        "ssm:PutInventory",
        "ssm:PutComplianceItems",
        "ssm:PutConfigurePackageResult",
        "ssm:UpdateAssociationStatus",
        "ssm:UpdateInstanceAssociationStatus",
        "ssm:UpdateInstanceInformation",
      ],
      Resource: "*",
    },
    {
      Effect: "Allow",
      Action: [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
      ],
      Resource: "*",
    },
    {
      Effect: "Allow",
      Action: [
        "ec2messages:AcknowledgeMessage",
        "ec2messages:DeleteMessage",
        "ec2messages:FailMessage",
        "ec2messages:GetEndpoint",
        "ec2messages:GetMessages",
        "ec2messages:SendReply",
      ],
      Resource: "*",
    },
  ],
  // AmazonEKSWorkerNodePolicy v3 (2023-11-27), exact.
  AmazonEKSWorkerNodePolicy: [
    {
      Sid: "WorkerNodePermissions",
      Effect: "Allow",
      Action: [
        "ec2:DescribeInstances",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeRouteTables",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSubnets",
        "ec2:DescribeVolumes",
        "ec2:DescribeVolumesModifications",
        "ec2:DescribeVpcs",
        "eks:DescribeCluster",
        "eks-auth:AssumeRoleForPodIdentity",
      ],
      Resource: "*",
    },
  ],
  // AmazonEKS_CNI_Policy v5 (2024-03-04), exact.
  AmazonEKS_CNI_Policy: [
    {
      Sid: "AmazonEKSCNIPolicy",
      Effect: "Allow",
      Action: [
        "ec2:AssignPrivateIpAddresses",
        "ec2:AttachNetworkInterface",
        "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface",
        "ec2:DescribeInstances",
        "ec2:DescribeTags",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeSubnets",
        "ec2:DetachNetworkInterface",
        "ec2:ModifyNetworkInterfaceAttribute",
        "ec2:UnassignPrivateIpAddresses",
      ],
      Resource: "*",
    },
    {
      Sid: "AmazonEKSCNIPolicyENITag",
      Effect: "Allow",
      Action: ["ec2:CreateTags"],
      Resource: ["arn:aws:ec2:*:*:network-interface/*"],
    },
  ],
  // AmazonEKSClusterPolicy v9 (2026-02-11), widened: the first statement (autoscaling, ec2, elasticloadbalancing, kms actions) read per service.
  AmazonEKSClusterPolicy: [
    {
      Sid: "AmazonEKSClusterPolicy",
      Effect: "Allow",
      Action: ["autoscaling:*", "ec2:*", "elasticloadbalancing:*", "kms:*"],
      Resource: "*",
    },
    {
      Sid: "AmazonEKSClusterPolicySLRCreate",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: "*",
      Condition: {
        StringEquals: {
          "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com",
        },
      },
    },
    {
      Sid: "AmazonEKSClusterPolicyENIDelete",
      Effect: "Allow",
      Action: "ec2:DeleteNetworkInterface",
      Resource: "*",
      Condition: {
        StringEquals: { "ec2:ResourceTag/eks:eni:owner": "amazon-vpc-cni" },
      },
    },
  ],
  // AmazonEC2ContainerRegistryReadOnly v3 (2019-12-10), exact.
  AmazonEC2ContainerRegistryReadOnly: [
    {
      Effect: "Allow",
      Action: [
        "ecr:GetAuthorizationToken",
        "ecr:BatchCheckLayerAvailability",
        "ecr:GetDownloadUrlForLayer",
        "ecr:GetRepositoryPolicy",
        "ecr:DescribeRepositories",
        "ecr:ListImages",
        "ecr:DescribeImages",
        "ecr:BatchGetImage",
        "ecr:GetLifecyclePolicy",
        "ecr:GetLifecyclePolicyPreview",
        "ecr:ListTagsForResource",
        "ecr:DescribeImageScanFindings",
      ],
      Resource: "*",
    },
  ],
  // AmazonEC2ContainerServiceforEC2Role (service-role/) v10 (2026-02-12), exact.
  AmazonEC2ContainerServiceforEC2Role: [
    {
      Effect: "Allow",
      Action: [
        "ec2:DescribeTags",
        "ecs:CreateCluster",
        "ecs:DeregisterContainerInstance",
        "ecs:DiscoverPollEndpoint",
        "ecs:Poll",
        "ecs:RegisterContainerInstance",
        "ecs:StartTelemetrySession",
        "ecs:UpdateContainerInstancesState",
        "ecs:Submit*",
        "ecr:GetAuthorizationToken",
        "ecr:BatchCheckLayerAvailability",
        "ecr:GetDownloadUrlForLayer",
        "ecr:BatchGetImage",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
      ],
      Resource: "*",
    },
    {
      Effect: "Allow",
      Action: "ecs:TagResource",
      Resource: "*",
      Condition: {
        StringEquals: {
          "ecs:CreateAction": ["CreateCluster", "RegisterContainerInstance"],
        },
      },
    },
    {
      Effect: "Allow",
      Action: ["ecs:ListTagsForResource"],
      Resource: [
        "arn:aws:ecs:*:*:task/*/*",
        "arn:aws:ecs:*:*:container-instance/*/*",
      ],
    },
  ],
  // AmazonEC2ContainerServiceEventsRole (service-role/) v3 (2023-03-06), exact.
  AmazonEC2ContainerServiceEventsRole: [
    { Effect: "Allow", Action: ["ecs:RunTask"], Resource: ["*"] },
    {
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: ["*"],
      Condition: {
        StringLike: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
      },
    },
    {
      Effect: "Allow",
      Action: "ecs:TagResource",
      Resource: "*",
      Condition: { StringEquals: { "ecs:CreateAction": ["RunTask"] } },
    },
  ],
  // AmazonEC2ContainerServiceAutoscaleRole (service-role/) v2 (2018-02-05), exact.
  AmazonEC2ContainerServiceAutoscaleRole: [
    {
      Effect: "Allow",
      Action: ["ecs:DescribeServices", "ecs:UpdateService"],
      Resource: ["*"],
    },
    {
      Effect: "Allow",
      Action: ["cloudwatch:DescribeAlarms", "cloudwatch:PutMetricAlarm"],
      Resource: ["*"],
    },
  ],
  // AmazonEC2ContainerServiceRole (service-role/) v2 (2016-08-11), exact.
  AmazonEC2ContainerServiceRole: [
    {
      Effect: "Allow",
      Action: [
        "ec2:AuthorizeSecurityGroupIngress",
        "ec2:Describe*",
        "elasticloadbalancing:DeregisterInstancesFromLoadBalancer",
        "elasticloadbalancing:DeregisterTargets",
        "elasticloadbalancing:Describe*",
        "elasticloadbalancing:RegisterInstancesWithLoadBalancer",
        "elasticloadbalancing:RegisterTargets",
      ],
      Resource: "*",
    },
  ],
  // AmazonSQSFullAccess v1 (2015-02-06), exact.
  AmazonSQSFullAccess: [{ Action: ["sqs:*"], Effect: "Allow", Resource: "*" }],
  // AmazonSNSFullAccess v1 (2015-02-06), exact.
  AmazonSNSFullAccess: [{ Action: ["sns:*"], Effect: "Allow", Resource: "*" }],
  // SecretsManagerReadWrite v6 (mirror dated 2026-08-25), exact.
  SecretsManagerReadWrite: [
    {
      Sid: "BasePermissions",
      Effect: "Allow",
      Action: [
        "secretsmanager:*",
        "cloudformation:CreateChangeSet",
        "cloudformation:DescribeChangeSet",
        "cloudformation:DescribeStackResource",
        "cloudformation:DescribeStacks",
        "cloudformation:ExecuteChangeSet",
        "docdb-elastic:GetCluster",
        "docdb-elastic:ListClusters",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSubnets",
        "ec2:DescribeVpcs",
        "kms:DescribeKey",
        "kms:ListAliases",
        "kms:ListKeys",
        "lambda:ListFunctions",
        "rds:DescribeDBClusters",
        "rds:DescribeDBInstances",
        "redshift:DescribeClusters",
        "redshift-serverless:ListWorkgroups",
        "redshift-serverless:GetNamespace",
        "tag:GetResources",
      ],
      Resource: "*",
    },
    {
      Sid: "LambdaPermissions",
      Effect: "Allow",
      Action: [
        "lambda:AddPermission",
        "lambda:CreateFunction",
        "lambda:GetFunction",
        "lambda:InvokeFunction",
        "lambda:UpdateFunctionConfiguration",
      ],
      Resource: "arn:aws:lambda:*:*:function:SecretsManager*",
    },
    {
      Sid: "SARPermissions",
      Effect: "Allow",
      Action: [
        "serverlessrepo:CreateCloudFormationChangeSet",
        "serverlessrepo:GetApplication",
      ],
      Resource: "arn:aws:serverlessrepo:*:*:applications/SecretsManager*",
    },
    {
      Sid: "S3Permissions",
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: [
        "arn:aws:s3:::awsserverlessrepo-changesets*",
        "arn:aws:s3:::secrets-manager-rotation-apps-*/*",
      ],
    },
    {
      Sid: "CloudFormationTagOnCreate",
      Effect: "Allow",
      Action: ["cloudformation:TagResource", "cloudformation:UntagResource"],
      Resource: "*",
      Condition: {
        StringEquals: {
          "cloudformation:CreateAction": [
            "CreateChangeSet",
            "ExecuteChangeSet",
          ],
        },
      },
    },
  ],
  // AWSLambda_FullAccess v5 (2026-02-11), exact: iam:PassRole to lambda.amazonaws.com.
  AWSLambda_FullAccess: [
    {
      Action: [
        "cloudformation:DescribeStacks",
        "cloudformation:ListStackResources",
        "cloudwatch:ListMetrics",
        "cloudwatch:GetMetricData",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSubnets",
        "ec2:DescribeVpcs",
        "kms:DescribeKey",
        "kms:ListAliases",
        "iam:GetPolicy",
        "iam:GetPolicyVersion",
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:ListAttachedRolePolicies",
        "iam:ListRolePolicies",
        "iam:ListRoles",
        "lambda:*",
        "logs:DescribeLogGroups",
        "states:DescribeStateMachine",
        "states:ListStateMachines",
        "tag:GetResources",
        "xray:GetTraceSummaries",
        "xray:BatchGetTraces",
      ],
      Resource: "*",
      Effect: "Allow",
    },
    {
      Action: "iam:PassRole",
      Resource: "*",
      Effect: "Allow",
      Condition: {
        StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" },
      },
    },
    {
      Action: [
        "logs:DescribeLogStreams",
        "logs:GetLogEvents",
        "logs:FilterLogEvents",
        "logs:StartLiveTail",
        "logs:StopLiveTail",
      ],
      Resource: "arn:aws:logs:*:*:log-group:/aws/lambda/*",
      Effect: "Allow",
    },
    {
      Action: "iam:CreateServiceLinkedRole",
      Resource:
        "arn:aws:iam::*:role/aws-service-role/lambda.amazonaws.com/AWSServiceRoleForLambda",
      Effect: "Allow",
      Condition: {
        StringEquals: { "iam:AWSServiceName": "lambda.amazonaws.com" },
      },
    },
  ],
  // AWSLambdaRole (service-role/) v1 (2015-02-06), exact.
  AWSLambdaRole: [
    { Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: ["*"] },
  ],
  // AWSLambdaSQSQueueExecutionRole (service-role/) v1 (2018-06-14), exact.
  AWSLambdaSQSQueueExecutionRole: [
    {
      Effect: "Allow",
      Action: [
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
      ],
      Resource: "*",
    },
  ],
  // AWSLambdaDynamoDBExecutionRole (service-role/) v1 (2015-04-09), exact.
  AWSLambdaDynamoDBExecutionRole: [
    {
      Effect: "Allow",
      Action: [
        "dynamodb:DescribeStream",
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
        "dynamodb:ListStreams",
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
      ],
      Resource: "*",
    },
  ],
  // AWSLambdaKinesisExecutionRole (service-role/) v2 (2018-11-19), exact.
  AWSLambdaKinesisExecutionRole: [
    {
      Effect: "Allow",
      Action: [
        "kinesis:DescribeStream",
        "kinesis:DescribeStreamSummary",
        "kinesis:GetRecords",
        "kinesis:GetShardIterator",
        "kinesis:ListShards",
        "kinesis:ListStreams",
        "kinesis:SubscribeToShard",
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
      ],
      Resource: "*",
    },
  ],
  // AWSStepFunctionsFullAccess v1 (2017-01-11), exact.
  AWSStepFunctionsFullAccess: [
    { Effect: "Allow", Action: "states:*", Resource: "*" },
  ],
  // AWSXrayWriteOnlyAccess v2 (2018-08-28), exact.
  AWSXrayWriteOnlyAccess: [
    {
      Effect: "Allow",
      Action: [
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries",
      ],
      Resource: ["*"],
    },
  ],
  // AmazonTextractFullAccess v1 (2018-11-28), exact.
  AmazonTextractFullAccess: [
    { Effect: "Allow", Action: ["textract:*"], Resource: "*" },
  ],
  // ComprehendFullAccess v2 (2017-12-05), exact.
  ComprehendFullAccess: [
    {
      Action: [
        "comprehend:*",
        "s3:ListAllMyBuckets",
        "s3:ListBucket",
        "s3:GetBucketLocation",
        "iam:ListRoles",
        "iam:GetRole",
      ],
      Effect: "Allow",
      Resource: "*",
    },
  ],
  // AmazonOpenSearchServiceFullAccess v1 (2021-09-08), exact.
  AmazonOpenSearchServiceFullAccess: [
    { Effect: "Allow", Action: ["es:*"], Resource: "*" },
  ],
  // AmazonOpenSearchServiceReadOnlyAccess v1 (2021-09-08), exact.
  AmazonOpenSearchServiceReadOnlyAccess: [
    {
      Effect: "Allow",
      Action: ["es:Describe*", "es:List*", "es:Get*"],
      Resource: "*",
    },
  ],
  // AmazonKinesisFullAccess v1 (2015-02-06), exact.
  AmazonKinesisFullAccess: [
    { Effect: "Allow", Action: "kinesis:*", Resource: "*" },
  ],
  // AmazonAthenaFullAccess v15 (2026-02-12), exact.
  AmazonAthenaFullAccess: [
    {
      Sid: "BaseAthenaPermissions",
      Effect: "Allow",
      Action: ["athena:*"],
      Resource: ["*"],
    },
    {
      Sid: "BaseGluePermissions",
      Effect: "Allow",
      Action: [
        "glue:CreateDatabase",
        "glue:DeleteDatabase",
        "glue:GetCatalog",
        "glue:GetCatalogs",
        "glue:GetDatabase",
        "glue:GetDatabases",
        "glue:UpdateDatabase",
        "glue:CreateTable",
        "glue:DeleteTable",
        "glue:BatchDeleteTable",
        "glue:UpdateTable",
        "glue:GetTable",
        "glue:GetTables",
        "glue:BatchCreatePartition",
        "glue:CreatePartition",
        "glue:DeletePartition",
        "glue:BatchDeletePartition",
        "glue:UpdatePartition",
        "glue:GetPartition",
        "glue:GetPartitions",
        "glue:BatchGetPartition",
        "glue:StartColumnStatisticsTaskRun",
        "glue:GetColumnStatisticsTaskRun",
        "glue:GetColumnStatisticsTaskRuns",
        "glue:GetCatalogImportStatus",
      ],
      Resource: ["*"],
    },
    {
      Sid: "BaseQueryResultsPermissions",
      Effect: "Allow",
      Action: [
        "s3:GetBucketLocation",
        "s3:GetObject",
        "s3:ListBucket",
        "s3:ListBucketMultipartUploads",
        "s3:ListMultipartUploadParts",
        "s3:AbortMultipartUpload",
        "s3:CreateBucket",
        "s3:PutObject",
        "s3:PutBucketPublicAccessBlock",
      ],
      Resource: ["arn:aws:s3:::aws-athena-query-results-*"],
    },
    {
      Sid: "BaseAthenaExamplesPermissions",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:ListBucket"],
      Resource: ["arn:aws:s3:::athena-examples*"],
    },
    {
      Sid: "BaseS3BucketPermissions",
      Effect: "Allow",
      Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListAllMyBuckets"],
      Resource: ["*"],
    },
    {
      Sid: "BaseSNSPermissions",
      Effect: "Allow",
      Action: ["sns:ListTopics", "sns:GetTopicAttributes"],
      Resource: ["*"],
    },
    {
      Sid: "BaseCloudWatchPermissions",
      Effect: "Allow",
      Action: [
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:DeleteAlarms",
        "cloudwatch:GetMetricData",
      ],
      Resource: ["*"],
    },
    {
      Sid: "BaseLakeFormationPermissions",
      Effect: "Allow",
      Action: ["lakeformation:GetDataAccess"],
      Resource: ["*"],
    },
    {
      Sid: "BaseDataZonePermissions",
      Effect: "Allow",
      Action: [
        "datazone:ListDomains",
        "datazone:ListProjects",
        "datazone:ListAccountEnvironments",
      ],
      Resource: ["*"],
    },
    {
      Sid: "BasePricingPermissions",
      Effect: "Allow",
      Action: ["pricing:GetProducts"],
      Resource: ["*"],
    },
  ],
  // AmazonSageMakerFullAccess v29 (2026-02-12), widened: statements without iam:/aws-marketplace: read per service on "*";
  // AllowAWSServiceActions keeps its iam: and aws-marketplace: actions as written; the iam: statements are exact.
  AmazonSageMakerFullAccess: [
    {
      Sid: "WidenedNonSensitiveActions",
      Effect: "Allow",
      Action: [
        "sagemaker:*",
        "sagemaker-geospatial:*",
        "application-autoscaling:*",
        "athena:*",
        "cloudformation:*",
        "cloudwatch:*",
        "codebuild:*",
        "codecommit:*",
        "cognito-idp:*",
        "ec2:*",
        "ecr:*",
        "elastic-inference:*",
        "elasticfilesystem:*",
        "fsx:*",
        "glue:*",
        "groundtruthlabeling:*",
        "kms:*",
        "lambda:*",
        "logs:*",
        "redshift:*",
        "redshift-data:*",
        "robomaker:*",
        "s3:*",
        "s3express:*",
        "secretsmanager:*",
        "servicecatalog:*",
        "sns:*",
        "states:*",
        "tag:*",
      ],
      Resource: "*",
    },
    {
      Sid: "AllowAWSServiceActions",
      Effect: "Allow",
      Action: ["aws-marketplace:ViewSubscriptions", "iam:ListRoles"],
      Resource: "*",
    },
    {
      Sid: "AllowCreateServiceLinkedRoleForSageMakerApplicationAutoscaling",
      Action: "iam:CreateServiceLinkedRole",
      Effect: "Allow",
      Resource:
        "arn:aws:iam::*:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint",
      Condition: {
        StringLike: {
          "iam:AWSServiceName":
            "sagemaker.application-autoscaling.amazonaws.com",
        },
      },
    },
    {
      Sid: "AllowCreateServiceLinkedRoleForRobomaker",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: "*",
      Condition: {
        StringEquals: { "iam:AWSServiceName": "robomaker.amazonaws.com" },
      },
    },
    {
      Sid: "AllowPassRoleForSageMakerRoles",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: "arn:aws:iam::*:role/*AmazonSageMaker*",
      Condition: {
        StringEquals: {
          "iam:PassedToService": [
            "glue.amazonaws.com",
            "robomaker.amazonaws.com",
            "states.amazonaws.com",
          ],
        },
      },
    },
    {
      Sid: "AllowPassRoleToSageMaker",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: "arn:aws:iam::*:role/*",
      Condition: {
        StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" },
      },
    },
  ],
  // IAMReadOnlyAccess v4 (2018-01-25), exact.
  IAMReadOnlyAccess: [
    {
      Effect: "Allow",
      Action: [
        "iam:GenerateCredentialReport",
        "iam:GenerateServiceLastAccessedDetails",
        "iam:Get*",
        "iam:List*",
        "iam:SimulateCustomPolicy",
        "iam:SimulatePrincipalPolicy",
      ],
      Resource: "*",
    },
  ],
  // ReadOnlyAccess v178 (2026-02-12), widened: its two statements (Resource "*", no condition) keep their bedrock:, iam: and
  // sts: actions as written and read every other service they list as `<service>:*`. It lists no aws-marketplace: action.
  ReadOnlyAccess: [
    {
      Sid: "ReadOnlyActionsGroup1",
      Effect: "Allow",
      Action: [
        ...READ_ONLY_GROUP1_SENSITIVE,
        ...READ_ONLY_GROUP1_SERVICES.map((service) => `${service}:*`),
      ],
      Resource: "*",
    },
    {
      Sid: "ReadOnlyActionsGroup2",
      Effect: "Allow",
      Action: [
        ...READ_ONLY_GROUP2_SENSITIVE,
        ...READ_ONLY_GROUP2_SERVICES.map((service) => `${service}:*`),
      ],
      Resource: "*",
    },
  ],
};

const AWS_MANAGED_ARN = /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/;

/** The name of an AWS managed policy from its ARN (the partition may be an expression), or undefined. */
export function awsManagedPolicyName(arn: string): string | undefined {
  return AWS_MANAGED_ARN.exec(arn)?.[1];
}

/** The statements of a known AWS managed policy, or undefined when the table does not know it. */
export function awsManagedPolicy(
  arn: string
): readonly PolicyStatement[] | undefined {
  const name = awsManagedPolicyName(arn);
  return name === undefined ? undefined : AWS_MANAGED_POLICIES[name];
}
