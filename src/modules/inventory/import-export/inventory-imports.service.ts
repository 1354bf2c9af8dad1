import { HttpStatus, Injectable } from '@nestjs/common';
import {
  Access,
  assertInstitutionAccess,
  assertRole,
  institutionFilter,
  InstitutionAccess,
  NO_INSTITUTION,
} from '../../../common/auth/access';
import { Actor, isCommission } from '../../../common/auth/actor';
import { ANY_ROLE } from '../../../common/auth/roles';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { offsetOf, Page, pageOf } from '../../../common/pagination/page';
import { todayInGuatemala } from '../../../common/time/guatemala-time';
import { Database } from '../../../database/database.service';
import { JobName } from '../../../queue/job-names';
import { JobQueue } from '../../../queue/job-queue';
import {
  ImportCreatedResponse,
  ImportFormFields,
  StoredProblem,
  ImportListQuery,
  ImportOptionsQuery,
  ImportResponse,
  ImportSummaryResponse,
} from './dto/inventory-import.dto';
import { InventoryImport } from './entities/inventory-import.entity';
import { activeModelLevels } from '../rules/active-maturity-model';
import { ImportInventoryJobData } from './import-export.jobs';
import {
  ACTIVE_INSTITUTION_SQL,
  EXPORT_PROCEDURES_SQL,
  EXPORT_REQUIREMENTS_SQL,
  FAIL_UNQUEUED_IMPORT_SQL,
  INSERT_CONFIRMED_IMPORT_SQL,
  INSERT_IMPORT_SQL,
  MARK_CONFIRMED_SQL,
  ImportIdRow,
  INSTITUTION_CODE_SQL,
  InstitutionCodeRow,
} from './inventory-imports.sql';
import { problem } from './spreadsheet/format';
import { ExportProcedure, ExportRequirement, TEMPLATE_EXAMPLE, writeInventoryWorkbook } from './spreadsheet/write-workbook';
import { rejectionMessage, sniff } from './spreadsheet/read-spreadsheet';
import { BoundedMemoryStorage, MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL, tooLarge, UploadedSpreadsheet } from './upload.interceptor';
import { XLSX_MIME } from './spreadsheet/write-workbook';

/** What an upload page needs to read the same multipart form as POST /imports (the workspace's Importar page). */
export const IMPORT_UPLOAD = {
  fields: ['file', 'tramites', 'requisitos'] as const,
  maxBytes: MAX_UPLOAD_BYTES,
  maxLabel: MAX_UPLOAD_LABEL,
  /** Memory storage that stops once all files together pass the limit. */
  storage: () => new BoundedMemoryStorage(),
  tooLarge,
  workbookType: XLSX_MIME,
};

export interface WorkbookFile {
  fileName: string;
  content: Buffer;
}

/** HTTP side of import/export: receive and queue uploads, report their outcome, produce the template and the export. */
@Injectable()
export class InventoryImportsService {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Stores the upload and queues its processing. Institution users import into their own institution; Commission staff
   * name the institution (a national inventory loads without one invited user per institution) and the import is audited
   * as theirs.
   */
  async create(
    actor: Actor,
    files: UploadedSpreadsheet | undefined,
    fields: ImportFormFields,
    query: ImportOptionsQuery,
  ): Promise<ImportCreatedResponse> {
    assertRole(actor, ANY_ROLE);
    const access = await this.targetInstitution(actor, fields?.institutionId ?? query.institutionId);
    const { institutionId } = access;
    if (fields?.dryRun && query.dryRun && fields.dryRun !== query.dryRun) {
      throw AppException.badRequest(
        'dryRun vino dos veces con valores distintos (en la dirección y en el formulario).',
        [{ field: 'dryRun', messages: ['valores contradictorios'] }],
        ErrorCode.ValidationFailed,
      );
    }
    const dryRun = (fields?.dryRun ?? query.dryRun) === 'true';
    const upload = this.checkUpload(files ?? {});
    const id = await this.db.run(access, async ({ em }) => {
      const rows = (await em.query(INSERT_IMPORT_SQL, [
        institutionId,
        upload.fileName.slice(0, 255),
        upload.format,
        upload.content,
        upload.secondContent,
        dryRun,
        actor.userId,
      ])) as ImportIdRow[];
      return rows[0].id;
    });
    await this.enqueue(actor, access, id, institutionId);
    return { id, status: 'queued', dryRun };
  }

