// Lint: type-aware floating-promise checks everywhere; workflow code may import only deterministic modules.
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'stream', 'util', 'events', 'url', 'worker_threads', 'timers', 'zlib', 'dns', 'tls', 'process'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', '.data/**', 'coverage/**', '*.js', '*.mjs'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // Workflows are replayed: no I/O, no framework, no ORM; activities are imported as types only.
    files: ['workflows/**/*.ts', 'libs/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.map((name) => ({ name, message: 'Node built-ins are not deterministic: not in workflow or domain code.' })),
          patterns: [
            { group: ['node:*'], message: 'Node built-ins are not deterministic: not in workflow or domain code.' },
            { group: ['@nestjs/*'], message: 'No framework code in workflows or the domain.' },
            { group: ['typeorm', 'typeorm/*', 'pg'], message: 'No database access in workflows or the domain.' },
            { group: ['**/activities/*', '!**/activities/*.interface'], allowTypeImports: true, message: 'Import activities as types only (proxyActivities<typeof …>).' },
            { group: ['**/libs/persistence/**', '**/libs/security/**', '**/apps/**'], message: 'Workflows and the domain import only pure libs.' },
          ],
        },
      ],
    },
  },
);
