/**
 * The layer boundaries of eslint.config.mjs (issue 19 point 5), checked with the project's own lint configuration:
 * apps/ reach activities only through their interfaces (the worker alone registers the implementations), and the
 * domain imports no Temporal, Nest or TypeORM. Each probe is linted as if it were the text of a real file of that
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

const API_FILE = 'apps/api/src/notifications/notification.module.ts';
const WORKER_FILE = 'apps/worker/src/worker.module.ts';
const DOMAIN_FILE = 'libs/domain/src/notifications/templates.ts';

describe('lint boundaries (eslint.config.mjs)', () => {
  it('an API file may not import an activity implementation', async () => {
    const found = await restricted(API_FILE, `import { NotificationActivitiesService } from '../../../../activities/notification.activities';\nexport const x = NotificationActivitiesService;\n`);
    assert.equal(found.length, 1);
    assert.match(found[0]!, /only through their interfaces/);
  });

  it('an API file may import an activity interface', async () => {
    assert.deepEqual(await restricted(API_FILE, `import type { NotifyInput } from '../../../../activities/case-activities.interface';\nexport type X = NotifyInput;\n`), []);
  });

  it('the worker may import the implementations it registers', async () => {
    assert.deepEqual(await restricted(WORKER_FILE, `import { CaseActivitiesService } from '../../../activities/case.activities';\nexport const x = CaseActivitiesService;\n`), []);
  });

  it('the domain imports no Temporal, Nest or TypeORM', async () => {
    const found = await restricted(
      DOMAIN_FILE,
      `import { proxyActivities } from '@temporalio/workflow';\nimport { ApplicationFailure } from '@temporalio/common';\nimport { Injectable } from '@nestjs/common';\n` +
        `import { DataSource } from 'typeorm';\nexport const x: unknown[] = [proxyActivities, ApplicationFailure, Injectable, DataSource];\n`,
    );
    assert.equal(found.length, 4, found.join('\n'));
    assert.match(found[0]!, /no Temporal/);
    assert.match(found[1]!, /no Temporal/);
    assert.match(found[2]!, /No framework/);
    assert.match(found[3]!, /No database/);
  });

  it('the domain may import its own modules', async () => {
    assert.deepEqual(await restricted(DOMAIN_FILE, `import { DomainError } from '../shared';\nexport const x = DomainError;\n`), []);
  });
});
