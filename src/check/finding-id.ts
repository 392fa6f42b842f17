// Finding ids are derived from what was found and where, never from run order, so the same leak
// gets the same id on every machine and merge can de-duplicate shards.
import { createHash } from 'node:crypto';
import type { FindingKind } from './finding.js';
import type { Site } from '../trace/schema.js';

export function findingId(kind: FindingKind, site: Site | null, target = ''): string {
  const key = [kind, site?.file ?? '', site?.line ?? '', target].join('\u0000');
  return `${kind}:${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}
