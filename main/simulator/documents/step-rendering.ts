import type { SimPlatform, SimRenderedStep } from './document-catalog';
import type { CommandStep, DocumentDefinition, RuntimeConfigProperty } from './document-definition';
import { checkConstraints } from './parameter-checks';

/**
 * Turns a Command document plus checked parameter values into the steps the agent runs, the way
 * the SSM agent interpolates: a string that is exactly `{{ name }}` takes the parameter's whole
 * value (so a StringList in a `runCommand` list expands to its lines), `{{ name }}` inside a longer
 * string takes the value (list items joined with commas), and `{{ssm:name}}` takes the Parameter
 * Store value — in parameter values and in the document alike.
 */

type MakeError = (message: string) => Error;
type Lookup = (name: string) => string | undefined;

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.:/-]+)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([A-Za-z0-9_]+)\s*\}\}$/;
const SSM_PLACEHOLDER = /\{\{\s*ssm:([A-Za-z0-9_./:-]+)\s*\}\}/g;
const DEFAULT_TIMEOUT_SECONDS = 3600;

/** The script steps of a Command document with every placeholder replaced. */
export function renderDocumentSteps(
  definition: DocumentDefinition,
  checked: Readonly<Record<string, string[]>>,
  parameter: Lookup,
  makeError: MakeError,
): SimRenderedStep[] {
  const values = resolveStoreReferences(definition, checked, parameter, makeError);
  const derived = definition.derive?.(values, parameter) ?? {};
  const all: Record<string, string[]> = { ...derived, ...values };
  const render = (text: string): string => resolveSsm(interpolate(text, all), parameter, makeError);
  const renderList = (input: string | ReadonlyArray<string>): string[] =>
    (typeof input === 'string' ? [input] : input).flatMap((line) => {
      const whole = WHOLE_PLACEHOLDER.exec(line);
      const value = whole?.[1] === undefined ? undefined : all[whole[1]];
      return value !== undefined ? value.flatMap((item) => resolveSsm(item, parameter, makeError).split('\n')) : render(line).split('\n');
    });

  const steps: SimRenderedStep[] = [];
  for (const [plugin, config] of Object.entries(definition.content.runtimeConfig ?? {})) {
    if (!isScriptPlugin(plugin)) continue;
    for (const property of config.properties) steps.push(fromProperty(plugin, property, render, renderList));
  }
  for (const step of definition.content.mainSteps ?? []) {
    if (!isScriptPlugin(step.action)) continue;
    const command = step as CommandStep;
    steps.push({
      name: command.name,
      plugin: command.action,
      platform: command.precondition?.StringEquals[1] ?? null,
      commands: renderList(command.inputs.runCommand),
      workingDirectory: render(command.inputs.workingDirectory ?? ''),
      timeoutSeconds: timeoutOf(render(String(command.inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS))),
    });
  }
  return steps;
}

function fromProperty(
  plugin: 'aws:runShellScript' | 'aws:runPowerShellScript',
  property: RuntimeConfigProperty,
  render: (text: string) => string,
  renderList: (input: string | ReadonlyArray<string>) => string[],
): SimRenderedStep {
  return {
    // Schema 1.2 reports the plugin itself as the invocation's plugin name.
    name: plugin,
    plugin,
    platform: null as SimPlatform | null,
    commands: renderList(property.runCommand),
    workingDirectory: render(property.workingDirectory ?? ''),
    timeoutSeconds: timeoutOf(render(property.timeoutSeconds ?? String(DEFAULT_TIMEOUT_SECONDS))),
  };
}

function isScriptPlugin(action: string): action is 'aws:runShellScript' | 'aws:runPowerShellScript' {
  return action === 'aws:runShellScript' || action === 'aws:runPowerShellScript';
}

function timeoutOf(text: string): number {
  const seconds = Number(text);
  return Number.isInteger(seconds) && seconds > 0 ? seconds : DEFAULT_TIMEOUT_SECONDS;
}

function interpolate(text: string, values: Readonly<Record<string, string[]>>): string {
  return text.replace(PLACEHOLDER, (match, name: string) => {
    const value = values[name];
    return value === undefined ? match : value.join(',');
  });
}

/** `{{ssm:name}}` → the stored value; an unknown name is refused as SendCommand refuses it. */
function resolveSsm(text: string, parameter: Lookup, makeError: MakeError): string {
  return text.replace(SSM_PLACEHOLDER, (_match, name: string) => {
    const value = parameter(name);
    if (value === undefined) {
      throw makeError(`An error occurred while resolving the parameter {{ssm:${name}}}: parameter ${name} was not found in Parameter Store.`);
    }
    return value;
  });
}

/** Replaces references in parameter values, then checks the resolved values against their constraints. */
function resolveStoreReferences(
  definition: DocumentDefinition,
  checked: Readonly<Record<string, string[]>>,
  parameter: Lookup,
  makeError: MakeError,
): Record<string, string[]> {
  const resolved: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(checked)) {
    const declaration = definition.content.parameters[name];
    resolved[name] = values.map((value) => {
      const plain = resolveSsm(value, parameter, makeError);
      if (plain !== value && declaration !== undefined) {
        checkConstraints(`Parameter "${name}" of document ${definition.name}`, declaration, plain, makeError);
      }
      return plain;
    });
  }
  return resolved;
}
