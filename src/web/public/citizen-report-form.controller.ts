import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../../common/auth/actor';
import { CurrentActor, Public } from '../../common/auth/auth.decorators';
import { AppException } from '../../common/errors/app.exception';
import { capitalise, label } from '../../common/glossary/glossary';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { isDateOnly } from '../../common/validation/date-only';
import { CITIZEN_REPORT_KINDS } from '../../modules/citizen-reports/citizen-report.rules';
import { citizenReportPaths } from '../../modules/citizen-reports/citizen-report-mail';
import { CitizenReportsService } from '../../modules/citizen-reports/citizen-reports.service';
import { FileCitizenReportDto } from '../../modules/citizen-reports/dto/citizen-report.dto';
import { CHANNELS } from '../../modules/inventory/rules/inventory.enums';
import { requirementInForce } from '../../modules/inventory/rules/requirement-in-force';
import type { PublicProcedureDetail } from '../../modules/public-api/dto/public-response.dto';
import { PublicApiService } from '../../modules/public-api/public-api.service';
import { errorList, Field, FieldErrors, selectField, textField } from '../forms/form-fields';
import { PageResponder } from '../pages/page-responder';
import { readForm, refusalOf } from '../workspace/forms';
import { AnonymousForms, AnonymousLimits } from './anonymous-forms/anonymous-forms.service';

const HOME = { text: 'Inicio', href: '/transparencia' };
const FORM = 'denuncia';
const CONTACT_FORM = 'denuncia-correo';
const FIELDS = ['kind', 'requirementId', 'whatAsked', 'askedOn', 'channel', 'place', 'email'] as const;
/** A person files a few reports at most; a counter keeps scripts from flooding an institution's desk. */
const LIMITS: AnonymousLimits = {
  perNetwork: { max: 5, windowMs: 3_600_000 },
  perSubject: { max: 60, windowMs: 3_600_000 },
};
const CONTACT_LIMITS: AnonymousLimits = {
  perNetwork: { max: 20, windowMs: 3_600_000 },
  perSubject: { max: 10, windowMs: 3_600_000 },
};

/** Radio buttons in GOV.UK markup (the form partials have selects and checkboxes; a choice of two reads better as radios). */
const radios = (
  name: string,
  legend: string,
  choices: Array<{ value: string; text: string; hint?: string }>,
  value: string,
  errors: FieldErrors,
) => ({
  id: `f-${name}`,
  name,
  legend,
  error: errors[name] ?? null,
  options: choices.map((c) => ({ ...c, checked: c.value === value })),
});

/**
 * The report form of a procedure (no account, works without JavaScript): what was asked, when, where and an optional
 * e-mail; protected as every anonymous form of the site (ADR 0011: same origin, a signed form token that a cached page
 * can carry, a honeypot, limits per network and per procedure in Redis). On success, the status page with its code.
 * Also the page behind the deletion link of every status e-mail.
 */
@ApiExcludeController()
@Public()
@Controller('transparencia')
export class CitizenReportFormController {
  constructor(
    private readonly api: PublicApiService,
    private readonly reports: CitizenReportsService,
    private readonly forms: AnonymousForms,
    private readonly pages: PageResponder,
  ) {}

  @Get('tramites/:institutionCode/:procedureCode/denunciar')
  async form(
    @CurrentActor() actor: Actor,
    @Param('institutionCode') institutionCode: string,
    @Param('procedureCode') procedureCode: string,
    @Query() q: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const detail = await this.api.procedure(actor, institutionCode, procedureCode);
    const today = todayInGuatemala();
    const day = typeof q.fecha === 'string' && isDateOnly(q.fecha) && q.fecha <= today ? q.fecha : today;
    const kind = typeof q.tipo === 'string' && (CITIZEN_REPORT_KINDS as readonly string[]).includes(q.tipo) ? q.tipo : '';
    const requirement = typeof q.requisito === 'string' ? q.requisito : '';
    this.render(
      res,
      detail,
      { kind, requirementId: requirement, askedOn: day, whatAsked: '', channel: '', place: '', email: '' },
      {},
      null,
    );
  }

