import { AppException } from '../../errors/app.exception';
import { Access, institutionFilter, NO_INSTITUTION } from '../access';
import { Actor } from '../actor';
import { Role } from '../roles';

const A = '11111111-1111-1111-1111-111111111111';
const B = '22222222-2222-2222-2222-222222222222';
const user = (role: Role, institutionId: string | null = null): Actor => ({
  kind: 'user',
  userId: 'u',
  role,
  institutionId,
  requestId: 'r',
});
const status = (fn: () => unknown): number | null => {
  try {
    fn();
    return null;
  } catch (e) {
    return (e as AppException).status;
  }
};

describe('Access', () => {
  it('ownInstitution binds institution users to their institution, and refuses everyone else with 403', () => {
    expect(Access.ownInstitution(user('liaison', A), 'why')).toMatchObject({ scope: 'tenant', institutionId: A, purpose: 'why' });
    expect(status(() => Access.ownInstitution(user('analyst'), 'why'))).toBe(403);
    expect(status(() => Access.ownInstitution(user('institution_admin', null), 'why'))).toBe(403);
  });

  it('forReading gives Commission staff the read-only cross-institution scope and everyone else their own institution', () => {
    expect(Access.forReading(user('analyst'), 'why')).toMatchObject({ scope: 'read_all', institutionId: null });
    expect(Access.forReading(user('liaison', A), 'why')).toMatchObject({ scope: 'tenant', institutionId: A });
    expect(Access.forReading(user('liaison', null), 'why')).toMatchObject({ scope: 'tenant', institutionId: NO_INSTITUTION });
  });

  it('administrative and self say where without an institution of their own choosing', () => {
    expect(Access.administrative(user('admin'), 'why')).toMatchObject({ scope: 'admin', institutionId: null });
    expect(Access.self(user('liaison', A), 'why')).toMatchObject({ scope: 'tenant', institutionId: A });
    expect(Access.self(user('admin'), 'why')).toMatchObject({ scope: 'tenant', institutionId: null });
  });
});

describe('institutionFilter', () => {
  it('limits institution users to their own institution (another one is a 404) and lets the Commission choose', () => {
    expect(institutionFilter(user('liaison', A))).toBe(A);
    expect(status(() => institutionFilter(user('liaison', A), B))).toBe(404);
    expect(institutionFilter(user('analyst'), B)).toBe(B);
    expect(institutionFilter(user('analyst'))).toBeUndefined();
  });
});
