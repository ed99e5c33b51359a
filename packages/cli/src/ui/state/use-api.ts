// Data of a view from the JSON API: loaded when its key changes (another trace, other filters) and
// again whenever the server has new data. The last answer stays on screen while the next one loads,
// and an answer that arrives after a newer request was made is dropped.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLive } from './live.js';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'ready'; data: T }
  | { state: 'failed'; error: unknown };

export function useApi<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const { changes } = useLive();
  const [result, setResult] = useState<{ key: string; loaded: Loaded<T> }>({ key, loaded: { state: 'loading' } });
  const latest = useRef(0);
  useEffect(() => {
    const id = ++latest.current;
    load().then(
      (data) => {
        if (id === latest.current) setResult({ key, loaded: { state: 'ready', data } });
      },
      (error: unknown) => {
        // A failed refresh keeps what is shown; a failed first load says why.
        if (id === latest.current) setResult((prev) => (prev.key === key && prev.loaded.state === 'ready' ? prev : { key, loaded: { state: 'failed', error } }));
      },
    );
    // `load` is a new closure each render; `key` names what it loads.
  }, [key, changes]);
  return result.loaded;
}
