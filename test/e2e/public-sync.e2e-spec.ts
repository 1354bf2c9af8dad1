import { Access } from '../../src/common/auth/access';
import { systemActor } from '../../src/common/auth/actor';
import { Database } from '../../src/database/database.service';
import { applyValidatedLevel } from '../../src/modules/inventory/procedures/procedure-level';
import { useWorld } from '../helpers/world';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A small deterministic generator (mulberry32): a failing seed replays exactly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The fields of a procedure a partner keeps (every field of GET /procedures but the bookkeeping updatedAt). */
const copyOf = (p: Json): Json => {
  const { updatedAt: _u, ...rest } = p;
  return rest;
};

/**
 * The documented sync recipe (GET /changes), replayed against a stream of random edits: the partner notes the feed's
 * head, copies every procedure page by page (edits land between its pages), then applies `changes?since=` forever.
 * After every round its copy must equal the server's: no gap, no duplicate, in order.
 */
describe('Public sync recipe: full sync with cursors, then changes?since=, under random edits', () => {
  // Many writes, score runs and (for webhooks) queued deliveries per test: generous on a loaded machine.
  jest.setTimeout(120_000);
  const w = useWorld({ label: 'de Sincronización', app: { env: { PUBLIC_API_RATE_LIMIT_PER_MINUTE: '100000' } } });
  const SEEDS = (process.env.SYNC_SEEDS ?? '20261130,7,1796').split(',').map(Number);

  const api = () => w.t.http();
  const pub = (path: string) => api().get(`/api/public/v1${path}`).expect(200);

  /** The server's copy: every procedure of the institution, read fresh. */
  async function serverCopy(code: string): Promise<Map<string, Json>> {
    const out = new Map<string, Json>();
    let cursor: string | null = null;
    do {
      const page: Json = (await pub(`/procedures?institution=${code}&limit=500${cursor ? `&cursor=${cursor}` : ''}`)).body;
      for (const p of page.items) out.set(p.code, copyOf(p));
      cursor = page.page.nextCursor;
    } while (cursor);
    return out;
  }

  for (const seed of SEEDS) {
    it(`seed ${seed}: the partner's copy equals the server's after every round`, async () => {
      const random = rng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
      const liaison = w.as(w.liaisonA);
      const db = w.t.app.get(Database);
      const analyst = { ...systemActor(), kind: 'user' as const, userId: w.analyst.id, role: 'analyst' as const };
      const ids = new Map<string, string>(); // code → id, for the editor
      let serial = 0;

      const create = async () => {
        const code = `S${seed}-${++serial}`;
        const res = await api()
          .post('/api/v1/procedures')
          .set(liaison)
          .send({
            code,
            name: `Trámite ${code}`,
            feeGtq: random() < 0.5 ? null : (random() * 500).toFixed(2),
            prioritized: random() < 0.5,
            actualMedianDays: Math.floor(random() * 60),
            channels: ['in_person'],
          })
          .expect(201);
        ids.set(code, res.body.id);
      };
      /** One random edit through the same paths people and the Commission use. */
      const edit = async () => {
        const roll = random();
        if (roll < 0.15 || !ids.size) return create();
        const code = pick([...ids.keys()]);
        const id = ids.get(code)!;
        const current = (await api().get(`/api/v1/procedures/${id}`).set(liaison).expect(200)).body;
        if (current.status !== 'active') return create();
        if (roll < 0.25) {
          await db.run(Access.institution(analyst, w.a.id, 'test: validated level'), (tx) =>
            applyValidatedLevel(tx, id, Math.floor(random() * 6)),
          );
          return;
        }
        if (roll < 0.3) {
          await api().patch(`/api/v1/procedures/${id}`).set(liaison).send({ version: current.version, status: 'eliminated' }).expect(200);
          return;
        }
        const changes: Json = {};
        const fields = [
          'feeGtq',
          'prioritized',
          'foreignTrade',
          'actualMedianDays',
          'inPersonVisits',
          'name',
          'category',
          'channels',
          'audience',
          'legalMaxDays',
        ];
        for (const f of fields.filter(() => random() < 0.3)) {
          changes[f] = {
            feeGtq: () => (random() < 0.2 ? null : (random() * 500).toFixed(random() < 0.5 ? 2 : 0)),
            prioritized: () => random() < 0.5,
            foreignTrade: () => random() < 0.5,
            actualMedianDays: () => Math.floor(random() * 90),
            inPersonVisits: () => (random() < 0.2 ? null : Math.floor(random() * 5)),
            name: () => `Trámite ${code} v${Math.floor(random() * 1000)}`,
            category: () => pick(['Comercio exterior', 'Salud', 'Registro']),
            channels: () => pick([['in_person'], ['online'], ['online', 'in_person']]),
            audience: () => pick(['person', 'business', 'both']),
            legalMaxDays: () => Math.floor(random() * 60),
          }[f]!();
        }
        const res = await api()
          .patch(`/api/v1/procedures/${id}`)
          .set(liaison)
          .send({ version: current.version, ...changes });
        expect({ status: res.status, body: res.status === 200 ? null : res.body }).toEqual({ status: 200, body: null });
      };

      for (let i = 0; i < 6; i++) await create();

      // 1. The feed's head, before the full copy.
      let since = Buffer.from('[0,0]').toString('base64url');
      for (;;) {
        const page = (await pub(`/changes?limit=500&since=${since}`)).body;
        since = page.nextCursor;
        if (!page.hasMore) break;
      }
      // 2. The full copy, page by page with cursors; the institution keeps editing between pages.
      const copy = new Map<string, Json>();
      let cursor: string | null = null;
      do {
        const page: Json = (await pub(`/procedures?institution=${w.a.code}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
        for (const p of page.items) copy.set(p.code, copyOf(p));
        cursor = page.page.nextCursor;
        await edit();
      } while (cursor);

      // 3. changes?since= forever: apply each event's new values (a new procedure is read once).
      const seen = new Set<string>();
      let last: [number, number] = [0, 0];
      const catchUp = async () => {
        for (;;) {
          const page = (await pub(`/changes?limit=${1 + Math.floor(random() * 7)}&since=${since}`)).body;
          for (const e of page.items as Json[]) {
            expect(seen.has(e.cursor)).toBe(false);
            seen.add(e.cursor);
            const key = JSON.parse(Buffer.from(e.cursor, 'base64url').toString()) as [number, number];
            expect(key[0] > last[0] || (key[0] === last[0] && key[1] > last[1])).toBe(true);
            last = key;
            if (e.institutionCode !== w.a.code || !e.procedureCode || e.subject !== 'procedure') continue;
            const known = copy.get(e.procedureCode);
            if (e.type === 'procedure_created' || !known) {
              copy.set(e.procedureCode, copyOf((await pub(`/procedures/${e.institutionCode}/${e.procedureCode}`)).body));
              continue;
            }
            for (const c of e.changes as Json[]) if (c.field in known) known[c.field] = c.newValue;
          }
          since = page.nextCursor;
          if (!page.hasMore) return;
        }
      };
      for (let round = 0; round < 5; round++) {
        const edits = 1 + Math.floor(random() * 6);
        for (let i = 0; i < edits; i++) await edit();
        await catchUp();
        const server = await serverCopy(w.a.code);
        // The detail read a partner does for a new procedure carries more fields; it keeps the list's.
        const partner = new Map([...copy].map(([k, v]) => [k, Object.fromEntries(Object.keys(server.get(k) ?? v).map((f) => [f, v[f]]))]));
        expect({ seed, round, copy: Object.fromEntries(partner) }).toEqual({ seed, round, copy: Object.fromEntries(server) });
      }
      expect(seen.size).toBeGreaterThan(5);
    });
  }
});
