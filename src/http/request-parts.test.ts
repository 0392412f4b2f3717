import { describe, expect, it } from 'vitest';
import { decodeSegment, splitRequestUrl, stripSuffix } from './request-parts';

describe('splitRequestUrl', () => {
  it.each([
    ['https://x.example/p/acme/rocket.gif', '/p/acme/rocket.gif', ''],
    ['https://x.example/p/acme/rocket.gif?page=docs&x=1', '/p/acme/rocket.gif', 'page=docs&x=1'],
    ['http://localhost:8787/', '/', ''],
    ['http://localhost:8787/?', '/', ''],
    ['https://x.example/a?b?c', '/a', 'b?c'],
    ['https://user:pw@x.example:8443/p/a.gif?q', '/p/a.gif', 'q'],
  ])('%s → %s ? %s', (url, pathname, query) => {
    expect(splitRequestUrl(url)).toEqual({ pathname, query });
    expect(pathname).toBe(new URL(url).pathname);
  });
});

describe('path segments', () => {
  it.each([
    ['rocket', 'rocket'],
    ['a%2Fb', 'a/b'],
    ['%E0%A4%A', null],
  ])('decodeSegment(%j) = %j', (segment, decoded) => expect(decodeSegment(segment)).toBe(decoded));

  it('strips suffixes', () => {
    expect(stripSuffix('rocket.gif', '.gif')).toBe('rocket');
    expect(stripSuffix('rocket.png', '.gif')).toBeNull();
  });
});
