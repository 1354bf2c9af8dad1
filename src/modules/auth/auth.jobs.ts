import { Injectable } from '@nestjs/common';
import { Access } from '../../common/auth/access';
import { systemActor } from '../../common/auth/actor';
import { Database } from '../../database/database.service';
import { JobHandler } from '../../queue/job-handler.decorator';
import { JobName } from '../../queue/job-names';

/** Worker side of auth. */
@Injectable()
export class AuthJobs {
  constructor(private readonly db: Database) {}

  /** Nightly: forget refresh and one-time tokens that expired more than 30 days ago. */
  @JobHandler(JobName.PurgeExpiredTokens)
  async purgeExpiredTokens(): Promise<{ refreshTokens: number; oneTimeTokens: number }> {
    return this.db.run(Access.self(systemActor(), 'auth.purge-expired-tokens'), async ({ em }) => {
      const r = await em.query(`DELETE FROM refresh_tokens WHERE expires_at < now() - interval '30 days'`);
      const o = await em.query(`DELETE FROM one_time_tokens WHERE expires_at < now() - interval '30 days'`);
      return { refreshTokens: Number(r?.[1] ?? 0), oneTimeTokens: Number(o?.[1] ?? 0) };
    });
  }
}
