// Pure (no Node imports): main writes these reasons and the renderer reads them back, so the
// verification result can be shown in the operator's language without a second contract field.

/** How a line breaks the chain: its own content changed, it does not follow the line before, or it is not an entry at all. */
export type BrokenLinkKind = 'edited' | 'unlinked' | 'unreadable' | 'truncated';

/** The reason `verify` reports for the first broken line (English; the renderer translates by kind). */
export function brokenLinkReason(kind: BrokenLinkKind, line: number, detail = ''): string {
  switch (kind) {
    case 'edited':
      return `line ${line} was edited (its hash does not match its content)`;
    case 'unlinked':
      return line === 1
        ? 'line 1 is not the first entry Capstan wrote (lines before it were removed)'
        : `line ${line} does not follow line ${line - 1} (a line was removed or moved)`;
    case 'unreadable':
      return `line ${line} cannot be read as an audit entry${detail ? ` (${detail})` : ''}`;
    case 'truncated':
      return `line ${line} and after are missing: the log had ${detail} lines when Capstan last wrote to it and now ends before them (lines were removed from the end)`;
  }
}

/** The kind behind a reason `brokenLinkReason` wrote; null for any other text. */
export function brokenLinkKindOf(reason: string): BrokenLinkKind | null {
  if (/^line \d+ was edited\b/.test(reason)) return 'edited';
  if (/^line \d+ (does not follow|is not the first)\b/.test(reason)) return 'unlinked';
  if (/^line \d+ cannot be read\b/.test(reason)) return 'unreadable';
  if (/^line \d+ and after are missing\b/.test(reason)) return 'truncated';
  return null;
}
