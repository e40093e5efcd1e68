/**
 * Custom search attributes for finding cases in the Temporal UI and CLI; registered on the dev server at start
 * (scripts/dev-stack.ts, test harness) and upserted by the case workflow.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CasePhase = defineSearchAttributeKey('CasePhase', SearchAttributeType.KEYWORD);
export const HandlingOrg = defineSearchAttributeKey('HandlingOrg', SearchAttributeType.KEYWORD);
export const NextDeadline = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);
export const Overdue = defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL);

export const CASE_SEARCH_ATTRIBUTES = [CasePhase, HandlingOrg, NextDeadline, Overdue];
/** `--search-attribute Name=Type` arguments for `temporal server start-dev`. */
export const DEV_SERVER_SEARCH_ATTRIBUTE_ARGS = ['CasePhase=Keyword', 'HandlingOrg=Keyword', 'NextDeadline=Datetime', 'Overdue=Bool'];
