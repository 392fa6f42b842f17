#!/usr/bin/env node
// Build step (`npm run build`, after tsc): ajv's standalone code for the project config's schema, written
// next to dist/run/config.js, so `flakescope run` checks a config file without loading ajv and compiling
// the schema before its child starts (src/run/config.ts). Same schema, same options, same errors.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Ajv } = require('ajv');
const standaloneCode = require('ajv/dist/standalone').default;
const { CONFIG_SCHEMA } = await import('../dist/run/config-schema.js');
const { AJV_OPTIONS } = await import('../dist/run/config.js');

const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
writeFileSync(new URL('../dist/run/config-validator.cjs', import.meta.url), standaloneCode(ajv, ajv.compile(CONFIG_SCHEMA)));
