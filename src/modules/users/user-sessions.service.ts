import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Access } from '../../common/auth/access';
import { systemActor } from '../../common/auth/actor';
import { Role } from '../../common/auth/roles';
import { Database } from '../../database/database.service';
import { SignalChannel } from '../../redis/signal-channel';
import { UserStatus } from './entities/user.entity';
import { BUMP_SESSION_GENERATION_SQL, SESSION_STATE_SQL, SessionStateRow } from './users.sql';

/** What every authenticated request is checked against: the user as stored now, not as the token remembers. */
export interface SessionState {
  role: Role;
  institutionId: string | null;
  status: UserStatus;
  generation: number;
}

/** While the invalidation channel is up, a state is reused this long (a bound in case a message is lost). */
const CACHE_MS = 60_000;
const CACHE_ENTRIES = 10_000;

/**
 * The user's current role, institution, status and session generation, for every request (API tokens now, browser
 * sessions later). Cached per process while it is subscribed to the invalidation channel; a change (role, status,
 * password reset, logout, refresh-token reuse) bumps `users.session_generation` in the writing transaction and, after
 * commit, `revoke()` tells every replica to forget the user, so the old tokens stop at once everywhere.
 */
@Injectable()
export class UserSessions {
  private readonly cache = new Map<string, { state: SessionState | null; until: number; epoch: number }>();

  constructor(
    private readonly db: Database,
    private readonly signals: SignalChannel,
  ) {
    this.signals.on('user-session', (s) => this.cache.delete(s.userId));
    this.signals.onDown(() => this.cache.clear());
  }

  /** The user's current state (null when the user does not exist). */
  async current(userId: string): Promise<SessionState | null> {
    this.signals.ensure();
    const now = Date.now();
    const hit = this.cache.get(userId);
    if (hit && hit.until > now && hit.epoch === this.signals.epoch && this.signals.ready) return hit.state;
    const epoch = this.signals.epoch;
    const rows: SessionStateRow[] = await this.db.run(Access.self({ ...systemActor(), userId }, 'auth.session'), ({ em }) =>
      em.query(SESSION_STATE_SQL, [userId]),
    );
    const state = rows[0]
      ? { role: rows[0].role, institutionId: rows[0].institution_id, status: rows[0].status, generation: rows[0].session_generation }
      : null;
    if (this.signals.ready && epoch === this.signals.epoch) {
      if (this.cache.size >= CACHE_ENTRIES) this.cache.clear();
      this.cache.set(userId, { state, until: now + CACHE_MS, epoch });
    }
    return state;
  }

  /** Inside the writing transaction: every token issued so far stops working once it commits (then call `revoke`). */
  async bump(em: EntityManager, userId: string): Promise<void> {
    await em.query(BUMP_SESSION_GENERATION_SQL, [userId]);
  }

  /** After commit: every replica (this one first) forgets the user's cached state. */
  async revoke(userId: string): Promise<void> {
    this.cache.delete(userId);
    await this.signals.publish({ type: 'user-session', userId });
  }
}
