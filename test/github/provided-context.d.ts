// What vitest's globalSetup hands to tests and to the pool's config (see global-setup.ts).
declare module 'vitest' {
  export interface ProvidedContext {
    githubApiUrl: string;
    registriesUrl: string;
  }
}
export {};