  @Post('tramites/:institutionCode/:procedureCode/denunciar')
  async file(
    @CurrentActor() actor: Actor,
    @Param('institutionCode') institutionCode: string,
    @Param('procedureCode') procedureCode: string,
    @Req() req: Request,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const detail = await this.api.procedure(actor, institutionCode, procedureCode);
    const subject = `${detail.institutionCode}/${detail.code}`;
    const { values, dto, errors } = readForm(FileCitizenReportDto, body, FIELDS);
    const verdict = this.forms.verify(req, FORM, subject);
    if (!verdict.ok) {
      if (verdict.reason === 'expired')
        return this.render(res, detail, values, {}, 'El formulario estuvo abierto mucho tiempo. Revise sus datos y envíelo de nuevo.', 400);
      if (verdict.reason === 'honeypot') return this.received(res, null);
      throw AppException.forbidden('El formulario venció o no es válido. Vuelva a cargar la página e inténtelo de nuevo.');
    }
    if (!dto) return this.render(res, detail, values, errors, null, 400);
    // counted once the form is valid: a person correcting messages is not limited, a stored report is
    const limit = await this.forms.limit(req, FORM, subject, LIMITS);
    if (!limit.ok) {
      res.setHeader('Retry-After', String(limit.retryAfterSeconds));
      return this.render(
        res,
        detail,
        values,
        {},
        'Se han enviado demasiadas denuncias desde su conexión o sobre este trámite en la última hora. Espere un momento y vuelva a intentarlo.',
        429,
      );
    }
    try {
      const { trackingCode } = await this.reports.file(actor, detail.institutionCode, detail.code, dto);
      res.redirect(303, `${citizenReportPaths.status(trackingCode)}?nueva=1`);
    } catch (e) {
      const r = refusalOf(e);
      this.render(res, detail, values, r.errors, r.summary, r.status);
    }
  }

  @Get('denuncias/:code/correo')
  async contact(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Query('clave') token: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const status = await this.reports.contactStatus(actor, code, typeof token === 'string' ? token : '');
    this.contactPage(res, status.trackingCode, typeof token === 'string' ? token : '', status.hasContact ? 'ask' : 'gone');
  }

  @Post('denuncias/:code/correo')
  async deleteContact(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Req() req: Request,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const token = typeof body.clave === 'string' ? body.clave : '';
    const status = await this.reports.contactStatus(actor, code, token);
    const verdict = this.forms.verify(req, CONTACT_FORM, status.trackingCode);
    if (!verdict.ok && verdict.reason !== 'expired')
      throw AppException.forbidden('El formulario no es válido. Abra de nuevo el enlace del correo.');
    if (!verdict.ok) return this.contactPage(res, status.trackingCode, token, 'ask');
    const limit = await this.forms.limit(req, CONTACT_FORM, status.trackingCode, CONTACT_LIMITS);
    if (!limit.ok) {
      res.setHeader('Retry-After', String(limit.retryAfterSeconds));
      throw AppException.rateLimited(
        limit.retryAfterSeconds,
        'Demasiados intentos desde su conexión. Espere un momento y vuelva a intentarlo.',
      );
    }
    await this.reports.deleteContact(actor, status.trackingCode, token);
    this.contactPage(res, status.trackingCode, token, 'deleted');
  }

  private contactPage(res: Response, code: string, token: string, state: 'ask' | 'gone' | 'deleted'): void {
    this.pages.html(
      res,
      'public/citizen-report-contact',
      {
        code,
        token,
        ask: state === 'ask',
        deleted: state === 'deleted',
        statusHref: citizenReportPaths.status(code),
        protection: this.forms.protection(CONTACT_FORM, code),
      },
      {
        title: 'Borrar mi correo',
        description: 'Borre el correo que dejó en su denuncia.',
        path: `${citizenReportPaths.status(code)}/correo`,
        section: null,
        breadcrumbs: [HOME],
        noIndex: true,
      },
    );
  }

