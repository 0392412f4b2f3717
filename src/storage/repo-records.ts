// The repository's records port lives in records/repo-records.ts; its names stay importable from here.
export * from '../records/repo-records';
