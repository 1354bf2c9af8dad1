import { SentMarks } from '../sent-marks';

describe('SentMarks', () => {
  it('writes the first record at once and everything that arrives meanwhile in the next write, one write at a time', async () => {
    const writes: number[][] = [];
    let running = 0;
    let maxRunning = 0;
    const marks = new SentMarks<number>(async (items) => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      writes.push(items);
      await new Promise((r) => setTimeout(r, 10));
      running -= 1;
    });
    await Promise.all([1, 2, 3, 4].map((n) => marks.record(n)));
    expect(writes).toEqual([[1], [2, 3, 4]]);
    expect(maxRunning).toBe(1);
  });

  it('rejects every record of a failed write, and keeps writing later ones', async () => {
    let fail = true;
    const marks = new SentMarks<string>((items) => (fail ? Promise.reject(new Error(`caída: ${items.join()}`)) : Promise.resolve()));
    await expect(marks.record('a')).rejects.toThrow('caída: a');
    fail = false;
    await expect(marks.record('b')).resolves.toBeUndefined();
  });
});
