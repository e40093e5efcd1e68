/**
 * "You have a new message" to a reporter who left an e-mail address (issue 23): one short workflow per message, id
 * `reporter-notice-<messageId>`, started by the API in the transaction that stores the message (a failed start leaves
 * no message; a message whose transaction did not commit is found missing by the activity, which then sends nothing).
 * The activity delivers through the notification outbox (one row per message, claimed before sending), so a retry, a
 * worker restart or a second start never sends twice. Only ids are in this history: no message text, no address.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { NotifyResult, ReporterNoticeActivities } from '@activities/case-activities.interface';
import type { ReporterNoticeInput } from './definitions';

const { notifyReporter } = proxyActivities<ReporterNoticeActivities>({
  startToCloseTimeout: '1 minute',
  // As the case notices: on its last attempt the activity records the mail as failed (for an operator's re-send)
  // and returns instead of throwing.
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 6 },
});

export async function reporterNoticeWorkflow(input: ReporterNoticeInput): Promise<NotifyResult> {
  return notifyReporter(input);
}
