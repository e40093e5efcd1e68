export * from './paper';
export * from './import';
