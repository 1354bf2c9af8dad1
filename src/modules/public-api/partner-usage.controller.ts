import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import Redis from 'ioredis';
import { Access, assertRole } from '../../common/auth/access';
import { Actor } from '../../common/auth/actor';
import { CurrentActor, Roles } from '../../common/auth/auth.decorators';
import { AppException } from '../../common/errors/app.exception';
import { uuidPipe } from '../../common/http/uuid.pipe';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { AppConfig } from '../../config/app-config';
import { Database } from '../../database/database.service';
import { REDIS } from '../../redis/redis.module';
import { PartnerApiKey } from '../partner-api-keys/entities/partner-api-key.entity';
import { PublicKeyUsage } from './dto/public-response.dto';
import { usageKey } from './public-access.middleware';
import { ADMIN_ROLES } from '../../common/auth/roles';

const DAYS = 30;

@ApiTags('partner-api-keys')
@ApiBearerAuth()
@Roles(ADMIN_ROLES)
@Controller({ path: 'partner-api-keys', version: '1' })
export class PartnerUsageController {
  constructor(
    private readonly db: Database,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  @Get(':id/usage')
  @ApiOperation({ summary: 'Uso de la API pública con una llave: solicitudes por día (últimos 30 días)' })
  @ApiOkResponse({ type: PublicKeyUsage })
  async usage(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<PublicKeyUsage> {
    assertRole(actor, ADMIN_ROLES);
    const key = await this.db.run(Access.self(actor, 'partner-api-keys.usage'), ({ em }) => em.getRepository(PartnerApiKey).findOne({ where: { id } }));
    if (!key) throw AppException.notFound('La llave');
    const days = Array.from({ length: DAYS }, (_, n) => todayInGuatemala(new Date(Date.now() - n * 86_400_000)));
    const counts = await this.redis.mget(days.map((d) => usageKey(this.config.redis.queuePrefix, id, d)));
    const rows = days.map((date, n) => ({ date, requests: Number(counts[n] ?? 0) }));
    return { keyId: id, rateLimitPerMinute: key.rateLimitPerMinute, days: rows, total: rows.reduce((s, r) => s + r.requests, 0) };
  }
}
