/**
 * The team notebook: notes are embedded (POST /embeddings) and kept with their vectors in the state
 * store, one notebook per server (per channel outside servers). A search embeds the query, takes the
 * cosine top candidates over the server's or the channel's notes, then asks POST /rerank to order
 * them; if rerank fails the cosine order is kept and the result says so.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Invocation } from '../command-model/command-types.js';
import { InputError, SwitchboardError } from '../common/errors.js';
import type { OpenRouterClient } from '../openrouter/index.js';
import type { StateStore } from '../state/store.js';
import { createNoteStore, decodeVector, type Note } from './note-store.js';

export type { Note } from './note-store.js';

export interface NotebookConfig {
  embeddingModel: string;
  rerankModel: string;
  /** Cosine candidates handed to rerank. */
  candidates?: number;
  /** Longer notes are cut (embedding models take a few thousand tokens). */
  maxNoteChars?: number;
}

export interface Where {
  platform: string;
  serverId?: string;
  channelId: string;
}

export interface Hit {
  note: Note;
  /** Cosine similarity of the query and the note. */
  similarity: number;
  /** Rerank relevance score, when rerank answered. */
  relevance?: number;
}

export interface SearchResult {
  hits: Hit[];
  /** Notes compared (same embedding model, in scope). */
  searched: number;
  reranked: boolean;
  /** Why rerank was skipped, when it failed. */
  rerankProblem?: string;
}

/** Who the embedding and rerank calls are for: billed to them (the system's when absent). */
export interface BilledTo {
  invocation?: Invocation;
}

export interface Notebook {
  readonly config: Required<NotebookConfig>;
  add(input: Omit<Note, 'id' | 'createdAt' | 'model'>, opts?: BilledTo): Promise<Note>;
  search(
    where: Where,
    query: string,
    opts?: { channelOnly?: boolean; limit?: number } & BilledTo,
  ): Promise<SearchResult>;
  get(where: Where, id: string): Promise<Note | undefined>;
  setLink(where: Where, id: string, link: string, messageId?: string): Promise<void>;
  /** Forget one note (true when it existed). */
  forget(where: Where, id: string): Promise<boolean>;
  /** Forget every note saved in the channel; returns how many. */
  forgetChannel(where: Where): Promise<number>;
}

/** One notebook per server; in DMs and the terminal, per channel. */
export const bookOf = (w: Where) =>
  w.serverId ? `${w.platform}.s.${w.serverId}` : `${w.platform}.c.${w.channelId}`;

const call = (billed: BilledTo) => (billed.invocation ? { invocation: billed.invocation } : {});

export function createNotebook(
  config: NotebookConfig,
  deps: {
    client: Pick<OpenRouterClient, 'createEmbeddings' | 'createRerank'>;
    store: StateStore;
    logger?: Logger;
    now?: () => number;
  },
): Notebook {
  const cfg = { candidates: 20, maxNoteChars: 8_000, ...config };
  const notes = createNoteStore(deps.store);
  const now = deps.now ?? Date.now;

  async function embed(text: string, billed: BilledTo): Promise<Float32Array> {
    try {
      const res = await deps.client.createEmbeddings(
        { model: cfg.embeddingModel, input: text },
        call(billed),
      );
      const e = res.data.data[0]?.embedding;
      if (e === undefined) throw new Error('no embedding in the answer');
      return typeof e === 'string' ? decodeVector(e) : Float32Array.from(e);
    } catch (err) {
      const why = err instanceof SwitchboardError ? err.userMessage : 'it sent no embedding';
      throw new SwitchboardError(
        'KB.EMBEDDING_FAILED',
        `The notebook could not embed the text with \`${cfg.embeddingModel}\` (EMBEDDING_MODEL): ${why}`,
        { cause: err },
      );
    }
  }

  async function rerank(query: string, hits: Hit[], limit: number, billed: BilledTo): Promise<Hit[]> {
    const res = await deps.client.createRerank(
      {
        model: cfg.rerankModel,
        query,
        documents: hits.map((h) => h.note.text.slice(0, 4_000)),
        top_n: Math.min(limit, hits.length),
      },
      call(billed),
    );
    return res.data.results
      .filter((r) => hits[r.index])
      .map((r) => ({ ...(hits[r.index] as Hit), relevance: r.relevance_score }))
      .sort((a, b) => (b.relevance ?? 0) - (a.relevance ?? 0))
      .slice(0, limit);
  }

  return {
    config: cfg,
    async add(input, billed = {}) {
      const text = input.text.trim();
      if (!text) throw new InputError('INPUT.EMPTY_NOTE', 'There is no text to save.');
      const kept = text.length > cfg.maxNoteChars ? `${text.slice(0, cfg.maxNoteChars - 1)}…` : text;
      const vector = await embed(kept, billed);
      const note: Note = {
        ...input,
        text: kept,
        id: randomBytes(4).toString('base64url'),
        createdAt: now(),
        model: cfg.embeddingModel,
      };
      await notes.put(bookOf(input), note, vector);
      return note;
    },
    async search(where, query, opts = {}) {
      const limit = opts.limit ?? 5;
      const snap = await notes.snapshot(bookOf(where));
      const index = snap.index(cfg.embeddingModel);
      const inScope = (id: string) => !opts.channelOnly || snap.notes.get(id)?.channelId === where.channelId;
      if (!index || index.size === 0) return { hits: [], searched: 0, reranked: false };
      const vector = await embed(query, opts);
      const searched = opts.channelOnly
        ? [...snap.notes.values()].filter((n) => inScope(n.id)).length
        : index.size;
      const top = index.topK(vector, cfg.candidates, opts.channelOnly ? inScope : undefined);
      const hits = top.flatMap((t) => {
        const note = snap.notes.get(t.id);
        return note ? [{ note, similarity: t.score }] : [];
      });
      if (hits.length === 0) return { hits, searched, reranked: false };
      try {
        return { hits: await rerank(query, hits, limit, opts), searched, reranked: true };
      } catch (err) {
        deps.logger?.warn({ err, model: cfg.rerankModel }, 'rerank failed; keeping the cosine order');
        const why = err instanceof SwitchboardError ? err.userMessage : 'it failed';
        return { hits: hits.slice(0, limit), searched, reranked: false, rerankProblem: why };
      }
    },
    get: (where, id) => notes.get(bookOf(where), id),
    setLink: (where, id, link, messageId) =>
      notes.update(bookOf(where), id, { link, ...(messageId ? { messageId } : {}) }),
    async forget(where, id) {
      return (await notes.remove(bookOf(where), (n) => n.id === id)) > 0;
    },
    forgetChannel: (where) => notes.remove(bookOf(where), (n) => n.channelId === where.channelId),
  };
}
