/** Annual self-inspection (000 §13). Pure. */
export * from './self-inspection';
