import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A national public holiday of Guatemala (data: seeded by migration, 2026–2027 to start; business days skip them). */
@Entity('public_holidays')
export class PublicHoliday {
  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;
}
