import { Injectable } from '@nestjs/common';
import { Actor, anonymousActor } from '../../common/auth/actor';
import { Access, assertRole } from '../../common/auth/access';
import { COMMISSION_ROLES, INSTITUTION_ROLES } from '../../common/auth/roles';
import { AppException } from '../../common/errors/app.exception';
import { Database } from '../../database/database.service';
import { RateProcedureDto } from './dto/rate-procedure.dto';
import { CommentStatus, ProcedureRating, RatingStatus } from './entities/procedure-rating.entity';
import { BURST_RULE, burstVerdict } from './rating-rules';
import {
  CommentRow,
  HELD_RATINGS_SQL,
  INSTITUTION_COMMENTS_SQL,
  INSTITUTION_SUMMARY_SQL,
  LOCK_PROCEDURE_RATINGS_SQL,
  OverallRow,
  PENDING_COMMENTS_SQL,
  ProcedureSummaryRow,
  PUBLISHED_COMMENTS_SQL,
  RATED_PROCEDURE_SQL,
  RatedProcedureRow,
  RATING_SUMMARY_SQL,
  RatingSummaryRow,
  WINDOW_OVERALL_SQL,
} from './ratings.sql';
import { redactPersonalData } from './redact-personal-data';

/** The aggregate shown to the public and used by the satisfaction component: the last 12 months. */
export const SUMMARY_WINDOW_DAYS = 365;

export interface RatingSummary {
  n: number;
  overall: number | null;
  clarity: number | null;
  timeTaken: number | null;
  treatment: number | null;
}

export interface CommentPage {
  items: CommentRow[];
  total: number;
}

const num = (s: string | null): number | null => (s === null ? null : Number(s));
export const summaryOf = (r: RatingSummaryRow | undefined): RatingSummary =>
  r
    ? { n: r.n, overall: num(r.overall), clarity: num(r.clarity), timeTaken: num(r.time_taken), treatment: num(r.treatment) }
    : { n: 0, overall: null, clarity: null, timeTaken: null, treatment: null };
const pageOf = (items: CommentRow[]): CommentPage => ({ items, total: items[0]?.total ?? 0 });
const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);

/**
 * Citizens' ratings of procedures (issue 18, Art. 11): the anonymous submission (burst rule, redaction), the public
 * aggregate and published comments, the Commission's moderation and review of held ratings, and the institution's
 * one public reply per comment. The public pages and the workspace pages call these methods; the abuse protections
 * that need the request (origin, token, limits, cookies) stay in the page (src/web/public/anonymous-forms).
 */
@Injectable()
export class RatingsService {
  constructor(private readonly db: Database) {}

  /** The active procedure a public form is about, or 404. */
  async ratedProcedure(institutionCode: string, procedureCode: string): Promise<RatedProcedureRow> {
    const rows = await this.db.run(Access.acrossInstitutions(anonymousActor(), 'ratings.procedure'), ({ em }) =>
      em.query<RatedProcedureRow[]>(RATED_PROCEDURE_SQL, [institutionCode, procedureCode]),
    );
    if (!rows[0]) throw AppException.notFound('El trámite');
    return rows[0];
  }

