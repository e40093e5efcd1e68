/**
 * Jest runs the pure unit layer (libs/, no framework). The workflow and end-to-end layers run under Node's own test
 * runner on the compiled output (test/README.md explains why: NestJS 12 is ESM-only, Jest on Node 20 cannot load it).
 */
module.exports = {
  displayName: 'unit',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/workflows/**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The path aliases of tsconfig.json (@libs/…, @apps/…, @workflows/…): one area imports another by name, not by climbing.
  moduleNameMapper: { '^@(libs|apps|activities|workflows|test|scripts|bench|clients)/(.*)$': '<rootDir>/$1/$2' },
};
