/**
 * How a transcript is shown, the same for /transcribe, the Transcribe action and automatic mode:
 * a quote with the model and duration; a long one shows its first lines and comes attached as
 * transcript.txt. A Summarize button carries a short reference to the stored transcript.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { StateStore } from '../state/store.js';
import { formatCost } from '../streaming/footer.js';
import type { OutgoingMessage } from '../surface/reply-surface.js';
import type { Transcript } from './transcription-service.js';

/** Longer transcripts are attached as a file with their start inline. */
export const INLINE_TRANSCRIPT_CHARS = 1_500;
const PREVIEW_LINES = 8;
const REF_TTL_MS = 30 * 24 * 3600 * 1000;

export interface TranscriptRefs {
  /** Stores the transcript text; returns the short id a Summarize button carries. */
  save(cacheKey: string, text: string): Promise<string>;
  load(id: string): Promise<string | undefined>;
}

export function createTranscriptRefs(store: StateStore): TranscriptRefs {
  const ns = store.namespace('transcript-refs');
  const entry = z.object({ text: z.string() });
  return {
    async save(cacheKey, text) {
      const id = createHash('sha256').update(cacheKey).digest('base64url').slice(0, 16);
      await ns.set(id, { text }, REF_TTL_MS);
      return id;
    },
    async load(id) {
      const parsed = entry.safeParse(await ns.get(id));
      return parsed.success ? parsed.data.text : undefined;
    },
  };
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
}

function preview(text: string): string {
  const lines = text.split(/(?<=[.!?])\s+|\n/).slice(0, PREVIEW_LINES);
  let out = '';
  for (const line of lines) {
    if (out.length + line.length > INLINE_TRANSCRIPT_CHARS - 200) break;
    out += `${line}\n`;
  }
  return out.trim() || `${text.slice(0, INLINE_TRANSCRIPT_CHARS - 200)}…`;
}

export function transcriptMessage(
  t: Transcript,
  opts: { fileName: string; refId?: string },
): OutgoingMessage {
  const seconds = t.durationSecs !== undefined ? ` · ${Math.round(t.durationSecs)} s` : '';
  const head = `🎙️ **Transcript** of ${opts.fileName}${seconds}`;
  const footer = [
    t.model,
    t.usage?.cost !== undefined ? formatCost(t.usage.cost) : '',
    t.cached ? 'cached' : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const buttons = opts.refId ? [{ action: 'summarize', value: opts.refId, label: 'Summarize' }] : [];
  const text = t.text.trim() || '_(no speech found)_';
  if (text.length <= INLINE_TRANSCRIPT_CHARS) return { text: `${head}\n${quote(text)}`, footer, buttons };
  return {
    text: `${head}\n${quote(preview(text))}\n_…the whole transcript (${text.length.toLocaleString('en-US')} characters) is attached._`,
    footer,
    buttons,
    files: [{ name: 'transcript.txt', contentType: 'text/plain', data: Buffer.from(text, 'utf8') }],
  };
}
