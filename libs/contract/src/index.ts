export * from './primitives';
export * from './validate';
export * from './case-actions';
export * from './paper-actions';
export * from './decision-form';
export * from './responses';
export * from './reports';
