import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys bound to their request (Stripe's semantics): an `Idempotency-Key` is remembered per case or paper
 * with the fingerprint of the request it first came with (action, caller and canonical body) and the workflow
 * body that request became; the same key with another request answers 422, the same request is answered by the
 * workflow with its first result. Rows live as long as their case or paper (written by libs/persistence/src/idempotency-keys.ts).
 */
export class IdempotencyKeys1765300000000 implements MigrationInterface {
  name = 'IdempotencyKeys1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        user_id uuid NOT NULL,
        action text NOT NULL,
        request jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
