import { describe, expect, it } from 'vitest';
import { classifySource, isImpression, userAgentFamily, userAgentTraits } from './source-class';

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15';
const EDGE = `${CHROME} Edg/131.0.0.0`;
const GMAIL = 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';

describe('classifySource', () => {
  it.each([
    ['github-camo (876de43e)', 'github-camo'],
    [GMAIL, 'image-proxy'],
    ['YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html', 'image-proxy'],
    ['go-camo/2.4', 'image-proxy'],
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'bot'],
    ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 'bot'],
    ['curl/8.5.0', 'bot'],
    ['python-requests/2.32.3', 'bot'],
    ['Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0.0.0', 'bot'],
    [CHROME, 'browser'],
    [FIREFOX, 'browser'],
    [SAFARI, 'browser'],
    ['', 'unknown'],
    ['Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)', 'unknown'],
    ['Dalvik/2.1.0 (Linux; U; Android 14)', 'unknown'],
    // isbot's judgement: a bare product token without details is a script, not a person.
    ['SomeReader/1.0', 'bot'],
  ])('%j → %s', (ua, source) => expect(classifySource(ua)).toBe(source));

  it('leaves only bots out of impressions', () => {
    expect(isImpression('bot')).toBe(false);
    for (const source of ['github-camo', 'image-proxy', 'browser', 'unknown'] as const) expect(isImpression(source)).toBe(true);
  });
});

describe('userAgentFamily', () => {
  it.each([
    [CHROME, 'chrome'],
    [EDGE, 'edge'],
    [`${CHROME} OPR/114.0`, 'opera'],
    [FIREFOX, 'firefox'],
    [SAFARI, 'safari'],
    ['github-camo (876de43e)', 'github-camo'],
    [GMAIL, 'google-image-proxy'],
    ['curl/8.5.0', 'curl'],
    ['Mozilla/5.0 (compatible; Googlebot/2.1)', 'other-bot'],
    ['Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)', 'other'],
    ['', 'none'],
  ])('%j → %s', (ua, family) => expect(userAgentFamily(ua)).toBe(family));
});

describe('userAgentTraits', () => {
  it('gives the same answers as classifySource and userAgentFamily, the first time and after', () => {
    for (const ua of [CHROME, GMAIL, 'curl/8.5.0', '', CHROME, 'curl/8.5.0']) {
      expect(userAgentTraits(ua)).toEqual({ source: classifySource(ua), family: userAgentFamily(ua) });
    }
  });

  it('stays right past its bound, with the oldest user agents forgotten and worked out again', () => {
    const agents = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `curl/${i}.0` : `${CHROME} Edg/${i}.0`));
    for (const ua of [...agents, ...agents])
      expect(userAgentTraits(ua)).toEqual({ source: classifySource(ua), family: userAgentFamily(ua) });
  });
});
