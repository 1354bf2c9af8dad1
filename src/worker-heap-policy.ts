import { setFlagsFromString } from 'node:v8';

/**
 * How far the worker's heap grows past what survived its last full garbage collection before collecting again: twice
 * (V8's own factor moves between 1.1 and 4 with its estimate of the collector's speed). A national score run keeps each
 * institution's rows alive for the few milliseconds it is in flight, long enough to be promoted to the old generation;
 * with V8's factor the old generation filled with 200 MB of such rows before a full collection, and the worker's peak
 * RSS reached 355–380 MB of the 400 allowed (issue 17). At 100 % it peaks at 240–255 MB, for the same CPU within the
 * noise of alternating runs (`npm run bench:scoring`; ADR 0016). It only sets when to collect: the heap still grows as
 * far as the live data needs (no cap, so no out-of-memory where the default would have none).
 *
 * Set at start, before the worker allocates its working set: V8 reads the flag at every full collection.
 */
export const WORKER_HEAP_GROWING_PERCENT = 100;

export function applyWorkerHeapPolicy(): void {
  setFlagsFromString(`--heap-growing-percent=${WORKER_HEAP_GROWING_PERCENT}`);
}
