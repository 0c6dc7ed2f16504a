/* The output shapes of klaxon's operations, from the service model: written by
   scripts/gen-output-model from tests/data/service-2.json; do not edit. */
#include "cli/output.h"

// clang-format off
/* Every scalar, timestamp, list or map of scalars prints alike, whatever its name. */
static const struct out_shape s_scalar = {.kind = OUT_SCALAR};
static const struct out_shape s_timestamp = {.kind = OUT_TIMESTAMP};
static const struct out_shape s_scalar_list = {.kind = OUT_LIST, .item = &s_scalar};
static const struct out_shape s_scalar_map = {.kind = OUT_MAP, .item = &s_scalar};
static const struct out_member m_AutomationExecution[] = {{"ssmExecutionArn", &s_scalar}};
static const struct out_shape s_AutomationExecution = {.kind = OUT_STRUCT, .members = m_AutomationExecution, .nmembers = 1};
static const struct out_shape s_AutomationExecutionSet = {.kind = OUT_LIST, .item = &s_AutomationExecution};
static const struct out_shape s_EmptyChatChannel = {.kind = OUT_STRUCT};
static const struct out_member m_ChatChannel[] = {{"chatbotSns", &s_scalar_list}, {"empty", &s_EmptyChatChannel}};
static const struct out_shape s_ChatChannel = {.kind = OUT_STRUCT, .members = m_ChatChannel, .nmembers = 2};
static const struct out_member m_IncidentRecordSource[] = {{"createdBy", &s_scalar}, {"invokedBy", &s_scalar}, {"resourceArn", &s_scalar}, {"source", &s_scalar}};
static const struct out_shape s_IncidentRecordSource = {.kind = OUT_STRUCT, .members = m_IncidentRecordSource, .nmembers = 4};
static const struct out_member m_NotificationTargetItem[] = {{"snsTopicArn", &s_scalar}};
static const struct out_shape s_NotificationTargetItem = {.kind = OUT_STRUCT, .members = m_NotificationTargetItem, .nmembers = 1};
static const struct out_shape s_NotificationTargetSet = {.kind = OUT_LIST, .item = &s_NotificationTargetItem};
static const struct out_member m_IncidentRecord[] = {{"arn", &s_scalar}, {"automationExecutions", &s_AutomationExecutionSet}, {"chatChannel", &s_ChatChannel}, {"creationTime", &s_timestamp}, {"dedupeString", &s_scalar}, {"impact", &s_scalar}, {"incidentRecordSource", &s_IncidentRecordSource}, {"lastModifiedBy", &s_scalar}, {"lastModifiedTime", &s_timestamp}, {"notificationTargets", &s_NotificationTargetSet}, {"resolvedTime", &s_timestamp}, {"status", &s_scalar}, {"summary", &s_scalar}, {"title", &s_scalar}};
static const struct out_shape s_IncidentRecord = {.kind = OUT_STRUCT, .members = m_IncidentRecord, .nmembers = 14};
static const struct out_member m_GetIncidentRecordOutput[] = {{"incidentRecord", &s_IncidentRecord}};
static const struct out_shape s_GetIncidentRecordOutput = {.kind = OUT_STRUCT, .members = m_GetIncidentRecordOutput, .nmembers = 1};
static const struct out_member m_DynamicSsmParameterValue[] = {{"variable", &s_scalar}};
static const struct out_shape s_DynamicSsmParameterValue = {.kind = OUT_STRUCT, .members = m_DynamicSsmParameterValue, .nmembers = 1};
static const struct out_shape s_DynamicSsmParameters = {.kind = OUT_MAP, .item = &s_DynamicSsmParameterValue};
static const struct out_shape s_SsmParameters = {.kind = OUT_MAP, .item = &s_scalar_list};
static const struct out_member m_SsmAutomation[] = {{"documentName", &s_scalar}, {"documentVersion", &s_scalar}, {"dynamicParameters", &s_DynamicSsmParameters}, {"parameters", &s_SsmParameters}, {"roleArn", &s_scalar}, {"targetAccount", &s_scalar}};
static const struct out_shape s_SsmAutomation = {.kind = OUT_STRUCT, .members = m_SsmAutomation, .nmembers = 6};
static const struct out_member m_Action[] = {{"ssmAutomation", &s_SsmAutomation}};
static const struct out_shape s_Action = {.kind = OUT_STRUCT, .members = m_Action, .nmembers = 1};
static const struct out_shape s_ActionsList = {.kind = OUT_LIST, .item = &s_Action};
static const struct out_member m_IncidentTemplate[] = {{"dedupeString", &s_scalar}, {"impact", &s_scalar}, {"incidentTags", &s_scalar_map}, {"notificationTargets", &s_NotificationTargetSet}, {"summary", &s_scalar}, {"title", &s_scalar}};
static const struct out_shape s_IncidentTemplate = {.kind = OUT_STRUCT, .members = m_IncidentTemplate, .nmembers = 6};
static const struct out_member m_PagerDutyIncidentConfiguration[] = {{"serviceId", &s_scalar}};
static const struct out_shape s_PagerDutyIncidentConfiguration = {.kind = OUT_STRUCT, .members = m_PagerDutyIncidentConfiguration, .nmembers = 1};
static const struct out_member m_PagerDutyConfiguration[] = {{"name", &s_scalar}, {"pagerDutyIncidentConfiguration", &s_PagerDutyIncidentConfiguration}, {"secretId", &s_scalar}};
static const struct out_shape s_PagerDutyConfiguration = {.kind = OUT_STRUCT, .members = m_PagerDutyConfiguration, .nmembers = 3};
static const struct out_member m_Integration[] = {{"pagerDutyConfiguration", &s_PagerDutyConfiguration}};
static const struct out_shape s_Integration = {.kind = OUT_STRUCT, .members = m_Integration, .nmembers = 1};
static const struct out_shape s_Integrations = {.kind = OUT_LIST, .item = &s_Integration};
static const struct out_member m_GetResponsePlanOutput[] = {{"actions", &s_ActionsList}, {"arn", &s_scalar}, {"chatChannel", &s_ChatChannel}, {"displayName", &s_scalar}, {"engagements", &s_scalar_list}, {"incidentTemplate", &s_IncidentTemplate}, {"integrations", &s_Integrations}, {"name", &s_scalar}};
static const struct out_shape s_GetResponsePlanOutput = {.kind = OUT_STRUCT, .members = m_GetResponsePlanOutput, .nmembers = 8};
static const struct out_member m_IncidentRecordSummary[] = {{"arn", &s_scalar}, {"creationTime", &s_timestamp}, {"impact", &s_scalar}, {"incidentRecordSource", &s_IncidentRecordSource}, {"resolvedTime", &s_timestamp}, {"status", &s_scalar}, {"title", &s_scalar}};
static const struct out_shape s_IncidentRecordSummary = {.kind = OUT_STRUCT, .members = m_IncidentRecordSummary, .nmembers = 7};
static const struct out_shape s_IncidentRecordSummaryList = {.kind = OUT_LIST, .item = &s_IncidentRecordSummary};
static const struct out_member m_ListIncidentRecordsOutput[] = {{"incidentRecordSummaries", &s_IncidentRecordSummaryList}, {"nextToken", &s_scalar}};
static const struct out_shape s_ListIncidentRecordsOutput = {.kind = OUT_STRUCT, .members = m_ListIncidentRecordsOutput, .nmembers = 2};
static const struct out_member m_ResponsePlanSummary[] = {{"arn", &s_scalar}, {"displayName", &s_scalar}, {"name", &s_scalar}};
static const struct out_shape s_ResponsePlanSummary = {.kind = OUT_STRUCT, .members = m_ResponsePlanSummary, .nmembers = 3};
static const struct out_shape s_ResponsePlanSummaryList = {.kind = OUT_LIST, .item = &s_ResponsePlanSummary};
static const struct out_member m_ListResponsePlansOutput[] = {{"nextToken", &s_scalar}, {"responsePlanSummaries", &s_ResponsePlanSummaryList}};
static const struct out_shape s_ListResponsePlansOutput = {.kind = OUT_STRUCT, .members = m_ListResponsePlansOutput, .nmembers = 2};
static const struct out_member m_StartIncidentOutput[] = {{"incidentRecordArn", &s_scalar}};
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