  /**
   * Stores a rating from the public form. The comment is redacted before it is stored (nobody reads the original)
   * and waits for moderation; a rating inside a burst (rating-rules.ts) is held instead of counting.
   */
  async submit(
    requestId: string | null,
    procedure: RatedProcedureRow,
    dto: RateProcedureDto,
    now = new Date(),
  ): Promise<{ id: string; status: RatingStatus; commentStatus: CommentStatus | null }> {
    const actor = anonymousActor(requestId);
    return this.db.run(Access.institution(actor, procedure.institution_id, 'ratings.submit'), async (tx) => {
      // one procedure's ratings are judged one at a time, so two of a burst cannot both see the window without the other
      await tx.em.query(LOCK_PROCEDURE_RATINGS_SQL, [procedure.id]);
      const window = await tx.em.query<OverallRow[]>(WINDOW_OVERALL_SQL, [
        procedure.id,
        new Date(now.getTime() - BURST_RULE.windowMinutes * 60_000),
      ]);
      const burst = burstVerdict(
        window.map((w) => w.overall),
        dto.overall,
      );
      const text = dto.comment?.trim() ? redactPersonalData(dto.comment.trim()) : null;
      const row = tx.em.create(ProcedureRating, {
        institutionId: procedure.institution_id,
        procedureId: procedure.id,
        overall: dto.overall,
        clarity: dto.clarity,
        timeTaken: dto.timeTaken,
        treatment: dto.treatment,
        channel: dto.channel,
        status: burst.held ? 'held' : 'counted',
        heldReason: burst.reason,
        comment: text?.text ?? null,
        commentStatus: text ? 'pending' : null,
        commentRedactions: text?.redactions ?? 0,
        createdAt: now,
      });
      const saved = await tx.em.save(row);
      await tx.audit({
        entity: 'procedure_rating',
        entityId: saved.id,
        action: 'create',
        after: {
          procedureId: procedure.id,
          overall: dto.overall,
          clarity: dto.clarity,
          timeTaken: dto.timeTaken,
          treatment: dto.treatment,
          channel: dto.channel,
          status: saved.status,
          hasComment: !!text,
          commentRedactions: saved.commentRedactions,
        },
      });
      return { id: saved.id, status: saved.status, commentStatus: saved.commentStatus };
    });
  }

  /** The public aggregate of counted ratings of the last 12 months, and a page of published comments with their replies. */
  async publicSummary(
    procedureId: string,
    page: { limit: number; offset: number },
    now = new Date(),
  ): Promise<{ summary: RatingSummary; comments: CommentPage }> {
    return this.db.run(Access.acrossInstitutions(anonymousActor(), 'ratings.public'), async ({ em }) => {
      const [summary, comments] = await Promise.all([
        em.query<RatingSummaryRow[]>(RATING_SUMMARY_SQL, [[procedureId], daysAgo(now, SUMMARY_WINDOW_DAYS)]),
        em.query<CommentRow[]>(PUBLISHED_COMMENTS_SQL, [procedureId, page.limit, page.offset]),
      ]);
      return { summary: summaryOf(summary[0]), comments: pageOf(comments) };
    });
  }

  /** The Commission's queue: comments waiting for moderation, and ratings held by the burst rule (oldest first). */
  async moderationQueue(
    actor: Actor,
    page: { limit: number; offset: number },
    held: { limit: number; offset: number },
  ): Promise<{ pending: CommentPage; held: CommentPage }> {
    assertRole(actor, COMMISSION_ROLES);
    return this.db.run(Access.acrossInstitutions(actor, 'ratings.moderation-queue'), async ({ em }) => {
      const pending = await em.query<CommentRow[]>(PENDING_COMMENTS_SQL, [page.limit, page.offset]);
      const heldRows = await em.query<CommentRow[]>(HELD_RATINGS_SQL, [held.limit, held.offset]);
      return { pending: pageOf(pending), held: pageOf(heldRows) };
    });
  }

