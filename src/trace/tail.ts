// Live count of finished tests while a run is still writing its traces: reads only the bytes each
// <pid>.jsonl gained since the last look, so polling a long run stays cheap.
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';

/** The shim writes compact JSON (separators without spaces), so a test end is this exact text. */
const TEST_END = '"ev":"test-end"';

export class TestEndCounter {
  private readonly offsets = new Map<string, number>();
  private readonly partial = new Map<string, string>();
  private total = 0;

  constructor(private readonly runDir: string) {}

  /** Reads what the trace files gained and returns the number of test-end events so far. */
  async poll(): Promise<number> {
    const names = await readdir(this.runDir).catch(() => [] as string[]);
    for (const name of names) {
      if (name.endsWith('.jsonl')) await this.readNew(name);
    }
    return this.total;
  }

  private async readNew(name: string): Promise<void> {
    const handle = await open(path.join(this.runDir, name), 'r').catch(() => null);
    if (handle === null) return;
    try {
      const from = this.offsets.get(name) ?? 0;
      const { size } = await handle.stat();
      if (size <= from) return;
      const buf = Buffer.alloc(size - from);
      const { bytesRead } = await handle.read(buf, 0, buf.length, from);
      this.offsets.set(name, from + bytesRead);
      // Only whole lines are counted; the tail of a line still being written waits for the next poll.
      const lines = `${this.partial.get(name) ?? ''}${buf.subarray(0, bytesRead).toString('utf8')}`.split('\n');
      this.partial.set(name, lines.pop() ?? '');
      for (const line of lines) if (line.includes(TEST_END)) this.total++;
    } finally {
      await handle.close();
    }
  }
}
