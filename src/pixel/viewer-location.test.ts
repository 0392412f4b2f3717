import { describe, expect, it } from 'vitest';
import { viewerLocation } from './viewer-location';

/** A `readCf` that counts its calls, as `request.cf` is costly to build. */
function cfReader(cf: Record<string, unknown> | undefined) {
  const reader = () => {
    reader.reads++;
    return cf;
  };
  reader.reads = 0;
  return reader;
}

describe('viewerLocation', () => {
  it('takes both values from the headers Cloudflare adds, without reading request.cf', () => {
    const readCf = cfReader({ country: 'US', colo: 'DFW' });
    const headers = new Headers({ 'cf-ipcountry': 'DE', 'cf-ray': '8e1f2a3b4c5d6e7f-FRA' });
    expect(viewerLocation(headers, readCf)).toEqual({ country: 'DE', colo: 'FRA' });
    expect(readCf.reads).toBe(0);
  });

  it('keeps Cloudflare’s special country codes', () => {
    const headers = new Headers({ 'cf-ipcountry': 'T1', 'cf-ray': '8e1f2a3b4c5d6e7f-AMS' });
    expect(viewerLocation(headers, cfReader(undefined))).toEqual({ country: 'T1', colo: 'AMS' });
  });

  it('reads request.cf once for whatever the headers lack', () => {
    const readCf = cfReader({ country: 'JP', colo: 'NRT' });
    expect(viewerLocation(new Headers({ 'cf-ray': '8e1f2a3b4c5d6e7f-KIX' }), readCf)).toEqual({ country: 'JP', colo: 'KIX' });
    expect(viewerLocation(new Headers({ 'cf-ipcountry': 'KR' }), readCf)).toEqual({ country: 'KR', colo: 'NRT' });
    expect(viewerLocation(new Headers(), readCf)).toEqual({ country: 'JP', colo: 'NRT' });
    expect(readCf.reads).toBe(3);
  });

  it.each([
    ['a country that is no code', { 'cf-ipcountry': '<script>', 'cf-ray': '8e1f2a3b4c5d6e7f-FRA' }, { country: 'NL', colo: 'FRA' }],
    ['a ray without a data centre', { 'cf-ipcountry': 'DE', 'cf-ray': '8e1f2a3b4c5d6e7f' }, { country: 'DE', colo: 'AMS' }],
    ['a ray ending in a dash', { 'cf-ipcountry': 'DE', 'cf-ray': '8e1f2a3b4c5d6e7f-' }, { country: 'DE', colo: 'AMS' }],
    ['a lower-case data centre', { 'cf-ipcountry': 'DE', 'cf-ray': '8e1f2a3b4c5d6e7f-fra' }, { country: 'DE', colo: 'AMS' }],
  ])('falls back to request.cf past %s', (_name, headers, location) => {
    expect(viewerLocation(new Headers(headers), cfReader({ country: 'NL', colo: 'AMS' }))).toEqual(location);
  });

  it('leaves out what neither source has in a valid form', () => {
    expect(viewerLocation(new Headers(), cfReader(undefined))).toEqual({ country: '', colo: '' });
    expect(viewerLocation(new Headers(), cfReader({ country: '<b>', colo: 42 }))).toEqual({ country: '', colo: '' });
  });
});
