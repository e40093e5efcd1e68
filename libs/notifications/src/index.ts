/**
 * Notifications as a library (issue 19 point 3): the outbox (its only SQL), recipient resolution, the SMTP client and
 * the delivery protocol. The notify activities (activities/notification.activities.ts) and the API's re-send
 * (apps/api/src/notifications) both call it; texts are rendered by libs/domain/src/notifications.
 */
export * from './delivery';
export * as outbox from './outbox';
export { CLAIM_LEASE_MS, NOTIFICATION_STATUSES, type NotificationStatus, type NewOutboxRow } from './outbox';
export * from './recipients';
export { senderAddress, senderDomain } from './smtp';
