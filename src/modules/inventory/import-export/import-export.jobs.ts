import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { EntityManager } from 'typeorm';
import { Access } from '../../../common/auth/access';
import { Actor, systemActor } from '../../../common/auth/actor';
import { todayInGuatemala } from '../../../common/time/guatemala-time';
import { Database } from '../../../database/database.service';
import { JobHandler } from '../../../queue/job-handler.decorator';
import { JobName } from '../../../queue/job-names';
import { ProcedureStatus } from '../rules/inventory.enums';
import { activeModelLevels } from '../rules/active-maturity-model';
import { StoredProblem } from './dto/inventory-import.dto';
import { ImportProblem, ImportStatus } from './entities/inventory-import.entity';
import { applyPlan } from './import-writer';
import { loadActiveRequirements, loadProcedures, loadProcedureStatuses } from './import-writer.sql';
import {
  FINISH_IMPORT_SQL,
  IMPORT_LOCK_SQL,
  IMPORT_PROGRESS_SQL,
  LOAD_IMPORT_SQL,
  LoadedImportRow,
  START_IMPORT_SQL,
  UPLOADER_SQL,
  UploaderRow,
} from './inventory-imports.sql';
import { problem } from './spreadsheet/format';
import { ImportPlanner, ImportPreview, previewOf, renameNotices } from './spreadsheet/plan-import';
import { ImportSource, streamSpreadsheet } from './spreadsheet/read-spreadsheet';
import { InventoryValidator } from './spreadsheet/validate-inventory';

export interface ImportInventoryJobData {
  importId: string;
  institutionId: string;
  /** Request that uploaded the file, for the audit trail. */
  requestId?: string | null;
}

interface ImportJobResult {
  status: ImportStatus | 'skipped';
  counts?: Record<string, number>;
}

/** Procedures whose stored requirements are loaded and planned together. */
const PLAN_BATCH = 2_000;

const store = (problems: ImportProblem[], notices: ImportProblem[]): StoredProblem[] => [
  ...problems.map((p) => ({ ...p, severity: 'error' as const })),
  ...notices.map((n) => ({ ...n, severity: 'notice' as const })),
];

/**
 * Worker side of the spreadsheet import: read and validate the stored upload, plan the changes against the
 * institution's inventory and, unless it is a dry run or anything is wrong, apply them in one transaction
 * (all or nothing) with the change log and one audit row. Progress is published for polling.
 */
