/** Integrity archives, hand-registered registry entries and public notices (issue 22 points 2, 3, 6). Pure. */
export * from './veto';
export * from './manual-entry';
export * from './notice';
export * from './training';
