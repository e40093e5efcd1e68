/**
 * The notifications outbox: its SQL lives in the data-access module libs/persistence/src/notifications-outbox.ts (the
 * only code that reads or writes the `notifications` table); the delivery protocol (delivery.ts) calls it from here.
 */
export * from '@libs/persistence/src/notifications-outbox';
