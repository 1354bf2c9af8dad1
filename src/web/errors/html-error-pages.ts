import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ErrorBody } from '../../common/errors/error-body';
import { HtmlErrorPages } from '../../common/errors/html-error-pages';
import { writePage } from '../pages/page-responder';
import { ViewEngine } from '../views/view-engine';

/** Paths whose failures keep the API's JSON error shape; every other path is a page and fails as one. */
const JSON_PATHS = /^\/(api|health|docs)(\/|$|-)/i;

const TITLES: Record<number, { title: string; message: string }> = {
  400: { title: 'La dirección no es válida', message: 'Algún dato de la dirección no es válido. Revise el enlace o vuelva a la búsqueda.' },
  403: {
    title: 'No se pudo completar la acción',
    message: 'No tiene permiso para esta acción, o el formulario venció. Vuelva a cargar la página e inténtelo de nuevo.',
  },
  404: {
    title: 'No encontramos esta página',
    message: 'La dirección no existe o la institución o el trámite ya no se publica. Revise el enlace o busque el trámite.',
  },
  429: {
    title: 'Demasiadas solicitudes',
    message: 'Recibimos demasiadas solicitudes desde su conexión. Espere un momento y vuelva a intentarlo.',
  },
  503: { title: 'Servicio no disponible', message: 'El servicio no está disponible en este momento. Vuelva a intentarlo en unos minutos.' },
};
const SERVER_ERROR = {
  title: 'Ocurrió un error',
  message: 'Algo falló de nuestro lado. Si vuelve a ocurrir, comuníquelo indicando el número de solicitud.',
};

/** Failures of pages as Spanish HTML pages (404, 500…) that show the request id; never cached. */
@Injectable()
export class WebErrorPages implements HtmlErrorPages {
  constructor(private readonly views: ViewEngine) {}

  wants(req: Request): boolean {
    return !JSON_PATHS.test(req.path);
  }

  send(res: Response, body: ErrorBody, headers: Record<string, string>): void {
    const known = TITLES[body.statusCode] ?? (body.statusCode >= 500 ? SERVER_ERROR : TITLES[400]);
    // A specific Spanish message of ours (e.g. "La institución no existe.") says more than the generic one, except for 5xx.
    const message = body.statusCode < 500 && body.statusCode !== 404 && body.message ? body.message : known.message;
    const html = this.views.render(
      'errors/error',
      { status: body.statusCode, title: known.title, message, requestId: body.requestId },
      { title: known.title, description: known.message, path: '/transparencia', section: null, noIndex: true },
    );
    writePage(
      res,
      { status: body.statusCode, type: 'text/html; charset=utf-8', identity: Buffer.from(html, 'utf8') },
      { ...headers, 'Cache-Control': 'no-store' },
    );
  }
}
