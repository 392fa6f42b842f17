// The reader on random and malformed streams: it never throws, keeps every well-formed event,
// drops every broken one with a warning naming the file and line, and notes unknown kinds.
import t from 'tap';
import fc from 'fast-check';
import { MAX_LINE_WARNINGS_PER_FILE, parseTraceText, type TraceWarning } from '../../src/trace/read.js';
import { brokenLine, HEADER, unknownEvent, validEvent } from '../fixtures/fuzz-events.js';

type Line = { kind: 'valid' | 'broken' | 'unknown'; text: string };
const line = fc.oneof(
  { weight: 4, arbitrary: validEvent.map((e): Line => ({ kind: 'valid', text: JSON.stringify(e) })) },
  { weight: 1, arbitrary: brokenLine.map((text): Line => ({ kind: 'broken', text })) },
  { weight: 1, arbitrary: unknownEvent.map((e): Line => ({ kind: 'unknown', text: JSON.stringify(e) })) },
);

t.test('every valid event kept, every broken line warned about (up to the cap), unknown kinds noted', async (t) => {
  fc.assert(
    fc.property(fc.array(line, { maxLength: 60 }), (lines) => {
      const warnings: TraceWarning[] = [];
      const proc = parseTraceText(`${HEADER}\n${lines.map((l) => l.text).join('\n')}\n`, 'f.jsonl', warnings);
      if (proc === null) return false;
      const count = (k: Line['kind']) => lines.filter((l) => l.kind === k).length;
      if (proc.events.length !== count('valid')) return false;
      const lineWarnings = warnings.filter((w) => /^f\.jsonl:\d+$/.test(w.where));
      if (lineWarnings.length !== Math.min(count('broken'), MAX_LINE_WARNINGS_PER_FILE)) return false;
      if (count('broken') > MAX_LINE_WARNINGS_PER_FILE && !warnings.some((w) => /more bad lines/.test(w.message))) return false;
      return (count('unknown') > 0) === warnings.some((w) => /unknown event kinds/.test(w.message));
    }),
    { numRuns: 400 },
  );
  t.pass();
});

t.test('a torn last line loses only that event, and says so', async (t) => {
  fc.assert(
    fc.property(fc.array(validEvent, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 20 }), (events, cut) => {
      const text = `${HEADER}\n${events.map((e) => JSON.stringify(e)).join('\n')}`;
      const last = JSON.stringify(events[events.length - 1]);
      const torn = text.slice(0, text.length - Math.min(cut, last.length - 1));
      const warnings: TraceWarning[] = [];
      const proc = parseTraceText(torn, 'f.jsonl', warnings);
      return proc !== null && proc.events.length === events.length - 1 && warnings.some((w) => /torn last line/.test(w.message));
    }),
    { numRuns: 300 },
  );
  t.pass();
});

t.test('arbitrary bytes never throw: null or a trace, with a warning when skipped', async (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, withHeader) => {
      const body = Buffer.from(bytes).toString('utf8');
      const warnings: TraceWarning[] = [];
      const proc = parseTraceText(withHeader ? `${HEADER}\n${body}` : body, 'g.jsonl', warnings);
      return proc !== null || warnings.length > 0;
    }),
    { numRuns: 400 },
  );
  t.pass();
});
