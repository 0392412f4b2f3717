import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module without types
import { readKvNamespaceId, readVar, setKvNamespaceId, setVar } from '../../scripts/setup/wrangler-toml.mjs';

/** The line edits `npm run setup` makes to wrangler.toml: one line each, the owner's comments and layout kept. */
const TOML = `name = "repo-impressions"

[vars]
# Which repositories are counted.
REPOS = "octocat/hello-world"   # change this
GITHUB_API_URL = "https://api.github.com"

# The history.
[[kv_namespaces]]
binding = "OTHER"
id = "11111111111111111111111111111111"

[[kv_namespaces]]
binding = "REPORTS"
id = "00000000000000000000000000000000"
`;

describe('wrangler.toml edits', () => {
  it('reads the values setup asks about', () => {
    expect(readVar(TOML, 'REPOS')).toBe('octocat/hello-world');
    expect(readVar(TOML, 'NOPE')).toBeNull();
    expect(readKvNamespaceId(TOML, 'REPORTS')).toBe('00000000000000000000000000000000');
    expect(readKvNamespaceId(TOML, 'MISSING')).toBeNull();
  });

  it('changes one line for a value, keeping its comment', () => {
    const edited = setVar(TOML, 'REPOS', 'me/app, "quoted"/*');
    expect(edited.split('\n').filter((line: string, i: number) => line !== TOML.split('\n')[i])).toEqual([
      'REPOS = "me/app, \\"quoted\\"/*"   # change this',
    ]);
    expect(readVar(edited, 'REPOS')).toBe('me/app, "quoted"/*');
  });

  it('sets the id of the right namespace only', () => {
    const edited = setKvNamespaceId(TOML, 'REPORTS', 'abcdef0123456789abcdef0123456789');
    expect(readKvNamespaceId(edited, 'REPORTS')).toBe('abcdef0123456789abcdef0123456789');
    expect(readKvNamespaceId(edited, 'OTHER')).toBe('11111111111111111111111111111111');
    expect(edited.replace('abcdef0123456789abcdef0123456789', '00000000000000000000000000000000')).toBe(TOML);
  });

  it('adds a new value at the end of [vars], before the blank line', () => {
    const edited = setVar(TOML, 'REFRESH_INTERVAL_HOURS', '12');
    expect(edited).toContain('GITHUB_API_URL = "https://api.github.com"\nREFRESH_INTERVAL_HOURS = "12"\n\n# The history.');
  });

  it('says which binding is missing rather than writing somewhere else', () => {
    expect(() => setKvNamespaceId(TOML, 'MISSING', 'x')).toThrow('wrangler.toml has no [[kv_namespaces]] entry with binding = "MISSING"');
  });
});
