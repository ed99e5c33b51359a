// Which collapsible sections are open, by a stable name ("span.raw", "tool-def:get_weather"): kept
// apart from the elements, so a section stays open when the selected span changes, when new data
// re-renders the view, or when it disappears and comes back.
import { createStore, useStore } from './store.js';

const openStore = createStore<ReadonlySet<string>>(new Set());

export function useOpen(name: string): [boolean, (open: boolean) => void] {
  const open = useStore(openStore);
  const set = (next: boolean): void => {
    const current = openStore.get();
    if (current.has(name) === next) return;
    const copy = new Set(current);
    if (next) copy.add(name);
    else copy.delete(name);
    openStore.set(copy);
  };
  return [open.has(name), set];
}
