// The counter's row types live in views.ts; they stay importable from here.
export type * from '../views';
