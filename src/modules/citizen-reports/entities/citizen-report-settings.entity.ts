import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The Commission's settings for citizen reports (one row, id 1): how many business days an institution has to answer. */
@Entity('citizen_report_settings')
export class CitizenReportSettings {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ type: 'int', default: 10 })
  answerBusinessDays: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
