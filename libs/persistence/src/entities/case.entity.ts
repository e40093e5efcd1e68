import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Projection of one case for lists and reports. Registration data is written once by the API when the case is opened;
 * every lifecycle field (phase, version, next deadline, overdue) is written only by workflow activities.
 */
@Entity('cases')
export class CaseEntity {
  @PrimaryColumn('uuid') id!: string;
  @Index({ unique: true }) @Column('text') number!: string;
  @Column('text') title!: string;
  @Column('text') source!: string;
  @Column('uuid', { name: 'handling_org_id' }) handlingOrgId!: string;
  @Index() @Column('text', { name: 'handling_org_path' }) handlingOrgPath!: string;
  @Column('text', { name: 'policy_profile' }) policyProfile!: string;
  @Column('date', { name: 'received_at' }) receivedAt!: string;
  @Index() @Column('text') phase!: string;
  @Column('int', { default: 0 }) version!: number;
  @Column('int', { name: 'last_event_seq', default: 0 }) lastEventSeq!: number;
  @Column('jsonb', { default: () => "'{}'::jsonb" }) details!: Record<string, unknown>;
  /** Confidential (RULES.md §7, 003 art.46): never selected by list queries. */
  @Column('jsonb', { nullable: true, select: false }) reporter!: Record<string, unknown> | null;
  @Column('date', { name: 'next_due_date', nullable: true }) nextDueDate!: string | null;
  @Column('boolean', { default: false }) overdue!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
