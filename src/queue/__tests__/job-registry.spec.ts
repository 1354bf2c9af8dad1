import { buildHandlerMap, FoundHandler, JobRegistryError } from '../job-registry';

const handler = (name: string, owner = 'A.run'): FoundHandler => ({ name, owner, fn: async () => name });

describe('buildHandlerMap', () => {
  it('maps each declared job to its single handler', async () => {
    const map = buildHandlerMap(['a', 'b'], [handler('a'), handler('b', 'B.run')]);
    expect(await map.get('b')!.fn(null, {} as never)).toBe('b');
  });

  it('fails when a declared job has no handler', () => {
    expect(() => buildHandlerMap(['a', 'b'], [handler('a')])).toThrow(
      new JobRegistryError('Registro de trabajos inválido: el trabajo "b" no tiene procesador'),
    );
  });

  it('fails when a job has two handlers, naming both', () => {
    expect(() => buildHandlerMap(['a'], [handler('a', 'X.one'), handler('a', 'Y.two')])).toThrow(
      /"a" tiene 2 procesadores \(X.one, Y.two\)/,
    );
  });

  it('fails when a handler names an undeclared job', () => {
    expect(() => buildHandlerMap(['a'], [handler('a'), handler('ghost')])).toThrow(/"ghost" no es un trabajo declarado/);
  });
});
