import type { DocumentParameter } from '../../preload/contract/commands';
import { ValidationError } from '../errors/app-error';

/** What the form needs from a document body: its schema, parameters in declared order, and step names. */
export interface ParsedContent {
  schemaVersion: string;
  description: string;
  parameters: DocumentParameter[];
  steps: string[];
}

const TYPES = new Set<DocumentParameter['type']>(['String', 'StringList', 'Integer', 'Boolean', 'StringMap', 'MapList']);

/**
 * Parses GetDocument's JSON Content (ssm-api.md §4.4): schema 1.2 names its plugins under
 * `runtimeConfig`, 2.x its steps under `mainSteps`. Fields this console does not use are ignored,
 * so a newer document still opens; a body that is not a JSON object is refused with the document named.
 */
export function parseDocumentContent(documentName: string, content: string): ParsedContent {
  let body: unknown;
  try {
    body = JSON.parse(content);
  } catch (error) {
    throw new ValidationError(`Document ${documentName} has content that is not valid JSON (${(error as Error).message}).`);
  }
  if (!isRecord(body)) throw new ValidationError(`Document ${documentName} has content that is not a JSON object.`);
  const schemaVersion = typeof body['schemaVersion'] === 'string' ? body['schemaVersion'] : '';
  const description = typeof body['description'] === 'string' ? body['description'] : '';
  const parameters = isRecord(body['parameters'])
    ? Object.entries(body['parameters']).map(([name, raw]) => toParameter(documentName, name, raw))
    : [];
  return { schemaVersion, description, parameters, steps: stepNames(body) };
}

function stepNames(body: Record<string, unknown>): string[] {
  const mainSteps = body['mainSteps'];
  if (Array.isArray(mainSteps)) {
    return mainSteps.filter(isRecord).map((step, i) => (typeof step['name'] === 'string' ? step['name'] : `step${i + 1}`));
  }
  const runtimeConfig = body['runtimeConfig'];
  return isRecord(runtimeConfig) ? Object.keys(runtimeConfig) : [];
}

function toParameter(documentName: string, name: string, raw: unknown): DocumentParameter {
  if (!isRecord(raw)) throw new ValidationError(`Document ${documentName}: parameter ${name} is not an object.`);
  const type = raw['type'];
  if (typeof type !== 'string' || !TYPES.has(type as DocumentParameter['type'])) {
    throw new ValidationError(`Document ${documentName}: parameter ${name} has type ${JSON.stringify(type)}, which is not an SSM parameter type.`);
  }
  return {
    name,
    type: type as DocumentParameter['type'],
    description: typeof raw['description'] === 'string' ? raw['description'] : '',
    default: toDefault(raw['default']),
    allowedValues: Array.isArray(raw['allowedValues']) ? raw['allowedValues'].map(String) : null,
    allowedPattern: typeof raw['allowedPattern'] === 'string' ? raw['allowedPattern'] : null,
    displayType: raw['displayType'] === 'textarea' ? 'textarea' : 'textfield',
    minItems: toInt(raw['minItems']),
    maxItems: toInt(raw['maxItems']),
    minChars: toInt(raw['minChars']),
    maxChars: toInt(raw['maxChars']),
  };
}

// A default can be any JSON value in a document; the form and SendCommand take strings.
function toDefault(value: unknown): string | string[] | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function toInt(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
