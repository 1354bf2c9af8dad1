import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/auth.decorators';
import { uuidPipe } from '../../common/http/uuid.pipe';
import { EvidenceDownload, EvidenceFilesService } from './evidence-files.service';
import { attachmentDisposition } from './sniff-evidence';

/**
 * Sends a stored evidence file as a download: the sniffed type (never the uploader's), `attachment` so the browser
 * never renders it inline, `nosniff`, private and never cached by shared caches, and a sandbox CSP for good measure.
 */
export function sendEvidence(res: Response, f: EvidenceDownload): void {
  res.status(200);
  res.setHeader('Content-Type', f.contentType);
  res.setHeader('Content-Length', String(f.content.length));
  res.setHeader('Content-Disposition', attachmentDisposition(f.fileName));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.end(f.content);
}

@ApiTags('evidence')
@ApiBearerAuth()
@Controller({ path: 'evidence-files', version: '1' })
export class EvidenceFilesController {
  constructor(private readonly files: EvidenceFilesService) {}

  @Get(':id')
  @ApiOperation({
    summary: 'Descargar un archivo de evidencia (su institución y la Comisión; tipo detectado del contenido, siempre como adjunto)',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description: 'El archivo, con Content-Disposition: attachment',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  async download(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Res() res: Response): Promise<void> {
    sendEvidence(res, await this.files.download(actor, id));
  }
}
