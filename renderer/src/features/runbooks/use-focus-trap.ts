import { useEffect, useRef, useState, type RefObject } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hidden && el.offsetParent !== null);
}

/**
 * Keeps Tab inside a modal: the page behind it must not take focus (an Enter there could act on a
 * grid row). Focus starts on the first field and goes back to where it came from on close.
 */
export function useFocusTrap(ref: RefObject<HTMLElement | null>): void {
  // Read while rendering, before any autoFocus inside the modal has moved focus in.
  const [before] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => {
    const root = ref.current;
    if (!root) return undefined;
    const first = root.querySelector<HTMLElement>('[data-autofocus]') ?? focusables(root)[0];
    first?.focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Tab') return;
      const items = focusables(root);
      if (items.length === 0) return;
      const head = items[0] as HTMLElement;
      const tail = items[items.length - 1] as HTMLElement;
      const inside = root.contains(document.activeElement);
      if (event.shiftKey && (document.activeElement === head || !inside)) {
        event.preventDefault();
        tail.focus();
      } else if (!event.shiftKey && (document.activeElement === tail || !inside)) {
        event.preventDefault();
        head.focus();
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      if (before?.isConnected) before.focus();
    };
  }, [ref, before]);
}

/** Calls `handler` for `key` pressed anywhere in the page while the component is mounted (latest handler wins). */
export function useDocumentKey(key: string, handler: (event: KeyboardEvent) => void): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === key && !event.defaultPrevented) latest.current(event);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [key]);
}
