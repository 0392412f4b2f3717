import { describe, expect, it } from 'vitest';
import { isTracked, isValidOwner, isValidRepo, parseRepoList, parseRepoSlug, resolveTrackedRepo } from './repos';

describe('isValidOwner', () => {
  it.each([
    ['octocat', true],
    ['a', true],
    ['A-b-C', true],
    ['x'.repeat(39), true],
    ['x'.repeat(40), false],
    ['-lead', false],
    ['trail-', false],
    ['dou--ble', false],
    ['under_score', false],
    ['dot.ted', false],
    ['', false],
    ['ówner', false],
    ['a/b', false],
  ])('%j → %s', (owner, valid) => expect(isValidOwner(owner)).toBe(valid));
});

describe('isValidRepo', () => {
  it.each([
    ['hello-world', true],
    ['.github', true],
    ['a.b_c-d', true],
    ['...', true],
    ['r'.repeat(100), true],
    ['r'.repeat(101), false],
    ['.', false],
    ['..', false],
    ['', false],
    ['with space', false],
    ['a/b', false],
    ['a%2Fb', false],
    ['emoji😀', false],
  ])('%j → %s', (repo, valid) => expect(isValidRepo(repo)).toBe(valid));
});

describe('parseRepoList', () => {
  it('keeps repositories and owner wildcards, lower-cased, ignoring blanks and spaces', () => {
    expect(parseRepoList(' Octo/Hello , acme/* ,, ')).toEqual({
      patterns: [
        { owner: 'octo', repo: 'hello' },
        { owner: 'acme', repo: '*' },
      ],
      errors: [],
    });
  });

  it.each(['acme', 'acme/*/x', '*/repo', 'acme/.', 'bad_owner/repo', 'a/b/c'])('reports %j', (entry) => {
    const result = parseRepoList(`ok/one, ${entry}`);
    expect(result.patterns).toEqual([{ owner: 'ok', repo: 'one' }]);
    expect(result.errors).toEqual([`"${entry}" is not an "owner/repo" or "owner/*" entry GitHub would allow`]);
  });

  it('an empty list is empty, not an error', () => {
    expect(parseRepoList('')).toEqual({ patterns: [], errors: [] });
  });
});

describe('tracking', () => {
  const tracked = parseRepoList('acme/rocket, whole-org/*').patterns;

  it.each([
    ['acme', 'rocket', true],
    ['ACME', 'Rocket', true],
    ['acme', 'other', false],
    ['whole-org', 'anything', true],
    ['whole-orgx', 'anything', false],
  ])('%s/%s tracked: %s', (owner, repo, expected) => {
    expect(isTracked(tracked, { owner: owner.toLowerCase(), repo: repo.toLowerCase() })).toBe(expected);
    expect(resolveTrackedRepo(owner, repo, tracked).ok).toBe(expected);
  });

  it('says why a repository is refused', () => {
    expect(resolveTrackedRepo('acme', '..', tracked)).toEqual({ ok: false, status: 404, reason: 'not a valid GitHub repository name' });
    expect(resolveTrackedRepo('acme', 'other', tracked)).toEqual({ ok: false, status: 404, reason: 'repository not tracked' });
  });

  it('parses typed slugs', () => {
    expect(parseRepoSlug(' Acme/Rocket ')).toEqual({ owner: 'acme', repo: 'rocket' });
    expect(parseRepoSlug('acme')).toBeNull();
    expect(parseRepoSlug('acme/rocket/x')).toBeNull();
  });
});
