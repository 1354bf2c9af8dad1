import { Controller, Get, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../common/auth/auth.decorators';
import { ADMIN_ROLES, ANY_ROLE, COMMISSION_ROLES } from '../../common/auth/roles';
import { PageRoles, SignInRedirectFilter, WorkspaceGuard } from './session/workspace.guard';
import { WORKSPACE_NAV, WorkspaceResponder, WorkspaceSection } from './workspace-responder';

const COMING: Partial<Record<WorkspaceSection, string>> = {
  revision: 'Aquí estará la cola de evaluaciones, planes e informes presentados que esperan su revisión.',
  denuncias: 'Aquí verá las denuncias de requisitos no registrados o prohibidos y podrá darles seguimiento.',
  configuracion: 'Aquí podrá configurar modelos de madurez, metodologías, reglas de recordatorio, plazos legales, usuarios y llaves.',
};

/**
 * Sections of the navigation not built yet answer an honest "próximamente" page (200) that says what will be there,
 * so links in e-mails and the navigation never lead to an error. Building a section: remove its route here; its own
 * controller then answers the path (with the same `@PageRoles` as its WORKSPACE_NAV entry).
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@Controller('app')
export class ComingSoonController {
  constructor(private readonly pages: WorkspaceResponder) {}

  @Get('revision')
  @PageRoles(COMMISSION_ROLES)
  revision(@Req() req: Request, @Res() res: Response): void {
    this.render(req, res, 'revision');
  }

  @Get('denuncias')
  @PageRoles(ANY_ROLE)
  denuncias(@Req() req: Request, @Res() res: Response): void {
    this.render(req, res, 'denuncias');
  }

  @Get('configuracion')
  @PageRoles(ADMIN_ROLES)
  configuracion(@Req() req: Request, @Res() res: Response): void {
    this.render(req, res, 'configuracion');
  }

  private render(req: Request, res: Response, section: WorkspaceSection): void {
    const entry = WORKSPACE_NAV.find((n) => n.section === section)!;
    this.pages.html(req, res, 'workspace/coming-soon', { title: entry.text, what: COMING[section] ?? '' }, { title: entry.text, section });
  }
}
