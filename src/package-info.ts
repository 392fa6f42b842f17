// Where the installed package lives, so the shim and version are found from src/ (tests),
// dist/ (npm run build) and an npm tarball alike: this file sits one level below the root in all three.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const PACKAGE_ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The directory PYTHONPATH must start with so `sitecustomize` and `flakescope_shim` are importable. */
export const SHIM_DIR = path.join(PACKAGE_ROOT, 'python-shim');

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

export const TOOL_VERSION = readVersion();
