// `node --import bench/lib/use-snapshot.mjs …`: installs lib/snapshot-hooks.mjs when BENCH_SNAPSHOT
// (a JSON map of specifier → file URL, set by bench/run.mjs) is in the environment.
import { register } from 'node:module';

const map = process.env.BENCH_SNAPSHOT ? JSON.parse(process.env.BENCH_SNAPSHOT) : undefined;
if (map) register('./snapshot-hooks.mjs', import.meta.url, { data: { map } });
