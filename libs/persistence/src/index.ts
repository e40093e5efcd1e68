export * from './data-source';
export { MIGRATIONS } from './migrations';
export * from './persistence.module';
export * from './seed';
export * from './case-numbers';
export * from './idempotency-keys';
export * from './sealed-id-numbers';
export * from './like';
export * from './case-documents';
