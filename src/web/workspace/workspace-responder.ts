import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Role, INSTITUTION_ROLES } from '../../common/auth/roles';
import { label } from '../../common/glossary/glossary';
import { ACCOUNT_PATHS } from '../../common/http/page-links';
import { writePage } from '../pages/page-responder';
import { Breadcrumb, ViewEngine } from '../views/view-engine';
import { PageSessions } from './session/page-session';

/** The sections of the workspace navigation. */
export type WorkspaceSection = 'inicio' | 'inventario' | 'importar' | 'madurez' | 'plan' | 'informes' | 'avisos' | 'cuenta';

/**
 * The navigation of an institution's users, in order. `ready: false` sections answer with an honest "próximamente"
 * page (200) until they are built; building one means adding its controller and flipping the flag.
 */
export const WORKSPACE_NAV: ReadonlyArray<{ section: WorkspaceSection; text: string; href: string; ready: boolean }> = [
  { section: 'inicio', text: 'Inicio', href: '/app', ready: true },
  { section: 'inventario', text: 'Inventario', href: '/app/inventario', ready: true },
  { section: 'importar', text: 'Importar', href: '/app/importar', ready: true },
  { section: 'madurez', text: 'Madurez', href: '/app/madurez', ready: true },
  { section: 'plan', text: 'Plan', href: '/app/plan', ready: true },
  { section: 'informes', text: 'Informes', href: '/app/informes', ready: true },
  { section: 'avisos', text: 'Avisos', href: '/app/avisos', ready: true },
];

/** Sections Commission staff see in this workspace (their own workspace is another issue). */
const COMMISSION_SECTIONS: readonly WorkspaceSection[] = ['inicio', 'avisos'];

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
    const visible =
      role && INSTITUTION_ROLES.includes(role) ? WORKSPACE_NAV : WORKSPACE_NAV.filter((n) => COMMISSION_SECTIONS.includes(n.section));
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
