import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Raw-data spot checks (000 §10) and the annual self-inspection (000 §13), issue 22.
 *
 * - `spot_check_plans`: one per institution and year; the sample's seed and algorithm are stored when it is drawn
 *   (once: the sample cannot be drawn again).
 * - `spot_check_papers`: the institution's papers of that year (imported list, unique by reference), whether and why
 *   each was sampled (important / random, in draw order), the result of its check and the lead a follow-up opened.
 * - `self_inspection_campaigns`: one per province and year, with the window institutions answer in.
 * - `self_inspection_responses`: one per campaign and institution: checklist answers, rectification, the problem
 *   papers it declares (declared papers are read when a later case's decision form is suggested an aggravating factor).
 */
export class SpotChecksSelfInspections1765900100000 implements MigrationInterface {
  name = 'SpotChecksSelfInspections1765900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE spot_check_plans (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organisations(id),
        org_path text NOT NULL,
        year int NOT NULL CHECK (year BETWEEN 1900 AND 2099),
        rate numeric(5,4) NOT NULL CHECK (rate >= 0.05 AND rate <= 1),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','sampled','completed')),
        seed text,
        algorithm text,
        drawn_at timestamptz,
        drawn_by uuid REFERENCES users(id),
        completed_at timestamptz,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (org_id, year)
      )`);
    await q.query(`CREATE INDEX spot_check_plans_path_idx ON spot_check_plans (org_path text_pattern_ops, year)`);
    await q.query(`
      CREATE TABLE spot_check_papers (
        id uuid PRIMARY KEY,
        plan_id uuid NOT NULL REFERENCES spot_check_plans(id),
        ref text NOT NULL,
        title text NOT NULL,
        authors jsonb NOT NULL DEFAULT '[]',
        journal text,
        doi text,
        published_on date,
        important boolean NOT NULL DEFAULT false,
        important_reason text,
        sampled boolean NOT NULL DEFAULT false,
        sample_reason text CHECK (sample_reason IN ('important','random')),
        sample_order int,
        outcome text CHECK (outcome IN ('complete','consistent','missing','problem')),
        outcome_note text,
        checked_by uuid REFERENCES users(id),
        checked_at timestamptz,
        lead_id uuid REFERENCES leads(id),
        UNIQUE (plan_id, ref)
      )`);
    await q.query(`CREATE INDEX spot_check_papers_sample_idx ON spot_check_papers (plan_id, sampled, sample_order)`);
    await q.query(`
      CREATE TABLE self_inspection_campaigns (
        id uuid PRIMARY KEY,
        province_org_id uuid NOT NULL REFERENCES organisations(id),
        province_path text NOT NULL,
        year int NOT NULL CHECK (year BETWEEN 2026 AND 2099),
        title text NOT NULL,
        opens_on date NOT NULL,
        closes_on date NOT NULL CHECK (closes_on >= opens_on),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (province_org_id, year)
      )`);
    await q.query(`
      CREATE TABLE self_inspection_responses (
        id uuid PRIMARY KEY,
        campaign_id uuid NOT NULL REFERENCES self_inspection_campaigns(id),
        org_id uuid NOT NULL REFERENCES organisations(id),
        org_path text NOT NULL,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted')),
        answers jsonb NOT NULL DEFAULT '[]',
        rectification text,
        declared jsonb NOT NULL DEFAULT '[]',
        submitted_at timestamptz,
        submitted_by uuid REFERENCES users(id),
        updated_by uuid REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (campaign_id, org_id)
      )`);
    await q.query(`CREATE INDEX self_inspection_responses_org_idx ON self_inspection_responses (org_id, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS self_inspection_responses`);
    await q.query(`DROP TABLE IF EXISTS self_inspection_campaigns`);
    await q.query(`DROP TABLE IF EXISTS spot_check_papers`);
    await q.query(`DROP TABLE IF EXISTS spot_check_plans`);
  }
}
