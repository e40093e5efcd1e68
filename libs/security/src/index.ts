export * from './password';
export * from './hash-chain';
