/**
 * The GitHub App's private key as WebCrypto can import it. GitHub hands out keys in PKCS#1 PEM ("BEGIN RSA PRIVATE
 * KEY"), but WebCrypto imports only PKCS#8, and @octokit/auth-app's JWT signer (universal-github-app-jwt) refuses
 * PKCS#1 outside Node.js. Wrapping the PKCS#1 key in a PKCS#8 envelope is a fixed prefix and two lengths (RFC 5208
 * §5, with the rsaEncryption algorithm of RFC 8017 A.1), so the key GitHub gave can be pasted as it is.
 */

const PKCS1 = /-----BEGIN RSA PRIVATE KEY-----([\s\S]*?)-----END RSA PRIVATE KEY-----/;
const PKCS8 = /-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----/;

/** version 0, AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }. */
const VERSION_AND_ALGORITHM = [0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];

/**
 * The key as PKCS#8 PEM, or null when `pem` holds no RSA private key. Escaped newlines ("\n" typed into a
 * dashboard's secret field) are read as newlines.
 */
export function pkcs8PrivateKey(pem: string): string | null {
  const text = pem.replace(/\\n/g, '\n').trim();
  const pkcs8 = PKCS8.exec(text);
  if (pkcs8) return pkcs8[0];
  const pkcs1 = PKCS1.exec(text);
  if (!pkcs1) return null;
  const body = (pkcs1[1] ?? '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+=*$/.test(body)) return null;
  // Binary strings (a character a byte), as atob and btoa take them: the key's bytes are never copied one by one.
  const key = atob(body);
  const octets = [0x04, ...derLength(key.length)];
  const content = VERSION_AND_ALGORITHM.length + octets.length + key.length;
  const envelope = String.fromCharCode(0x30, ...derLength(content), ...VERSION_AND_ALGORITHM, ...octets);
  const lines = btoa(envelope + key).match(/.{1,64}/g) ?? [];
  return ['-----BEGIN PRIVATE KEY-----', ...lines, '-----END PRIVATE KEY-----'].join('\n');
}

/** A DER length: one byte below 128, else 0x80 + the count of big-endian bytes that follow. */
function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return [0x80 + bytes.length, ...bytes];
}
