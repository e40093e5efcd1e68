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

/** What one re-sealing pass over a table did: rows read, rows rewritten, ID numbers moved to the current key. */
interface ResealTally {
  scanned: number;
  changed: number;
  idNumbers: number;
}

/** A row's new values for the pass's columns, in their order, and how many ID numbers they re-seal; undefined: unchanged. */
type Reseal<R> = (row: R) => { values: unknown[]; idNumbers: number } | undefined;

/**
 * One pass over `table` in id order, BATCH rows at a time, each batch in its own transaction with its rows locked
 * (`FOR UPDATE`): `reseal` gives the new values of `columns` for a row sealed under an older key, which are written back.
 */
async function resealColumn<R extends { id: string }>(
  ds: DataSource,
  table: string,
  columns: string[],
  reseal: Reseal<R>,
): Promise<ResealTally> {
  const tally: ResealTally = { scanned: 0, changed: 0, idNumbers: 0 };
  const set = columns.map((c, i) => `${c} = $${i + 2}`).join(', ');
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const last = await ds.transaction(async (tx) => {
      const rows: R[] = await tx.query(
        `SELECT id, ${columns.join(', ')} FROM ${table} WHERE id > $1 ORDER BY id LIMIT ${BATCH} FOR UPDATE`,
        [after],
      );
      for (const row of rows) {
        tally.scanned++;
        const next = reseal(row);
        if (!next) continue;
        await tx.query(`UPDATE ${table} SET ${set} WHERE id = $1`, [row.id, ...next.values]);
        tally.changed++;
        tally.idNumbers += next.idNumbers;
      }
      return rows.at(-1)?.id;
    });
    if (!last) return tally;
    after = last;
  }
}

export async function reencryptIdNumbers(ds: DataSource, sealer: IdNumberSealer): Promise<ReencryptResult> {
  // A decision form: every author whose ID number is sealed under an older key.
  const decisions = await resealColumn<{ id: string; form: { authors?: SealedAuthor[] } }>(ds, 'decisions', ['form'], (row) => {
    let moved = 0;
    const authors = (row.form.authors ?? []).map((a) => {
      if (typeof a.idNumberEnc !== 'string' || sealer.isCurrent(a.idNumberEnc)) return a;
      const plain = sealer.decrypt(a.idNumberEnc);
      moved++;
      return { ...a, idNumberEnc: sealer.encrypt(plain), idNumberHash: sealer.lookupHash(plain) };
    });
    return moved ? { values: [JSON.stringify({ ...row.form, authors })], idNumbers: moved } : undefined;
  });
  // A row holding one sealed ID number and its lookup hash.
  const oneIdNumber: Reseal<{ id: string; id_number_enc: string }> = (row) => {
    if (sealer.isCurrent(row.id_number_enc)) return undefined;
    const plain = sealer.decrypt(row.id_number_enc);
    return { values: [sealer.encrypt(plain), sealer.lookupHash(plain)], idNumbers: 1 };
  };
  const registry = await resealColumn(ds, 'registry_entries', ['id_number_enc', 'id_number_hash'], oneIdNumber);
  const archive = await resealColumn(ds, 'archive_persons', ['id_number_enc', 'id_number_hash'], oneIdNumber);
  return {
    keyId: sealer.keyId,
    decisions,
    registryEntries: { scanned: registry.scanned, changed: registry.changed },
    archivePersons: { scanned: archive.scanned, changed: archive.changed },
  };
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
