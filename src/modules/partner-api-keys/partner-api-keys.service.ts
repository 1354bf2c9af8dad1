import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Access, assertRole } from '../../common/auth/access';
import { Actor } from '../../common/auth/actor';
import { randomSecret, safeEqualHex, sha256 } from '../../common/crypto/tokens';
import { AppException } from '../../common/errors/app.exception';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { AppConfig } from '../../config/app-config';
import { Database } from '../../database/database.service';
import { REDIS } from '../../redis/redis.module';
import { PublicKeyUsage } from './dto/public-key-usage';
import { usageKey } from './partner-key-usage';
import { CreatedPartnerApiKeyResponse, CreatePartnerApiKeyDto, PartnerApiKeyResponse } from './dto/partner-api-key.dto';
import { PartnerApiKey } from './entities/partner-api-key.entity';
import { ADMIN_ROLES } from '../../common/auth/roles';

const ENTITY = 'partner_api_key';
/** Days of usage the usage report covers. */
const USAGE_DAYS = 30;

/** Key format: `smp_<8 hex prefix>_<43-char secret>`; the prefix is stored in clear to find the row. */
export const parseApiKey = (raw: string): { prefix: string; full: string } | null => {
  const m = /^(smp_[0-9a-f]{8})_[A-Za-z0-9_-]{43}$/.exec(raw.trim());
  return m ? { prefix: m[1], full: raw.trim() } : null;
};

@Injectable()
export class PartnerApiKeysService {
  constructor(
    private readonly db: Database,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  async list(actor: Actor): Promise<PartnerApiKeyResponse[]> {
    assertRole(actor, ADMIN_ROLES);
    const rows = await this.db.run(Access.self(actor, 'partner-api-keys.list'), ({ em }) =>
      em.getRepository(PartnerApiKey).find({ order: { createdAt: 'DESC' } }),
    );
    return rows.map(PartnerApiKeyResponse.from);
  }

  async create(actor: Actor, dto: CreatePartnerApiKeyDto): Promise<CreatedPartnerApiKeyResponse> {
    assertRole(actor, ADMIN_ROLES);
    const prefix = `smp_${randomBytes(4).toString('hex')}`;
    const key = `${prefix}_${randomSecret()}`;
    return this.db.run(Access.administrative(actor, 'partner-api-keys.create'), async (tx) => {
      const saved = await tx.em
        .getRepository(PartnerApiKey)
        .save(tx.em.getRepository(PartnerApiKey).create({ ...dto, prefix, keyHash: sha256(key), createdById: actor.userId }));
      await tx.audit({ entity: ENTITY, entityId: saved.id, action: 'create', after: PartnerApiKeyResponse.from(saved) });
      return { ...PartnerApiKeyResponse.from(saved), key };
    });
  }

  async revoke(actor: Actor, id: string): Promise<PartnerApiKeyResponse> {
    assertRole(actor, ADMIN_ROLES);
    return this.db.run(Access.administrative(actor, 'partner-api-keys.revoke'), async (tx) => {
      const key = await tx.findForWrite(PartnerApiKey, id, 'La llave');
      const before = PartnerApiKeyResponse.from(key);
      if (!key.revokedAt) key.revokedAt = new Date();
      const after = await tx.em.getRepository(PartnerApiKey).save(key);
      await tx.audit({ entity: ENTITY, entityId: id, action: 'revoke', before, after: PartnerApiKeyResponse.from(after) });
      tx.emit('partner-key.revoked', { keyId: id });
      return PartnerApiKeyResponse.from(after);
    });
  }

  /** Requests per day with one key over the last 30 days (Guatemala days), from the counters the public gate keeps in Redis. */
  async usage(actor: Actor, id: string): Promise<PublicKeyUsage> {
    assertRole(actor, ADMIN_ROLES);
    const key = await this.db.run(Access.self(actor, 'partner-api-keys.usage'), ({ em }) =>
      em.getRepository(PartnerApiKey).findOne({ where: { id } }),
    );
    if (!key) throw AppException.notFound('La llave');
    const days = Array.from({ length: USAGE_DAYS }, (_, n) => todayInGuatemala(new Date(Date.now() - n * 86_400_000)));
    const counts = await this.redis.mget(days.map((d) => usageKey(this.config.redis.queuePrefix, id, d)));
    const rows = days.map((date, n) => ({ date, requests: Number(counts[n] ?? 0) }));
    return { keyId: id, rateLimitPerMinute: key.rateLimitPerMinute, days: rows, total: rows.reduce((s, r) => s + r.requests, 0) };
  }

  /** Resolves a presented key to its record, or null when unknown, wrong or revoked. */
  async authenticate(actor: Actor, raw: string): Promise<PartnerApiKey | null> {
    const parsed = parseApiKey(raw);
    if (!parsed) return null;
    return this.db.run(Access.self(actor, 'partner-api-keys.authenticate'), async ({ em }) => {
      const key = await em
        .getRepository(PartnerApiKey)
        .createQueryBuilder('k')
        .addSelect('k.keyHash')
        .where('k.prefix = :p', { p: parsed.prefix })
        .getOne();
      if (!key || key.revokedAt || !safeEqualHex(key.keyHash, sha256(parsed.full))) return null;
      await em.getRepository(PartnerApiKey).update({ id: key.id }, { lastUsedAt: new Date() });
      return key;
    });
  }
}
