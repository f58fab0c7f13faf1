import { createRng } from '../platform/prng';
import { inQueueOrder, isPositionKey, keyAtEnd, keyBetween, keyForMove } from './queue';

describe('keyBetween', () => {
  test('gives a key strictly between its neighbours, open at either end', () => {
    const first = keyBetween(null, null);
    const below = keyBetween(null, first);
    const above = keyBetween(first, null);
    expect(below < first && first < above).toBe(true);
    const mid = keyBetween(below, first);
    expect(below < mid && mid < first).toBe(true);
  });

  test('keeps finding room between adjacent keys without ever ending in the lowest digit', () => {
    let lo = keyBetween(null, null);
    const hi = keyBetween(lo, null);
    for (let i = 0; i < 200; i++) {
      const k = keyBetween(lo, hi);
      expect(lo < k && k < hi).toBe(true);
      expect(isPositionKey(k)).toBe(true);
      lo = k;
    }
  });

  test('refuses neighbours out of order', () => {
    expect(() => keyBetween('b', 'a')).toThrow();
    expect(() => keyBetween('a', 'a')).toThrow();
  });

  test('random inserts keep a total order that matches where each was inserted', () => {
    const rng = createRng(11);
    const order: string[] = [];
    for (let i = 0; i < 500; i++) {
      const at = rng.int(order.length + 1);
      const k = keyBetween(order[at - 1] ?? null, order[at] ?? null);
      order.splice(at, 0, k);
    }
    expect([...order].sort()).toEqual(order);
    expect(new Set(order).size).toBe(order.length);
    expect(order.every(isPositionKey)).toBe(true);
  });
});

describe('moves', () => {
  const queue = () => {
    const items: Array<{ id: number; position: string }> = [];
    for (let id = 1; id <= 4; id++) items.push({ id, position: keyAtEnd(items) });
    return items;
  };
  const ids = (items: Array<{ id: number; position: string }>) => inQueueOrder(items).map((i) => i.id);

  test('moving to the top, after another item and to the end rewrites only the moved key', () => {
    const items = queue();
    const top = keyForMove(items, 3, null)!;
    expect(ids(items.map((i) => (i.id === 3 ? { ...i, position: top } : i)))).toEqual([3, 1, 2, 4]);
    const after1 = keyForMove(items, 4, 1)!;
    expect(ids(items.map((i) => (i.id === 4 ? { ...i, position: after1 } : i)))).toEqual([1, 4, 2, 3]);
    const last = keyForMove(items, 1, 4)!;
    expect(ids(items.map((i) => (i.id === 1 ? { ...i, position: last } : i)))).toEqual([2, 3, 4, 1]);
  });

  test('two moves applied one after the other keep every item exactly once', () => {
    let items = queue();
    for (const [id, after] of [
      [2, 4],
      [2, null],
    ] as const) {
      const k = keyForMove(items, id, after)!;
      items = items.map((i) => (i.id === id ? { ...i, position: k } : i));
    }
    expect(ids(items)).toEqual([2, 1, 3, 4]);
  });

  test('a move after the item itself or after an item not in the queue has no key', () => {
    expect(keyForMove(queue(), 2, 2)).toBeUndefined();
    expect(keyForMove(queue(), 2, 99)).toBeUndefined();
  });
});
