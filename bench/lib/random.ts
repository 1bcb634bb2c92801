/** A seeded pseudo-random generator (mulberry32), so a generated instance is the same every run. */
export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** `count` distinct integers from 0 to `size - 1`. */
  sample(size: number, count: number): number[];
  sampleOf<T>(items: readonly T[], count: number): T[];
  /** A Pareto-distributed value ≥ 1; smaller `shape` means a longer tail. */
  pareto(shape: number): number;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const sample = (size: number, count: number) => {
    const wanted = Math.min(size, count);
    const chosen = new Set<number>();
    while (chosen.size < wanted) chosen.add(Math.floor(next() * size));
    return [...chosen];
  };
  return {
    next,
    int,
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    weighted: (items, weights) => {
      let roll = next() * weights.reduce((sum, weight) => sum + weight, 0);
      for (const [index, weight] of weights.entries()) {
        roll -= weight;
        if (roll < 0) return items[index] as (typeof items)[number];
      }
      return items[items.length - 1] as (typeof items)[number];
    },
    sample,
    sampleOf: (items, count) => sample(items.length, count).map((index) => items[index] as (typeof items)[number]),
    pareto: (shape) => 1 / (1 - next()) ** (1 / shape),
  };
}
