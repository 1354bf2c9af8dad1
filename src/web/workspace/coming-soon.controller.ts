import { Controller, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../common/auth/auth.decorators';
import { SignInRedirectFilter, WorkspaceGuard } from './session/workspace.guard';
import { WORKSPACE_NAV, WorkspaceResponder, WorkspaceSection } from './workspace-responder';

const COMING: Partial<Record<WorkspaceSection, string>> = {
  importar:
    'Aquí podrá cargar su inventario desde una hoja de cálculo (CSV o XLSX), revisar los problemas encontrados y confirmar la carga.',
  madurez: 'Aquí podrá responder los criterios de madurez de cada trámite, adjuntar evidencia y ver el resultado de la revisión.',
  plan: 'Aquí podrá elaborar su plan de simplificación, sus hitos, y marcar los hitos cumplidos con evidencia.',
  informes: 'Aquí podrá redactar y presentar el informe trimestral de avance.',
};

/**
 * Sections of the navigation not built yet (none at present) answer an honest "próximamente" page (200) that says what will be there,
 * so links in e-mails and the navigation never lead to an error. Building a section: remove its route here and mark
 * it `ready` in WORKSPACE_NAV.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@Controller('app')
export class ComingSoonController {
  constructor(private readonly pages: WorkspaceResponder) {}

  private render(req: Request, res: Response, section: WorkspaceSection): void {
    const entry = WORKSPACE_NAV.find((n) => n.section === section)!;
    this.pages.html(req, res, 'workspace/coming-soon', { title: entry.text, what: COMING[section] ?? '' }, { title: entry.text, section });
  }
}
