export interface Layer {
  readonly folder: string;
  readonly mayImport: readonly string[];
  readonly node?: boolean;
}
export declare const LIBRARY_LAYERS: readonly Layer[];
export declare const CLI_LAYERS: readonly Layer[];