  /** The confirmation a robot filling the honeypot sees (nothing stored); people land on their status page instead. */
  private received(res: Response, code: string | null): void {
    this.pages.html(
      res,
      'public/citizen-report-contact',
      { code, received: true, ask: false, deleted: false, token: '', statusHref: '/transparencia/denuncias', protection: null },
      { title: 'Recibimos su denuncia', description: 'Denuncia recibida.', path: '/transparencia/denuncias', section: null, noIndex: true },
    );
  }

  private render(
    res: Response,
    p: PublicProcedureDetail,
    values: Record<string, string>,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
  ): void {
    const today = todayInGuatemala();
    const day = isDateOnly(values.askedOn ?? '') && values.askedOn <= today ? values.askedOn : today;
    const listed = [...p.requirements.current, ...p.requirements.eliminated].filter((r) => requirementInForce(r, day));
    const kind = radios(
      'kind',
      '¿Qué le pidieron?',
      [
        { value: 'not_listed', text: 'Algo que no está en la lista de requisitos del trámite' },
        {
          value: 'prohibited',
          text: 'Un requisito de la lista que está prohibido o no tiene base legal',
          hint: 'Por ejemplo, una declaración jurada o una firma autenticada por notario.',
        },
      ],
      values.kind ?? '',
      errors,
    );
    const fields: Field[] = [
      selectField(
        'requirementId',
        'Si es un requisito de la lista, ¿cuál?',
        listed.map((r) => ({ value: r.id, text: r.name })),
        values.requirementId,
        errors,
        { any: 'Ninguno: no está en la lista', hint: `Los requisitos vigentes el ${day.split('-').reverse().join('/')}.` },
      ),
      {
        ...textField('whatAsked', 'Describa lo que le pidieron', values.whatAsked, errors, {
          hint: 'Hasta 500 caracteres. No escriba su nombre, su DPI ni otros datos personales.',
        }),
        type: 'textarea',
        rows: 4,
      } as Field,
      textField('askedOn', '¿Qué día se lo pidieron?', values.askedOn, errors, { type: 'date', width: '10' }),
      selectField(
        'channel',
        '¿Dónde se lo pidieron?',
        CHANNELS.map((c) => ({ value: c, text: capitalise(label('channel', c)) })),
        values.channel,
        errors,
        { any: 'Elija una opción' },
      ),
      textField('place', 'Oficina o lugar (opcional)', values.place, errors, {
        hint: 'Por ejemplo: «Ventanilla 3, oficinas centrales, zona 1». No escriba nombres de personas.',
      }),
      textField('email', 'Correo electrónico (opcional)', values.email, errors, {
        type: 'email',
        hint: 'Solo para avisarle de cada paso de su denuncia. Se guarda cifrado, nunca se publica ni se entrega a la institución, y puede borrarlo con el enlace de cada aviso.',
      }),
    ];
    const procedurePath = `/transparencia/tramites/${encodeURIComponent(p.institutionCode)}/${encodeURIComponent(p.code)}`;
    this.pages.html(
      res,
      'public/citizen-report-form',
      {
        procedure: { name: p.name, institution: p.institutionName, href: procedurePath },
        action: `${procedurePath}/denunciar`,
        kind,
        fields,
        errors: [...(kind.error ? [{ href: '#f-kind', text: kind.error }] : []), ...errorList(fields)],
        summary,
        protection: this.forms.protection(FORM, `${p.institutionCode}/${p.code}`),
      },
      {
        title: `Denunciar un requisito — ${p.name}`,
        description: `Denuncie que en «${p.name}» le pidieron algo que no está en el registro o que está prohibido.`,
        path: `${procedurePath}/denunciar`,
        section: null,
        breadcrumbs: [
          HOME,
          { text: p.institutionName, href: `/transparencia/instituciones/${encodeURIComponent(p.institutionCode)}` },
          { text: p.name, href: procedurePath },
        ],
        noIndex: true,
      },
      status,
    );
  }
}
