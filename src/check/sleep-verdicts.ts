// Each sleep site's verdict for report.json's `sleeps`: whether the outcome depends on it, summed over
// the tests that slept there from their per-test judgements (site-judgement.ts via timing.ts).
import type { Site } from '../trace/schema.js';
import type { IndexedRun } from '../trace/run-index.js';
import { judgeSleepSites, type SiteJudgement } from './timing.js';

export interface SleepJudgementSummary {
  test: string;
  outcomeDependsOnIt: boolean | null;
  reason: string;
  role: 'synchronisation' | 'poll-interval' | 'cosmetic' | null;
  headroom?: string;
  conditions: Array<{ scales: Record<string, number>; runs: number; failed: number; flipped: number; flipRate: { estimate: number; low: number; high: number }; decides: boolean }>;
  interleaving: Array<{ scales: Record<string, number>; kind: string; message: string }>;
}

/** A site's verdict: `outcomeDependsOnIt` true, false (shown for every test that slept there) or null. */
export interface SleepSiteVerdict {
  outcomeDependsOnIt: boolean | null;
  shareOfTestTime: number | null;
  secondsPerRun: number;
  reason?: string;
  role?: SleepJudgementSummary['role'];
  headroom?: string;
  judgements: SleepJudgementSummary[];
}

export type SleepVerdictOf = (site: Site) => SleepSiteVerdict;

const summaryOf = (j: SiteJudgement): SleepJudgementSummary => ({
  test: j.test, outcomeDependsOnIt: j.outcomeDependsOnIt, reason: j.reason, role: j.role,
  ...(j.headroom ? { headroom: j.headroom.text } : {}),
  conditions: j.conditions,
  interleaving: j.interleaving.map((x) => ({ scales: x.scales, kind: x.kind, message: x.message })),
});

/** A site decides when it decides any test's outcome; it decides nothing only when that was shown
 *  in every test that slept there (otherwise null, with the reason of a test left undecided). Its
 *  share is of the time of the test it weighs most on. */
function judgementFor(judged: SiteJudgement[], site: Site): SleepSiteVerdict {
  const mine = judged.filter((j) => j.site.file === site.file && j.site.line === site.line);
  const deciding = mine.find((j) => j.outcomeDependsOnIt === true);
  const open = mine.find((j) => j.outcomeDependsOnIt === null);
  const depends = deciding ? true : mine.length > 0 && open === undefined ? false : null;
  const heaviest = mine.reduce<SiteJudgement | null>((m, j) => ((j.share ?? -1) > (m?.share ?? -1) ? j : m), null);
  const lead = deciding ?? open ?? heaviest;
  const headroom = (deciding ?? mine.find((j) => j.headroom))?.headroom?.text;
  return {
    outcomeDependsOnIt: depends, shareOfTestTime: heaviest?.share ?? null, secondsPerRun: heaviest?.secondsPerRun ?? 0,
    ...(lead ? { reason: mine.length > 1 ? `${lead.test}: ${lead.reason}` : lead.reason, role: lead.role } : {}),
    ...(headroom ? { headroom } : {}),
    judgements: mine.map(summaryOf),
  };
}

/** Judges every sleep site of the runs once; the returned lookup answers per site (null verdicts for a
 *  site no test judgement covers). */
export function sleepVerdicts(runs: IndexedRun[]): SleepVerdictOf {
  const judged = judgeSleepSites(runs);
  return (site) => judgementFor(judged, site);
}
