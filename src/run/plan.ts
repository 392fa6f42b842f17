// Which runs to make: `runs` unperturbed repetitions in the default order. Reruns and perturbations extend this list.

export interface PlannedRun {
  index: number;
  /** Settings the run applies (sleep-scale, jitter...), echoed into report.json. Empty = unperturbed. */
  perturbation: Record<string, unknown>;
  /** "default" | "reverse" | "shuffle:<seed>" */
  order: string;
}

export interface PlanOptions {
  /** Repetitions (--runs N); default 1. */
  runs?: number;
}

export function planRuns(opts: PlanOptions = {}): PlannedRun[] {
  return Array.from({ length: opts.runs ?? 1 }, (_, index) => ({ index, perturbation: {}, order: 'default' }));
}
