// JSON schema of flakescope's project config ([tool.flakescope] in pyproject.toml, flakescope.config.json).
// Keys are the long flags, kebab-case, so a reader can move a setting between the two without renaming it.
import { FAIL_ON_LEVELS } from '../report/exit-code.js';

export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    out: { type: 'string', minLength: 1, description: 'output folder' },
    'fail-on': { enum: [...FAIL_ON_LEVELS], description: 'lowest finding severity that gives exit 1' },
    quiet: { type: 'boolean', description: 'no terminal summary' },
    runs: { type: 'integer', minimum: 1, description: 'repetitions' },
    jobs: { type: 'integer', minimum: 1, description: 'repetitions run in parallel (capped at the CPU count)' },
    shard: { type: 'string', pattern: '^[1-9][0-9]*/[1-9][0-9]*$', description: 'K/N: this machine runs the K-th of N slices' },
  },
} as const;

export type ConfigKey = keyof typeof CONFIG_SCHEMA.properties;
export const CONFIG_KEYS = Object.keys(CONFIG_SCHEMA.properties) as ConfigKey[];
