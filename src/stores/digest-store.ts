import type { Digest } from '../digests/digest';
import type { IsoWeek } from '../digests/iso-week';
import { guard } from '../storage/storage-fault';

/**
 * KV layout of digests: `digest:{YYYY-Www}:{owner}` → Digest JSON, with `{ sentAt }` as key metadata so a list
 * shows what was delivered without reading every digest. A week's digest is stored once and sent at most once.
 */
const DIGEST_PREFIX = 'digest:';
const digestKey = (week: IsoWeek, owner: string) => `${DIGEST_PREFIX}${week}:${owner}`;

export interface DigestMetadata {
  sentAt: string | null;
}

export interface DigestListing {
  week: IsoWeek;
  owner: string;
  sentAt: string | null;
}

export async function readDigest(kv: KVNamespace, week: IsoWeek, owner: string): Promise<{ digest: Digest | null; sentAt: string | null }> {
  const stored = await guard('reading a digest', () => kv.getWithMetadata<Digest, DigestMetadata>(digestKey(week, owner), 'json'));
  return { digest: stored.value, sentAt: stored.metadata?.sentAt ?? null };
}

export function writeDigest(kv: KVNamespace, digest: Digest, sentAt: string | null): Promise<void> {
  return guard('writing a digest', () =>
    kv.put(digestKey(digest.week, digest.owner), JSON.stringify(digest), { metadata: { sentAt } satisfies DigestMetadata }),
  );
}

/** Every stored digest, newest week first, owners in order within a week. */
export async function listDigests(kv: KVNamespace): Promise<DigestListing[]> {
  const listed = await guard('listing digests', () => kv.list<DigestMetadata>({ prefix: DIGEST_PREFIX }));
  const digests = listed.keys.map((key) => {
    const [, week = '', owner = ''] = key.name.split(':');
    return { week, owner, sentAt: key.metadata?.sentAt ?? null };
  });
  return digests.sort((a, b) => b.week.localeCompare(a.week) || a.owner.localeCompare(b.owner));
}

/** The digests of one week, one per owner. */
export async function readWeekDigests(kv: KVNamespace, week: IsoWeek): Promise<Digest[]> {
  const listed = await guard('listing digests', () => kv.list({ prefix: `${DIGEST_PREFIX}${week}:` }));
  const digests = await guard('reading digests', () => Promise.all(listed.keys.map((key) => kv.get<Digest>(key.name, 'json'))));
  return digests.filter((digest): digest is Digest => digest !== null);
}
