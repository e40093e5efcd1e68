import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A State Council holiday notice for one year; every load is kept as a new version (append-only). */
@Entity('calendar_years')
export class CalendarYearEntity {
  @PrimaryColumn('int') year!: number;
  @PrimaryColumn('int') version!: number;
  @Column('jsonb') holidays!: string[];
  @Column('jsonb', { name: 'makeup_workdays' }) makeupWorkdays!: string[];
  @Column('text') source!: string;
  @CreateDateColumn({ name: 'loaded_at', type: 'timestamptz' }) loadedAt!: Date;
}
