import { Slots } from '../slots';

describe('Slots', () => {
  it('lets `size` holders in at once; the next waits, in order, and gets the slot a holder releases', async () => {
    const slots = new Slots(2);
    const order: string[] = [];
    const gates = new Map<string, () => void>();
    const hold = (name: string) =>
      slots.run(async () => {
        order.push(`in ${name}`);
        await new Promise<void>((resolve) => gates.set(name, resolve));
        order.push(`out ${name}`);
      });
    const all = ['a', 'b', 'c', 'd'].map(hold);
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['in a', 'in b']);
    expect(slots.queued).toBe(2);
    gates.get('b')!();
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['in a', 'in b', 'out b', 'in c']);
    expect(slots.queued).toBe(1);
    gates.get('a')!();
    await new Promise((r) => setImmediate(r));
    expect(order.slice(4)).toEqual(['out a', 'in d']);
    gates.get('c')!();
    gates.get('d')!();
    await Promise.all(all);
    expect(slots.queued).toBe(0);
  });

  it('releases the slot when the work fails', async () => {
    const slots = new Slots(1);
    await expect(slots.run(async () => Promise.reject(new Error('falló')))).rejects.toThrow('falló');
    await expect(slots.run(async () => 'ya')).resolves.toBe('ya');
  });
});
