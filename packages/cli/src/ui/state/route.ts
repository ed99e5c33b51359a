// The current route, from the location hash. Filters live in the hash too, so a view can be linked to
// and survives a reload.
import { parseHash, type Route } from '../router.js';
import { createStore, useStore } from './store.js';

const routeStore = createStore<Route>(parseHash(location.hash));

window.addEventListener('hashchange', () => routeStore.set(parseHash(location.hash)));

/**
 * Go to `hash`. `replace` (filters, the selected span) changes the hash without a history entry,
 * which fires no hashchange, so the store is told here.
 */
export function navigate(hash: string, replace = false): void {
  if (!replace) {
    location.hash = hash;
    return;
  }
  history.replaceState(null, '', hash);
  routeStore.set(parseHash(location.hash));
}

export function useRoute(): Route {
  return useStore(routeStore);
}
