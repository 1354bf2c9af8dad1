import type { Audience, EvidenceType, LegalBasisType, ProhibitedKind } from '../../modules/inventory/rules/inventory.enums';

/** Where a requirement's obligation comes from (Art. 5: only a law or a government agreement may set one). */
export interface Basis {
  type: LegalBasisType;
  reference: string | null;
}

export const law = (reference: string): Basis => ({ type: 'law', reference });
export const agreement = (reference: string): Basis => ({ type: 'government_agreement', reference });
export const rule = (reference: string): Basis => ({ type: 'other_rule', reference });
export const NO_BASIS: Basis = { type: 'none', reference: null };

/** Who issues a document: one of the demo institutions (by code) or another body, named as the inventory writes it. */
export interface Issuer {
  name: string;
  code?: string;
}

export interface CatalogRequirement {
  name: string;
  evidence: EvidenceType;
  /** Absent: the applicant produces it. */
  from?: Issuer;
  basis: Basis;
  /** The state already holds it, so it could be obtained by interoperability. */
  interop?: boolean;
  /**
   * A practice the law forbids (Arts. 12 and 13). Whether the institution declares it as such in its inventory is
   * decided per institution; a document issued by the asking institution itself is this kind without saying so.
   */
  practice?: ProhibitedKind;
  /** When the institution simplifies it, what replaces it (e.g. a plain copy instead of a notarised one). */
  simplifiesTo?: string;
}

/** What a story may fix for a showcase procedure instead of leaving it to the institution's profile. */
export interface StoryHints {
  startLevel?: number;
  endLevel?: number;
  /** A record that contradicts its validated level (the consistency checks of issue #12 must find it). */
  quirk?: 'visit_at_level_4' | 'no_online_url_at_level_3' | 'no_forms_at_level_2';
  /** A claim for the next level awaits review. */
  pending?: boolean;
  /** The last claim was rejected by the analyst. */
  rejected?: boolean;
  /** Registered months after the first inventory. */
  addedLater?: boolean;
  /** Eliminated as a procedure (status eliminado) this many days ago, or merged into another procedure's code. */
  eliminatedDaysAgo?: number;
  mergedInto?: string;
  /** The institution never measured the real resolution time / never counted in-person visits. */
  unknownTimes?: boolean;
  unknownVisits?: boolean;
}

export interface CatalogProcedure {
  code: string;
  name: string;
  description: string;
  output: string;
  audience: Audience;
  category: string;
  lifeEvent?: string;
  foreignTrade?: boolean;
  prioritized?: boolean;
  legalBasis: string;
  /** GTQ; null: the institution has not published it (unknown, never 0). */
  fee: number | null;
  /** Legal maximum in working days; null: no norm sets one. */
  legalDays: number | null;
  /** Applications per year; null: not counted. */
  volume: number | null;
  requirements: CatalogRequirement[];
  story?: StoryHints;
}