  /**
   * Confirms a reviewed file: a dry run that finished without problems becomes a real import of the same stored file
   * (validated and planned again by the worker on the inventory as it is then; nothing is uploaded twice).
   */
  async confirm(actor: Actor, dryRunId: string): Promise<ImportCreatedResponse> {
    assertRole(actor, ANY_ROLE);
    const access = isCommission(actor)
      ? await this.db.accessToRow(actor, InventoryImport, dryRunId, 'La importación', 'inventory-imports.confirm')
      : Access.ownInstitution(actor, 'inventory-imports.confirm');
    const { id, institutionId, already } = await this.db.run(access, async (tx) => {
      const source = await tx.findForWrite(InventoryImport, dryRunId, 'La importación');
      // Confirmed already (a second click, a second tab): the same import, nothing queued twice. The row lock above
      // makes two confirmations at once take turns.
      if (source.confirmedAsId) {
        const confirmed = await tx.find(InventoryImport, source.confirmedAsId, 'La importación');
        return { id: confirmed.id, institutionId: source.institutionId, already: confirmed.status };
      }
      if (!source.dryRun || source.status !== 'completed') {
        throw AppException.conflict('Solo se confirma la revisión (prueba) terminada de un archivo; esta importación no lo es.', {
          status: source.status,
          dryRun: source.dryRun,
        });
      }
      if (((source.problems ?? []) as StoredProblem[]).some((p) => p.severity !== 'notice')) {
        throw AppException.conflict(
          'La revisión encontró problemas en el archivo: corríjalos y vuelva a revisar el archivo antes de importarlo.',
        );
      }
      const rows = (await tx.em.query(INSERT_CONFIRMED_IMPORT_SQL, [dryRunId, actor.userId])) as ImportIdRow[];
      await tx.em.query(MARK_CONFIRMED_SQL, [dryRunId, rows[0].id]);
      return { id: rows[0].id, institutionId: source.institutionId, already: null };
    });
    if (already) return { id, status: already, dryRun: false };
    await this.enqueue(actor, access, id, institutionId);
    return { id, status: 'queued', dryRun: false };
  }

  /** Queues the processing of a stored import; if the queue is down, the import is marked failed and the caller gets 503. */
  private async enqueue(actor: Actor, access: Access, id: string, institutionId: string): Promise<void> {
    const job: ImportInventoryJobData = { importId: id, institutionId, requestId: actor.requestId };
    try {
      await this.jobs.enqueue(JobName.ImportInventory, job, { jobId: id });
    } catch {
      await this.db.run(access, ({ em }) =>
        em.query(FAIL_UNQUEUED_IMPORT_SQL, [
          id,
          JSON.stringify([
            { ...problem('archivo', null, null, 'No se pudo poner la importación en cola; intente de nuevo.'), severity: 'error' },
          ]),
        ]),
      );
      throw new AppException(
        HttpStatus.SERVICE_UNAVAILABLE,
        ErrorCode.ServiceUnavailable,
        'El servicio de procesamiento no está disponible; intente de nuevo en unos minutos.',
      );
    }
  }

  /** Institution users: their own (naming another is a 404). Commission staff: the active institution they name (required). */
  private async targetInstitution(actor: Actor, requested: string | undefined): Promise<InstitutionAccess> {
    if (!isCommission(actor)) {
      if (requested) assertInstitutionAccess(actor, requested);
      return Access.ownInstitution(actor, 'inventory-imports.create');
    }
    if (!requested) {
      throw AppException.badRequest(
        'Indique la institución cuyo inventario carga la Comisión (institutionId).',
        [{ field: 'institutionId', messages: ['es obligatorio para la Comisión'] }],
        ErrorCode.ValidationFailed,
      );
    }
    const [found] = (await this.db.run(Access.self(actor, 'inventory-imports.target'), ({ em }) =>
      em.query(ACTIVE_INSTITUTION_SQL, [requested]),
    )) as ImportIdRow[];
    if (!found) throw AppException.notFound('La institución');
    return Access.institution(actor, found.id, 'inventory-imports.create-for-institution');
  }

