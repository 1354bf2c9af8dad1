import { Check, Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../database/base.entity';
import { INSTITUTION_ARTICLES, InstitutionArticle } from '../../../common/text/institution-name';

export const INSTITUTION_TYPES = ['ministry', 'secretariat', 'decentralized', 'autonomous', 'municipality', 'other'] as const;
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];

/** Art. 2: bound by law (the Executive) or opted in by decision of the highest authority. */
export const COVERAGES = ['bound', 'opted_in'] as const;
export type Coverage = (typeof COVERAGES)[number];

/** The tenant. Reference data readable by everyone signed in; managed by admins. */
@Entity('institutions')
@Check('CHK_institutions_article', `article IS NULL OR article IN (${INSTITUTION_ARTICLES.map((a) => `'${a}'`).join(', ')})`)
@Check('CHK_institutions_opted_in', `coverage <> 'opted_in' OR (opted_in_at IS NOT NULL AND adhesion_act IS NOT NULL)`)
export class Institution extends BaseEntity {
  @Index('UQ_institutions_code', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The article its name takes in a sentence ("del Ministerio …", "de la Municipalidad …"); null: none (see institution-name.ts). */
  @Column({ type: 'varchar', length: 3, nullable: true })
  article: InstitutionArticle | null;

  @Column({ type: 'enum', enum: INSTITUTION_TYPES, enumName: 'institution_type' })
  type: InstitutionType;

  @Column({ type: 'enum', enum: COVERAGES, enumName: 'institution_coverage' })
  coverage: Coverage;

  @Column({ type: 'date', nullable: true })
  optedInAt: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  adhesionAct: string | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  sector: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  website: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
