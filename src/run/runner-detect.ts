// Which test runner a command line starts, from its argv alone (doctor and watch use it).

export type RunnerKind = 'pytest' | 'unittest' | 'testtools' | 'stestr' | 'tornado' | 'script' | 'unknown';

export interface DetectedRunner {
  kind: RunnerKind;
  /** The argv index where the runner's own arguments start (after `-m pytest`, the script...). */
  argsAt: number;
}

const isPython = (arg: string): boolean => /(^|\/)python[\d.]*$/.test(arg);

const MODULE_RUNNERS: Record<string, RunnerKind> = {
  pytest: 'pytest',
  'py.test': 'pytest',
  unittest: 'unittest',
  'testtools.run': 'testtools',
  stestr: 'stestr',
  'tornado.test.runtests': 'tornado',
};

export function detectRunner(argv: readonly string[]): DetectedRunner {
  const first = argv[0] ?? '';
  const base = first.split('/').pop() ?? '';
  if (!isPython(first)) {
    const kind = MODULE_RUNNERS[base] ?? 'unknown';
    return { kind, argsAt: 1 };
  }
  const m = argv.indexOf('-m');
  if (m !== -1 && argv[m + 1] !== undefined) return { kind: MODULE_RUNNERS[argv[m + 1] as string] ?? 'unknown', argsAt: m + 2 };
  const script = argv.findIndex((a, i) => i > 0 && a.endsWith('.py'));
  if (script !== -1) return { kind: 'script', argsAt: script + 1 };
  return { kind: 'unknown', argsAt: argv.length };
}

export { isPython };
