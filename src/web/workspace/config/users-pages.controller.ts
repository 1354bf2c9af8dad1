import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { ADMIN_ROLES, ROLES } from '../../../common/auth/roles';
import { entries, labelCap } from '../../../common/glossary/glossary';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { InstitutionQuery } from '../../../modules/institutions/dto/institution.dto';
import { InstitutionsService } from '../../../modules/institutions/institutions.service';
import { InviteUserDto, UpdateUserDto, UserQuery } from '../../../modules/users/dto/user.dto';
import { UsersService } from '../../../modules/users/users.service';
import { Field, FieldErrors, readQuery, selectField, textField } from '../../forms/form-fields';
import { dtoFrom, formObject, submitAction, submitForm } from '../forms';
import { PageRoles, SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';
import {
  cell,
  CONFIG_BASE,
  facts,
  form,
  links,
  pageParam,
  paginate,
  post,
  renderConfig,
  search,
  table,
  text,
  warning,
} from './config-page';
import { when } from './partner-keys.controller';

const BASE = `${CONFIG_BASE}/usuarios`;
const crumbs = [{ text: 'Usuarios e invitaciones', href: BASE }];
const PAGE_SIZE = 25;

/**
 * Configuración → Usuarios e invitaciones: every account, filtered by role, state and institution; invite by e-mail
 * (the link lands on /app/activar-cuenta), resend an invitation not yet used, disable an account after confirming
 * (its sessions end at once) and re-enable it. Every write goes through UsersService (audited), as the API does.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@PageRoles(ADMIN_ROLES)
@Controller('app/configuracion/usuarios')
export class UsersPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly institutions: InstitutionsService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const actor = req.actor as Actor;
    const page = pageParam(raw.pagina);
    const { value: q, errors } = readQuery(UserQuery, { role: raw.rol, status: raw.estado, institutionId: raw.institucion });
    const [result, names] = await Promise.all([
      this.users.list(actor, Object.assign(q, { page, pageSize: PAGE_SIZE })),
      this.institutionNames(actor),
    ]);
    const shown = { rol: q.role ?? '', estado: q.status ?? '', institucion: q.institutionId ?? '' };
    renderConfig(this.pages, req, res, {
      heading: 'Usuarios e invitaciones',
      breadcrumbs: [],
      blocks: [
        text(
          'Las invitaciones llegan por correo con un enlace de un solo uso para crear la contraseña. Desactivar una cuenta cierra sus sesiones de inmediato.',
        ),
        links([{ text: 'Invitar a una persona', href: `${BASE}/invitar` }]),
        search(BASE, 'Filtrar usuarios', [
          selectField(
            'rol',
            'Rol',
            ROLES.map((r) => ({ value: r, text: labelCap('role', r) })),
            shown.rol,
            errors,
            { any: 'Todos' },
          ),
          selectField(
            'estado',
            'Estado',
            entries('userStatus').map((s) => ({ value: s.code, text: labelCap('userStatus', s.code) })),
            shown.estado,
            errors,
            { any: 'Todos' },
          ),
          selectField(
            'institucion',
            'Institución',
            [...names].map(([value, t]) => ({ value, text: t })),
            shown.institucion,
            errors,
            {
              any: 'Todas',
            },
          ),
        ]),
        table({
          id: 'usuarios',
          caption: `Usuarios (${result.total})`,
          headers: ['Nombre', 'Correo', 'Rol', 'Institución', 'Último ingreso', 'Estado'],
          rows: result.items.map((u) => [
            cell(u.name, { href: `${BASE}/${u.id}` }),
            cell(u.email),
            cell(labelCap('role', u.role)),
            cell(u.institutionId ? (names.get(u.institutionId) ?? 'otra') : 'la Comisión'),
            cell(when(u.lastLoginAt)),
            cell('', {
              tag: labelCap('userStatus', u.status),
              tagColour: u.status === 'active' ? 'green' : u.status === 'invited' ? 'blue' : 'grey',
            }),
          ]),
          empty: 'Ningún usuario coincide con el filtro.',
          pagination: paginate(BASE, page, PAGE_SIZE, result.total, shown),
        }),
      ],
    });
  }

  @Get('invitar')
  async invitePage(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.renderInvite(req, res, { role: 'liaison' }, {}, null);
  }

  @Post('invitar')
  async invite(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const { plain, values } = formObject(body, { email: 'text', name: 'text', role: 'text', institutionId: 'text' }, 'create');
    await submitForm(this.pages, req, res, dtoFrom(InviteUserDto, plain), {
      act: async (dto) => ({ to: `${BASE}?estado=invited`, notice: (await this.users.invite(req.actor as Actor, dto)).message }),
      render: (errors, summary, status) =>
        this.renderInvite(req, res, values as Record<string, string>, errors, Object.keys(errors).length ? null : summary, status),
    });
  }

  @Get(':id')
  async detail(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const actor = req.actor as Actor;
    const u = await this.users.get(actor, id);
    const names = await this.institutionNames(actor);
    const self = u.id === actor.userId;
    renderConfig(this.pages, req, res, {
      heading: u.name,
      caption: 'Usuario',
      breadcrumbs: crumbs,
      blocks: [
        facts([
          { key: 'Correo', value: u.email },
          { key: 'Rol', value: labelCap('role', u.role) },
          { key: 'Institución', value: u.institutionId ? (names.get(u.institutionId) ?? 'otra') : 'la Comisión' },
          { key: 'Estado', value: labelCap('userStatus', u.status) },
          { key: 'Último ingreso', value: when(u.lastLoginAt) },
          { key: 'Creado', value: when(u.createdAt) },
        ]),
        ...(u.status === 'invited'
          ? [
              text('La persona aún no activa su cuenta. Puede enviarle un enlace nuevo; el anterior dejará de servir.'),
              form(post(`${BASE}/${u.id}/reenviar`, 'Reenviar la invitación', { secondary: true })),
            ]
          : []),
        ...(u.status !== 'disabled' && !self ? [links([{ text: 'Desactivar esta cuenta', href: `${BASE}/${u.id}/desactivar` }])] : []),
        ...(u.status === 'disabled'
          ? [
              form(
                post(`${BASE}/${u.id}/reactivar`, 'Reactivar la cuenta', {
                  secondary: true,
                  hidden: [{ name: 'version', value: String(u.version) }],
                }),
              ),
            ]
          : []),
      ],
    });
  }

  @Post(':id/reenviar')
  async resend(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    await submitAction(this.pages, req, res, {
      act: async () => ({
        to: `${BASE}/${id}`,
        notice: `Se envió una invitación nueva a ${(await this.users.resendInvitation(req.actor as Actor, id)).email}.`,
      }),
      back: `${BASE}/${id}`,
      failed: 'No se pudo reenviar la invitación.',
    });
  }

  @Get(':id/desactivar')
  async disablePage(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const u = await this.users.get(req.actor as Actor, id);
    if (u.status === 'disabled') return this.pages.redirect(res, `${BASE}/${id}`, req, 'La cuenta ya estaba desactivada.');
    renderConfig(this.pages, req, res, {
      heading: `¿Desactivar la cuenta de ${u.name}?`,
      breadcrumbs: [...crumbs, { text: u.name, href: `${BASE}/${id}` }],
      blocks: [
        warning('La persona no podrá ingresar y sus sesiones abiertas se cierran de inmediato. Puede reactivarla después.'),
        facts([
          { key: 'Correo', value: u.email },
          { key: 'Rol', value: labelCap('role', u.role) },
        ]),
        form(
          post(`${BASE}/${id}/desactivar`, 'Sí, desactivar la cuenta', {
            warning: true,
            cancel: `${BASE}/${id}`,
            hidden: [{ name: 'version', value: String(u.version) }],
          }),
        ),
      ],
    });
  }

  @Post(':id/desactivar')
  async disable(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    await this.setStatus(req, res, id, body, 'disabled');
  }

  @Post(':id/reactivar')
  async enable(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    await this.setStatus(req, res, id, body, 'active');
  }

  private async setStatus(
    req: Request,
    res: Response,
    id: string,
    body: Record<string, unknown>,
    status: 'active' | 'disabled',
  ): Promise<void> {
    const actor = req.actor as Actor;
    const { dto } = dtoFrom(UpdateUserDto, { version: Number(body.version), status });
    const u = await this.users.get(actor, id);
    if (!dto) return this.pages.redirect(res, `${BASE}/${id}`, req, 'Falta la versión de la cuenta; vuelva a intentarlo.');
    await submitAction(this.pages, req, res, {
      act: async () => {
        await this.users.update(actor, id, dto);
        return {
          to: `${BASE}/${id}`,
          notice: status === 'disabled' ? `Se desactivó la cuenta de ${u.name}.` : `Se reactivó la cuenta de ${u.name}.`,
        };
      },
      back: `${BASE}/${id}`,
      failed: 'No se pudo guardar.',
      conflict: 'Otra persona modificó la cuenta mientras tanto; revise su estado y vuelva a intentarlo.',
    });
  }

  /** Institutions by id, as "CODE — name" (every page of them: a few hundred at most). */
  private async institutionNames(actor: Actor): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (let page = 1; ; page++) {
      const result = await this.institutions.list(actor, Object.assign(new InstitutionQuery(), { page, pageSize: 200 }));
      for (const i of result.items) names.set(i.id, `${i.code} — ${i.name}`);
      if (page * 200 >= result.total) return names;
    }
  }

  private async renderInvite(
    req: Request,
    res: Response,
    values: Record<string, string>,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
  ): Promise<void> {
    const names = await this.institutionNames(req.actor as Actor);
    const fields: Field[] = [
      textField('name', 'Nombre completo', values.name, errors),
      textField('email', 'Correo electrónico', values.email, errors, { type: 'email' }),
      selectField(
        'role',
        'Rol',
        ROLES.map((r) => ({ value: r, text: labelCap('role', r) })),
        values.role,
        errors,
      ),
      selectField(
        'institutionId',
        'Institución',
        [...names].map(([value, t]) => ({ value, text: t })),
        values.institutionId,
        errors,
        {
          any: 'Ninguna (personal de la Comisión)',
          hint: 'Obligatoria para enlaces y administradores institucionales; ninguna para analistas y administradores de la Comisión.',
        },
      ),
    ];
    renderConfig(
      this.pages,
      req,
      res,
      {
        heading: 'Invitar a una persona',
        breadcrumbs: crumbs,
        fields,
        summary,
        blocks: [
          text('Recibirá un correo con un enlace de un solo uso para crear su contraseña en /app/activar-cuenta.'),
          form(post(`${BASE}/invitar`, 'Enviar la invitación', { fields, cancel: BASE })),
        ],
      },
      status,
    );
  }
}
