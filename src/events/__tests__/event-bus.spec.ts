import { batchByName, buildEventHandlerMap, EventRegistryError, FoundEventHandler, settledWithin } from '../event-bus';
import { ENTITY_EFFECTS } from '../entity-effects';

const handler = (name: string, owner = 'A.on'): FoundEventHandler => ({ name, owner, fn: () => undefined });

describe('buildEventHandlerMap', () => {
  it('maps each declared event to all of its handlers', () => {
    const map = buildEventHandlerMap(['a', 'b'], [handler('a', 'X.on'), handler('a', 'Y.on'), handler('b')]);
    expect(map.get('a')!.map((h) => h.owner)).toEqual(['X.on', 'Y.on']);
    expect(map.get('b')).toHaveLength(1);
  });

  it('fails when a declared event has no handler (a forgotten effect)', () => {
    expect(() => buildEventHandlerMap(['a', 'b'], [handler('a')])).toThrow(
      new EventRegistryError('Registro de eventos inválido: el evento "b" no tiene quien lo atienda'),
    );
  });

  it('fails when a handler names an undeclared event', () => {
    expect(() => buildEventHandlerMap(['a'], [handler('a'), handler('ghost', 'G.on')])).toThrow(
      /"ghost" \(G.on\) no es un evento declarado/,
    );
  });
});

describe('settledWithin', () => {
  it('says whether the work settled in time, without cancelling it', async () => {
    expect(await settledWithin(Promise.resolve('ya'), 50)).toBe(true);
    expect(
      await settledWithin(
        Promise.reject(new Error('falló')).catch(() => undefined),
        50,
      ),
    ).toBe(true);
    let finished = false;
    const slow = new Promise<void>((resolve) => setTimeout(resolve, 120)).then(() => (finished = true));
    expect(await settledWithin(slow, 30)).toBe(false);
    expect(finished).toBe(false);
    await slow;
    expect(finished).toBe(true);
  });
});

describe('batchByName', () => {
  it("groups one unit of work's events by name, in the order they were emitted", () => {
    const batches = batchByName([
      { name: 'scores.recomputed', payload: { subject: 'a' } },
      { name: 'partner-key.revoked', payload: { keyId: 'k' } },
      { name: 'scores.recomputed', payload: { subject: 'national' } },
    ]);
    expect([...batches.keys()]).toEqual(['scores.recomputed', 'partner-key.revoked']);
    expect(batches.get('scores.recomputed')).toEqual([{ subject: 'a' }, { subject: 'national' }]);
  });
});

describe('ENTITY_EFFECTS', () => {
  it('keeps identity and partner access out of public data and scores', () => {
    for (const entity of ['user', 'refresh_token_family', 'partner_api_key', 'webhook_subscription'] as const) {
      expect(ENTITY_EFFECTS[entity]).toEqual({ publicData: false, movesScore: false });
    }
  });

  it('lets only published data move a score', () => {
    for (const [entity, e] of Object.entries(ENTITY_EFFECTS)) if (e.movesScore) expect([entity, e.publicData]).toEqual([entity, true]);
  });
});
