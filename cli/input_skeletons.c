/* The --generate-cli-skeleton texts, written by scripts/gen-skeletons from the service
   model with the AWS CLI's generators: do not edit by hand. */
#include "cli/input.h"

/* Whole lines of text packed into each line of source. */
/* clang-format off */
const struct cli_skeleton cli_skeletons[] = {
    {"start-incident",
    "{\n    \"clientToken\": \"\",\n    \"impact\": 0,\n    \"relatedItems\": [\n        {\n"
    "            \"generatedId\": \"\",\n            \"identifier\": {\n"
    "                \"type\": \"ANALYSIS\",\n                \"value\": {\n"
    "                    \"arn\": \"\",\n                    \"metricDefinition\": \"\",\n"
    "                    \"pagerDutyIncidentDetail\": {\n"
    "                        \"autoResolve\": true,\n                        \"id\": \"\",\n"
    "                        \"secretId\": \"\"\n                    },\n"
    "                    \"url\": \"\"\n                }\n            },\n"
    "            \"title\": \"\"\n        }\n    ],\n    \"responsePlanArn\": \"\",\n"
    "    \"title\": \"\",\n    \"triggerDetails\": {\n        \"rawData\": \"\",\n"
    "        \"source\": \"\",\n        \"timestamp\": \"1970-01-01T00:00:00\",\n"
    "        \"triggerArn\": \"\"\n    }\n}\n",
    "clientToken: ''  # A token ensuring that the operation is called only once with the specified details.\n"
    "impact: 0 # Defines the impact to the customers.\n"
    "relatedItems: # Add related items to the incident for other responders to use.\n"
    "- generatedId: ''  # A unique ID for a RelatedItem.\n"
    "  identifier: # [REQUIRED] Details about the related item.\n"
    "    type: ANALYSIS  # [REQUIRED] The type of related item. Valid values are: ANALYSIS, INCIDENT, METRIC, PARENT, ATTACHMENT, OTHER, AUTOMATION, INVOLVED_RESOURCE, TASK.\n"
    "    value: # [REQUIRED] Details about the related item.\n"
    "      arn: ''  # The Amazon Resource Name (ARN) of the related item, if the related item is an Amazon resource.\n"
    "      metricDefinition: '' # The metric definition, if the related item is a metric in Amazon CloudWatch.\n"
    "      pagerDutyIncidentDetail: # Details about an incident that is associated with a PagerDuty incident.\n"
    "        autoResolve: true  # Indicates whether to resolve the PagerDuty incident when you resolve the associated Incident Manager incident.\n"
    "        id: '' # [REQUIRED] The ID of the incident associated with the PagerDuty service for the response plan.\n"
    "        secretId: '' # The ID of the Amazon Web Services Secrets Manager secret that stores your PagerDuty key, either a General Access REST API Key or User Token REST API Key, and other user credentials.\n"
    "      url: '' # The URL, if the related item is a non-Amazon Web Services resource.\n"
    "  title: '' # The title of the related item.\n"
    "responsePlanArn: '' # [REQUIRED] The Amazon Resource Name (ARN) of the response plan that pre-defines summary, chat channels, Amazon SNS topics, runbooks, title, and impact of the incident.\n"
    "title: '' # Provide a title for the incident.\n"
    "triggerDetails: # Details of what created the incident record in Incident Manager.\n"
    "  rawData: ''  # Raw data passed from either Amazon EventBridge, Amazon CloudWatch, or Incident Manager when an incident is created.\n"
    "  source: '' # [REQUIRED] Identifies the service that sourced the event.\n"
    "  timestamp: 1970-01-01 00:00:00 # [REQUIRED] The timestamp for when the incident was detected.\n"
    "  triggerArn: '' # The Amazon Resource Name (ARN) of the source that detected the incident.\n",
    "{\n    \"incidentRecordArn\": \"incidentRecordArn\"\n}\n",
    },
    {"list-response-plans",
    "{\n    \"maxResults\": 0,\n    \"nextToken\": \"\"\n}\n",
    "maxResults: 0  # The maximum number of response plans per page.\n"
    "nextToken: '' # The pagination token for the next set of items to return.\n",
    "{\n    \"nextToken\": \"nextToken\",\n    \"responsePlanSummaries\": [\n        {\n"
    "            \"arn\": \"arn\",\n            \"displayName\": \"displayName\",\n"
    "            \"name\": \"name\"\n        }\n    ]\n}\n",
    },
    {"get-response-plan",
    "{\n    \"arn\": \"\"\n}\n",
    "arn: ''  # [REQUIRED] The Amazon Resource Name (ARN) of the response plan.\n",
    "{\n    \"actions\": [\n        {\n            \"ssmAutomation\": {\n"
    "                \"documentName\": \"documentName\",\n"
    "                \"documentVersion\": \"documentVersion\",\n"
    "                \"dynamicParameters\": {\n                    \"KeyName\": {\n"
    "                        \"variable\": \"variable\"\n                    }\n"
    "                },\n                \"parameters\": {\n                    \"KeyName\": [\n"
    "                        \"SsmParameterValuesMemberString\"\n                    ]\n"
    "                },\n                \"roleArn\": \"roleArn\",\n"
    "                \"targetAccount\": \"targetAccount\"\n            }\n        }\n    ],\n"
    "    \"arn\": \"arn\",\n    \"chatChannel\": {\n        \"chatbotSns\": [\n"
    "            \"SnsArn\"\n        ],\n        \"empty\": {}\n    },\n"
    "    \"displayName\": \"displayName\",\n    \"engagements\": [\n        \"SsmContactsArn\"\n"
    "    ],\n    \"incidentTemplate\": {\n        \"dedupeString\": \"dedupeString\",\n"
    "        \"impact\": 0,\n        \"incidentTags\": {\n            \"KeyName\": \"\"\n"
    "        },\n        \"notificationTargets\": [\n            {\n"
    "                \"snsTopicArn\": \"snsTopicArn\"\n            }\n        ],\n"
    "        \"summary\": \"summary\",\n        \"title\": \"title\"\n    },\n"
    "    \"integrations\": [\n        {\n            \"pagerDutyConfiguration\": {\n"
    "                \"name\": \"name\",\n                \"pagerDutyIncidentConfiguration\": {\n"
    "                    \"serviceId\": \"serviceId\"\n                },\n"
    "                \"secretId\": \"secretId\"\n            }\n        }\n    ],\n"
    "    \"name\": \"name\"\n}\n",
    },
    {"get-incident-record",
    "{\n    \"arn\": \"\"\n}\n",
    "arn: ''  # [REQUIRED] The Amazon Resource Name (ARN) of the incident record.\n",
    "{\n    \"incidentRecord\": {\n        \"arn\": \"arn\",\n        \"automationExecutions\": [\n"
    "            {\n                \"ssmExecutionArn\": \"ssmExecutionArn\"\n            }\n"
    "        ],\n        \"chatChannel\": {\n            \"chatbotSns\": [\n"
    "                \"SnsArn\"\n            ],\n            \"empty\": {}\n        },\n"
    "        \"creationTime\": \"1970-01-01T00:00:00\",\n"
    "        \"dedupeString\": \"dedupeString\",\n        \"impact\": 0,\n"
    "        \"incidentRecordSource\": {\n            \"createdBy\": \"createdBy\",\n"
    "            \"invokedBy\": \"invokedBy\",\n            \"resourceArn\": \"resourceArn\",\n"
    "            \"source\": \"source\"\n        },\n"
    "        \"lastModifiedBy\": \"lastModifiedBy\",\n"
    "        \"lastModifiedTime\": \"1970-01-01T00:00:00\",\n        \"notificationTargets\": [\n"
    "            {\n                \"snsTopicArn\": \"snsTopicArn\"\n            }\n        ],\n"
    "        \"resolvedTime\": \"1970-01-01T00:00:00\",\n        \"status\": \"status\",\n"
    "        \"summary\": \"summary\",\n        \"title\": \"title\"\n    }\n}\n",
    },
};
/* clang-format on */

const size_t cli_nskeletons = sizeof cli_skeletons / sizeof cli_skeletons[0];
