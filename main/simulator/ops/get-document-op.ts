import { documentNamedIn, epochSeconds } from '../documents/document-views';
import { ConstraintViolations, readString } from '../request-validation';
import type { JsonObject } from '../request-validation';
import type { OperationContext } from './operation-types';

/**
 * GetDocument (ssm-api.md §4.4): the document body as a string, rendered as JSON (the model's
 * default) or YAML as the request's DocumentFormat asks. TEXT is for documents authored as text
 * (none here), so it is answered with the JSON rendering and says so in DocumentFormat.
 */

const FORMATS = ['YAML', 'JSON', 'TEXT'] as const;

/** Handles AmazonSSM.GetDocument. */
export function getDocument(input: JsonObject, context: OperationContext): object {
  const format = readString(input, 'DocumentFormat');
  const v = new ConstraintViolations();
  v.oneOf('documentFormat', format, FORMATS);
  v.throwIfAny();
  const document = documentNamedIn(input, context.documents);
  const yaml = format === 'YAML';
  return {
    Name: document.name,
    CreatedDate: epochSeconds(document.createdDate),
    DocumentVersion: document.latestVersion,
    Status: 'Active',
    Content: yaml ? document.contentYaml : document.contentJson,
    DocumentType: document.documentType,
    DocumentFormat: yaml ? 'YAML' : 'JSON',
  };
}
