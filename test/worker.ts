import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { counterFor } from '../src/counter/counter-client';
import worker from '../src/index';

export const ORIGIN = 'https://impressions.example';

/**
 * Calls the Worker's own fetch handler in workerd and waits for its `waitUntil` work (the pixel's writes), so a
 * test can assert on storage right after. `bindings` swaps in faulty or spied bindings for one request.
 */
export async function fetchWorker(path: string, init?: RequestInit, bindings?: Partial<Env>): Promise<Response> {
  const ctx = createExecutionContext();
  // A test request carries whatever `cf` it was given; the Worker reads it as incoming request properties.
  const request = new Request(new URL(path, ORIGIN), init) as Request<unknown, IncomingRequestCfProperties>;
  const response = await worker.fetch(request, { ...env, ...bindings }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** A body that is text but not `text/*` (NDJSON): read as UTF-8 without workerd's "does not appear to be text" warning. */
export async function bodyText(response: Response): Promise<string> {
  return new TextDecoder().decode(await response.arrayBuffer());
}

export function counterOf(owner: string, repo: string) {
  return counterFor(env.COUNTER, { owner, repo });
}

export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
export const CAMO_UA = 'github-camo (876de43e)';
export const BOT_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

type KvMethod = (...args: never[]) => unknown;

/**
 * A KV namespace (the test one by default) with some methods replaced: for faults, stalls and spies. Every other
 * method is the namespace's own.
 */
export function kvWith(
  overrides: Partial<Record<'get' | 'getWithMetadata' | 'put' | 'list', KvMethod>>,
  kv: KVNamespace = env.REPORTS,
): KVNamespace {
  return new Proxy(kv, {
    get(target, property) {
      const override = (overrides as Record<PropertyKey, KvMethod | undefined>)[property];
      if (override) return override;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as KvMethod).bind(target) : value;
    },
  });
}

/** The test KV namespace, except that writes fail once `failAfter` of them have gone through. */
export function kvFailingWrites(failAfter = 0): KVNamespace {
  let writes = 0;
  return kvWith({
    put: async (...args: Parameters<KVNamespace['put']>) => {
      if (writes++ >= failAfter) throw new Error('KV put failed (simulated)');
      return env.REPORTS.put(...args);
    },
  });
}

/** The test KV namespace, except that every read fails. */
export function kvFailingReads(): KVNamespace {
  const fail = async () => Promise.reject(new Error('KV read failed (simulated)'));
  return kvWith({ get: fail, getWithMetadata: fail, list: fail });
}

/** The test KV namespace, recording the key of every read into `keys`. */
export function kvRecordingReads(keys: string[]): KVNamespace {
  const kv = env.REPORTS as unknown as Record<'get' | 'getWithMetadata', (key: string, ...rest: unknown[]) => unknown>;
  return kvWith({
    get: (key: string, ...rest: unknown[]) => {
      keys.push(key);
      return kv.get.call(env.REPORTS, key, ...rest);
    },
    getWithMetadata: (key: string, ...rest: unknown[]) => {
      keys.push(key);
      return kv.getWithMetadata.call(env.REPORTS, key, ...rest);
    },
  });
}

/**
 * A COUNTER namespace whose objects reject the calls `methods` names (every call when none are named), as a Durable
 * Object does when it is overloaded or its storage fails; `only` limits that to one repository's object. Every
 * other call reaches the real object. `calls` collects `owner/repo.method` of each call, for spying; `stall`
 * makes the failing calls hang instead.
 */
export function counterFailing(
  options: { methods?: string[]; only?: { owner: string; repo: string }; failAfter?: number; calls?: string[]; stall?: boolean } = {},
): Env['COUNTER'] {
  const failingId = options.only ? env.COUNTER.idFromName(`${options.only.owner}/${options.only.repo}`) : null;
  let calls = 0;
  return {
    idFromName: (name: string) => env.COUNTER.idFromName(name),
    get: (id: DurableObjectId) => {
      const real = env.COUNTER.get(id) as unknown as Record<string, (...args: unknown[]) => unknown>;
      if (failingId && !id.equals(failingId)) return real;
      return new Proxy(real, {
        get: (target, method: string) => {
          options.calls?.push(`${id.name}.${method}`);
          const fails = options.methods === undefined || options.methods.includes(method);
          if (fails && calls++ >= (options.failAfter ?? 0)) {
            // A stall never settles, as a call does whose invocation the runtime ends part-way.
            return () => (options.stall ? new Promise(() => {}) : Promise.reject(new Error(`Durable Object ${method} failed (simulated)`)));
          }
          // An RPC stub's methods are called on the stub itself (binding one does not work).
          return (...args: unknown[]) => target[method]?.(...args);
        },
      });
    },
  } as unknown as Env['COUNTER'];
}