  /** Which files came, whether they look like spreadsheets (magic bytes), and the size limit on the total. */
  private checkUpload(files: UploadedSpreadsheet): {
    format: 'xlsx' | 'csv';
    fileName: string;
    content: Buffer;
    secondContent: Buffer | null;
  } {
    const file = files.file?.[0];
    const tramites = files.tramites?.[0];
    const requisitos = files.requisitos?.[0];
    const fail = (message: string, field: string | null = null) =>
      AppException.badRequest(message, [{ ...problem('archivo', null, null, message), field }], ErrorCode.ValidationFailed);
    if (file && (tramites || requisitos)) throw fail('Envíe un libro XLSX en «file» o dos CSV en «tramites» y «requisitos», no ambos.');
    if (!file && !tramites && !requisitos)
      throw fail('No llegó ningún archivo. Envíe «file» (un libro XLSX) o «tramites» y «requisitos» (dos archivos CSV).');
    if (!file && (!tramites || !requisitos)) {
      const missing = tramites ? 'requisitos' : 'tramites';
      throw fail(`Falta el archivo CSV «${missing}»: los CSV se envían en pareja (tramites y requisitos).`, missing);
    }
    const total = (file?.size ?? 0) + (tramites?.size ?? 0) + (requisitos?.size ?? 0);
    if (total > MAX_UPLOAD_BYTES) throw tooLarge();
    if (file) {
      const kind = sniff(file.buffer);
      if (kind.kind === 'rejected') throw fail(rejectionMessage(kind.what, file.originalname), 'file');
      if (kind.kind === 'text')
        throw fail(
          `El archivo «${file.originalname}» es texto (CSV), no un libro XLSX. Envíe los CSV en «tramites» y «requisitos».`,
          'file',
        );
      return { format: 'xlsx', fileName: file.originalname || 'inventario.xlsx', content: file.buffer, secondContent: null };
    }
    for (const [field, f] of [
      ['tramites', tramites!],
      ['requisitos', requisitos!],
    ] as const) {
      const kind = sniff(f.buffer);
      if (kind.kind === 'rejected') throw fail(rejectionMessage(kind.what, f.originalname), field);
      if (kind.kind === 'xlsx')
        throw fail(`El archivo «${f.originalname}» es un libro XLSX, no un CSV. Envíe el libro completo en «file».`, field);
    }
    return {
      format: 'csv',
      fileName: `${tramites!.originalname || 'tramites.csv'} + ${requisitos!.originalname || 'requisitos.csv'}`,
      content: tramites!.buffer,
      secondContent: requisitos!.buffer,
    };
  }

  async get(actor: Actor, id: string): Promise<ImportResponse> {
    return ImportResponse.from(
      await this.db.run(Access.forReading(actor, 'inventory-imports.get'), (tx) => tx.find(InventoryImport, id, 'La importación')),
    );
  }

  async list(actor: Actor, query: ImportListQuery): Promise<Page<ImportSummaryResponse>> {
    const institutionId = institutionFilter(actor, query.institutionId);
    return this.db.run(Access.forReading(actor, 'inventory-imports.list'), async ({ em }) => {
      const qb = em.getRepository(InventoryImport).createQueryBuilder('i').orderBy('i.created_at', 'DESC').addOrderBy('i.id', 'DESC');
      if (institutionId) qb.andWhere('i.institution_id = :institutionId', { institutionId });
      if (query.status) qb.andWhere('i.status = :status', { status: query.status });
      const [rows, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
      return pageOf(rows.map(ImportSummaryResponse.from), total, query);
    });
  }

  /** The empty format with one example row per sheet and validation lists. */
  async template(actor: Actor): Promise<WorkbookFile> {
    const levels = await this.db.run(Access.self(actor, 'inventory.template'), ({ em }) => activeModelLevels(em));
    const content = await writeInventoryWorkbook({
      procedures: [TEMPLATE_EXAMPLE.procedure],
      requirements: [TEMPLATE_EXAMPLE.requirement],
      levels,
    });
    return { fileName: 'plantilla-inventario-tramites.xlsx', content };
  }

  /**
   * The institution's current inventory (active procedures and their requirements in force) in exactly the import
   * format. Institution roles export their own; the Commission names the institution.
   */
  async export(actor: Actor, requested?: string): Promise<WorkbookFile> {
    if (isCommission(actor) && !requested) {
      throw AppException.badRequest(
        'Indique la institución a exportar (institutionId).',
        [{ field: 'institutionId', messages: ['es obligatorio para la Comisión'] }],
        ErrorCode.ValidationFailed,
      );
    }
    const institutionId = requested ?? actor.institutionId ?? NO_INSTITUTION;
    assertInstitutionAccess(actor, institutionId);
    const today = todayInGuatemala();
    const data = await this.db.run(Access.forReading(actor, 'inventory.export'), async ({ em }) => {
      const [institution] = (await em.query(INSTITUTION_CODE_SQL, [institutionId])) as InstitutionCodeRow[];
      if (!institution) throw AppException.notFound('La institución');
      const procedures = (await em.query(EXPORT_PROCEDURES_SQL, [institutionId])) as ExportProcedure[];
      const requirements = (await em.query(EXPORT_REQUIREMENTS_SQL, [institutionId, today])) as ExportRequirement[];
      return { code: institution.code, procedures, requirements, levels: await activeModelLevels(em) };
    });
    const content = await writeInventoryWorkbook(data);
    return { fileName: `inventario-${data.code}-${today}.xlsx`, content };
  }
}
