/**
 * KV or a repository's counter failed: the one kind of error that answers 503 ("try again"), since it passes.
 * Anything else thrown past validation is a bug and answers 500. Storage calls are wrapped with `guard` so that
 * routes can tell the two apart.
 */
export class StorageFault extends Error {
  constructor(
    what: string,
    override readonly cause: unknown,
  ) {
    super(`${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StorageFault';
  }
}

/**
 * How an error about stored data that cannot be read begins: storage answered, and what it holds is wrong (a bug
 * wrote it). Trying again cannot help, so it is not a StorageFault, also when it comes from a Durable Object.
 */
export const UNREADABLE = 'unreadable stored data: ';

/** Runs one storage operation; whatever it throws becomes a StorageFault naming `what`, but unreadable data. */
export async function guard<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(UNREADABLE)) throw error;
    throw error instanceof StorageFault ? error : new StorageFault(what, error);
  }
}
