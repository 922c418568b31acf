import type { SimDocument } from '../documents/document-catalog';
import { authoredFormat, contentHash, documentNamedIn, epochSeconds, targetTypeOf } from '../documents/document-views';
import type { JsonObject } from '../request-validation';
import type { OperationContext } from './operation-types';

/**
 * DescribeDocument (ssm-api.md §4.4). Its `Parameters` carry only Name, Type (String or
 * StringList in this shape), Description and DefaultValue; constraints such as allowedPattern
 * are only in GetDocument's Content.
 */

/** Handles AmazonSSM.DescribeDocument. */
export function describeDocument(input: JsonObject, context: OperationContext): object {
  const document = documentNamedIn(input, context.documents);
  const targetType = targetTypeOf(document);
  return {
    Document: {
      Hash: contentHash(document),
      HashType: 'Sha256',
      Name: document.name,
      Owner: document.owner,
      CreatedDate: epochSeconds(document.createdDate),
      Status: 'Active',
      DocumentVersion: document.latestVersion,
      Description: document.description,
      Parameters: describeParameters(document),
      PlatformTypes: [...document.platformTypes],
      DocumentType: document.documentType,
      SchemaVersion: document.schemaVersion,
      LatestVersion: document.latestVersion,
      DefaultVersion: document.defaultVersion,
      DocumentFormat: authoredFormat(document),
      ...(targetType === undefined ? {} : { TargetType: targetType }),
      Tags: [],
    },
  };
}

function describeParameters(document: SimDocument): object[] {
  return Object.entries(document.parameters).map(([name, parameter]) => ({
    Name: name,
    Type: parameter.type === 'StringList' || parameter.type === 'MapList' ? 'StringList' : 'String',
    ...(parameter.description === undefined ? {} : { Description: parameter.description }),
    ...(parameter.default === undefined
      ? {}
      : { DefaultValue: typeof parameter.default === 'string' ? parameter.default : JSON.stringify(parameter.default) }),
  }));
}
