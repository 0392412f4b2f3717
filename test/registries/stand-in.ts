/**
 * Stand-ins for the package registries' download APIs on 127.0.0.1, run in Node by vitest's globalSetup beside
 * GitHub's; the Worker reaches them through NPM_API_URL, PYPISTATS_API_URL and CRATES_API_URL. Each answers in the
 * shape its registry documents:
 *
 * - npm, `GET /npm/downloads/range/{start}:{end}/{package}` (https://github.com/npm/registry/blob/main/docs/download-counts.md#ranges):
 *   `{"downloads":[{"downloads":1,"day":"2014-02-27"},…],"start":"2014-02-27","end":"2014-03-04","package":"jquery"}`, days
 *   in order, a day without downloads as 0; at most 18 months a range; an unknown package is a 404 with
 *   `{"error":"package jquery not found"}`.
 * - pypistats.org, `GET /pypistats/api/packages/{package}/overall?mirrors=false` (https://pypistats.org/api/):
 *   `{"data":[{"category":"without_mirrors","date":"2018-02-08","downloads":1}],"package":"package_name","type":"overall_downloads"}`;
 *   without `mirrors`, both categories ("If omitted returns both series data"); 180 days kept.
 * - crates.io, `GET /crates/api/v1/crates/{name}/downloads`: the last 90 days per version, the most recent versions
 *   in `version_downloads` (`{date, downloads, version}`) and the others summed per day in `meta.extra_downloads`
 *   (rust-lang/crates.io, src/controllers/krate/downloads.rs); a request without a User-Agent is refused with 403
 *   (https://crates.io/data-access, "Crawlers").
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listenOnFreePort, readBody, sendJson as send } from '../stand-in-server';
import type { RegistryPackage, RegistryRequest } from './scenario-types';

type RegistryName = 'npm' | 'pypistats' | 'crates';

export class RegistriesStandIn {
  private readonly packages = new Map<string, RegistryPackage>();
  private readonly requests: RegistryRequest[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => response.writeHead(500).end(String(error)));
    });
    this.url = await listenOnFreePort(this.server);
    return this.url;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === '__registries') return this.control(request, response, parts.slice(1));
    this.requests.push({ path: url.pathname + url.search, userAgent: request.headers['user-agent'] ?? null });
    if (parts[0] === 'npm' && parts[1] === 'downloads' && parts[2] === 'range')
      return this.npm(response, parts[3] ?? '', parts.slice(4).join('/'));
    if (parts[0] === 'pypistats' && parts[1] === 'api' && parts[2] === 'packages' && parts[4] === 'overall')
      return this.pypi(response, parts[3] ?? '', url.searchParams.get('mirrors'));
    if (parts[0] === 'crates' && parts[1] === 'api' && parts[2] === 'v1' && parts[3] === 'crates' && parts[5] === 'downloads')
      return this.crates(request, response, parts[4] ?? '');
    send(response, 404, { errors: [{ detail: 'Not Found' }] });
  }

  private find(registry: RegistryName, name: string, response: ServerResponse, notFound: unknown): RegistryPackage | null {
    const found = this.packages.get(`${registry}/${name}`);
    if (!found) {
      send(response, 404, notFound);
      return null;
    }
    if (found.failWith) {
      send(response, found.failWith, { error: 'stand-in failure' }, found.failWith === 429 ? { 'retry-after': '60' } : {});
      return null;
    }
    return found;
  }

  private npm(response: ServerResponse, range: string, name: string): void {
    const [start = '', end = ''] = range.split(':');
    const days = (Date.parse(end) - Date.parse(start)) / 86_400_000;
    if (!(days >= 0) || days > 548) {
      send(response, 400, { error: 'range must be at most 18 months, start before end' });
      return;
    }
    const found = this.find('npm', name, response, { error: `package ${name} not found` });
    if (!found) return;
    const byDay = new Map(found.days.map((row) => [row.day, row.downloads]));
    const downloads: Array<{ downloads: number; day: string }> = [];
    for (let t = Date.parse(start); t <= Date.parse(end); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      downloads.push({ downloads: byDay.get(day) ?? 0, day });
    }
    send(response, 200, { downloads, start, end, package: name });
  }

  private pypi(response: ServerResponse, name: string, mirrors: string | null): void {
    const found = this.find('pypistats', name, response, { message: 'Not Found' });
    if (!found) return;
    const rows = found.days.slice(-180);
    const without = rows.map((row) => ({ category: 'without_mirrors', date: row.day, downloads: row.downloads }));
    // Mirrors add downloads of their own: a client that wants people's downloads asks for mirrors=false.
    const withMirrors = rows.map((row) => ({ category: 'with_mirrors', date: row.day, downloads: row.downloads + 1000 }));
    const data = mirrors === 'false' ? without : mirrors === 'true' ? withMirrors : [...withMirrors, ...without];
    send(response, 200, { data, package: name, type: 'overall_downloads' });
  }

  private crates(request: IncomingMessage, response: ServerResponse, name: string): void {
    if (!request.headers['user-agent']) {
      send(response, 403, { errors: [{ detail: 'We require that all requests include a `User-Agent` header.' }] });
      return;
    }
    const found = this.find('crates', name, response, { errors: [{ detail: `crate \`${name}\` does not exist` }] });
    if (!found) return;
    const rows = found.days.slice(-90);
    // Two recent versions share each day; the older ones' downloads come summed as extra downloads.
    const version_downloads = rows.flatMap((row) => [
      { date: row.day, downloads: Math.floor(row.downloads / 2), version: 2 },
      { date: row.day, downloads: Math.floor(row.downloads / 4), version: 1 },
    ]);
    const extra_downloads = rows.map((row) => ({
      date: row.day,
      downloads: row.downloads - Math.floor(row.downloads / 2) - Math.floor(row.downloads / 4),
    }));
    send(response, 200, { version_downloads, meta: { extra_downloads } });
  }

  private async control(request: IncomingMessage, response: ServerResponse, parts: string[]): Promise<void> {
    if (parts[0] === 'requests') {
      const logged = [...this.requests];
      if (request.method === 'DELETE') this.requests.length = 0;
      return send(response, 200, logged);
    }
    const [registry, ...name] = parts;
    if (request.method === 'PUT' && registry && name.length > 0) {
      this.packages.set(`${registry}/${name.join('/')}`, JSON.parse(await readBody(request)) as RegistryPackage);
      return send(response, 200, { ok: true });
    }
    send(response, 404, { error: 'unknown control endpoint' });
  }
}
