import { INVENTORY_TYPES } from '../inventory-types';
import type { InventoryRow, InventoryTypeSpec } from '../inventory-types';
import { readString, readStringList } from '../request-validation';
import type { ConstraintViolations, JsonObject } from '../request-validation';
import { awsError } from '../wire-errors';

/**
 * InventoryFilter as GetInventory and ListInventoryEntries read it (ssm-api.md §4.2, Appendix A):
 * Key `<TypeName>.<Attribute>`, 1–40 Values OR-ed together, Type Equal (default) | NotEqual |
 * BeginWith | LessThan | GreaterThan | Exists; several filters are AND-ed. LessThan/GreaterThan
 * compare numerically when both sides are numbers, as text otherwise.
 */

/** The filter types of the model. */
export const FILTER_TYPES = ['Equal', 'NotEqual', 'BeginWith', 'LessThan', 'GreaterThan', 'Exists'] as const;

/** One filter as decoded from the request, before its key is resolved. */
export interface RawInventoryFilter {
  readonly key: string;
  readonly values: ReadonlyArray<string>;
  readonly type: (typeof FILTER_TYPES)[number];
}

/** A filter whose key names a known type and attribute. */
export interface InventoryFilter extends RawInventoryFilter {
  readonly spec: InventoryTypeSpec;
  readonly attribute: string;
}

/** Decodes and constraint-checks a `Filters` list (1–5 filters, key 1–200 chars, 1–40 values). */
export function readInventoryFilters(v: ConstraintViolations, filters: JsonObject[] | undefined, member = 'filters'): RawInventoryFilter[] {
  const out: RawInventoryFilter[] = [];
  v.length(member, filters, 1, 5);
  filters?.forEach((item, i) => {
    const path = `${member}.${i + 1}.member`;
    const key = readString(item, 'Key');
    const values = readStringList(item, 'Values');
    const type = readString(item, 'Type');
    if (v.required(`${path}.key`, key)) v.length(`${path}.key`, key, 1, 200);
    if (v.required(`${path}.values`, values)) v.length(`${path}.values`, values, 1, 40);
    v.oneOf(`${path}.type`, type, FILTER_TYPES);
    out.push({ key: key ?? '', values: values ?? [], type: (type ?? 'Equal') as RawInventoryFilter['type'] });
  });
  return out;
}

/** Resolves `<TypeName>.<Attribute>`; unknown type → InvalidTypeNameException, bad attribute or key → InvalidFilter. */
export function resolveFilter(raw: RawInventoryFilter, allowExists: boolean): InventoryFilter {
  const dot = raw.key.lastIndexOf('.');
  if (dot <= 0 || dot === raw.key.length - 1) {
    throw awsError('InvalidFilter', `The filter key ${raw.key} is not valid. Use the form <TypeName>.<AttributeName>.`);
  }
  const typeName = raw.key.slice(0, dot);
  const attribute = raw.key.slice(dot + 1);
  const spec = INVENTORY_TYPES.get(typeName);
  if (!spec) throw awsError('InvalidTypeNameException', `The type name ${typeName} is not valid.`);
  if (!spec.attributes.includes(attribute)) {
    throw awsError('InvalidFilter', `The attribute ${attribute} is not valid for inventory type ${typeName}.`);
  }
  if (raw.type === 'Exists' && !allowExists) throw awsError('InvalidFilter', 'The filter type Exists can only be used in inventory groups.');
  return { ...raw, spec, attribute };
}

function compare(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether one attribute value passes a filter of this type. */
export function valueTest(type: RawInventoryFilter['type'], values: ReadonlyArray<string>): (value: string) => boolean {
  switch (type) {
    case 'NotEqual':
      return (value) => !values.includes(value);
    case 'BeginWith':
      return (value) => values.some((prefix) => value.startsWith(prefix));
    case 'LessThan':
      return (value) => values.some((bound) => compare(value, bound) < 0);
    case 'GreaterThan':
      return (value) => values.some((bound) => compare(value, bound) > 0);
    case 'Exists':
      return () => true;
    default:
      return (value) => values.includes(value);
  }
}

/** Whether one row passes a filter (a row without the attribute never does). */
export function rowTest(filter: InventoryFilter): (row: InventoryRow) => boolean {
  const test = valueTest(filter.type, filter.values);
  return (row) => {
    const value = row[filter.attribute];
    return value !== undefined && test(value);
  };
}
