/**
 * The layer boundaries of eslint.config.mjs (issue 19 point 5), checked with the project's own lint configuration:
 * apps/ reach activities only through their interfaces (the worker alone registers the implementations), and the
 * domain imports no Temporal, Nest or TypeORM; one area of the tree imports another by its path alias, never by climbing.
 * Each probe is linted as if it were the text of a real file of that
 * folder (the type-aware rules need a file of the project).
 */
import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const ROOT = resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: ROOT });

/** The messages of `no-restricted-imports` for `code` linted as the file `path`. */
async function restricted(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, path) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/**
 * One import line of a probe. Built at run time: tsc-alias rewrites every `from '@…'` it finds in dist/, string
 * literals included, and the probes must reach the linter as written.
 */
const importLine = (names: string, spec: string): string => `import ${names} from '${spec}';\n`;

const API_FILE = 'apps/api/src/notifications/notification.module.ts';
const WORKER_FILE = 'apps/worker/src/worker.module.ts';
const DOMAIN_FILE = 'libs/domain/src/notifications/templates.ts';

describe('lint boundaries (eslint.config.mjs)', () => {
  it('an API file may not import an activity implementation', async () => {
    const found = await restricted(
      API_FILE,
      `${importLine('{ NotificationActivitiesService }', '@activities/notification.activities')}export const x = NotificationActivitiesService;\n`,
    );
    assert.equal(found.length, 1);
    assert.match(found[0]!, /only through their interfaces/);
  });

  it('an API file may import an activity interface', async () => {
    assert.deepEqual(
      await restricted(
        API_FILE,
        `${importLine('type { NotifyInput }', '@activities/case-activities.interface')}export type X = NotifyInput;\n`,
      ),
      [],
    );
  });

  it('the worker may import the implementations it registers', async () => {
    assert.deepEqual(
      await restricted(
        WORKER_FILE,
        `${importLine('{ CaseActivitiesService }', '@activities/case.activities')}export const x = CaseActivitiesService;\n`,
      ),
      [],
    );
  });

  it('the domain imports no Temporal, Nest or TypeORM', async () => {
    const found = await restricted(
      DOMAIN_FILE,
      `${importLine('{ proxyActivities }', '@temporalio/workflow')}import { ApplicationFailure } from '@temporalio/common';\nimport { Injectable } from '@nestjs/common';\n` +
        `${importLine('{ DataSource }', 'typeorm')}export const x: unknown[] = [proxyActivities, ApplicationFailure, Injectable, DataSource];\n`,
    );
    assert.equal(found.length, 4, found.join('\n'));
    assert.match(found[0]!, /no Temporal/);
    assert.match(found[1]!, /no Temporal/);
    assert.match(found[2]!, /No framework/);
    assert.match(found[3]!, /No database/);
  });

  it('an import that climbs out of its area is refused, by path or through the root; the alias is taken', async () => {
    const climbing = await restricted(
      'apps/api/src/app.module.ts',
      `${importLine('{ loadConfig }', '../../../libs/config/src')}export const x = loadConfig;\n`,
    );
    assert.equal(climbing.length, 1, climbing.join('\n'));
    assert.match(climbing[0]!, /by its alias/);
    const fromTest = await restricted(
      'test/e2e/access.test.ts',
      `${importLine('{ loadConfig }', '../../libs/config/src')}export const x = loadConfig;\n`,
    );
    assert.match(fromTest.join('\n'), /by its alias/);
    assert.deepEqual(await restricted(API_FILE, `${importLine('{ loadConfig }', '@libs/config/src')}export const x = loadConfig;\n`), []);
    assert.deepEqual(
      await restricted(API_FILE, `${importLine('{ AuditService }', '../audit/audit.service')}export const x = AuditService;\n`),
      [],
    );
  });

  it('a workflow may not import an activity implementation through its alias either', async () => {
    const found = await restricted(
      'workflows/case.workflow.ts',
      `${importLine('{ CaseActivitiesService }', '@activities/case.activities')}export const x = CaseActivitiesService;\n`,
    );
    assert.match(found.join('\n'), /as types only/);
  });

  it('a library imports no app, activity or workflow function; an activity imports no app', async () => {
    const lib = 'libs/persistence/src/cases.ts';
    const fromLib = await restricted(
      lib,
      `${importLine('{ AuditService }', '@apps/api/src/audit/audit.service')}${importLine('{ CaseActivitiesService }', '@activities/case.activities')}` +
        `${importLine('{ caseWorkflow }', '@workflows/case.workflow')}export const x: unknown[] = [AuditService, CaseActivitiesService, caseWorkflow];\n`,
    );
    assert.equal(fromLib.length, 3, fromLib.join('\n'));
    assert.match(fromLib[0]!, /never import one/);
    assert.match(fromLib[1]!, /shared code moves into libs/);
    assert.match(fromLib[2]!, /only the workflow message definitions/);
    assert.deepEqual(
      await restricted(lib, `${importLine('{ getStateQuery }', '@workflows/definitions')}export const x = getStateQuery;\n`),
      [],
    );
    const fromActivity = await restricted(
      'activities/case.activities.ts',
      `${importLine('{ AuditService }', '@apps/api/src/audit/audit.service')}export const x = AuditService;\n`,
    );
    assert.match(fromActivity.join('\n'), /never import one/);
  });

  it('the domain may import its own modules', async () => {
    assert.deepEqual(await restricted(DOMAIN_FILE, `${importLine('{ DomainError }', '../shared')}export const x = DomainError;\n`), []);
  });
});
