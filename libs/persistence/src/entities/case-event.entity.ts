import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The case timeline. (case_id, seq) is the idempotency key: a retried projection activity inserts nothing twice. */
@Entity('case_events')
export class CaseEventEntity {
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId!: string;
  @PrimaryColumn('int') seq!: number;
  @Column('text') type!: string;
  @Column('timestamptz') at!: Date;
  @Column('jsonb', { nullable: true }) actor!: { userId?: string; role?: string; orgId?: string; name?: string } | null;
  @Column('jsonb', { default: () => "'{}'::jsonb" }) data!: Record<string, unknown>;
}
