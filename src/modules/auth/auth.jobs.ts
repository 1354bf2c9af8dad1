import { Injectable } from '@nestjs/common';
import { Access } from '../../common/auth/access';
import { systemActor } from '../../common/auth/actor';
import { Database } from '../../database/database.service';
import { JobHandler } from '../../queue/job-handler.decorator';
import { JobName } from '../../queue/job-names';
import { PURGE_ONE_TIME_TOKENS_SQL, PURGE_REFRESH_TOKENS_SQL } from './auth.sql';

/** Worker side of auth. */
@Injectable()
export class AuthJobs {
  constructor(private readonly db: Database) {}

  /** Nightly: forget refresh and one-time tokens that expired more than 30 days ago. */
  @JobHandler(JobName.PurgeExpiredTokens)
  async purgeExpiredTokens(): Promise<{ refreshTokens: number; oneTimeTokens: number }> {
    return this.db.run(Access.self(systemActor(), 'auth.purge-expired-tokens'), async ({ em }) => {
      const r = await em.query(PURGE_REFRESH_TOKENS_SQL);
      const o = await em.query(PURGE_ONE_TIME_TOKENS_SQL);
      return { refreshTokens: Number(r?.[1] ?? 0), oneTimeTokens: Number(o?.[1] ?? 0) };
    });
  }
}
