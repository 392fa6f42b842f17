// JSON schema of flakescope's project config ([tool.flakescope] in pyproject.toml, flakescope.config.json).
// Keys are the long flags, kebab-case, so a reader can move a setting between the two without renaming it.
import { FAIL_ON_LEVELS } from '../report/exit-code.js';

export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    out: { type: 'string', minLength: 1, description: 'output folder' },
    'fail-on': { enum: [...FAIL_ON_LEVELS], description: 'lowest finding severity that gives exit 1' },
    quiet: { type: 'boolean', description: 'no progress bar and no terminal summary' },
    runs: { anyOf: [{ type: 'integer', minimum: 1 }, { const: 'auto' }], description: 'repetitions: a whole number >= 1, or "auto"' },
    'max-runs': { type: 'integer', minimum: 1, description: 'cap for runs = "auto"' },
    budget: { type: 'number', exclusiveMinimum: 0, description: 'seconds after which no new run starts' },
    perturb: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'perturbations, as for --perturb' },
    timeout: { type: 'number', exclusiveMinimum: 0, description: 'per-test hang limit, seconds' },
    seed: { type: 'integer', minimum: 0, description: 'seed for jitter and shuffled order' },
    format: { type: 'string', minLength: 1, description: 'report formats, comma-separated' },
    ignore: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'globs of findings to drop' },
    jobs: { type: 'integer', minimum: 1, description: 'repetitions run in parallel (capped at the CPU count)' },
    shard: { type: 'string', pattern: '^[1-9][0-9]*/[1-9][0-9]*$', description: 'K/N: this machine runs the K-th of N slices' },
    history: { type: 'string', minLength: 1, description: 'history store: a postgres:// URL, a SQLite file path, or "off"' },
  },
} as const;

export type ConfigKey = keyof typeof CONFIG_SCHEMA.properties;
export const CONFIG_KEYS = Object.keys(CONFIG_SCHEMA.properties) as ConfigKey[];
