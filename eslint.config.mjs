// Lint: type-aware floating-promise checks everywhere; workflow code may import only deterministic modules.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'net',
  'http',
  'https',
  'stream',
  'util',
  'events',
  'url',
  'worker_threads',
  'timers',
  'zlib',
  'dns',
  'tls',
  'process',
];

/** What replayed code (workflows) and the domain may not import. */
const DETERMINISTIC_PATHS = NODE_BUILTINS.map((name) => ({
  name,
  message: 'Node built-ins are not deterministic: not in workflow or domain code.',
}));
const DETERMINISTIC_PATTERNS = [
  { group: ['node:*'], message: 'Node built-ins are not deterministic: not in workflow or domain code.' },
  { group: ['@nestjs/*'], message: 'No framework code in workflows or the domain.' },
  { group: ['typeorm', 'typeorm/*', 'pg'], message: 'No database access in workflows or the domain.' },
  {
    group: ['**/activities/*', '!**/activities/*.interface', '@activities/*', '!@activities/*.interface'],
    allowTypeImports: true,
    message: 'Import activities as types only (proxyActivities<typeof …>).',
  },
  {
    group: ['**/libs/persistence/**', '**/libs/security/**', '**/apps/**', '@libs/persistence/**', '@libs/security/**', '@apps/**'],
    message: 'Workflows and the domain import only pure libs.',
  },
];

/**
 * One area (libs/<x>, apps/<x>, activities, workflows, test, scripts, bench, clients) imports another by its path alias
 * (tsconfig.json `paths`: @libs/domain, @apps/api/src/…, @activities/…), never by climbing out of itself; tsc-alias
 * turns the aliases into relative requires in dist/ (npm run build:ts), Jest maps them (jest.config.js).
 */
const NO_CLIMBING = {
  regex: '^(\\.\\./)+(\\.\\.$|(apps|libs|activities|workflows|test|scripts|bench|clients)(/|$))',
  message: 'Another area of the tree is imported by its alias (@libs/…, @apps/…, @activities/…, @workflows/…, @test/…), not by climbing.',
};
const BELOW_THE_APPS = { regex: '^@apps/', message: 'Libraries and activities sit below the apps: they never import one.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', '.data/**', 'coverage/**', '*.js', '*.mjs'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
      'no-restricted-imports': ['error', { patterns: [NO_CLIMBING] }],
    },
  },
  {
    // Workflows are replayed: no I/O, no framework, no ORM; activities are imported as types only.
    files: ['workflows/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: DETERMINISTIC_PATHS, patterns: [...DETERMINISTIC_PATTERNS, NO_CLIMBING] }] },
  },
  {
    // The domain (issue 19 point 5): the workflow rules, and no Temporal either (workflows import the domain, never the
    // other way round).
    files: ['libs/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: DETERMINISTIC_PATHS,
          patterns: [
            ...DETERMINISTIC_PATTERNS,
            NO_CLIMBING,
            { group: ['@temporalio/*'], message: 'The domain is pure: no Temporal (workflows call the domain).' },
          ],
        },
      ],
    },
  },
  {
    // The libraries and the activities sit below the apps (docs/ARCHITECTURE.md, "Boundaries"): no lib imports an app,
    // an activity or a workflow (but the message definitions, which libs/temporal reads with); no activity imports an app.
    files: ['libs/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_CLIMBING,
            BELOW_THE_APPS,
            { regex: '^@activities/', message: 'Libraries sit below the activities: shared code moves into libs/.' },
            { regex: '^@workflows/(?!definitions$)', message: 'Libraries import only the workflow message definitions.' },
          ],
        },
      ],
    },
  },
  {
    // Activities start workflows by function reference, and never import an app.
    files: ['activities/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_CLIMBING, BELOW_THE_APPS] }] },
  },
  {
    // The apps reach activities only through their interfaces (issue 19 point 5): the worker alone registers the
    // implementations. Shared code an app needs (the outbox, a data-access module) lives in libs/.
    files: ['apps/**/*.ts'],
    ignores: ['apps/worker/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_CLIMBING,
            {
              regex: '(^|/|@)activities/(?![^/]*-activities\\.interface$)',
              message:
                'Apps import activities only through their interfaces (activities/*-activities.interface); shared code lives in libs/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Browser code (web/<app>/, one folder per front-end, each type-checked with its own tsconfig.json): the type-checked
    // recommended rules; no Node, no server code; the API's values go into the page as text, never as HTML.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.map((name) => ({ name, message: 'Browser code: no Node built-ins.' })),
          patterns: [
            { group: ['node:*'], message: 'Browser code: no Node built-ins.' },
            {
              group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', '@temporalio/*'],
              message: 'Browser code: no server frameworks; talk to the API over HTTP.',
            },
            {
              regex:
                '(^|/|@)(apps/(?!api/src/supervision/supervision\\.labels$)|activities/|workflows/|libs/(persistence|security|config)/)',
              message:
                'Browser code imports only pure libs (libs/domain, libs/contract), the generated client and the labels the API also exports.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Set textContent or build elements: values from the API are text.' },
        { property: 'outerHTML', message: 'Set textContent or build elements: values from the API are text.' },
        { property: 'insertAdjacentHTML', message: 'Build elements: values from the API are text.' },
        { object: 'document', property: 'write', message: 'Build elements instead.' },
        { object: 'document', property: 'writeln', message: 'Build elements instead.' },
      ],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // The officers' workbench (web/workbench, React + Ant Design): the rules of hooks on top of the browser rules above;
    // React escapes what it renders, and dangerouslySetInnerHTML is refused like innerHTML.
    files: ['web/workbench/**/*.ts', 'web/workbench/**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Values from the API are text: no dangerouslySetInnerHTML.',
        },
      ],
    },
  },
);
