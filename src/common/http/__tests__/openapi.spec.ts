import { openApiJson, sortKeysDeep } from '../openapi';

describe('OpenAPI document serialisation', () => {
  it('sorts the keys of every object, at any depth, and keeps array order', () => {
    const sorted = sortKeysDeep({ b: 1, a: { d: [{ z: 1, y: 2 }, 'x'], c: null } });
    expect(JSON.stringify(sorted)).toBe('{"a":{"c":null,"d":[{"y":2,"z":1},"x"]},"b":1}');
  });

  it('gives the same text whatever order the document was built in, ending in a newline', () => {
    const one = openApiJson({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths: { '/b': {}, '/a': {} } });
    const two = openApiJson({ paths: { '/a': {}, '/b': {} }, info: { version: '1', title: 't' }, openapi: '3.0.0' });
    expect(one).toBe(two);
    expect(one.endsWith('}\n')).toBe(true);
    expect(one.indexOf('"/a"')).toBeLessThan(one.indexOf('"/b"'));
  });
});
