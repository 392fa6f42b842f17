// Shape checks for trace lines: which fields each event kind must have, and their types.
// Unknown kinds and unknown fields are not errors (newer shims add them); a known kind with a
// missing or wrong-typed field is dropped by the reader with a warning.
import type { HeaderEvent, TraceEvent } from './schema.js';

type FieldType = 'string' | 'number' | 'string|null' | 'site' | 'owner' | 'string[]' | 'outcome' | 'scope' | 'stacks' | 'target-list';
interface FieldSpec {
  required: Record<string, FieldType>;
  optional?: Record<string, FieldType>;
}

const OWNER_SCOPES = new Set(['test', 'class', 'module', 'fixture', 'session']);
const OUTCOMES = new Set(['passed', 'failed', 'error', 'skipped']);
const SCOPES = new Set(['class', 'module']);

const BASE_OPTIONAL: Record<string, FieldType> = { tid: 'number', test: 'string|null' };

const EVENT_SPECS: Record<TraceEvent['ev'], FieldSpec> = {
  'test-start': { required: { t: 'number', test: 'string' }, optional: { runner: 'string', site: 'site' } },
  'test-end': { required: { t: 'number', test: 'string', outcome: 'outcome' }, optional: { duration: 'number', message: 'string' } },
  'scope-start': { required: { t: 'number', scope: 'scope', id: 'string' } },
  'scope-end': { required: { t: 'number', scope: 'scope', id: 'string' } },
  sleep: { required: { t: 'number', api: 'string', requested: 'number', actual: 'number', site: 'site' }, optional: { scale: 'number' } },
  'patch-start': {
    required: { t: 'number', id: 'string', target: 'string', via: 'string', how: 'string', owner: 'owner', site: 'site' },
    optional: { keys: 'string[]' },
  },
  'patch-stop': { required: { t: 'number', id: 'string', how: 'string' }, optional: { site: 'site' } },
  'sleep-fold': {
    required: { t: 'number', api: 'string', site: 'site', calls: 'number', actual: 'number', min: 'number', max: 'number', requested: 'number', first: 'number' },
    optional: { scale: 'number' },
  },
  'patch-fold': {
    required: {
      t: 'number', target: 'string', via: 'string', how: 'string', owner: 'owner', site: 'site', stopHow: 'string', count: 'number', calls: 'number', first: 'number',
    },
    optional: { keys: 'string[]', stopSite: 'site' },
  },
  'mock-call': { required: { t: 'number', id: 'string' }, optional: { site: 'site' } },
  'fixture-setup': {
    required: { t: 'number', id: 'string', fixture: 'string', kind: 'string', scope: 'string', owner: 'owner', site: 'site' },
  },
  'fixture-cleanup': { required: { t: 'number', id: 'string' }, optional: { error: 'string' } },
  hang: { required: { t: 'number', timeout: 'number', site: 'site' }, optional: { stacks: 'stacks' } },
  'resource-open': {
    required: { t: 'number', kind: 'string', key: 'string', target: 'string', owner: 'owner' },
    optional: {
      site: 'site', createdBy: 'site', heldBy: 'string', created: 'number', pid: 'number', fd: 'number', before: 'string', after: 'string', graceMs: 'number',
    },
  },
  'resource-close': { required: { t: 'number', kind: 'string', key: 'string' } },
  snapshot: { required: { t: 'number', at: 'string', id: 'string|null' }, optional: { threads: 'number', fds: 'number', reapplied: 'target-list' } },
  'internal-error': { required: { t: 'number', where: 'string', error: 'string' } },
};

const HEADER_SPEC: FieldSpec = {
  required: { v: 'number', pid: 'number' },
  optional: { ppid: 'number', python: 'string', executable: 'string', argv: 'string[]', cwd: 'string', run: 'number', t0: 'number', shimVersion: 'string', chained: 'string|null' },
};

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'string|null': return value === null || typeof value === 'string';
    case 'string[]': return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'site': return isRecord(value) && typeof value.file === 'string' && typeof value.line === 'number' && Number.isFinite(value.line);
    case 'owner': return isRecord(value) && typeof value.id === 'string' && typeof value.scope === 'string' && OWNER_SCOPES.has(value.scope);
    case 'outcome': return typeof value === 'string' && OUTCOMES.has(value);
    case 'scope': return typeof value === 'string' && SCOPES.has(value);
    case 'stacks': return Array.isArray(value) && value.every((s) => isRecord(s) && Array.isArray(s.frames));
    case 'target-list': return Array.isArray(value) && value.every((x) => isRecord(x) && typeof x.target === 'string' && hasType(x.site, 'site'));
  }
}

type Fields = Array<[string, FieldType]>;
const FIELDS = new WeakMap<FieldSpec, { required: Fields; optional: Fields }>();

/** A spec's fields as lists, computed once per spec: every line of a trace is checked against one. */
function fieldsOf(spec: FieldSpec): { required: Fields; optional: Fields } {
  let fields = FIELDS.get(spec);
  if (fields === undefined) {
    fields = { required: Object.entries(spec.required), optional: Object.entries({ ...BASE_OPTIONAL, ...spec.optional }) };
    FIELDS.set(spec, fields);
  }
  return fields;
}

/** The first problem with `obj` against `spec`, or null when it fits. */
function problem(obj: Record<string, unknown>, spec: FieldSpec): string | null {
  const { required, optional } = fieldsOf(spec);
  for (const [field, type] of required) {
    if (!(field in obj)) return `missing field "${field}"`;
    if (!hasType(obj[field], type)) return `field "${field}" is not a ${type}`;
  }
  for (const [field, type] of optional) {
    if (obj[field] !== undefined && !hasType(obj[field], type)) return `field "${field}" is not a ${type}`;
  }
  return null;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string } | { ok: 'unknown'; kind: string };

export function isKnownKind(kind: string): kind is TraceEvent['ev'] {
  return Object.hasOwn(EVENT_SPECS, kind);
}

export function checkEvent(obj: unknown): Checked<TraceEvent> {
  if (!isRecord(obj)) return { ok: false, reason: 'not a JSON object' };
  if (typeof obj.ev !== 'string') return { ok: false, reason: 'missing field "ev"' };
  if (!isKnownKind(obj.ev)) return { ok: 'unknown', kind: obj.ev };
  const why = problem(obj, EVENT_SPECS[obj.ev]);
  return why === null ? { ok: true, value: obj as unknown as TraceEvent } : { ok: false, reason: `${obj.ev}: ${why}` };
}

export function checkHeader(obj: unknown): Checked<HeaderEvent> {
  if (!isRecord(obj) || obj.ev !== 'header') return { ok: false, reason: 'first line is not a header' };
  const why = problem(obj, HEADER_SPEC);
  return why === null ? { ok: true, value: obj as unknown as HeaderEvent } : { ok: false, reason: `header: ${why}` };
}
