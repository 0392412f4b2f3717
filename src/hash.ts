/** Hash helpers on Web Crypto (the Workers runtime's own, no Node.js compatibility layer needed). */

const encoder = new TextEncoder();

export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

export async function hmacSha256Hex(key: CryptoKey, text: string): Promise<string> {
  return toHex(await crypto.subtle.sign('HMAC', key, encoder.encode(text)));
}

export function importHmacKey(secretHex: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secretHex), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

export function randomHex(bytes: number): string {
  return toHex(crypto.getRandomValues(new Uint8Array(bytes)).buffer);
}

/** FNV-1a (64-bit): a fast, stable, non-cryptographic fingerprint for shortening keys. */
export function fnv1a64Hex(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of encoder.encode(text)) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash.toString(16).padStart(16, '0');
}

function toHex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