@Injectable()
export class ImportExportJobs {
  constructor(
    private readonly db: Database,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ImportExportJobs.name);
  }

  @JobHandler(JobName.ImportInventory)
  async run(data: ImportInventoryJobData, job?: Job): Promise<ImportJobResult> {
    const { importId, institutionId } = data;
    const system = systemActor(data.requestId ?? null);
    try {
      return await this.process(data, job);
    } catch (e) {
      const attempts = job?.opts.attempts ?? 1;
      const last = !job || job.attemptsMade + 1 >= attempts;
      this.logger.error({ err: e, importId, attempt: (job?.attemptsMade ?? 0) + 1, last }, 'inventory import failed');
      if (last) {
        await this.db
          .run(Access.institution(system, institutionId, 'inventory-import.failed'), ({ em }) =>
            this.finish(
              em,
              importId,
              'failed',
              null,
              [
                problem(
                  'archivo',
                  null,
                  null,
                  'Ocurrió un error interno al procesar la importación; no se escribió nada. Intente de nuevo o comuníquese con soporte.',
                ),
              ],
              [],
            ),
          )
          .catch(() => undefined);
      }
      throw e;
    }
  }

  private async process(data: ImportInventoryJobData, job?: Job): Promise<ImportJobResult> {
    const { importId, institutionId } = data;
    const system = systemActor(data.requestId ?? null);
    const loaded = await this.db.run(Access.institution(system, institutionId, 'inventory-import.load'), async ({ em }) => {
      const [row] = (await em.query(LOAD_IMPORT_SQL, [importId, institutionId])) as LoadedImportRow[];
      if (!row || row.status === 'completed' || row.status === 'failed') return null;
      await em.query(START_IMPORT_SQL, [importId]);
      return row;
    });
    if (!loaded) return { status: 'skipped' };
    const row = loaded;
    // Who uploaded it (an institution user, or Commission staff importing on the institution's behalf: users of no institution).
    const [user] = (await this.db.run(Access.acrossInstitutions(system, 'inventory-import.uploader'), ({ em }) =>
      em.query(UPLOADER_SQL, [row.createdBy]),
    )) as UploaderRow[];
    const byCommission = user?.institutionId === null;
    const actor: Actor = {
      kind: 'user',
      userId: row.createdBy,
      role: user?.role ?? null,
      institutionId: byCommission ? null : institutionId,
      requestId: data.requestId ?? null,
    };
    const progress = this.progressReporter(institutionId, importId, job);
    const today = todayInGuatemala();

    const source: ImportSource =
      row.format === 'xlsx'
        ? { format: 'xlsx', content: row.content, fileName: row.fileName }
        : { format: 'csv', tramites: row.content, requisitos: row.secondContent ?? Buffer.alloc(0), fileNames: fileNamesOf(row.fileName) };

    return this.db.run(Access.institution(actor, institutionId, 'inventory-import.apply'), async (tx) => {
      const { em } = tx;
      if (!row.dryRun) {
        // One import at a time per institution: the plan is computed and applied on the same snapshot.
        await em.query(IMPORT_LOCK_SQL, [`inventory-import:${institutionId}`]);
      }
      const levels = await activeModelLevels(em);
      // Validation needs each stored code's status only; the stored procedures themselves are loaded once the file is
      // read, so they are not held in memory alongside the whole file while it is parsed (the peak of an import that
      // changes nothing: issue #17).
      const existing = new Map<string, { status: ProcedureStatus }>(
        (await loadProcedureStatuses(em, institutionId)).map((p) => [p.code, { status: p.status }]),
      );
      // The file is validated while it is read: rows become typed inputs (or problems) one by one.
      const validator = new InventoryValidator({ levels, existing, today });
      const read = await streamSpreadsheet(source, validator, (f) => void progress(2 + f * 43));
      const valid = validator.finish(read);
      await progress(45);
      const procedures = await loadProcedures(em, institutionId);
      // The valid rows are planned even when others have problems, so the report gives every count and change it can.
      // Requirements are planned a batch of procedures at a time: their stored requirements are loaded per batch.
      const planner = new ImportPlanner(valid, procedures);
      valid.requirements = []; // the planner holds them, and drops each procedure's as it is planned
      const touched = planner.touchedProcedures();
      for (let i = 0; i < touched.length; i += PLAN_BATCH) {
        const batch = touched.slice(i, i + PLAN_BATCH);
        const ids = batch.flatMap((b) => (b.id ? [b.id] : []));
        planner.planRequirements(
          batch.map((b) => b.code),
          ids.length ? await loadActiveRequirements(em, institutionId, today, ids) : [],
        );
        await progress(45 + ((i + batch.length) / touched.length) * 10);
      }
      const { plan } = planner;
      const problems = [...valid.problems, ...plan.problems];
      const notices = [...valid.notices, ...renameNotices(plan), ...plan.notices];
      const preview = previewOf(plan);
      const counts: Record<string, number> = { ...plan.counts, problems: problems.length, notices: notices.length };
      await progress(55);
      if (problems.length) {
        await this.finish(em, importId, row.dryRun ? 'completed' : 'failed', counts, problems, notices, preview);
        return { status: row.dryRun ? 'completed' : 'failed', counts };
      }
      if (!row.dryRun) {
        await applyPlan(tx, plan, today, (f) => progress(55 + Math.round(f * 43)));
        await tx.audit({
          entity: 'inventory_import',
          entityId: importId,
          action: byCommission ? 'import_by_commission' : 'import',
          after: { ...counts, byCommission },
        });
      }
      await this.finish(em, importId, 'completed', counts, [], notices, preview);
      this.logger.info({ importId, institutionId, dryRun: row.dryRun, counts, byCommission }, 'inventory import finished');
      return { status: 'completed', counts };
    });
  }

  private async finish(
    em: EntityManager,
    importId: string,
    status: ImportStatus,
    counts: Record<string, number> | null,
    problems: ImportProblem[],
    notices: ImportProblem[],
    preview: ImportPreview | null = null,
  ): Promise<void> {
    await em.query(FINISH_IMPORT_SQL, [
      importId,
      status,
      counts ? JSON.stringify(counts) : null,
      JSON.stringify(store(problems, notices)),
      preview ? JSON.stringify(preview) : null,
    ]);
  }

  /** Publishes progress (BullMQ and the row polled by clients), at most once per 5 points, in its own short transaction. */
  private progressReporter(institutionId: string, importId: string, job?: Job): (p: number) => Promise<void> {
    let last = 0;
    let pending: Promise<void> = Promise.resolve();
    return (p: number) => {
      const value = Math.max(0, Math.min(99, Math.round(p)));
      if (value < last + 5) return pending;
      last = value;
      pending = pending
        .then(async () => {
          await job?.updateProgress(value);
          await this.db.run(Access.institution(systemActor(), institutionId, 'inventory-import.progress'), ({ em }) =>
            em.query(IMPORT_PROGRESS_SQL, [importId, value]),
          );
        })
        .catch((e: unknown) => this.logger.warn({ err: e, importId }, 'progress update failed'));
      return pending;
    };
  }
}

/** "tramites.csv + requisitos.csv" → the two names, for messages. */
function fileNamesOf(stored: string): { tramites?: string; requisitos?: string } {
  const [tramites, requisitos] = stored.split(' + ');
  return { tramites, requisitos };
}
