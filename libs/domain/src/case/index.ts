export * from './actions';
export * from './lifecycle';
export * from './reminders';
export * from './periods';
