// Project config: [tool.flakescope] in pyproject.toml and flakescope.config.json in the current folder.
// Both are validated against CONFIG_SCHEMA; errors name the file, the key and what is allowed (exit 2).
// flakescope.config.json wins over pyproject.toml key by key; command-line flags win over both.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { errnoCode, UsageError } from '../errors.js';
import { CONFIG_KEYS, CONFIG_SCHEMA, type ConfigKey } from './config-schema.js';

export const PYPROJECT_FILE = 'pyproject.toml';
export const JSON_CONFIG_FILE = 'flakescope.config.json';

export type ProjectConfig = Partial<Record<ConfigKey, string | number | boolean>>;

export interface ConfigSource {
  /** File the settings came from, as shown in messages (pyproject.toml adds its table name). */
  where: string;
  values: ProjectConfig;
}

// ajv and smol-toml are slow to load and most projects have no config file: they load (synchronously,
// as the command line reads config while it parses flags) only when a config file is there.
const require = createRequire(import.meta.url);
let compiled: ValidateFunction | undefined;

/** How ajv compiles CONFIG_SCHEMA, here and in the build's precompiled validator. */
export const AJV_OPTIONS = { allErrors: true, strict: true } as const;

/** ajv's standalone code for CONFIG_SCHEMA, which `npm run build` writes next to this file in dist/
 *  (scripts/build-config-validator.mjs): loading ajv and compiling the schema took longer than the rest
 *  of `run`'s start, and a config must be checked before the child starts. Run from src/ (the tests),
 *  there is none and ajv compiles the schema here. */
const PRECOMPILED = './config-validator.cjs';

function validator(): ValidateFunction {
  if (compiled === undefined) {
    try {
      compiled = require(PRECOMPILED) as ValidateFunction;
    } catch (err) {
      if (errnoCode(err) !== 'MODULE_NOT_FOUND') throw err;
      const { Ajv } = require('ajv') as typeof import('ajv');
      compiled = new Ajv(AJV_OPTIONS).compile(CONFIG_SCHEMA);
    }
  }
  return compiled;
}

function describeError(e: ErrorObject): string {
  const key = e.instancePath.replace(/^\//, '').replace(/~1/g, '/').replace(/~0/g, '~');
  const where = key === '' ? 'the settings' : `key "${key}"`;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown key "${String(e.params.additionalProperty)}" (allowed keys: ${CONFIG_KEYS.join(', ')})`;
    case 'enum':
      return `${where} must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
      return `${where} must look like K/N, e.g. "1/4"`;
    default:
      return `${where} ${e.message ?? 'is invalid'}`;
  }
}

/** Validates one file's settings; throws a UsageError listing every problem. */
export function checkConfig(source: ConfigSource): ProjectConfig {
  const validate = validator();
  if (validate(source.values)) return source.values;
  const problems = (validate.errors ?? []).map(describeError);
  throw new UsageError(`${source.where}: ${problems.join('; ')}. Fix the file or remove the key.`);
}

function readPyproject(file: string): ConfigSource | null {
  let data: Record<string, unknown>;
  try {
    const { parse } = require('smol-toml') as typeof import('smol-toml');
    data = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file}: not valid TOML (${(err as Error).message.split('\n')[0]}); fix the file so flakescope and pytest can read it`);
  }
  const tool = data.tool as Record<string, unknown> | undefined;
  const section = tool?.flakescope;
  if (section === undefined) return null;
  return { where: `${file} [tool.flakescope]`, values: section as ProjectConfig };
}

function readJsonConfig(file: string): ConfigSource {
  try {
    return { where: file, values: JSON.parse(readFileSync(file, 'utf8')) as ProjectConfig };
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message}); fix or remove the file`);
  }
}

/** The settings of the project in `cwd`, merged and validated. No config file gives {}. */
export function loadProjectConfig(cwd: string): ProjectConfig {
  const sources: ConfigSource[] = [];
  const pyproject = path.join(cwd, PYPROJECT_FILE);
  if (existsSync(pyproject)) {
    const s = readPyproject(pyproject);
    if (s !== null) sources.push(s);
  }
  const json = path.join(cwd, JSON_CONFIG_FILE);
  if (existsSync(json)) sources.push(readJsonConfig(json));
  return Object.assign({}, ...sources.map(checkConfig)) as ProjectConfig;
}

/** The settings a command accepts; the rest are for other commands (e.g. `jobs` means nothing to `check`). */
export function configFor(config: ProjectConfig, keys: readonly ConfigKey[]): ProjectConfig {
  return Object.fromEntries(Object.entries(config).filter(([k]) => (keys as readonly string[]).includes(k)));
}
