/**
 * Records deliveries accepted by SMTP, many per statement: `record(…)` resolves once the row's `sent` has committed.
 * While one write runs, the deliveries that arrive meanwhile wait for the next, which takes all of them; so there is
 * at most one write in flight, each as large as the traffic makes it, and a delivery waits at most two writes.
 */
export class SentMarks<T> {
  private waiting: Array<{ item: T; resolve: () => void; reject: (e: unknown) => void }> = [];
  private writing = false;

  constructor(private readonly write: (items: T[]) => Promise<void>) {}

  record(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.writing || !this.waiting.length) return;
    const batch = this.waiting;
    this.waiting = [];
    this.writing = true;
    this.write(batch.map((w) => w.item))
      .then(
        () => batch.forEach((w) => w.resolve()),
        (e: unknown) => batch.forEach((w) => w.reject(e)),
      )
      .finally(() => {
        this.writing = false;
        this.next();
      });
  }
}
