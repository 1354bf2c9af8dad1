import { JoinColumn, ManyToOne, Check, Column, Entity, Index } from 'typeorm';
import { Procedure } from '../../entities/procedure.entity';
import { BaseEntity } from '../../../../../database/base.entity';
import {
  EVIDENCE_TYPES,
  EvidenceType,
  Issuer,
  ISSUERS,
  LEGAL_BASIS_TYPES,
  LegalBasisType,
  PROHIBITED_KINDS,
  ProhibitedKind,
  REQUIREMENT_STATUSES,
  RequirementStatus,
} from '../../../rules/inventory.enums';

/**
 * A requisito, effective-dated (Art. 5: an applicant faces only the requirements in force on the day the
 * application started). Eliminating one closes its period (`effectiveTo`) and changes its status; rows are
 * never deleted, so "which requirements applied on 2023-05-01?" stays answerable. Tenant-owned like every
 * `TenantOwnedEntity`, but without that class's key to institutions: its institution is its procedure's, which its
 * procedure key checks (migration 1796330000000).
 */
@Entity('requirements')
@Index('IDX_requirements_procedure_period', ['procedureId', 'effectiveFrom'])
@Index('IDX_requirements_institution_updated', ['institutionId', 'updatedAt'])
@Check('CHK_requirements_period', `effective_to IS NULL OR effective_to >= effective_from`)
@Check('CHK_requirements_prohibited', `prohibited = (prohibited_kind IS NOT NULL)`)
@Check('CHK_requirements_issuer', `issuer <> 'other_institution' OR issuer_institution IS NOT NULL`)
export class Requirement extends BaseEntity {
  @Column({ type: 'uuid' })
  institutionId: string;

  @Column({ type: 'uuid' })
  procedureId: string;

  /**
   * The key is `(procedure_id, institution_id)` → `procedures (id, institution_id)` (migration 1796330000000): a
   * requirement belongs to its procedure's institution, checked once per row written.
   */
  @ManyToOne(() => Procedure, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'procedure_id', referencedColumnName: 'id', foreignKeyConstraintName: 'FK_requirements_procedure_of_institution' },
    { name: 'institution_id', referencedColumnName: 'institutionId', foreignKeyConstraintName: 'FK_requirements_procedure_of_institution' },
  ])
  procedure?: Procedure;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  @Column({ type: 'enum', enum: EVIDENCE_TYPES, enumName: 'requirement_evidence_type', default: 'document' })
  evidenceType: EvidenceType;

  @Column({ type: 'enum', enum: ISSUERS, enumName: 'requirement_issuer', default: 'applicant' })
  issuer: Issuer;

  /** Which institution issues it, when issuer = other_institution (code or name). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  issuerInstitution: string | null;

  @Column({ type: 'enum', enum: LEGAL_BASIS_TYPES, enumName: 'requirement_legal_basis_type', default: 'none' })
  legalBasisType: LegalBasisType;

  @Column({ type: 'varchar', length: 300, nullable: true })
  legalBasisReference: string | null;

  @Column({ type: 'boolean', default: false })
  obtainableByInteroperability: boolean;

  @Column({ type: 'boolean', default: false })
  prohibited: boolean;

  @Column({ type: 'enum', enum: PROHIBITED_KINDS, enumName: 'requirement_prohibited_kind', nullable: true })
  prohibitedKind: ProhibitedKind | null;

  @Column({ type: 'date' })
  effectiveFrom: string;

  /** Exclusive end: the requirement no longer applies from this day on. */
  @Column({ type: 'date', nullable: true })
  effectiveTo: string | null;

  @Column({ type: 'enum', enum: REQUIREMENT_STATUSES, enumName: 'requirement_status', default: 'active' })
  status: RequirementStatus;

  /** The act (acuerdo, resolución, decreto…) that ended it; null while in force or when not recorded (unknown). */
  @Column({ type: 'varchar', length: 300, nullable: true })
  endedByAct: string | null;
}
