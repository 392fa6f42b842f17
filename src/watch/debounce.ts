// Collects file changes and hands them out in batches once the files have been quiet for a while,
// so one save (or a "save all") gives one rerun. Changes that arrive during a run wait for the next batch.

/** Quiet time after the last change before a rerun starts: editors save in several steps (write,
 *  rename, chmod) and "save all" touches several files within ~100 ms; 300 ms folds them into one
 *  rerun and still feels immediate. */
export const DEBOUNCE_MS = 300;

export type ChangeKind = 'changed' | 'deleted';

export interface Change {
  file: string;
  kind: ChangeKind;
}

export class ChangeBatcher {
  readonly #delayMs: number;
  readonly #pending = new Map<string, ChangeKind>();
  #timer: NodeJS.Timeout | undefined;
  #quiet = false;
  #waiter: ((changes: Change[]) => void) | undefined;

  constructor(delayMs = DEBOUNCE_MS) {
    this.#delayMs = delayMs;
  }

  /** The last event for a file wins: a file deleted and written again is a change. */
  add(file: string, kind: ChangeKind): void {
    this.#pending.set(file, kind);
    this.#quiet = false;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#quiet = true;
      this.#flush();
    }, this.#delayMs);
  }

  /** Resolves with the next batch: at once if one is already quiet, else when it becomes quiet. */
  next(): Promise<Change[]> {
    return new Promise((resolve) => {
      this.#waiter = resolve;
      this.#flush();
    });
  }

  close(): void {
    clearTimeout(this.#timer);
  }

  #flush(): void {
    if (!this.#quiet || this.#waiter === undefined || this.#pending.size === 0) return;
    const batch = [...this.#pending].map(([file, kind]) => ({ file, kind }));
    const waiter = this.#waiter;
    this.#pending.clear();
    this.#quiet = false;
    this.#waiter = undefined;
    waiter(batch);
  }
}
