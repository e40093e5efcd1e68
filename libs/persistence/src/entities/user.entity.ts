import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { unique: true }) username!: string;
  @Column('text') name!: string;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('uuid', { name: 'org_id' }) orgId!: string;
  @Column('jsonb') roles!: string[];
  @Column('boolean', { default: true }) active!: boolean;
  @Column('text', { name: 'password_hash', select: false }) passwordHash!: string;
}
