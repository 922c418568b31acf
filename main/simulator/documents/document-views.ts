import { createHash } from 'node:crypto';
import { ConstraintViolations, readString } from '../request-validation';
import type { JsonObject } from '../request-validation';
import { awsError } from '../wire-errors';
import type { DocumentCatalog, SimDocument } from './document-catalog';

/**
 * Shared by ListDocuments, DescribeDocument and GetDocument: finding the document a request names
 * (with the model's name/version checks) and the fields every view of a document carries.
 */

const NAME_PATTERN = /^[a-zA-Z0-9_\-.:/]{3,128}$/;
const VERSION_PATTERN = /([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)/;
const VERSION_NAME_PATTERN = /^[a-zA-Z0-9_\-.]{1,128}$/;

/** Reads Name / DocumentVersion / VersionName and returns the document, or the service's error. */
export function documentNamedIn(input: JsonObject, catalog: DocumentCatalog): SimDocument {
  const name = readString(input, 'Name');
  const version = readString(input, 'DocumentVersion');
  const versionName = readString(input, 'VersionName');
  const v = new ConstraintViolations();
  if (v.required('name', name)) v.pattern('name', name, NAME_PATTERN, '^[a-zA-Z0-9_\\-.:/]{3,128}$');
  v.pattern('documentVersion', version, VERSION_PATTERN, '([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)');
  v.pattern('versionName', versionName, VERSION_NAME_PATTERN, '^[a-zA-Z0-9_\\-.]{1,128}$');
  v.throwIfAny();
  const document = catalog.find(name ?? '', version);
  if (document === undefined) {
    throw awsError('InvalidDocument', `Document ${name ?? ''} does not exist in the training account, or is not shared with it.`);
  }
  // No simulated document was given a version name, so any VersionName names a version that does not exist.
  if (versionName !== undefined) {
    throw awsError('InvalidDocumentVersion', `Document ${document.name} has no version named ${versionName}.`);
  }
  return document;
}

/** The format the document was authored in: AWS publishes its command documents as JSON. */
export function authoredFormat(document: SimDocument): 'JSON' | 'YAML' {
  return document.owner === 'Amazon' && document.documentType === 'Command' ? 'JSON' : 'YAML';
}

/** Automation runbooks act on EC2 instances; Command documents name no target type. */
export function targetTypeOf(document: SimDocument): string | undefined {
  return document.documentType === 'Automation' ? '/AWS::EC2::Instance' : undefined;
}

/** Sha256 of the authored content, as DescribeDocument's Hash. */
export function contentHash(document: SimDocument): string {
  const content = authoredFormat(document) === 'JSON' ? document.contentJson : document.contentYaml;
  return createHash('sha256').update(content).digest('hex');
}

/** Epoch seconds, as timestamps travel on the wire. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}
