/** Where a viewer's request reached Cloudflare: the country of its IP and the data centre that took it. */
export interface ViewerLocation {
  /** ISO 3166-1 alpha-2, or Cloudflare's own `XX` (unknown) and `T1` (Tor); '' when not known. */
  country: string;
  /** IATA code of the Cloudflare data centre (colo), such as `FRA`; '' when not known. */
  colo: string;
}

const CF_CODE = /^[A-Z0-9]{2,4}$/;

/**
 * Reads the location from the headers Cloudflare adds in front of the Worker: `CF-IPCountry` (on workers.dev, and on
 * a zone with IP Geolocation or the "Add visitor location headers" Managed Transform) and the data centre at the end
 * of `CF-Ray` (`230b030023ae2822-SJC`). Only what they lack is read from `request.cf`, which carries the same two
 * values: workerd parses that whole object from JSON on first read, about a tenth of a direct browser view's cost.
 */
export function viewerLocation(headers: Headers, readCf: () => Record<string, unknown> | undefined): ViewerLocation {
  let country = cfCode(headers.get('cf-ipcountry'));
  let colo = cfCode(rayColo(headers.get('cf-ray')));
  if (country === '' || colo === '') {
    const cf = readCf();
    if (country === '') country = cfCode(cf?.country);
    if (colo === '') colo = cfCode(cf?.colo);
  }
  return { country, colo };
}

function rayColo(ray: string | null): string | null {
  if (ray === null) return null;
  const dash = ray.lastIndexOf('-');
  return dash < 0 ? null : ray.slice(dash + 1);
}

function cfCode(value: unknown): string {
  return typeof value === 'string' && CF_CODE.test(value) ? value : '';
}
