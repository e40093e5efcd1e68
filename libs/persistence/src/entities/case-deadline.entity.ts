import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One deadline of one case, as the workflow last computed it; read by supervision lists (indexed, never a Temporal scan). */
@Entity('case_deadlines')
@Index(['status', 'dueDate'])
export class CaseDeadlineEntity {
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId!: string;
  @PrimaryColumn('text') kind!: string;
  @Column('date', { name: 'due_date' }) dueDate!: string;
  @Column('timestamptz', { name: 'due_at' }) dueAt!: Date;
  @Column('boolean') provisional!: boolean;
  @Column('text') status!: string;
  @Index() @Column('text', { name: 'handling_org_path' }) handlingOrgPath!: string;
}
