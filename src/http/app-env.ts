import type { Config } from '../config';

/** Hono's typing of this Worker: its bindings, and the parsed config every route reads. */
export interface AppEnv {
  Bindings: Env;
  /** `access` is set by reportAuth on /report routes: all figures, or public ones only. */
  Variables: { config: Config; access: 'full' | 'public' };
}
