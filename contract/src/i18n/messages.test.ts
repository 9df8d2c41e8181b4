import { describe, expect, it } from 'vitest';
import { messages, translate } from './messages';

/** Every leaf string of a message tree, by dotted key. */
function leaves(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof node === 'string') out.set(prefix, node);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node))
      for (const [kk, vv] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
  return out;
}
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('shared messages', () => {
  const zh = leaves(messages['zh-CN']);
  const en = leaves(messages['en-US']);

  it('both languages have the same keys, and each pair the same {{placeholders}}', () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
    const differ = [...zh].filter(([k, v]) => placeholders(v).join() !== placeholders(en.get(k) ?? '').join());
    expect(differ).toEqual([]);
  });

  it('notices have a title and a body in both languages, filled from their parameters', () => {
    const kinds = Object.keys(messages['zh-CN'].notice);
    expect(kinds.length).toBeGreaterThan(0);
    for (const k of kinds) for (const part of ['title', 'body']) expect(zh.has(`notice.${k}.${part}`)).toBe(true);
    expect(translate('en-US', 'notice.issue_resolved.title', { code: 'SQ-2026-000001' })).toBe(
      'Issue resolved SQ-2026-000001',
    );
  });
});
