// The HTML report's sleeps: per site, whether the outcome depends on it and why, what it is for (a
// poll interval with its headroom), and per test every condition it ran under (scale, runs,
// failures, the flip rate's interval), with how the threads' interleaving changed when the outcome
// did not.
import type { SleepJudgementSummary, SleepSummary } from '../model.js';
import { h, type Raw } from './h.js';

const pct = (x: number): string => `${Math.round(x * 100)}%`;
const answer = (x: boolean | null): string => (x === null ? 'undecided' : x ? 'decides the outcome' : 'decides nothing');
const scalesText = (scales: Record<string, number>): string => Object.entries(scales).map(([k, s]) => `${k} at ${s}x`).join(', ');

function conditionsTable(j: SleepJudgementSummary): Raw {
  return h('table', { class: 'conditions' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Scaled (every other site at 1x)'), h('th', {}, 'Runs'), h('th', {}, 'Failed'), h('th', {}, 'Flipped from plain (95% interval)'))),
    h('tbody', {}, j.conditions.map((c) => h('tr', {},
      h('td', { class: 'mono' }, scalesText(c.scales)),
      h('td', {}, c.runs),
      h('td', {}, c.failed),
      h('td', { class: c.decides ? 'sev-error' : '' }, `${c.flipped} (${pct(c.flipRate.low)}–${pct(c.flipRate.high)})${c.decides ? ': more than plain runs' : ''}`)))));
}

function judgement(j: SleepJudgementSummary, many: boolean): Raw {
  return h('div', { class: 'judgement', 'data-test': j.test },
    many ? h('p', { class: 'mono' }, j.test) : null,
    h('p', {}, `${answer(j.outcomeDependsOnIt)}: ${j.reason}`),
    j.headroom ? h('p', { class: 'muted' }, `poll interval: ${j.headroom}`) : null,
    j.conditions.length > 0 ? conditionsTable(j) : null,
    j.interleaving.length > 0 ? h('ul', {}, j.interleaving.map((x) => h('li', {}, x.message))) : null);
}

export function sleepsSection(sleeps: readonly SleepSummary[]): Raw {
  if (sleeps.length === 0) return h('p', { class: 'muted' }, 'No sleep was recorded.');
  return h('div', {}, sleeps.map((s) => {
    const judgements = s.judgements ?? [];
    return h('details', { class: 'sleep', open: s.outcomeDependsOnIt === true },
      h('summary', {},
        h('span', { class: 'mono' }, `${s.site.file}:${s.site.line}`), ' ',
        h('span', { class: s.outcomeDependsOnIt === true ? 'sev-error' : 'muted' }, answer(s.outcomeDependsOnIt)),
        s.role ? ` (${s.role})` : '',
        ` — ${s.calls} call(s), ${(s.totalMs / 1000).toFixed(2)} s`),
      judgements.length === 0 && s.reason ? h('p', {}, s.reason) : null,
      judgements.map((j) => judgement(j, judgements.length > 1)));
  }));
}
