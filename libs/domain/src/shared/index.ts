export * from './domain-error';
export * from './org-level';
