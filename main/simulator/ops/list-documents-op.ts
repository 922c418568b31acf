import type { SimDocument } from '../documents/document-catalog';
import { authoredFormat, epochSeconds, targetTypeOf } from '../documents/document-views';
import { requestScope } from '../page-token';
import { ConstraintViolations, readInteger, readString, readStringList, readStructList } from '../request-validation';
import type { JsonObject } from '../request-validation';
import { awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';

/**
 * ListDocuments (ssm-api.md §4.4): `Filters` (≤6; keys Owner, Name prefix, PlatformTypes,
 * DocumentType, TargetType, SearchKeyword, tag:<key>; values of a key OR'd, keys AND'd) or the
 * deprecated `DocumentFilterList` (lower-case key/value), MaxResults 1–50, NextToken.
 */

const OPERATION = 'ListDocuments';
const DEFAULT_PAGE = 50;
const OWNERS = ['Self', 'Amazon', 'Private', 'Public', 'ThirdParty', 'All'];
const LEGACY_KEYS = ['Name', 'Owner', 'PlatformTypes', 'DocumentType'];

type Predicate = (document: SimDocument) => boolean;

/** Handles AmazonSSM.ListDocuments. */
export function listDocuments(input: JsonObject, context: OperationContext): object {
  const filters = readStructList(input, 'Filters');
  const legacy = readStructList(input, 'DocumentFilterList');
  const maxResults = readInteger(input, 'MaxResults');
  const nextToken = readString(input, 'NextToken');
  const v = new ConstraintViolations();
  v.length('filters', filters, 0, 6);
  v.length('documentFilterList', legacy, 1);
  v.range('maxResults', maxResults, 1, 50);
  v.throwIfAny();
  if (filters !== undefined && filters.length > 0 && legacy !== undefined) {
    throw awsError('ValidationException', 'Specify either Filters or DocumentFilterList, not both.');
  }
  const predicates = [
    ...(filters ?? []).map((filter) => keyValuesPredicate(readString(filter, 'Key'), readStringList(filter, 'Values') ?? [], context.accountId)),
    ...(legacy ?? []).map((filter) => legacyPredicate(readString(filter, 'key'), readString(filter, 'value'), context.accountId)),
  ];
  const scope = requestScope({ filters, legacy });
  const after = nextToken === undefined ? -1 : context.tokens.read(nextToken, OPERATION, scope);
  const limit = maxResults ?? DEFAULT_PAGE;
  const all = context.documents.list();
  const page: Array<{ document: SimDocument; index: number }> = [];
  let more = false;
  for (let index = after + 1; index < all.length; index += 1) {
    const document = all[index] as SimDocument;
    if (!predicates.every((matches) => matches(document))) continue;
    if (page.length === limit) {
      more = true;
      break;
    }
    page.push({ document, index });
  }
  const last = page[page.length - 1];
  return {
    DocumentIdentifiers: page.map(({ document }) => identifier(document)),
    ...(more && last ? { NextToken: context.tokens.issue(OPERATION, scope, last.index) } : {}),
  };
}

function identifier(document: SimDocument): object {
  const targetType = targetTypeOf(document);
  return {
    Name: document.name,
    CreatedDate: epochSeconds(document.createdDate),
    Owner: document.owner,
    PlatformTypes: [...document.platformTypes],
    DocumentVersion: document.latestVersion,
    DocumentType: document.documentType,
    SchemaVersion: document.schemaVersion,
    DocumentFormat: authoredFormat(document),
    ...(targetType === undefined ? {} : { TargetType: targetType }),
    Tags: [],
  };
}

function keyValuesPredicate(key: string | undefined, values: ReadonlyArray<string>, accountId: string): Predicate {
  const v = new ConstraintViolations();
  v.required('filters.member.key', key);
  v.length('filters.member.key', key, 1, 128);
  v.length('filters.member.values', values, 0, 20);
  v.throwIfAny();
  const name = key ?? '';
  if (name.startsWith('tag:')) return () => false; // the training account tags none of its documents
  switch (name) {
    case 'Owner':
      if (values.length !== 1) throw awsError('ValidationException', 'The Owner filter takes exactly one value: Self, Amazon, Private, Public, ThirdParty or All.');
      return ownerPredicate(values[0] ?? '', accountId);
    case 'Name':
      return (d) => values.some((prefix) => d.name.startsWith(prefix));
    case 'PlatformTypes':
      return (d) => values.some((platform) => d.platformTypes.includes(platform as SimDocument['platformTypes'][number]));
    case 'DocumentType':
      return (d) => values.includes(d.documentType);
    case 'TargetType':
      return (d) => values.includes(targetTypeOf(d) ?? '');
    case 'SearchKeyword':
      return (d) => values.some((word) => `${d.name} ${d.description}`.toLowerCase().includes(word.toLowerCase()));
    default:
      throw awsError('InvalidFilterKey');
  }
}

function legacyPredicate(key: string | undefined, value: string | undefined, accountId: string): Predicate {
  const v = new ConstraintViolations();
  if (v.required('documentFilterList.member.key', key)) v.oneOf('documentFilterList.member.key', key, LEGACY_KEYS);
  if (v.required('documentFilterList.member.value', value)) v.length('documentFilterList.member.value', value, 1);
  v.throwIfAny();
  return keyValuesPredicate(key, [value ?? ''], accountId);
}

function ownerPredicate(owner: string, accountId: string): Predicate {
  if (!OWNERS.includes(owner)) {
    throw awsError('ValidationException', `Owner filter value ${owner} is not valid. Use one of: ${OWNERS.join(', ')}.`);
  }
  switch (owner) {
    case 'Self':
    case 'Private':
      return (d) => d.owner === accountId;
    case 'Amazon':
      return (d) => d.owner === 'Amazon';
    case 'All':
      return () => true;
    default:
      // Public and ThirdParty documents are other accounts' and AWS partners'; none are shared with training.
      return () => false;
  }
}
