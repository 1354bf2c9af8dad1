import { Controller, HttpStatus, Injectable, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../../common/auth/auth.decorators';
import { AppException } from '../../../common/errors/app.exception';
import { RateProcedureDto } from '../../../modules/ratings/dto/rate-procedure.dto';
import { ONE_PER_BROWSER_MS, ONE_PER_NETWORK_MS, RATING_LIMITS } from '../../../modules/ratings/rating-rules';
import type { RatedProcedureRow } from '../../../modules/ratings/ratings.sql';
import { RatingsService } from '../../../modules/ratings/ratings.service';
import { PageResponder } from '../../pages/page-responder';
import { readForm } from '../../workspace/forms';
import { AnonymousForms } from '../anonymous-forms/anonymous-forms.service';
import { procedurePath, ratePath, ratingForm, RatingFormValues, ratingsSummaryView } from './ratings.view';

const FORM = 'rating';
const FIELDS = ['overall', 'clarity', 'timeTaken', 'treatment', 'channel', 'comment'] as const;
/** Published comments shown on the procedure page at a time (the most recent first; `?comentarios=2` the next ones). */
export const COMMENTS_ON_PAGE = 10;

/** The browser's "already rated" cookie of one procedure: only sent back to that procedure's form. */
const cookieName = (procedureId: string) => `sf_valoracion_${procedureId.replace(/-/g, '').slice(0, 16)}`;

/** The ratings section of a public procedure page (aggregate, published comments, the form with its protections). */
@Injectable()
export class RatingsSection {
  constructor(
    private readonly ratings: RatingsService,
    private readonly forms: AnonymousForms,
  ) {}

  /**
   * Null for a procedure that cannot be rated (not active). `commentsPage` is the page of published comments
   * (`?comentarios=`); one past the last shows the first page. `pageHref(n)` is the procedure page's link to page n.
   */
  async of(institutionCode: string, procedureCode: string, commentsPage = 1, pageHref: (page: number) => string = () => '') {
    const procedure = await this.ratings.ratedProcedure(institutionCode, procedureCode).catch((e: unknown) => {
      if (e instanceof AppException && e.status === 404) return null;
      throw e;
    });
    if (!procedure) return null;
    const pageOf = (n: number) => this.ratings.publicSummary(procedure.id, { limit: COMMENTS_ON_PAGE, offset: (n - 1) * COMMENTS_ON_PAGE });
    let page = commentsPage;
    let { summary, comments } = await pageOf(page);
    if (page > 1 && !comments.items.length) ({ summary, comments } = await pageOf((page = 1)));
    return {
      summary: ratingsSummaryView(summary, comments, { page, size: COMMENTS_ON_PAGE, href: pageHref }),
      form: ratingForm(procedure, this.forms.protection(FORM, procedure.id)),
    };
  }
}

/**
 * The rating form's POST (issue 18). The page that shows the form is cached for everyone, so this handler does the
 * anonymous forms' checks (ADR 0011) in order: same origin and the form's token, the honeypot, the answers, one
 * rating per browser (signed cookie, 30 days), the limits per network and per procedure, one per network per day,
 * then the rating. Every refusal is a page in Spanish that says what to do; none stores anything.
 */
@ApiExcludeController()
@Public()
@Controller('transparencia/tramites')
export class RatingsPublicController {
  constructor(
    private readonly ratings: RatingsService,
    private readonly forms: AnonymousForms,
    private readonly pages: PageResponder,
  ) {}

  @Post(':institutionCode/:procedureCode/valorar')
  async rate(
    @Param('institutionCode') institutionCode: string,
    @Param('procedureCode') procedureCode: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const procedure = await this.ratings.ratedProcedure(institutionCode, procedureCode);
    const verdict = this.forms.verify(req, FORM, procedure.id);
    const posted = readForm(RateProcedureDto, req.body, FIELDS);
    const values = posted.values as RatingFormValues;
    if (!verdict.ok) {
      if (verdict.reason === 'honeypot') return this.result(res, procedure, HttpStatus.OK, true, []);
      if (verdict.reason === 'expired')
        return this.form(
          res,
          procedure,
          values,
          posted.errors,
          'El formulario estuvo abierto demasiado tiempo. Revise sus respuestas y envíelo de nuevo.',
        );
      return this.result(
        res,
        procedure,
        HttpStatus.FORBIDDEN,
        false,
        [
          'No pudimos comprobar que el formulario se envió desde la página del trámite.',
          'Vuelva a la página del trámite y envíe su valoración desde allí.',
        ],
        'No se pudo recibir la valoración',
      );
    }
    if (!posted.dto) return this.form(res, procedure, values, posted.errors, null);

    const cookie = cookieName(procedure.id);
    if (this.forms.readSignedCookie(req, cookie) === procedure.id) return this.already(res, procedure);
    const limit = await this.forms.limit(req, FORM, procedure.id, RATING_LIMITS);
    if (!limit.ok) {
      res.setHeader('Retry-After', String(limit.retryAfterSeconds));
      return this.result(
        res,
        procedure,
        HttpStatus.TOO_MANY_REQUESTS,
        false,
        [
          limit.which === 'network'
            ? 'Recibimos muchas valoraciones desde su conexión en poco tiempo.'
            : 'Este trámite está recibiendo muchas valoraciones en poco tiempo.',
          `Por favor, inténtelo de nuevo en ${Math.ceil(limit.retryAfterSeconds / 60)} minutos. Sus respuestas no se guardaron.`,
        ],
        'Espere un momento',
      );
    }
    if (!(await this.forms.claimOnce(req, FORM, procedure.id, ONE_PER_NETWORK_MS))) return this.already(res, procedure);
    try {
      await this.ratings.submit(String(req.id ?? ''), procedure, posted.dto);
    } catch (e) {
      await this.forms.releaseOnce(req, FORM, procedure.id);
      throw e;
    }
    this.forms.setSignedCookie(req, res, cookie, procedure.id, {
      maxAgeMs: ONE_PER_BROWSER_MS,
      path: ratePath(procedure.institution_code, procedure.code),
    });
    const paragraphs = ['Su opinión ayuda a la institución y a la Comisión a mejorar este trámite.'];
    if (posted.dto.comment?.trim())
      paragraphs.push(
        'Su comentario se publicará cuando la Comisión lo revise. Si escribió datos personales, se borraron antes de guardarlo.',
      );
    paragraphs.push('No guardamos datos personales: ni su nombre, ni su correo, ni su dirección IP.');
    this.result(res, procedure, HttpStatus.OK, true, paragraphs);
  }

  private already(res: Response, procedure: RatedProcedureRow): void {
    this.result(
      res,
      procedure,
      HttpStatus.CONFLICT,
      false,
      [
        'Ya recibimos una valoración de este trámite desde este navegador o desde su conexión. ¡Gracias por darla!',
        'Para que las cifras sean justas, contamos una valoración por persona: puede volver a valorarlo dentro de 30 días.',
      ],
      'Ya valoró este trámite',
    );
  }

  private meta(procedure: RatedProcedureRow, title: string) {
    return {
      title: `${title} — ${procedure.name}`,
      description: `Valoración ciudadana del trámite «${procedure.name}» (${procedure.institution_name}).`,
      path: ratePath(procedure.institution_code, procedure.code),
      section: null,
      breadcrumbs: [
        { text: 'Inicio', href: '/transparencia' },
        { text: procedure.name, href: procedurePath(procedure.institution_code, procedure.code) },
      ],
      noIndex: true,
    };
  }

  private procedureOf(p: RatedProcedureRow) {
    return { name: p.name, institution: p.institution_name, href: procedurePath(p.institution_code, p.code) };
  }

  private form(
    res: Response,
    procedure: RatedProcedureRow,
    values: RatingFormValues,
    errors: Record<string, string>,
    summary: string | null,
  ): void {
    const form = ratingForm(procedure, this.forms.protection(FORM, procedure.id), values, errors, summary);
    this.pages.html(
      res,
      'public/rating-form',
      { procedure: this.procedureOf(procedure), form },
      this.meta(procedure, 'Valore este trámite'),
      HttpStatus.BAD_REQUEST,
    );
  }

  private result(res: Response, procedure: RatedProcedureRow, status: number, accepted: boolean, paragraphs: string[], heading = ''): void {
    this.pages.html(
      res,
      'public/rating-result',
      { procedure: this.procedureOf(procedure), accepted, heading, paragraphs },
      this.meta(procedure, accepted ? 'Gracias por su valoración' : heading),
      status,
    );
  }
}
