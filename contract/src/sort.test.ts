import { describe, expect, it } from 'vitest';
import { sortParam, zSort } from './sort';

describe('zSort', () => {
  const Z = zSort(['name', 'createdAt']);

  it('reads a field as ascending and a leading minus as descending', () => {
    expect(Z.parse('name')).toEqual({ field: 'name', dir: 'asc' });
    expect(Z.parse('-createdAt')).toEqual({ field: 'createdAt', dir: 'desc' });
    expect(Z.parse(undefined)).toBeUndefined();
  });

  it('refuses a field outside the whitelist', () => {
    for (const bad of ['id', '-id', '--name', 'name,createdAt', '', 'Name'])
      expect(Z.safeParse(bad).success).toBe(false);
  });

  it('writes a sort back as its query value', () => {
    expect(sortParam({ field: 'name', dir: 'desc' })).toBe('-name');
    expect(sortParam({ field: 'name', dir: 'asc' })).toBe('name');
  });
});
