// Stored reproducers into the findings they belong to: evidence.reproduce, and a plain word in the
// message when one fails less often than REPRODUCED_RATE (check/reproduce.ts).
import type { Finding } from '../check/finding.js';
import { isReproduced, REPRODUCED_RATE } from '../check/reproduce.js';
import type { Reproducers } from './store.js';

export function attachReproducers(findings: Finding[], reproducers: Reproducers): Finding[] {
  return findings.map((f) => {
    const r = reproducers[f.id];
    if (!r) return f;
    const weak = isReproduced(r.reliability)
      ? ''
      : `; its reproducer failed only ${r.reliability.failed} of ${r.reliability.runs} replays (below ${REPRODUCED_RATE * 100}%)`;
    return { ...f, message: f.message + weak, evidence: { ...f.evidence, reproduce: r } };
  });
}
