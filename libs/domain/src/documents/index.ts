/** Generated documents (issue 23, point 2): kinds, templates as data, the fields a case gives them, filling. Pure. */
export * from './kinds';
export * from './format';
export * from './data';
export * from './fill';
export * from './templates';
export * from './compose';
export * from './record';
