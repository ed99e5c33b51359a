/** `processor.stats().sensitiveData` (spec §7 names). Counts only: never a matched value. */
export interface SensitiveDataStats {
  /** LLM Observability spans scanned. */
  sdsScannedSpans: number;
  /** Matches found (all actions, `report` included). */
  sdsMatches: number;
  /** Fields whose content was changed by an action. */
  sdsRedactedFields: number;
  /** Fields replaced whole by the UNSCANNED placeholder (too long, too deep, or the scan failed): fail closed. */
  sdsUnscannedFields: number;
}
