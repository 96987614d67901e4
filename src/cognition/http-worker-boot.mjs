// The HTTP thread's entry (see http-thread.ts): worker threads do not inherit tsx's TypeScript
// loader, so register it here, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./http-worker.ts');
