export * from './actions';
export * from './lifecycle';
