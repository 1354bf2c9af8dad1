import { createHash, randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { Access, assertRole } from '../../common/auth/access';
import { Actor } from '../../common/auth/actor';
import { ANY_ROLE } from '../../common/auth/roles';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { Database } from '../../database/database.service';
import { UnitOfWork } from '../../database/unit-of-work';
import { EvidenceFile } from './evidence-file.entity';
import { cleanFileName, MAX_EVIDENCE_BYTES, MAX_EVIDENCE_LABEL, sniffEvidence } from './sniff-evidence';

/** An uploaded file as multer hands it over (memory storage). */
export interface EvidenceUpload {
  originalname?: string;
  buffer: Buffer;
}

/** What a page or a response shows of a stored evidence file (never its content). */
export interface EvidenceFileInfo {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
}

export interface EvidenceDownload extends EvidenceFileInfo {
  content: Buffer;
}

/** A refusal of an upload, reported beside the form field that carried it (`field`). */
export const evidenceRefusal = (message: string, field = 'evidenceFile', status: number = HttpStatus.BAD_REQUEST): AppException =>
  new AppException(status, status === HttpStatus.PAYLOAD_TOO_LARGE ? ErrorCode.PayloadTooLarge : ErrorCode.ValidationFailed, message, [
    { field, messages: [message] },
  ]);

export const evidenceTooLarge = (field = 'evidenceFile'): AppException =>
  evidenceRefusal(
    `El archivo supera el tamaño máximo de ${MAX_EVIDENCE_LABEL}. Adjunte una versión más liviana o un enlace.`,
    field,
    HttpStatus.PAYLOAD_TOO_LARGE,
  );

/**
 * Evidence files (maturity assessments, milestones…): stored in PostgreSQL under row-level security, inside the
 * caller's unit of work so the file and the record that cites it commit together; served only to whoever may read
 * the institution's rows (its users and the Commission), with the type sniffed when it was stored.
 */
@Injectable()
export class EvidenceFilesService {
  constructor(private readonly db: Database) {}

  /**
   * Checks (size ≤ 10 MB, type sniffed from the bytes) and stores a file in the unit of work's institution; the
   * caller's write cites the returned id. Refusals are 400/413 with `details: [{ field, messages }]`.
   */
  async storeIn(tx: UnitOfWork, upload: EvidenceUpload, field = 'evidenceFile'): Promise<EvidenceFileInfo> {
    if (upload.buffer.length > MAX_EVIDENCE_BYTES) throw evidenceTooLarge(field);
    const sniffed = sniffEvidence(upload.buffer);
    if ('refused' in sniffed) throw evidenceRefusal(sniffed.refused, field);
    const repo = tx.em.getRepository(EvidenceFile);
    const row = repo.create({
      id: randomUUID(),
      institutionId: tx.institutionId,
      fileName: cleanFileName(upload.originalname, sniffed.kind),
      contentType: sniffed.kind.contentType,
      sizeBytes: upload.buffer.length,
      sha256: createHash('sha256').update(upload.buffer).digest('hex'),
      content: upload.buffer,
      createdBy: tx.actor.userId!,
    });
    // no RETURNING: nothing to read back, and the content is not echoed
    await tx.em.createQueryBuilder().insert().into(EvidenceFile).updateEntity(false).values(row).execute();
    const info: EvidenceFileInfo = { id: row.id, fileName: row.fileName, contentType: row.contentType, sizeBytes: row.sizeBytes };
    await tx.audit({ entity: 'evidence_file', entityId: row.id, action: 'create', after: { ...info, sha256: row.sha256 } });
    return info;
  }

  /** The file's description, within the unit of work's institution (404 otherwise). */
  async infoIn(tx: UnitOfWork, id: string): Promise<EvidenceFileInfo> {
    const f = await tx.find(EvidenceFile, id, 'El archivo de evidencia');
    return { id: f.id, fileName: f.fileName, contentType: f.contentType, sizeBytes: f.sizeBytes };
  }

  /** The file for download: its institution's users and the Commission; anyone else gets 404, as for a missing id. */
  async download(actor: Actor, id: string): Promise<EvidenceDownload> {
    assertRole(actor, ANY_ROLE);
    return this.db.run(Access.forReading(actor, 'evidence-files.download'), async ({ em }) => {
      const f = await em.getRepository(EvidenceFile).createQueryBuilder('f').addSelect('f.content').where('f.id = :id', { id }).getOne();
      if (!f) throw AppException.notFound('El archivo de evidencia');
      return { id: f.id, fileName: f.fileName, contentType: f.contentType, sizeBytes: f.sizeBytes, content: f.content };
    });
  }
}
