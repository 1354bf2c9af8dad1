import { Controller, Get, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../../common/auth/auth.decorators';
import { ADMIN_ROLES } from '../../../common/auth/roles';
import { PageRoles, SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';
import { CONFIG_BASE, links, renderConfig, text } from './config-page';

/** The configuration sections, in the order an administrator sets the system up. */
export const CONFIG_SECTIONS: ReadonlyArray<{ text: string; href: string; description: string }> = [
  {
    text: 'Modelos de madurez',
    href: `${CONFIG_BASE}/modelos-madurez`,
    description: 'versiones de la escala de madurez digital: borrador, comparación y publicación',
  },
  {
    text: 'Metodologías de puntaje',
    href: `${CONFIG_BASE}/metodologias`,
    description: 'pesos y parámetros del puntaje: borrador, comparación y publicación',
  },
  {
    text: 'Reglas de recordatorio',
    href: `${CONFIG_BASE}/recordatorios`,
    description: 'cuándo y a quién se recuerdan hitos, informes y plazos',
  },
  {
    text: 'Plazos legales',
    href: `${CONFIG_BASE}/plazos-legales`,
    description: 'los plazos de las disposiciones transitorias, por cobertura',
  },
  { text: 'Instituciones', href: `${CONFIG_BASE}/instituciones`, description: 'registro y datos de las instituciones' },
  { text: 'Usuarios e invitaciones', href: `${CONFIG_BASE}/usuarios`, description: 'invitar, reenviar invitaciones y desactivar cuentas' },
  { text: 'Llaves de socios', href: `${CONFIG_BASE}/llaves`, description: 'acceso a la API pública: crear, revocar y ver el uso' },
  {
    text: 'Webhooks',
    href: `${CONFIG_BASE}/webhooks`,
    description: 'suscripciones de los socios, bitácora de entregas, evento de prueba y reenvío',
  },
];

/** Configuración (Commission administrators): the index of the configuration pages. */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@PageRoles(ADMIN_ROLES)
@Controller('app/configuracion')
export class ConfigIndexController {
  constructor(private readonly pages: WorkspaceResponder) {}

  @Get()
  index(@Req() req: Request, @Res() res: Response): void {
    renderConfig(this.pages, req, res, {
      heading: 'Configuración',
      breadcrumbs: null,
      blocks: [
        text('Lo que la Comisión configura como datos: cada cambio queda registrado en la bitácora de auditoría con su autor.'),
        links(CONFIG_SECTIONS),
      ],
    });
  }
}
