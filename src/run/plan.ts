// Which runs to make. One default run for now; reruns and perturbations extend this list.

export interface PlannedRun {
  index: number;
  /** Settings the run applies (sleep-scale, jitter...), echoed into report.json. Empty = unperturbed. */
  perturbation: Record<string, unknown>;
  /** "default" | "reverse" | "shuffle:<seed>" */
  order: string;
}

export function planRuns(): PlannedRun[] {
  return [{ index: 0, perturbation: {}, order: 'default' }];
}
