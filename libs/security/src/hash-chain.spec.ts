import { canonicalJson, chainHash, GENESIS_HASH } from './hash-chain';

describe('audit hash chain', () => {
  it('canonical JSON does not depend on key order (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('each hash depends on the previous one and on every field of the record', () => {
    const h1 = chainHash(GENESIS_HASH, { action: 'x', outcome: 200 });
    expect(h1).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, { action: 'x', outcome: 200 })).toBe(h1);
    expect(chainHash(GENESIS_HASH, { action: 'x', outcome: 201 })).not.toBe(h1);
    expect(chainHash(h1, { action: 'x', outcome: 200 })).not.toBe(h1);
  });
});
