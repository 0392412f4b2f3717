import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import worker from '../src/index';
import { counterFor } from '../src/counter/counter-client';

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

export function counterOf(owner: string, repo: string) {
  return counterFor(env.COUNTER, { owner, repo });
}

export const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
export const CAMO_UA = 'github-camo (876de43e)';
export const BOT_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

/** The test KV namespace, except that writes fail once `failAfter` of them have gone through. */
export function kvFailingWrites(failAfter = 0): KVNamespace {
  const kv = env.REPORTS;
  let writes = 0;
  return new Proxy(kv, {
    get(target, property) {
      if (property === 'put') {
        return async (...args: Parameters<KVNamespace['put']>) => {
          if (writes++ >= failAfter) throw new Error('KV put failed (simulated)');
          return target.put(...args);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The test KV namespace, except that every read fails. */
export function kvFailingReads(): KVNamespace {
  return new Proxy(env.REPORTS, {
    get(target, property) {
      if (property === 'get' || property === 'getWithMetadata' || property === 'list') return async () => Promise.reject(new Error('KV read failed (simulated)'));
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The test KV namespace, recording the key of every read into `keys`. */
export function kvRecordingReads(keys: string[]): KVNamespace {
  return new Proxy(env.REPORTS, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      if (property !== 'get' && property !== 'getWithMetadata') return value.bind(target);
      return (key: string, ...rest: unknown[]) => {
        keys.push(key);
        return (value as (...args: unknown[]) => unknown).call(target, key, ...rest);
      };
    },
  });
}
