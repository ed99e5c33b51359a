// The viewer's one kind of shared state: a value, replaced whole, that components subscribe to.
import { useEffect, useReducer } from 'preact/hooks';

export interface Store<T> {
  get(): T;
  set(next: T): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      if (Object.is(next, value)) return;
      value = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The store's value; the component renders again when it changes. */
export function useStore<T>(store: Store<T>): T {
  const [, rerender] = useReducer((n: number, _action: void) => n + 1, 0);
  const seen = store.get();
  useEffect(() => {
    const unsubscribe = store.subscribe(rerender);
    // Changed between this render and the subscription.
    if (!Object.is(store.get(), seen)) rerender();
    return unsubscribe;
    // `seen` is this render's snapshot: subscribing again for each one is not needed.
  }, [store]);
  return seen;
}
