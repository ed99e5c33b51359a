// What the dev server holds, polled: the summary (counts, problems) and a change counter that the data
// hooks follow to load again. A poll never rebuilds anything itself: components re-render with the new
// data, and Preact updates only what differs, so what the user is typing, the open sections, the
// selected span and the scroll position stay as they are.
import type { Summary } from '../../shared/api.js';
import { api } from '../api.js';
import { createStore, useStore } from './store.js';

const POLL_MS = 2_000;

export interface Live {
  summary?: Summary;
  /** Bumped when the server's revision moves after the first poll (new data). */
  changes: number;
  unreachable: boolean;
}

const liveStore = createStore<Live>({ changes: 0, unreachable: false });
let lastRevision: number | undefined;

async function poll(): Promise<void> {
  const live = liveStore.get();
  try {
    const summary = await api.summary();
    const changed = lastRevision !== undefined && summary.revision !== lastRevision;
    lastRevision = summary.revision;
    liveStore.set({ summary, changes: live.changes + (changed ? 1 : 0), unreachable: false });
  } catch {
    if (!live.unreachable) liveStore.set({ ...live, unreachable: true });
  }
}

export function startPolling(): void {
  void poll();
  setInterval(() => void poll(), POLL_MS);
}

export function useLive(): Live {
  return useStore(liveStore);
}
