import type { ESLint } from 'eslint';
import type { Layer } from './layers.mjs';
export declare function checkLayerTable<T extends readonly Layer[]>(layers: T): T;
export declare const layersPlugin: ESLint.Plugin;
