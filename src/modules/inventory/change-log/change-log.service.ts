import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../../../common/auth/actor';
import { Database } from '../../../database/database.service';
import { ChangeEntry } from './change-log';

export { ChangeEntry, diffFields, FieldChange } from './change-log';

/** Transitional: writes through the unit of work that owns `em` (tx.changeLog). */
@Injectable()
export class ChangeLogService {
  constructor(private readonly db: Database) {}

  async record(em: EntityManager, _actor: Actor, entry: ChangeEntry): Promise<void> {
    await this.db.unitOfWork(em).changeLog(entry);
  }

  async recordMany(em: EntityManager, _actor: Actor, entries: readonly ChangeEntry[]): Promise<void> {
    await this.db.unitOfWork(em).changeLog(entries);
  }
}
