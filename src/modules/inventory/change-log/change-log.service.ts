import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Actor } from '../../../common/auth/actor';
import { ProcedureChange } from './entities/procedure-change.entity';

export interface FieldChange {
  field: string;
  oldValue: unknown;
  newValue: unknown;
}

export interface ChangeEntry {
  institutionId: string;
  procedureId: string;
  subject: 'procedure' | 'requirement';
  subjectId: string;
  action: 'create' | 'update' | 'eliminate' | 'level_validated' | 'import';
  changes?: FieldChange[];
  isPublic?: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Field-by-field differences between two versions of a row, for the listed fields only. */
export function diffFields<T extends object>(before: T, after: T, fields: readonly (keyof T & string)[]): FieldChange[] {
  return fields.filter((f) => !same(before[f], after[f])).map((f) => ({ field: f, oldValue: before[f] ?? null, newValue: after[f] ?? null }));
}

/** The per-procedure change log (who, when, old → new), written in the caller's transaction. */
@Injectable()
export class ChangeLogService {
  async record(em: EntityManager, actor: Actor, entry: ChangeEntry): Promise<void> {
    await this.recordMany(em, actor, [entry]);
  }

  /** Several entries in one INSERT (e.g. a procedure created with its requirements). */
  async recordMany(em: EntityManager, actor: Actor, entries: readonly ChangeEntry[]): Promise<void> {
    const rows = entries.flatMap((entry): object[] => {
      const base = {
        institutionId: entry.institutionId, procedureId: entry.procedureId, subject: entry.subject, subjectId: entry.subjectId,
        action: entry.action, isPublic: entry.isPublic ?? true, changedBy: actor.userId,
      };
      return entry.changes?.length
        ? entry.changes.map((c) => ({ ...base, field: c.field, oldValue: c.oldValue, newValue: c.newValue }))
        : [{ ...base, field: null, oldValue: null, newValue: null }];
    });
    if (rows.length) await em.insert(ProcedureChange, rows as QueryDeepPartialEntity<ProcedureChange>[]);
  }
}
