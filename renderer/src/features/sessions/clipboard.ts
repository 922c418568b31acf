// Clipboard access under Capstan's permission handler, which grants clipboard access to the app's
// own top frame only (main/app/security.ts).

/**
 * Copies text. Uses a synchronous `copy` command inside the operator's key or click, which
 * Chromium allows without any permission; `navigator.clipboard.writeText` is the fallback.
 */
export function copyText(text: string): boolean {
  if (!text) return false;
  let done = false;
  const onCopy = (e: ClipboardEvent): void => {
    e.clipboardData?.setData('text/plain', text);
    e.preventDefault();
    done = true;
  };
  document.addEventListener('copy', onCopy, { capture: true });
  try {
    document.execCommand('copy');
  } catch {
    // Older engines throw instead of returning false; the fallback below covers both.
  } finally {
    document.removeEventListener('copy', onCopy, { capture: true });
  }
  if (!done) void navigator.clipboard?.writeText(text).catch(() => undefined);
  return done;
}

/**
 * Reads the clipboard for a menu paste, or null when the page may not (a browser without the
 * permission, e.g. the test host, or an OS that refuses). Keyboard paste (Ctrl+Shift+V) never needs this: the browser's own paste
 * event reaches xterm without any permission.
 */
export async function readClipboard(): Promise<string | null> {
  try {
    if (!navigator.clipboard?.readText) return null;
    return await navigator.clipboard.readText();
  } catch {
    return null;
  }
}
