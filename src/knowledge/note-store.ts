/**
 * Notes and their vectors in the state store: one namespace per notebook (a server, or a channel
 * outside servers), each note one entry with its vector as base64 Float32. Searches run on an
 * in-memory copy, reloaded only when the notebook's version counter moved (another instance wrote).
 * The counter is incremented atomically after every write: a writer whose increment is not exactly
 * one past the version it started from knows another instance wrote meanwhile and drops its copy.
 */
import { z } from 'zod';
import type { Namespace, StateStore } from '../state/store.js';
import { VectorIndex } from './vector-index.js';

export const noteSchema = z.object({
  id: z.string(),
  platform: z.string(),
  serverId: z.string().optional(),
  channelId: z.string(),
  text: z.string(),
  authorId: z.string(),
  authorName: z.string().optional(),
  link: z.string().optional(),
  messageId: z.string().optional(),
  createdAt: z.number(),
  /** Embedding model the vector came from (notes embedded by another model are not compared). */
  model: z.string(),
});
export type Note = z.infer<typeof noteSchema>;
const recordSchema = noteSchema.extend({ vector: z.string() });

export interface Snapshot {
  notes: ReadonlyMap<string, Note>;
  /** Vectors per embedding model. */
  index(model: string): VectorIndex | undefined;
}

export interface NoteStore {
  put(book: string, note: Note, vector: ArrayLike<number>): Promise<void>;
  get(book: string, id: string): Promise<Note | undefined>;
  /** Changes a stored note's link or message id (its vector stays). */
  update(book: string, id: string, patch: Pick<Partial<Note>, 'link' | 'messageId'>): Promise<void>;
  /** Removes the notes `which` picks; returns how many. */
  remove(book: string, which: (note: Note) => boolean): Promise<number>;
  snapshot(book: string): Promise<Snapshot>;
}

export const encodeVector = (v: ArrayLike<number>) =>
  Buffer.from(Float32Array.from(v).buffer).toString('base64');
export function decodeVector(b64: string): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  const copy = new Uint8Array(bytes.byteLength - (bytes.byteLength % 4));
  copy.set(bytes.subarray(0, copy.byteLength));
  return new Float32Array(copy.buffer);
}

interface Cached {
  version: number;
  notes: Map<string, Note>;
  indexes: Map<string, VectorIndex>;
}

function addTo(c: Cached, note: Note, vector: ArrayLike<number>): void {
  c.notes.set(note.id, note);
  let index = c.indexes.get(note.model);
  if (index && index.dims !== vector.length) return; // a model whose size changed: keep the first
  if (!index) {
    index = new VectorIndex(vector.length);
    c.indexes.set(note.model, index);
  }
  index.add(note.id, vector);
}

export function createNoteStore(store: StateStore): NoteStore {
  const { counters } = store.atomic;
  const versionKey = (book: string) => `kb-version:${book}`;
  const versionOf = async (book: string) => (await counters.read([versionKey(book)]))[0] ?? 0;
  const books = new Map<string, Namespace>();
  const cache = new Map<string, Cached>();
  const ns = (book: string) => {
    let n = books.get(book);
    if (!n) {
      n = store.namespace(`kb-${book.replace(/[^\w.-]/g, '_')}`);
      books.set(book, n);
    }
    return n;
  };

  async function load(book: string): Promise<Cached> {
    const version = await versionOf(book);
    const have = cache.get(book);
    if (have && have.version === version) return have;
    const fresh: Cached = { version, notes: new Map(), indexes: new Map() };
    for await (const [, raw] of ns(book).entries<unknown>()) {
      const parsed = recordSchema.safeParse(raw);
      if (!parsed.success) continue;
      const { vector, ...note } = parsed.data;
      addTo(fresh, note, decodeVector(vector));
    }
    cache.set(book, fresh);
    return fresh;
  }

  /** Writes, then moves the version; the local copy follows along only if nobody else wrote meanwhile. */
  async function change(book: string, apply: (c: Cached | undefined) => Promise<void>): Promise<void> {
    const before = await versionOf(book);
    const local = cache.get(book);
    const current = local && local.version === before ? local : undefined;
    await apply(current);
    const after = await counters.increment(versionKey(book), 1);
    if (current && after === before + 1) current.version = after;
    else cache.delete(book);
  }

  return {
    put: (book, note, vector) =>
      change(book, async (c) => {
        await ns(book).set(note.id, { ...note, vector: encodeVector(vector) });
        c?.indexes.get(note.model)?.remove(note.id);
        if (c) addTo(c, note, vector);
      }),
    async get(book, id) {
      const parsed = recordSchema.safeParse(await ns(book).get(id));
      if (!parsed.success) return undefined;
      const { vector: _vector, ...note } = parsed.data;
      return note;
    },
    async update(book, id, patch) {
      const parsed = recordSchema.safeParse(await ns(book).get(id));
      if (!parsed.success) return;
      await change(book, async (c) => {
        await ns(book).set(id, { ...parsed.data, ...patch });
        const note = c?.notes.get(id);
        if (note) c?.notes.set(id, { ...note, ...patch });
      });
    },
    async remove(book, which) {
      const { notes } = await load(book);
      const doomed = [...notes.values()].filter(which);
      if (doomed.length === 0) return 0;
      await change(book, async (c) => {
        for (const n of doomed) {
          await ns(book).delete(n.id);
          c?.notes.delete(n.id);
          for (const index of c?.indexes.values() ?? []) index.remove(n.id);
        }
      });
      return doomed.length;
    },
    async snapshot(book) {
      const c = await load(book);
      return { notes: c.notes, index: (model) => c.indexes.get(model) };
    },
  };
}
