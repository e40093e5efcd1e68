/** Raw-data spot checks (000 §10). Pure. */
export * from './sampling';
export * from './papers';
