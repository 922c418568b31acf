import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { captureTimeMs, mapEntry, type InventoryTerm } from '../inventory-mapping';
import type { NodeInventoryWrite } from '../inventory-repo';

/**
 * A compact write batch: what the fetch worker makes of GetInventory answers and the store worker
 * writes. One Uint8Array, so it crosses threads by transfer (no structured clone of 1.5 M entry
 * objects, no garbage on the main thread that only forwards it):
 *
 *   [u32 length of meta][meta: UTF-8 JSON][entries: deflated UTF-8 JSON arrays, one per node and type]
 *
 * The meta lists the batch's distinct terms once and, per node and type, the term index of every
 * stored entry and the byte range of that type's deflated entries JSON (its attributes, made safe by
 * mapEntry), so the store worker parses no entry at all: it stores each range as one blob. The
 * fetch worker deflates: the store worker's transaction then writes a fifth of the bytes (raw
 * entries were over a third of its write time, and of the cache file).
 */

// Fastest level: the entries compress about fivefold even so, and the fetch worker is the one paying.
const deflateLevel = 1;

/** The searchable fields of a term, in InventoryTerm's order. */
type TermTuple = [typeName: string, platformType: string, name: string, version: string, publisher: string, detail: string];

/** One type of one node in a batch. */
export interface BatchType {
  typeName: string;
  captureTime: number | null;
  /** Index into the batch's terms of each stored entry, in the order AWS listed them. */
  terms: number[];
  skipped: number;
  /** Byte range of this type's deflated entries JSON in the entries section. */
  start: number;
  end: number;
}

/** One node of a batch. */
export interface BatchNode {
  instanceId: string;
  platformType: string;
  captureTime: number | null;
  types: BatchType[];
}

interface BatchMeta {
  terms: TermTuple[];
  nodes: BatchNode[];
}

/** A batch read back: terms, nodes, and each type's deflated entries on demand. */
export interface DecodedBatch {
  terms: InventoryTerm[];
  nodes: BatchNode[];
  /** The type's entries as stored: a JSON array, deflated (read back with inflateEntries). */
  entriesDeflated(type: BatchType): Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Collects nodes into one batch; counts rows and skipped entries as it goes. */
export class WriteBatchBuilder {
  rows = 0;
  skipped = 0;
  private readonly termIndex = new Map<string, number>();
  private readonly meta: BatchMeta = { terms: [], nodes: [] };
  private readonly pieces: Uint8Array[] = [];
  private bytes = 0;

  get nodeCount(): number {
    return this.meta.nodes.length;
  }

  /** Maps every entry of the node (skipping malformed ones) and adds it to the batch. */
  add(node: NodeInventoryWrite): void {
    const platformType = typeof node.platformType === 'string' ? node.platformType : '';
    const types: BatchType[] = [];
    for (const type of Array.isArray(node.types) ? node.types : []) {
      const terms: number[] = [];
      const attributes: string[] = [];
      let skipped = 0;
      for (const entry of Array.isArray(type.entries) ? type.entries : []) {
        const mapped = mapEntry(type.typeName, platformType, entry);
        if (!mapped) {
          skipped += 1;
          continue;
        }
        terms.push(this.termOf(mapped.term));
        attributes.push(mapped.attributesJson);
      }
      const piece = deflateRawSync(encoder.encode(`[${attributes.join(',')}]`), { level: deflateLevel });
      this.pieces.push(piece);
      types.push({ typeName: type.typeName, captureTime: captureTimeMs(type.captureTime), terms, skipped, start: this.bytes, end: this.bytes + piece.length });
      this.bytes += piece.length;
      this.rows += terms.length;
      this.skipped += skipped;
    }
    this.meta.nodes.push({ instanceId: node.instanceId, platformType, captureTime: captureTimeMs(node.captureTime), types });
  }

  /** The batch as one transferable byte array. */
  encode(): Uint8Array {
    const meta = encoder.encode(JSON.stringify(this.meta));
    const out = new Uint8Array(4 + meta.length + this.bytes);
    new DataView(out.buffer).setUint32(0, meta.length);
    out.set(meta, 4);
    let at = 4 + meta.length;
    for (const piece of this.pieces) {
      out.set(piece, at);
      at += piece.length;
    }
    return out;
  }

  private termOf(term: InventoryTerm): number {
    const key = `${term.typeName}\u0000${term.platformType}\u0000${term.name}\u0000${term.version}\u0000${term.publisher}\u0000${term.detail}`;
    let index = this.termIndex.get(key);
    if (index === undefined) {
      index = this.meta.terms.length;
      this.meta.terms.push([term.typeName, term.platformType, term.name, term.version, term.publisher, term.detail]);
      this.termIndex.set(key, index);
    }
    return index;
  }
}

/** Reads a batch made by WriteBatchBuilder.encode; throws a clear error on bytes that are not one. */
export function decodeBatch(bytes: Uint8Array): DecodedBatch {
  if (!(bytes instanceof Uint8Array) || bytes.length < 4) throw new TypeError('An inventory write batch must be the bytes WriteBatchBuilder.encode made.');
  const metaLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  const entriesAt = 4 + metaLength;
  if (entriesAt > bytes.length) throw new TypeError(`An inventory write batch is cut short: its meta claims ${metaLength} bytes, ${bytes.length - 4} are there.`);
  const meta = JSON.parse(decoder.decode(bytes.subarray(4, entriesAt))) as BatchMeta;
  return {
    terms: meta.terms.map(([typeName, platformType, name, version, publisher, detail]) => ({ typeName, platformType, name, version, publisher, detail })),
    nodes: meta.nodes,
    entriesDeflated: (type) => bytes.subarray(entriesAt + type.start, entriesAt + type.end),
  };
}

/** A type's stored entries (a deflated JSON array, as the batch carried them) parsed back. */
export function inflateEntries(stored: Uint8Array): unknown[] {
  const value: unknown = JSON.parse(decoder.decode(inflateRawSync(stored)));
  if (!Array.isArray(value)) throw new TypeError('Stored inventory entries must be a JSON array.');
  return value;
}
