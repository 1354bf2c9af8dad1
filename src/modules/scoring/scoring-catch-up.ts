import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Access } from '../../common/auth/access';
import { systemActor } from '../../common/auth/actor';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { Database } from '../../database/database.service';
import { NATIONAL_SUBJECT } from './entities/score-snapshot.entity';
import { ScoringTrigger } from './scoring-trigger';
import { NATIONAL_SNAPSHOT_EXISTS_SQL } from './scoring.sql';

/** Worker boot: if today has no national figures yet (fresh install, or the nightly run was missed), queue a full run. */
@Injectable()
export class ScoringCatchUp implements OnApplicationBootstrap {
  constructor(
    private readonly db: Database,
    private readonly trigger: ScoringTrigger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const rows = await this.db.run(Access.acrossInstitutions(systemActor(), 'scoring.catch-up'), ({ em }) =>
      em.query(NATIONAL_SNAPSHOT_EXISTS_SQL, [NATIONAL_SUBJECT, todayInGuatemala()]),
    );
    if (!rows.length) await this.trigger.requestAll();
  }
}
