import { createServer } from 'node:net';

/**
 * A port free on 127.0.0.1 right now, for a server started by another process (`wrangler dev --port`): the
 * system picks it (listen on 0), it is released, and handed over.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const address = server.address();
  await new Promise((closed) => server.close(closed));
  if (address === null || typeof address === 'string') throw new Error('no TCP port was given');
  return address.port;
}
