/**
 * Every stored ID number, sealed (libs/security/src/field-crypto.ts), moved to the current key after a rotation:
 * the authors of decision forms (drafts, pending and effective: `form.authors[].idNumberEnc` and its lookup hash) and
 * the misconduct-person registry (`registry_entries.id_number_enc`, `id_number_hash`) and the integrity archives' persons
 * (`archive_persons`). Values already under the
 * current key are left alone, so the command can be run again (or interrupted and resumed) safely.
 *
 * Rows are changed in batches, each batch in its own transaction with its rows locked, so an API writing a draft
 * meanwhile either waits for the batch or is seen by the next run.
 */
import type { DataSource } from 'typeorm';

/** What re-encryption needs of FieldCrypto (kept as an interface so persistence does not import security). */
export interface IdNumberSealer {
  keyId: string;
  decrypt(sealed: string): string;
  encrypt(plain: string): string;
  isCurrent(sealed: string): boolean;
  lookupHash(value: string): string;
}

export interface ReencryptResult {
  keyId: string;
  decisions: { scanned: number; changed: number; idNumbers: number };
  registryEntries: { scanned: number; changed: number };
  /** Integrity archives' persons (issue 22 point 3). */
  archivePersons: { scanned: number; changed: number };
}

const BATCH = 200;

interface SealedAuthor {
  idNumberEnc?: string;
  idNumberHash?: string;
  [k: string]: unknown;
}

export async function reencryptIdNumbers(ds: DataSource, sealer: IdNumberSealer): Promise<ReencryptResult> {
  const result: ReencryptResult = { keyId: sealer.keyId, decisions: { scanned: 0, changed: 0, idNumbers: 0 }, registryEntries: { scanned: 0, changed: 0 }, archivePersons: { scanned: 0, changed: 0 } };

  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const last = await ds.transaction(async (tx) => {
      const rows: Array<{ id: string; form: { authors?: SealedAuthor[] } }> = await tx.query(
        `SELECT id, form FROM decisions WHERE id > $1 ORDER BY id LIMIT ${BATCH} FOR UPDATE`,
        [after],
      );
      for (const row of rows) {
        result.decisions.scanned++;
        let changed = 0;
        const authors = (row.form.authors ?? []).map((a) => {
          if (typeof a.idNumberEnc !== 'string' || sealer.isCurrent(a.idNumberEnc)) return a;
          const plain = sealer.decrypt(a.idNumberEnc);
          changed++;
          return { ...a, idNumberEnc: sealer.encrypt(plain), idNumberHash: sealer.lookupHash(plain) };
        });
        if (changed) {
          await tx.query(`UPDATE decisions SET form = $2 WHERE id = $1`, [row.id, JSON.stringify({ ...row.form, authors })]);
          result.decisions.changed++;
          result.decisions.idNumbers += changed;
        }
      }
      return rows.at(-1)?.id;
    });
    if (!last) break;
    after = last;
  }

  after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const last = await ds.transaction(async (tx) => {
      const rows: Array<{ id: string; id_number_enc: string }> = await tx.query(
        `SELECT id, id_number_enc FROM registry_entries WHERE id > $1 ORDER BY id LIMIT ${BATCH} FOR UPDATE`,
        [after],
      );
      for (const row of rows) {
        result.registryEntries.scanned++;
        if (sealer.isCurrent(row.id_number_enc)) continue;
        const plain = sealer.decrypt(row.id_number_enc);
        await tx.query(`UPDATE registry_entries SET id_number_enc = $2, id_number_hash = $3 WHERE id = $1`, [row.id, sealer.encrypt(plain), sealer.lookupHash(plain)]);
        result.registryEntries.changed++;
      }
      return rows.at(-1)?.id;
    });
    if (!last) break;
    after = last;
  }

  after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const last = await ds.transaction(async (tx) => {
      const rows: Array<{ id: string; id_number_enc: string }> = await tx.query(
        `SELECT id, id_number_enc FROM archive_persons WHERE id > $1 ORDER BY id LIMIT ${BATCH} FOR UPDATE`,
        [after],
      );
      for (const row of rows) {
        result.archivePersons.scanned++;
        if (sealer.isCurrent(row.id_number_enc)) continue;
        const plain = sealer.decrypt(row.id_number_enc);
        await tx.query(`UPDATE archive_persons SET id_number_enc = $2, id_number_hash = $3 WHERE id = $1`, [row.id, sealer.encrypt(plain), sealer.lookupHash(plain)]);
        result.archivePersons.changed++;
      }
      return rows.at(-1)?.id;
    });
    if (!last) break;
    after = last;
  }
  return result;
}

/** How many stored ID numbers are not yet under the current key (0 after a complete re-encryption). */
export async function idNumbersNotUnderKey(ds: DataSource, keyId: string): Promise<number> {
  const prefix = `v2:${keyId}:`;
  const [{ n }]: Array<{ n: number }> = await ds.query(
    `SELECT (SELECT count(*) FROM decisions d, jsonb_array_elements(coalesce(d.form->'authors', '[]'::jsonb)) a
              WHERE a ? 'idNumberEnc' AND left(a->>'idNumberEnc', length($1)) <> $1)
          + (SELECT count(*) FROM registry_entries WHERE left(id_number_enc, length($1)) <> $1)
          + (SELECT count(*) FROM archive_persons WHERE left(id_number_enc, length($1)) <> $1) AS n`,
    [prefix],
  );
  return Number(n);
}
