import { describe, expect, it } from 'vitest';
import { withLongPosts } from '../../src/dispatch/long-posts.js';
import { openFenceAt } from '../../src/streaming/markdown-split.js';
import { createFakeSurface } from '../fakes/surface.js';

describe('long posts from commands', () => {
  it('split at the platform limit, fences intact, buttons and footer on the last message', async () => {
    const surface = createFakeSurface({ maxMessageChars: 2000 });
    const lines = Array.from(
      { length: 120 },
      (_, i) => `- audit entry ${i}: a refused request with its reason`,
    );
    const text = `📜 **Audit trail**\n${lines.slice(0, 60).join('\n')}\n\`\`\`\n${lines.slice(60).join('\n')}\n\`\`\``;
    await withLongPosts(surface).post({
      text,
      footer: 'newest first',
      buttons: [{ action: 'page', value: 'x:1', label: '▶' }],
      ephemeral: true,
    });
    expect(surface.messages.length).toBeGreaterThan(2);
    for (const m of surface.messages) {
      expect(m.current.text.length).toBeLessThanOrEqual(2000);
      expect(openFenceAt(m.current.text)).toBeUndefined();
      expect(m.current.ephemeral).toBe(true);
    }
    expect(surface.messages.at(-1)?.current.buttons).toHaveLength(1);
    expect(surface.messages.at(-1)?.current.footer).toBe('newest first');
    expect(surface.messages[0]?.current.buttons).toBeUndefined();
    const all = surface.messages.map((m) => m.current.text).join('\n');
    for (const l of lines) expect(all).toContain(l);
  });

  it('leaves a short post as it is and keeps the surface’s other members', async () => {
    const surface = createFakeSurface();
    const wrapped = withLongPosts(surface);
    await wrapped.post({ text: 'short' });
    expect(surface.messages).toHaveLength(1);
    expect(wrapped.limits).toBe(surface.limits);
    expect(wrapped.location).toBe(surface.location);
  });
});
