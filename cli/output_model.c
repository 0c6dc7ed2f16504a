/* The output shapes of klaxon's operations, from the service model: written by
   scripts/gen-output-model from tests/data/service-2.json; do not edit. */
#include "cli/output.h"

// clang-format off
static const struct out_shape s_Action;
static const struct out_shape s_ActionsList;
static const struct out_shape s_Arn;
static const struct out_shape s_AutomationExecution;
static const struct out_shape s_AutomationExecutionSet;
static const struct out_shape s_ChatChannel;
static const struct out_shape s_ChatbotSnsConfigurationSet;
static const struct out_shape s_DedupeString;
static const struct out_shape s_DynamicSsmParameterValue;
static const struct out_shape s_DynamicSsmParameters;
static const struct out_shape s_EmptyChatChannel;
static const struct out_shape s_EngagementSet;
static const struct out_shape s_GetIncidentRecordOutput;
static const struct out_shape s_GetResponsePlanOutput;
static const struct out_shape s_Impact;
static const struct out_shape s_IncidentRecord;
static const struct out_shape s_IncidentRecordSource;
static const struct out_shape s_IncidentRecordStatus;
static const struct out_shape s_IncidentRecordSummary;
static const struct out_shape s_IncidentRecordSummaryList;
static const struct out_shape s_IncidentSource;
static const struct out_shape s_IncidentSummary;
static const struct out_shape s_IncidentTemplate;
static const struct out_shape s_IncidentTitle;
static const struct out_shape s_Integration;
static const struct out_shape s_Integrations;
static const struct out_shape s_ListIncidentRecordsOutput;
static const struct out_shape s_ListResponsePlansOutput;
static const struct out_shape s_NextToken;
static const struct out_shape s_NotificationTargetItem;
static const struct out_shape s_NotificationTargetSet;
static const struct out_shape s_PagerDutyConfiguration;
static const struct out_shape s_PagerDutyConfigurationNameString;
static const struct out_shape s_PagerDutyConfigurationSecretIdString;
static const struct out_shape s_PagerDutyIncidentConfiguration;
static const struct out_shape s_PagerDutyIncidentConfigurationServiceIdString;
static const struct out_shape s_ResponsePlanDisplayName;
static const struct out_shape s_ResponsePlanName;
static const struct out_shape s_ResponsePlanSummary;
static const struct out_shape s_ResponsePlanSummaryList;
static const struct out_shape s_RoleArn;
static const struct out_shape s_ServicePrincipal;
static const struct out_shape s_SnsArn;
static const struct out_shape s_SsmAutomation;
static const struct out_shape s_SsmAutomationDocumentNameString;
static const struct out_shape s_SsmAutomationDocumentVersionString;
static const struct out_shape s_SsmContactsArn;
static const struct out_shape s_SsmParameterValues;
static const struct out_shape s_SsmParameterValuesMemberString;
static const struct out_shape s_SsmParameters;
static const struct out_shape s_SsmTargetAccount;
static const struct out_shape s_StartIncidentOutput;
static const struct out_shape s_TagMap;
static const struct out_shape s_TagValue;
static const struct out_shape s_Timestamp;
static const struct out_shape s_VariableType;

