/** How notebook results look (cards with links back) and the prompt for `/kb ask`. */
import { cmd } from '../command-model/command-ref.js';
import { countOf } from '../common/plural.js';
import type { Card } from '../surface/reply-surface.js';
import type { Hit, Note, SearchResult } from './notebook.js';

const snippet = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
};
const when = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function hitField(h: Hit, i: number) {
  const n = h.note;
  const score =
    h.relevance !== undefined
      ? `relevance ${h.relevance.toFixed(2)}`
      : `similarity ${h.similarity.toFixed(2)}`;
  const link = n.link ? ` · [open](${n.link})` : '';
  return {
    name: `${i + 1}. note ${n.id} · ${n.authorName ?? 'someone'} · ${when(n.createdAt)}`,
    value: `${snippet(n.text, 300)}\n_${score}_${link}`,
  };
}

export function hitsCard(query: string, r: SearchResult, scope: string): Card {
  const how = r.reranked
    ? 'embeddings + rerank'
    : r.rerankProblem
      ? `embeddings only (rerank failed: ${r.rerankProblem})`
      : 'embeddings';
  return {
    title: `Notebook: best matches for “${snippet(query, 80)}”`,
    ...(r.searched === 0
      ? {
          description: `No notes in ${scope} yet. Add one with ${cmd('kb add')} or the **Save to notebook** action.`,
        }
      : r.hits.length === 0
        ? { description: `No note in ${scope} matches that closely enough. Try other words.` }
        : {}),
    fields: r.hits.map(hitField),
    // an empty notebook is not searched at all: the footer names no call that was not made
    footer:
      r.searched === 0
        ? `${countOf(0, 'note')} in ${scope}: nothing was searched`
        : `${countOf(r.searched, 'note')} in ${scope} searched · ${how}`,
  };
}

export function sourcesCard(hits: readonly Hit[]): Card {
  return {
    title: 'Sources from the notebook',
    description: hits
      .map(
        (h, i) => `[${i + 1}] ${snippet(h.note.text, 120)}${h.note.link ? ` — [open](${h.note.link})` : ''}`,
      )
      .join('\n'),
  };
}

/** The user turn for `/kb ask`: numbered notes, then the question; the model cites [n]. */
export function askPrompt(question: string, hits: readonly Hit[]): string {
  const notes = hits
    .map(
      (h, i) =>
        `[${i + 1}] (note ${h.note.id}, saved by ${h.note.authorName ?? 'someone'} on ${when(h.note.createdAt)})\n${h.note.text}`,
    )
    .join('\n\n');
  return [
    'Answer the question using the notes from our team notebook below.',
    'Cite the notes you use as [1], [2] … right after the sentence they support.',
    'If the notes do not answer the question, say so plainly, then answer from general knowledge and say that you did.',
    '',
    '<notes>',
    notes,
    '</notes>',
    '',
    `Question: ${question}`,
  ].join('\n');
}

export const scopeName = (channelOnly: boolean, serverId: string | undefined) =>
  channelOnly || !serverId ? 'this channel' : 'this server';

export function savedText(note: Note): string {
  return `📓 Saved to the notebook as note \`${note.id}\`: “${snippet(note.text, 200)}”`;
}
