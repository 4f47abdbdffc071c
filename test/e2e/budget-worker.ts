/**
 * One bot process's share of the cross-process budget test: the real governance and governed client on the
 * shared Redis store, firing N mixed billable calls at once for one person (JSON and streamed chat, streams cut
 * short, embeddings, calls the fake fails), then printing one JSON line with what happened.
 * Env: REDIS_URL, OR_BASE_URL, OR_KEY, USER_ID, TEAM_ID, CALLS.
 */
import pino from 'pino';
import type { Invocation } from '../../src/command-model/command-types.js';
import { errorCode } from '../../src/common/errors.js';
import { createModelCatalogue } from '../../src/models/catalogue.js';
import { createGovernance } from '../../src/policy/governance.js';
import { createRedisStore } from '../../src/state/redis-store.js';
import { bindScope } from '../../src/usage/invocation-scope.js';
import { testClient } from '../helpers/test-client.js';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const store = await createRedisStore({ redisUrl: env('REDIS_URL') });
const raw = testClient({ baseUrl: env('OR_BASE_URL') }, env('OR_KEY'));
const catalogue = createModelCatalogue(raw);
const gov = createGovernance(
  { expensivePerHour: 0 },
  { store, logger: pino({ level: 'silent' }), lookupDelaysMs: [20, 100, 300] },
);
const client = gov.govern(raw, { prices: (model) => catalogue.get(model) });
const invocation: Invocation = {
  platform: 'slack',
  command: 'chat',
  serverId: env('TEAM_ID'),
  channelId: 'C0SHARED01',
  user: { id: env('USER_ID'), name: 'worker', isAdmin: false },
};
bindScope({ invocation, label: 'chat' });
/** Every call is for the invocation (as the dispatcher's commands pass theirs). */
const call = { invocation };
const user = (text: string) => [{ role: 'user' as const, content: text }];
const model = 'openai/gpt-4o-mini';

async function callNo(i: number): Promise<void> {
  const prompt = `call ${process.pid} ${i}`;
  switch (i % 4) {
    case 0:
      await client.chatCompletion({ model, max_tokens: 50, messages: user(prompt) }, call);
      return;
    case 1: {
      const stream = await client.streamChatCompletion(
        { model, max_tokens: 80, messages: user(prompt) },
        call,
      );
      for await (const _ of stream) {
        /* read to the end */
      }
      return;
    }
    case 2: {
      const stream = await client.streamChatCompletion(
        { model, max_tokens: 80, messages: user(prompt) },
        call,
      );
      for await (const event of stream) if (event.type === 'text') break; // cut short: cost from GET /generation
      return;
    }
    default:
      await client.createEmbeddings({ model: 'openai/text-embedding-3-small', input: [prompt] }, call);
  }
}

const outcomes: Record<string, number> = {};
await catalogue.list();
await Promise.all(
  Array.from({ length: Number(env('CALLS')) }, (_, i) =>
    callNo(i).then(
      () => {
        outcomes.ok = (outcomes.ok ?? 0) + 1;
      },
      (err: unknown) => {
        const code = errorCode(err) ?? 'unknown';
        outcomes[code] = (outcomes[code] ?? 0) + 1;
      },
    ),
  ),
);
await gov.idle();
await client.close();
catalogue.close();
await store.close();
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
