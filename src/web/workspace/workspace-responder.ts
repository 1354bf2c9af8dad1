import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ADMIN_ROLES, ANY_ROLE, COMMISSION_ROLES, INSTITUTION_ROLES, Role } from '../../common/auth/roles';
import { label } from '../../common/glossary/glossary';
import { ACCOUNT_PATHS } from '../../common/http/page-links';
import { writePage } from '../pages/page-responder';
import { Breadcrumb, ViewEngine } from '../views/view-engine';
import { PageSessions } from './session/page-session';

/** The sections of the workspace navigation. */
export type WorkspaceSection =
  | 'inicio'
  | 'tablero'
  | 'revision'
  | 'atrasos'
  | 'nacional'
  | 'inventario'
  | 'importar'
  | 'madurez'
  | 'plan'
  | 'informes'
  | 'opiniones'
  | 'denuncias'
  | 'configuracion'
  | 'avisos'
  | 'cuenta';

export interface WorkspaceNavEntry {
  section: WorkspaceSection;
  text: string;
  href: string;
  /** Who sees the entry; the section's controller refuses everyone else with 404 (`@PageRoles`). */
  roles: readonly Role[];
}

/**
 * The navigation, in order, filtered by the person's role: an institution's users see their inventory, plan and
 * reports; Commission staff see the desk (tablero, revisión, atrasos, nacional) and administrators the configuration.
 * Every section has its own controller, with the same `@PageRoles` as its entry here.
 */
export const WORKSPACE_NAV: ReadonlyArray<WorkspaceNavEntry> = [
  { section: 'inicio', text: 'Inicio', href: '/app', roles: ANY_ROLE },
  { section: 'tablero', text: 'Tablero', href: '/app/tablero', roles: COMMISSION_ROLES },
  { section: 'revision', text: 'Revisión', href: '/app/revision', roles: COMMISSION_ROLES },
  { section: 'atrasos', text: 'Atrasos', href: '/app/atrasos', roles: COMMISSION_ROLES },
  { section: 'nacional', text: 'Nacional', href: '/app/nacional', roles: COMMISSION_ROLES },
  { section: 'inventario', text: 'Inventario', href: '/app/inventario', roles: INSTITUTION_ROLES },
  { section: 'importar', text: 'Importar', href: '/app/importar', roles: INSTITUTION_ROLES },
  { section: 'madurez', text: 'Madurez', href: '/app/madurez', roles: INSTITUTION_ROLES },
  { section: 'plan', text: 'Plan', href: '/app/plan', roles: INSTITUTION_ROLES },
  { section: 'informes', text: 'Informes', href: '/app/informes', roles: INSTITUTION_ROLES },
  { section: 'opiniones', text: 'Opiniones', href: '/app/opiniones', roles: ANY_ROLE },
  { section: 'denuncias', text: 'Denuncias', href: '/app/denuncias', roles: ANY_ROLE },
  { section: 'configuracion', text: 'Configuración', href: '/app/configuracion', roles: ADMIN_ROLES },
  { section: 'avisos', text: 'Avisos', href: '/app/avisos', roles: ANY_ROLE },
];

/** The navigation entries a role sees. */
export const navFor = (role: Role): WorkspaceNavEntry[] => WORKSPACE_NAV.filter((n) => n.roles.includes(role));

export interface WorkspaceMeta {
  title: string;
  section: WorkspaceSection | null;
  breadcrumbs?: Breadcrumb[];
}

/**
 * How workspace page controllers answer: the view inside the workspace layout (the person's name and institution,
 * the navigation, the sign-out form, a one-time notice), private (`Cache-Control: no-store`), under the pages' CSP.
 * Every view gets `csrf` (the session's form token) to put in each form as `{{> form/csrf}}`.
 */
@Injectable()
export class WorkspaceResponder {
  constructor(
    private readonly views: ViewEngine,
    private readonly sessions: PageSessions,
  ) {}

  html(req: Request, res: Response, view: string, model: object, meta: WorkspaceMeta, status = 200): void {
    const csrf = this.sessions.csrfToken(req);
    const actor = req.actor?.kind === 'user' ? req.actor : null;
    const role = (actor?.role ?? null) as Role | null;
    const visible = role ? navFor(role) : [];
    const html = this.views.renderIn(
      'layouts/workspace',
      view,
      { ...model, csrf },
      {
        meta: { title: meta.title, breadcrumbs: meta.breadcrumbs ?? [] },
        csrf,
        notice: this.sessions.takeNotice(req),
        user: actor
          ? {
              name: req.session.userName ?? '',
              institutionName: req.session.institutionName ?? null,
              roleLabel: role ? label('role', role) : '',
            }
          : null,
        nav: actor ? visible.map((n) => ({ text: n.text, href: n.href, current: n.section === meta.section })) : [],
        paths: ACCOUNT_PATHS,
        accountCurrent: meta.section === 'cuenta',
      },
    );
    writePage(res, { status, type: 'text/html; charset=utf-8', identity: Buffer.from(html, 'utf8') }, { 'Cache-Control': 'no-store' });
  }

  /** 303 See Other after a successful form post (the browser then GETs the page; reloading does not post again). */
  redirect(res: Response, to: string, req?: Request, notice?: string): void {
    if (notice && req?.session) req.session.notice = notice;
    res.redirect(303, to);
  }
}