  /** Publishes or rejects (with a reason) a comment waiting for moderation; 409 once decided. */
  async moderate(actor: Actor, id: string, decision: 'approve' | 'reject', reason: string | undefined): Promise<void> {
    assertRole(actor, COMMISSION_ROLES);
    const why = reason?.trim() ?? '';
    if (decision === 'reject' && !why)
      throw AppException.badRequest('Indique el motivo del rechazo.', [{ field: 'reason', messages: ['indique el motivo del rechazo'] }]);
    const access = await this.db.accessToRow(actor, ProcedureRating, id, 'El comentario', 'ratings.moderate');
    await this.db.run(access, async (tx) => {
      const row = await tx.findForWrite(ProcedureRating, id, 'El comentario');
      if (row.commentStatus !== 'pending') throw AppException.conflict('Este comentario ya fue moderado.');
      const before = { commentStatus: row.commentStatus };
      row.commentStatus = decision === 'approve' ? 'published' : 'rejected';
      row.rejectionReason = decision === 'reject' ? why : null;
      row.moderatedBy = actor.userId;
      row.moderatedAt = new Date();
      await tx.em.save(row);
      await tx.audit({
        entity: 'procedure_rating',
        entityId: id,
        action: decision === 'approve' ? 'comment_published' : 'comment_rejected',
        before,
        after: { commentStatus: row.commentStatus, rejectionReason: row.rejectionReason },
      });
    });
  }

  /** Counts or discards a rating held by the burst rule; 409 once decided. */
  async review(actor: Actor, id: string, decision: 'count' | 'discard'): Promise<void> {
    assertRole(actor, COMMISSION_ROLES);
    const access = await this.db.accessToRow(actor, ProcedureRating, id, 'La valoración', 'ratings.review');
    await this.db.run(access, async (tx) => {
      const row = await tx.findForWrite(ProcedureRating, id, 'La valoración');
      if (row.status !== 'held') throw AppException.conflict('Esta valoración ya fue revisada.');
      row.status = decision === 'count' ? 'counted' : 'discarded';
      row.reviewedBy = actor.userId;
      row.reviewedAt = new Date();
      // a discarded rating's comment is not published either
      if (decision === 'discard' && row.commentStatus === 'pending') {
        row.commentStatus = 'rejected';
        row.rejectionReason = 'Valoración descartada por la Comisión (ráfaga)';
      }
      await tx.em.save(row);
      await tx.audit({
        entity: 'procedure_rating',
        entityId: id,
        action: decision === 'count' ? 'counted' : 'discarded',
        after: { status: row.status },
      });
    });
  }

  /** The institution's view: each procedure's aggregate (12 months) and its comments past moderation, with replies. */
  async forInstitution(
    actor: Actor,
    page: { limit: number; offset: number },
    now = new Date(),
  ): Promise<{ procedures: Array<ProcedureSummaryRow & { summary: RatingSummary }>; comments: CommentPage }> {
    const access = Access.ownInstitution(actor, 'ratings.institution');
    return this.db.run(access, async ({ em }) => {
      const procedures = await em.query<ProcedureSummaryRow[]>(INSTITUTION_SUMMARY_SQL, [
        access.institutionId,
        daysAgo(now, SUMMARY_WINDOW_DAYS),
      ]);
      const comments = await em.query<CommentRow[]>(INSTITUTION_COMMENTS_SQL, [access.institutionId, page.limit, page.offset]);
      return { procedures: procedures.map((p) => ({ ...p, summary: summaryOf(p) })), comments: pageOf(comments) };
    });
  }

  /** The institution's public reply to one of its published comments: once (409 after). */
  async reply(actor: Actor, id: string, text: string): Promise<void> {
    assertRole(actor, INSTITUTION_ROLES);
    const reply = text.trim();
    if (!reply) throw AppException.badRequest('Escriba la respuesta.', [{ field: 'reply', messages: ['escriba la respuesta'] }]);
    await this.db.run(Access.ownInstitution(actor, 'ratings.reply'), async (tx) => {
      const row = await tx.findForWrite(ProcedureRating, id, 'El comentario');
      if (row.commentStatus !== 'published') throw AppException.notFound('El comentario');
      if (row.reply !== null)
        throw AppException.conflict('Este comentario ya tiene la respuesta de la institución; solo se responde una vez.');
      row.reply = reply;
      row.repliedBy = actor.userId;
      row.repliedAt = new Date();
      await tx.em.save(row);
      await tx.audit({ entity: 'procedure_rating', entityId: id, action: 'reply', after: { reply } });
    });
  }
}
