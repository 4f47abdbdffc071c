import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/create-app.js';
import type { IncomingMessage, MessageReplies } from '../../src/chat/incoming-message.js';
import type { ReplySurface } from '../../src/surface/reply-surface.js';
import { type FakeOpenRouter, pcmTone, startFakeOpenRouter, wavFile } from '../fakes/openrouter.js';
import { createFakeSurface, type FakeSurface } from '../fakes/surface.js';
import { createTestApp } from '../helpers/test-app.js';

const KEY = 'sk-or-v1-incoming-message-0123456789abcdef';
let fake: FakeOpenRouter;
let app: App;

beforeAll(async () => {
  fake = await startFakeOpenRouter({ apiKey: KEY });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  ({ app } = createTestApp({ OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: fake.baseUrl }));
});
afterEach(async () => {
  await app.close();
});

const ANN = { id: 'U1', name: 'Ann', isAdmin: false };
const WORDS = { permitIds: 'user', notListed: 'you' };

function message(patch: Partial<IncomingMessage> = {}): IncomingMessage {
  return {
    platform: 'test',
    place: WORDS,
    serverId: 'G1',
    channelId: 'C1',
    authorId: ANN.id,
    author: () => ANN,
    text: 'hello there',
    attachments: [],
    mentioned: false,
    ...patch,
  };
}

/** The place's surfaces; a thread on the message is recorded with the title it got. */
function place(opts: { threads?: boolean } = {}) {
  const here = createFakeSurface({ platform: 'slack' });
  const threads: Array<{ title: string; surface: FakeSurface }> = [];
  const replies: MessageReplies = {
    // /chat opens a thread through the surface where it can: recorded like the message's own
    here: {
      ...here,
      openThread: async (title) => {
        threads.push({ title, surface: here });
        return here as ReplySurface;
      },
    },
    async openThread(title) {
      if (opts.threads === false) return undefined;
      const surface = createFakeSurface({ platform: 'slack' });
      threads.push({ title, surface });
      return { threadId: `T${threads.length}`, surface };
    },
  };
  return { here, threads, replies };
}
const chats = () => fake.requests.filter((r) => r.path.endsWith('/chat/completions'));

describe('a message in a conversation → an answer', () => {
  it('answers a mention in a thread opened on the message, titled from its first line', async () => {
    const p = place();
    await app.messages.handle(message({ mentioned: true, text: 'What is Redis?\nmore' }), p.replies);
    expect(p.threads.map((t) => t.title)).toEqual(['What is Redis?']);
    expect(p.threads[0]?.surface.visibleText()).toMatch(/\S/);
    expect(p.here.messages).toHaveLength(0);
    expect(chats()).toHaveLength(1);
  });

  it('answers where the message was when no thread can be opened there', async () => {
    const p = place({ threads: false });
    await app.messages.handle(message({ mentioned: true }), p.replies);
    expect(p.here.visibleText()).toMatch(/\S/);
    expect(chats()).toHaveLength(1);
  });

  it('leaves a plain channel message alone, and a reply in a thread that holds no conversation', async () => {
    const p = place();
    await app.messages.handle(message(), p.replies);
    await app.messages.handle(message({ threadId: 'T9' }), p.replies);
    expect(chats()).toHaveLength(0);
    expect(p.here.messages).toHaveLength(0);
  });

  it('continues the conversation from a reply in its thread, without a mention', async () => {
    const p = place();
    await app.messages.handle(message({ mentioned: true, text: 'first' }), p.replies);
    await app.messages.handle(message({ threadId: 'T1', text: 'second' }), p.replies);
    expect(chats()).toHaveLength(2);
    const body = chats()[1]?.body as { messages: Array<{ role: string }> };
    expect(body.messages.filter((m) => m.role === 'user')).toHaveLength(2);
    // a thread is shared: someone else's reply continues it too
    await app.messages.handle(message({ threadId: 'T1', authorId: 'U2', text: 'me too' }), p.replies);
    expect(chats()).toHaveLength(3);
  });

  it('answers a reply in a thread the adapter says is the bot’s own', async () => {
    const p = place();
    await app.messages.handle(message({ threadId: 'T7', inOwnThread: true }), p.replies);
    expect(chats()).toHaveLength(1);
  });

  it('holds a DM at its top level: no thread is opened, not even by /chat', async () => {
    const p = place();
    await app.messages.handle(message({ place: { ...WORDS, direct: true } }), p.replies);
    expect(p.threads).toHaveLength(0);
    expect(p.here.visibleText()).toMatch(/\S/);
  });

  it('drops a delivery the adapter has already seen, and an empty message', async () => {
    const p = place();
    await app.messages.handle(message({ mentioned: true, claim: async () => false }), p.replies);
    await app.messages.handle(message({ mentioned: true, text: '  ' }), p.replies);
    expect(chats()).toHaveLength(0);
  });

  it('transcribes a voice note where automatic transcription is on, instead of chatting', async () => {
    const where = { platform: 'test', userId: '', channelId: 'C1' };
    const bytes = wavFile(pcmTone(12_000));
    const voiceNote = {
      id: 'F1',
      name: 'note.wav',
      contentType: 'audio/wav',
      size: bytes.length,
      url: 'http://127.0.0.1/none',
      isVoiceMessage: true,
      open: async () =>
        (async function* () {
          yield new Uint8Array(bytes);
        })(),
    };
    const p = place();
    await app.messages.handle(message({ mentioned: true, voiceNote }), p.replies);
    expect(fake.requests.filter((r) => r.path.endsWith('/audio/transcriptions'))).toHaveLength(0);
    await app.services.settings.set('channel', where, { autoTranscribe: true });
    const q = place();
    await app.messages.handle(message({ mentioned: true, voiceNote }), q.replies);
    expect(q.threads.map((t) => t.title)).toEqual(['Voice note from Ann']);
    expect(fake.requests.filter((r) => r.path.endsWith('/audio/transcriptions'))).toHaveLength(1);
  });
});
