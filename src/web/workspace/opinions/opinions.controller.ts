import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, isCommission } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { ANY_ROLE } from '../../../common/auth/roles';
import { capitalise, label } from '../../../common/glossary/glossary';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { format } from '../../../common/views/handlebars-setup';
import { ModerateCommentDto, ReplyCommentDto, ReviewRatingDto } from '../../../modules/ratings/dto/rate-procedure.dto';
import type { CommentRow } from '../../../modules/ratings/ratings.sql';
import { RatingsService, RatingSummary } from '../../../modules/ratings/ratings.service';
import { FieldErrors } from '../../forms/form-fields';
import { MARK_WORDS, procedurePath } from '../../public/ratings/ratings.view';
import { readForm, submitForm } from '../forms';
import { PageRoles, SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';

const PAGE_SIZE = 20;
const HOME = '/app/opiniones';

const pageParam = (v: unknown) => Math.max(1, Math.min(10_000, Number.parseInt(typeof v === 'string' ? v : '1', 10) || 1));
const mean = (v: number | null) => (v === null ? 'sin dato' : format.decimal(Math.round(v * 10) / 10));
const summaryCells = (s: RatingSummary) => ({
  n: format.integer(s.n),
  overall: mean(s.overall),
  clarity: mean(s.clarity),
  timeTaken: mean(s.timeTaken),
  treatment: mean(s.treatment),
});

/** One rating or comment as the lists show it. */
const itemOf = (c: CommentRow) => ({
  id: c.id,
  procedure: c.procedure_name,
  institution: c.institution_name,
  href: procedurePath(c.institution_code, c.procedure_code),
  date: format.date(c.created_at),
  marks: `General ${c.overall} (${MARK_WORDS[c.overall].toLowerCase()}) · requisitos ${c.clarity} · tiempo ${c.time_taken} · trato ${c.treatment}`,
  channel: capitalise(label('channel', c.channel)),
  comment: c.comment,
  redacted: c.comment_redactions > 0 ? `Se borraron ${c.comment_redactions} datos personales del texto.` : null,
  heldReason: c.held_reason,
  published: c.comment_status === 'published',
  rejected: c.comment_status === 'rejected',
  rejectionReason: c.rejection_reason,
  reply: c.reply,
  replyDate: c.replied_at ? format.date(c.replied_at) : null,
});

const pager = (page: number, total: number, link: (p: number) => string) => {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return { page, pages, previous: page > 1 ? link(page - 1) : null, next: page < pages ? link(page + 1) : null };
};

/**
 * "Opiniones" (issue 18): Commission staff moderate citizens' comments (publish, or reject with a reason) and count or
 * discard ratings held by the burst rule; an institution's users see their procedures' ratings and comments and reply
 * publicly once per published comment. Over RatingsService, like every page over its service.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@Controller('app/opiniones')
export class OpinionsController {
  constructor(
    private readonly ratings: RatingsService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get()
  @PageRoles(ANY_ROLE)
  async index(@Req() req: Request, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    await this.render(req, res, raw, { id: null, errors: {}, summary: null, values: {} });
  }

  @Post(':id/moderar')
  @PageRoles(ANY_ROLE)
  async moderate(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string, @Body() body: unknown): Promise<void> {
    const posted = readForm(ModerateCommentDto, body, ['decision', 'reason']);
    await submitForm(this.pages, req, res, posted, {
      act: async ({ decision, reason }) => {
        await this.ratings.moderate(req.actor as Actor, id, decision, reason);
        return { to: HOME, notice: decision === 'approve' ? 'Comentario publicado.' : 'Comentario rechazado.' };
      },
      render: this.formAgain(req, res, id, posted.values),
    });
  }

  @Post('valoraciones/:id/revisar')
  @PageRoles(ANY_ROLE)
  async review(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string, @Body() body: unknown): Promise<void> {
    const posted = readForm(ReviewRatingDto, body, ['decision']);
    await submitForm(this.pages, req, res, posted, {
      act: async ({ decision }) => {
        await this.ratings.review(req.actor as Actor, id, decision);
        return { to: HOME, notice: decision === 'count' ? 'La valoración ahora cuenta.' : 'Valoración descartada.' };
      },
      render: this.formAgain(req, res, id, posted.values),
    });
  }

  @Post(':id/responder')
  @PageRoles(ANY_ROLE)
  async reply(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string, @Body() body: unknown): Promise<void> {
    const posted = readForm(ReplyCommentDto, body, ['reply']);
    await submitForm(this.pages, req, res, posted, {
      act: async ({ reply }) => {
        await this.ratings.reply(req.actor as Actor, id, reply);
        return { to: HOME, notice: 'Se publicó su respuesta.' };
      },
      render: this.formAgain(req, res, id, posted.values),
    });
  }

  /** The list again with the messages beside the form of the item `id` (a form that did not validate, or a refusal). */
  private formAgain(req: Request, res: Response, id: string, values: Record<string, string>) {
    return (errors: FieldErrors, summary: string | null, status: number) =>
      this.render(req, res, {}, { id, errors, summary, values }, status);
  }

  /** The page for the person's role; `problem` puts messages beside the form of one item after a refused post. */
  private async render(
    req: Request,
    res: Response,
    raw: Record<string, unknown>,
    problem: { id: string | null; errors: FieldErrors; summary: string | null; values: Record<string, string> },
    status = 200,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const withProblem = <T extends { id: string }>(item: T) =>
      item.id === problem.id
        ? {
            ...item,
            errors: problem.errors,
            summary: problem.summary,
            reasonValue: problem.values.reason ?? '',
            replyValue: problem.values.reply ?? '',
            errorList: Object.entries(problem.errors).map(([f, text]) => ({ href: `#${f}-${item.id}`, text })),
          }
        : { ...item, errors: {}, summary: null, reasonValue: '', replyValue: '', errorList: [] };
    if (isCommission(actor)) {
      const page = pageParam(raw.pagina);
      const heldPage = pageParam(raw.retenidas);
      const q = await this.ratings.moderationQueue(
        actor,
        { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
        { limit: PAGE_SIZE, offset: (heldPage - 1) * PAGE_SIZE },
      );
      const shown = [...q.pending.items, ...q.held.items].some((c) => c.id === problem.id);
      return this.pages.html(
        req,
        res,
        'workspace/opinions/commission',
        {
          pageSummary: shown ? null : problem.summary,
          noErrors: [],
          pending: q.pending.items.map((c) => withProblem(itemOf(c))),
          pendingTotal: q.pending.total,
          pendingPager: pager(page, q.pending.total, (p) => `${HOME}?pagina=${p}&retenidas=${heldPage}`),
          held: q.held.items.map((c) => withProblem(itemOf(c))),
          heldTotal: q.held.total,
          heldPager: pager(heldPage, q.held.total, (p) => `${HOME}?pagina=${page}&retenidas=${p}`),
        },
        { title: 'Opiniones', section: 'opiniones' },
        status,
      );
    }
    const page = pageParam(raw.pagina);
    const mine = await this.ratings.forInstitution(actor, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    this.pages.html(
      req,
      res,
      'workspace/opinions/institution',
      {
        pageSummary: mine.comments.items.some((c) => c.id === problem.id) ? null : problem.summary,
        noErrors: [],
        procedures: mine.procedures.map((p) => ({
          name: p.procedure_name,
          code: p.procedure_code,
          ...summaryCells(p.summary),
        })),
        comments: mine.comments.items.map((c) => withProblem(itemOf(c))),
        commentsTotal: mine.comments.total,
        pager: pager(page, mine.comments.total, (p) => `${HOME}?pagina=${p}`),
      },
      { title: 'Opiniones', section: 'opiniones' },
      status,
    );
  }
}
