import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { precompile, registerPartialsFrom, registerSharedHelpers, SHARED_PARTIALS_DIR } from '../../common/views/handlebars-setup';
import { AppConfig } from '../../config/app-config';
import { Assets } from '../assets/assets.service';

/** Templates of the pages: layouts/, partials/ and one folder per area (public/, errors/, later workspace/). */
export const VIEWS_DIR = __dirname;

export interface Breadcrumb {
  text: string;
  href: string;
}

/** What the layout needs besides the page's own model. */
export interface PageMeta {
  /** The page's title (the site's name is appended). */
  title: string;
  /** One sentence: meta description and Open Graph summary. */
  description: string;
  /** Canonical path (with its query when it is part of the resource). */
  path: string;
  /** Which entry of the site navigation is current. */
  section: 'inicio' | 'buscar' | 'metodologia' | 'datos' | null;
  breadcrumbs?: Breadcrumb[];
  /** Structured data for search engines (schema.org), embedded as application/ld+json. */
  jsonLd?: object | null;
  /** Pages that should not be indexed (errors, search results). */
  noIndex?: boolean;
}

/** JSON inside a <script> element: nothing in it can close the element or start markup. */
export const scriptSafeJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

function* templatesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* templatesUnder(full);
    else if (entry.name.endsWith('.hbs')) yield full;
  }
}

/**
 * The pages' Handlebars: one isolated instance in strict mode (a missing value throws instead of printing a
 * blank), every template precompiled at boot, the helpers and `shared/` partials of the e-mails, and one layout.
 */
@Injectable()
export class ViewEngine {
  private readonly hbs = Handlebars.create();
  private readonly views = new Map<string, HandlebarsTemplateDelegate>();
  private readonly layout: HandlebarsTemplateDelegate;
  private readonly site: Record<string, unknown>;
  /** Changes with any template or asset: part of every page's ETag. */
  readonly fingerprint: string;

  constructor(config: AppConfig, assets: Assets) {
    const dir = VIEWS_DIR;
    registerSharedHelpers(this.hbs);
    registerPartialsFrom(this.hbs, SHARED_PARTIALS_DIR, 'shared/');
    registerPartialsFrom(this.hbs, join(dir, 'partials'));
    const hash = createHash('sha256').update(assets.fingerprint);
    for (const file of [...templatesUnder(dir)].sort()) {
      const name = relative(dir, file)
        .replace(/\\/g, '/')
        .replace(/\.hbs$/, '');
      const source = readFileSync(file, 'utf8');
      hash.update(name).update(source);
      if (name.startsWith('partials/')) continue;
      this.views.set(name, precompile(this.hbs, source, { strict: true }));
    }
    const layout = this.views.get('layouts/page');
    if (!layout) throw new Error('Falta la plantilla layouts/page.hbs');
    this.layout = layout;
    this.fingerprint = hash.digest('hex').slice(0, 16);
    this.site = {
      name: 'Simplifica',
      commissionName: config.site.commissionName,
      commissionAcronym: config.site.commissionAcronym,
      baseUrl: config.http.publicUrl,
      css: assets.url('site.css'),
      faviconSvg: assets.url('favicon.svg'),
      docsEnabled: config.http.docsEnabled,
    };
  }

  /**
   * A view inside another layout (the workspace's `layouts/workspace`): the layout gets `site`, `body` and what the
   * caller passes. Throws on a missing view or value (a bug, never bad input).
   */
  renderIn(layoutName: string, view: string, model: object, layoutModel: object): string {
    const template = this.views.get(view);
    const layout = this.views.get(layoutName);
    if (!template || !layout) throw new Error(`Vista desconocida: ${template ? layoutName : view}`);
    return layout({ ...layoutModel, site: this.site, body: template({ ...model, site: this.site }) });
  }

  /** A whole page: the view inside the layout. Throws on a missing view or value (a bug, never bad input). */
  render(view: string, model: object, meta: PageMeta): string {
    const template = this.views.get(view);
    if (!template) throw new Error(`Vista desconocida: ${view}`);
    const body = template({ ...model, site: this.site });
    return this.layout({
      site: this.site,
      body,
      meta: {
        title: meta.title,
        description: meta.description,
        canonical: `${this.site.baseUrl}${meta.path}`,
        section: meta.section,
        breadcrumbs: meta.breadcrumbs ?? [],
        jsonLd: meta.jsonLd ? scriptSafeJson(meta.jsonLd) : null,
        noIndex: meta.noIndex ?? false,
      },
      nav: [
        { text: 'Inicio', href: '/transparencia', current: meta.section === 'inicio' },
        { text: 'Buscar trámites', href: '/transparencia/buscar', current: meta.section === 'buscar' },
        { text: 'Metodología', href: '/transparencia/metodologia', current: meta.section === 'metodologia' },
        { text: 'Datos abiertos', href: '/transparencia/datos-abiertos', current: meta.section === 'datos' },
      ],
    });
  }
}
