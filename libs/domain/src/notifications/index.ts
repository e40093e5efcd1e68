/** Notification templates (issue 7). Pure. */
export * from './templates';
export * from './procedural';
export * from './paper-notice';
export * from './stale-reminder';
export * from './lead-notice';
export * from './reporter-notice';
