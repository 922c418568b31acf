// The contract caps one `sessions:send-input` at 65,536 characters; a big paste goes in slices.

/** Slice size for input: well under the contract's cap. */
export const INPUT_SLICE = 32_768;

/** Splits text into slices of at most `size` UTF-16 units without cutting a surrogate pair. */
export function sliceInput(data: string, size: number = INPUT_SLICE): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < data.length) {
    let end = Math.min(data.length, i + size);
    const last = data.charCodeAt(end - 1);
    // Never end a slice on a high surrogate: main decodes each slice on its own.
    if (end < data.length && end - i > 1 && last >= 0xd800 && last <= 0xdbff) end -= 1;
    out.push(data.slice(i, end));
    i = end;
  }
  return out;
}
