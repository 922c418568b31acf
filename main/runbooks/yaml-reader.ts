import { isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import { suggestKey } from './did-you-mean';

/** A problem found in one file, placed at a line and column (1-based) when it has a place. */
export interface FileProblem {
  line: number | null;
  column: number | null;
  /** Dotted path of the field, null for the whole file. */
  field: string | null;
  message: string;
}

/** One entry of a YAML mapping: the key's node (for "unknown key" messages) and its value. */
export interface MapEntry {
  key: Node;
  value: Node | null;
}

type Place = { line: number; column: number };

/**
 * Reads a parsed YAML tree field by field, recording each problem with its position, and the
 * position of every field it visits (later checks against the live document report there too).
 */
export class YamlReader {
  readonly problems: FileProblem[] = [];
  readonly places = new Map<string, Place>();

  constructor(private readonly lineCounter: LineCounter) {}

  /** Where a node starts; null for a node without a source range. */
  placeOf(node: Node | null | undefined): Place | null {
    const offset = node?.range?.[0];
    if (offset === undefined) return null;
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  report(node: Node | null | undefined, field: string | null, message: string): void {
    const place = this.placeOf(node);
    this.problems.push({ line: place?.line ?? null, column: place?.column ?? null, field: field || null, message });
  }

  /** The mapping's entries, reporting non-mappings, non-text keys and keys outside `allowed`. */
  map(node: Node | null, field: string, allowed: readonly string[] | null, what = 'a mapping of keys to values'): Map<string, MapEntry> | null {
    if (!isMap(node)) {
      this.report(node, field, `must be ${what}${describeFound(node)}.`);
      return null;
    }
    const entries = new Map<string, MapEntry>();
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (!isScalar(key) || typeof key.value !== 'string') {
        this.report(key, field, 'keys must be plain words.');
        continue;
      }
      const name = key.value;
      const path = join(field, name);
      if (allowed && !allowed.includes(name)) {
        const guess = suggestKey(name, allowed);
        this.report(key, path, `unknown key "${name}"${guess ? ` — did you mean "${guess}"?` : `; expected one of: ${allowed.join(', ')}.`}`);
        continue;
      }
      const place = this.placeOf(key);
      if (place) this.places.set(path, place);
      entries.set(name, { key, value: (pair.value as Node | null) ?? null });
    }
    return entries;
  }

  /** A required entry; reports at the mapping itself when it is missing. */
  required(entries: Map<string, MapEntry>, parent: Node | null, field: string, name: string, example: string): MapEntry | null {
    const entry = entries.get(name);
    if (!entry || isEmpty(entry.value)) {
      this.report(entry?.key ?? parent, join(field, name), `is required — add ${example}.`);
      return null;
    }
    return entry;
  }

  /** Text; numbers and booleans are taken as their text only when `scalars` says so (SSM values are strings). */
  text(node: Node | null, field: string, options: { scalars?: boolean; max?: number } = {}): string | null {
    if (isScalar(node)) {
      const value = node.value;
      let text: string | null = null;
      if (typeof value === 'string') text = value;
      else if (options.scalars && (typeof value === 'number' || typeof value === 'boolean')) text = String(node.source ?? value);
      if (text !== null) {
        if (options.max !== undefined && text.length > options.max) {
          this.report(node, field, `is ${text.length} characters long; keep it to ${options.max}.`);
          return null;
        }
        return text;
      }
    }
    this.report(node, field, `must be text${describeFound(node)}.`);
    return null;
  }

  boolean(node: Node | null, field: string): boolean | null {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.report(node, field, `must be true or false${describeFound(node)}.`);
    return null;
  }

  integer(node: Node | null, field: string, min: number, max: number): number | null {
    if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value)) {
      if (node.value >= min && node.value <= max) return node.value;
      this.report(node, field, `must be between ${min} and ${max}; it is ${node.value}.`);
      return null;
    }
    this.report(node, field, `must be a whole number${describeFound(node)}.`);
    return null;
  }

  /** A list of texts (a single text is not silently taken as a list of one). */
  textList(node: Node | null, field: string, options: { scalars?: boolean; max?: number } = {}): string[] | null {
    if (!isSeq(node)) {
      this.report(node, field, `must be a list, like [a, b]${describeFound(node)}.`);
      return null;
    }
    const values: string[] = [];
    let ok = true;
    node.items.forEach((item, index) => {
      const value = this.text(item as Node | null, `${field}[${index}]`, options);
      if (value === null) ok = false;
      else values.push(value);
    });
    return ok ? values : null;
  }

  sequence(node: Node | null, field: string): Array<Node | null> | null {
    if (!isSeq(node)) {
      this.report(node, field, `must be a list${describeFound(node)}.`);
      return null;
    }
    return node.items as Array<Node | null>;
  }
}

/** `a.b` / `a` when the parent is empty. */
export function join(parent: string, name: string): string {
  return parent ? `${parent}.${name}` : name;
}

function isEmpty(node: Node | null): boolean {
  return node === null || (isScalar(node) && (node.value === null || node.value === ''));
}

function describeFound(node: Node | null): string {
  if (node === null || (isScalar(node) && node.value === null)) return ', but it is empty';
  if (isMap(node)) return ', but it is a mapping';
  if (isSeq(node)) return ', but it is a list';
  if (isScalar(node)) {
    const value = node.value;
    const shown = typeof value === 'string' ? `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"` : String(value);
    return `, but it is ${shown}`;
  }
  return '';
}
