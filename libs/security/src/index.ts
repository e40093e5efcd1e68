export * from './password';
export * from './hash-chain';
export * from './field-crypto';
export * from './report-key';
