import type { Config } from '../config';

/** Hono's typing of this Worker: its bindings, and the parsed config every route reads. */
export interface AppEnv {
  Bindings: Env;
  Variables: { config: Config };
}
