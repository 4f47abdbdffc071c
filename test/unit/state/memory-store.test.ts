import { createMemoryStore } from '../../../src/state/memory-store.js';
import { runStoreContract } from './store-contract.js';

runStoreContract('memory', async () => createMemoryStore(), { kind: 'memory', persistent: false });
