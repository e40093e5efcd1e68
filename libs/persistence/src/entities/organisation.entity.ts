import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type OrgLevel = 'national' | 'provincial' | 'municipal' | 'institution';

/** A node of the administrative tree (RULES.md §1). `path` is the materialised chain of ids, root first, for subtree queries. */
@Entity('organisations')
export class OrganisationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text') level!: OrgLevel;
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId!: string | null;
  @Index() @Column('text') path!: string;
  @Column('text', { name: 'region_code' }) regionCode!: string;
  @Column('text', { name: 'policy_profile', default: 'national-2022' }) policyProfile!: string;
}
