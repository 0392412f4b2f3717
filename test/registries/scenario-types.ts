/** The registries' stand-in's scenario language, shared by the server (Node) and the tests (workerd). */

export interface RegistryPackage {
  /** Downloads per day, oldest first; days missing count nothing. */
  days: Array<{ day: string; downloads: number }>;
  /** Answer every request with this status instead (429 for a rate limit, 503 for an outage). */
  failWith?: number;
}

export interface RegistryRequest {
  path: string;
  userAgent: string | null;
}
