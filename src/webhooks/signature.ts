import { verify } from '@octokit/webhooks-methods';

// GitHub signs each delivery's body with the webhook's secret, HMAC-SHA256, in hex:
// https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
const SIGNATURE = /^sha256=[0-9a-f]{64}$/;

export type SignatureCheck = 'ok' | 'missing' | 'wrong';

/**
 * Checks `X-Hub-Signature-256` against the body. @octokit/webhooks-methods compares with WebCrypto's HMAC verify,
 * which takes the same time however many bytes match; a header that is not `sha256=` and 64 hex digits is wrong
 * without it (the library would throw on it).
 */
export async function checkSignature(secret: string, body: string, header: string | null): Promise<SignatureCheck> {
  if (header === null || header === '') return 'missing';
  if (!SIGNATURE.test(header)) return 'wrong';
  return (await verify(secret, body, header)) ? 'ok' : 'wrong';
}
