/**
 * For the bare benchmark bots: one streamed chat completion from OpenRouter with undici, read the
 * least way that is still correct (SSE lines split on "\n", `data:` JSON parsed, comments skipped).
 * Not Switchboard code: the floor the side-by-side benchmarks compare Switchboard against.
 */
import { request } from 'undici';

export interface Streamed {
  model: string;
  id: string;
  tokens: number;
}

export async function* streamChat(
  baseUrl: string,
  apiKey: string,
  prompt: string,
  done: Streamed,
): AsyncGenerator<string> {
  const res = await request(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'openai/gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: prompt }],
    }),
  });
  if (res.statusCode !== 200) throw new Error(`OpenRouter answered ${res.statusCode}`);
  res.body.setEncoding('utf8');
  let buf = '';
  for await (const part of res.body as AsyncIterable<string>) {
    buf += part;
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      nl = buf.indexOf('\n');
      if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
      const chunk = JSON.parse(line.slice(6)) as {
        id: string;
        model: string;
        choices: Array<{ delta?: { content?: string } }>;
        usage?: { total_tokens?: number };
      };
      done.id = chunk.id;
      done.model = chunk.model;
      if (chunk.usage?.total_tokens) done.tokens = chunk.usage.total_tokens;
      const text = chunk.choices[0]?.delta?.content;
      if (text) yield text;
    }
  }
}

/** The bare bots' footer: model · tokens · generation id (what the fakes' "finished" probes look for). */
export const footerOf = (s: Streamed) => `${s.model} · ${s.tokens} tokens · ${s.id}`;

/** The bare bot ends with the bench: when its IPC channel closes or it is asked to stop. */
export function endWithBench(): void {
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}
