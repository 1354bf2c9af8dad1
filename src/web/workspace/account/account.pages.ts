import { Injectable } from '@nestjs/common';
import { Actor } from '../../../common/auth/actor';
import { InstitutionsService } from '../../../modules/institutions/institutions.service';
import type { Role } from '../../../common/auth/roles';

/** What the account pages need besides AuthService: the institution's name for the header, read once at sign-in. */
@Injectable()
export class AccountPages {
  constructor(private readonly institutions: InstitutionsService) {}

  async institutionName(user: { id: string; role: Role; institutionId: string | null }): Promise<string | null> {
    if (!user.institutionId) return null;
    const actor: Actor = { kind: 'user', userId: user.id, role: user.role, institutionId: user.institutionId, requestId: null };
    return (await this.institutions.get(actor, user.institutionId)).name;
  }
}
