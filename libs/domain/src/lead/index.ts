/** Leads before cases (issue 22; 004; 000 §1). Pure: importable from Temporal workflow code. */
export * from './lead';
export * from './reminders';
export * from './retraction-watch';
export * from './matching';