static const struct out_shape s_Arn = {.kind = OUT_SCALAR};
static const struct out_member m_AutomationExecution[] = {
    {"ssmExecutionArn", &s_Arn},
};
static const struct out_shape s_AutomationExecution = {.kind = OUT_STRUCT, .members = m_AutomationExecution, .nmembers = 1};
static const struct out_shape s_AutomationExecutionSet = {.kind = OUT_LIST, .item = &s_AutomationExecution};
static const struct out_shape s_SnsArn = {.kind = OUT_SCALAR};
static const struct out_shape s_ChatbotSnsConfigurationSet = {.kind = OUT_LIST, .item = &s_SnsArn};
static const struct out_shape s_EmptyChatChannel = {.kind = OUT_STRUCT};
static const struct out_member m_ChatChannel[] = {
    {"chatbotSns", &s_ChatbotSnsConfigurationSet},
    {"empty", &s_EmptyChatChannel},
};
static const struct out_shape s_ChatChannel = {.kind = OUT_STRUCT, .members = m_ChatChannel, .nmembers = 2};
static const struct out_shape s_Timestamp = {.kind = OUT_TIMESTAMP};
static const struct out_shape s_DedupeString = {.kind = OUT_SCALAR};
static const struct out_shape s_Impact = {.kind = OUT_SCALAR};
static const struct out_shape s_ServicePrincipal = {.kind = OUT_SCALAR};
static const struct out_shape s_IncidentSource = {.kind = OUT_SCALAR};
static const struct out_member m_IncidentRecordSource[] = {
    {"createdBy", &s_Arn},
    {"invokedBy", &s_ServicePrincipal},
    {"resourceArn", &s_Arn},
    {"source", &s_IncidentSource},
};
static const struct out_shape s_IncidentRecordSource = {.kind = OUT_STRUCT, .members = m_IncidentRecordSource, .nmembers = 4};
static const struct out_member m_NotificationTargetItem[] = {
    {"snsTopicArn", &s_Arn},
};
static const struct out_shape s_NotificationTargetItem = {.kind = OUT_STRUCT, .members = m_NotificationTargetItem, .nmembers = 1};
static const struct out_shape s_NotificationTargetSet = {.kind = OUT_LIST, .item = &s_NotificationTargetItem};
static const struct out_shape s_IncidentRecordStatus = {.kind = OUT_SCALAR};
static const struct out_shape s_IncidentSummary = {.kind = OUT_SCALAR};
static const struct out_shape s_IncidentTitle = {.kind = OUT_SCALAR};
static const struct out_member m_IncidentRecord[] = {
    {"arn", &s_Arn},
    {"automationExecutions", &s_AutomationExecutionSet},
    {"chatChannel", &s_ChatChannel},
    {"creationTime", &s_Timestamp},
    {"dedupeString", &s_DedupeString},
    {"impact", &s_Impact},
    {"incidentRecordSource", &s_IncidentRecordSource},
    {"lastModifiedBy", &s_Arn},
    {"lastModifiedTime", &s_Timestamp},
    {"notificationTargets", &s_NotificationTargetSet},
    {"resolvedTime", &s_Timestamp},
    {"status", &s_IncidentRecordStatus},
    {"summary", &s_IncidentSummary},
    {"title", &s_IncidentTitle},
};
static const struct out_shape s_IncidentRecord = {.kind = OUT_STRUCT, .members = m_IncidentRecord, .nmembers = 14};
static const struct out_member m_GetIncidentRecordOutput[] = {
    {"incidentRecord", &s_IncidentRecord},
};
static const struct out_shape s_GetIncidentRecordOutput = {.kind = OUT_STRUCT, .members = m_GetIncidentRecordOutput, .nmembers = 1};
static const struct out_shape s_SsmAutomationDocumentNameString = {.kind = OUT_SCALAR};
static const struct out_shape s_SsmAutomationDocumentVersionString = {.kind = OUT_SCALAR};
static const struct out_shape s_VariableType = {.kind = OUT_SCALAR};
static const struct out_member m_DynamicSsmParameterValue[] = {
    {"variable", &s_VariableType},
};
static const struct out_shape s_DynamicSsmParameterValue = {.kind = OUT_STRUCT, .members = m_DynamicSsmParameterValue, .nmembers = 1};
static const struct out_shape s_DynamicSsmParameters = {.kind = OUT_MAP, .item = &s_DynamicSsmParameterValue};
static const struct out_shape s_SsmParameterValuesMemberString = {.kind = OUT_SCALAR};
static const struct out_shape s_SsmParameterValues = {.kind = OUT_LIST, .item = &s_SsmParameterValuesMemberString};
static const struct out_shape s_SsmParameters = {.kind = OUT_MAP, .item = &s_SsmParameterValues};
static const struct out_shape s_RoleArn = {.kind = OUT_SCALAR};
static const struct out_shape s_SsmTargetAccount = {.kind = OUT_SCALAR};
static const struct out_member m_SsmAutomation[] = {
    {"documentName", &s_SsmAutomationDocumentNameString},
    {"documentVersion", &s_SsmAutomationDocumentVersionString},
    {"dynamicParameters", &s_DynamicSsmParameters},
    {"parameters", &s_SsmParameters},
    {"roleArn", &s_RoleArn},
    {"targetAccount", &s_SsmTargetAccount},
};
static const struct out_shape s_SsmAutomation = {.kind = OUT_STRUCT, .members = m_SsmAutomation, .nmembers = 6};
static const struct out_member m_Action[] = {
    {"ssmAutomation", &s_SsmAutomation},
};
static const struct out_shape s_Action = {.kind = OUT_STRUCT, .members = m_Action, .nmembers = 1};
static const struct out_shape s_ActionsList = {.kind = OUT_LIST, .item = &s_Action};
static const struct out_shape s_ResponsePlanDisplayName = {.kind = OUT_SCALAR};
static const struct out_shape s_SsmContactsArn = {.kind = OUT_SCALAR};
static const struct out_shape s_EngagementSet = {.kind = OUT_LIST, .item = &s_SsmContactsArn};
static const struct out_shape s_TagValue = {.kind = OUT_SCALAR};
static const struct out_shape s_TagMap = {.kind = OUT_MAP, .item = &s_TagValue};
static const struct out_member m_IncidentTemplate[] = {
    {"dedupeString", &s_DedupeString},
    {"impact", &s_Impact},
    {"incidentTags", &s_TagMap},
    {"notificationTargets", &s_NotificationTargetSet},
    {"summary", &s_IncidentSummary},
    {"title", &s_IncidentTitle},
};
static const struct out_shape s_IncidentTemplate = {.kind = OUT_STRUCT, .members = m_IncidentTemplate, .nmembers = 6};
static const struct out_shape s_PagerDutyConfigurationNameString = {.kind = OUT_SCALAR};
static const struct out_shape s_PagerDutyIncidentConfigurationServiceIdString = {.kind = OUT_SCALAR};
static const struct out_member m_PagerDutyIncidentConfiguration[] = {
    {"serviceId", &s_PagerDutyIncidentConfigurationServiceIdString},
};
static const struct out_shape s_PagerDutyIncidentConfiguration = {.kind = OUT_STRUCT, .members = m_PagerDutyIncidentConfiguration, .nmembers = 1};
static const struct out_shape s_PagerDutyConfigurationSecretIdString = {.kind = OUT_SCALAR};
static const struct out_member m_PagerDutyConfiguration[] = {
    {"name", &s_PagerDutyConfigurationNameString},
    {"pagerDutyIncidentConfiguration", &s_PagerDutyIncidentConfiguration},
    {"secretId", &s_PagerDutyConfigurationSecretIdString},
};
static const struct out_shape s_PagerDutyConfiguration = {.kind = OUT_STRUCT, .members = m_PagerDutyConfiguration, .nmembers = 3};
static const struct out_member m_Integration[] = {
    {"pagerDutyConfiguration", &s_PagerDutyConfiguration},
};
static const struct out_shape s_Integration = {.kind = OUT_STRUCT, .members = m_Integration, .nmembers = 1};
static const struct out_shape s_Integrations = {.kind = OUT_LIST, .item = &s_Integration};
static const struct out_shape s_ResponsePlanName = {.kind = OUT_SCALAR};
static const struct out_member m_GetResponsePlanOutput[] = {
    {"actions", &s_ActionsList},
    {"arn", &s_Arn},
    {"chatChannel", &s_ChatChannel},
    {"displayName", &s_ResponsePlanDisplayName},
    {"engagements", &s_EngagementSet},
    {"incidentTemplate", &s_IncidentTemplate},
    {"integrations", &s_Integrations},
    {"name", &s_ResponsePlanName},
};
static const struct out_shape s_GetResponsePlanOutput = {.kind = OUT_STRUCT, .members = m_GetResponsePlanOutput, .nmembers = 8};
static const struct out_member m_IncidentRecordSummary[] = {
    {"arn", &s_Arn},
    {"creationTime", &s_Timestamp},
    {"impact", &s_Impact},
    {"incidentRecordSource", &s_IncidentRecordSource},
    {"resolvedTime", &s_Timestamp},
    {"status", &s_IncidentRecordStatus},
    {"title", &s_IncidentTitle},
};
static const struct out_shape s_IncidentRecordSummary = {.kind = OUT_STRUCT, .members = m_IncidentRecordSummary, .nmembers = 7};
static const struct out_shape s_IncidentRecordSummaryList = {.kind = OUT_LIST, .item = &s_IncidentRecordSummary};
static const struct out_shape s_NextToken = {.kind = OUT_SCALAR};
static const struct out_member m_ListIncidentRecordsOutput[] = {
    {"incidentRecordSummaries", &s_IncidentRecordSummaryList},
    {"nextToken", &s_NextToken},
};
static const struct out_shape s_ListIncidentRecordsOutput = {.kind = OUT_STRUCT, .members = m_ListIncidentRecordsOutput, .nmembers = 2};
static const struct out_member m_ResponsePlanSummary[] = {
    {"arn", &s_Arn},
    {"displayName", &s_ResponsePlanDisplayName},
    {"name", &s_ResponsePlanName},
};
static const struct out_shape s_ResponsePlanSummary = {.kind = OUT_STRUCT, .members = m_ResponsePlanSummary, .nmembers = 3};
static const struct out_shape s_ResponsePlanSummaryList = {.kind = OUT_LIST, .item = &s_ResponsePlanSummary};
static const struct out_member m_ListResponsePlansOutput[] = {
    {"nextToken", &s_NextToken},
    {"responsePlanSummaries", &s_ResponsePlanSummaryList},
};
static const struct out_shape s_ListResponsePlansOutput = {.kind = OUT_STRUCT, .members = m_ListResponsePlansOutput, .nmembers = 2};
static const struct out_member m_StartIncidentOutput[] = {
    {"incidentRecordArn", &s_Arn},
};
static const struct out_shape s_StartIncidentOutput = {.kind = OUT_STRUCT, .members = m_StartIncidentOutput, .nmembers = 1};

const struct out_operation out_operations[] = {
    {"GetIncidentRecord", &s_GetIncidentRecordOutput},
    {"GetResponsePlan", &s_GetResponsePlanOutput},
    {"ListIncidentRecords", &s_ListIncidentRecordsOutput},
    {"ListResponsePlans", &s_ListResponsePlansOutput},
    {"StartIncident", &s_StartIncidentOutput},
};
const size_t out_noperations = sizeof out_operations / sizeof out_operations[0];
// clang-format on
