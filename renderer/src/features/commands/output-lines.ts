// The agent's title between stdout and stderr (ssm-api.md §5.5): never the line worth showing.
const ERROR_TITLE = '----------ERROR-------';

/** The first non-blank line of an output (stderr's when stdout is empty) and how many more lines follow it. */
export function firstLine(output: string): { line: string; more: number } {
  const lines = output.replace(/\r\n?/g, '\n').split('\n');
  const index = lines.findIndex((line) => line.trim() !== '' && line.trim() !== ERROR_TITLE);
  if (index < 0) return { line: '', more: 0 };
  const rest = lines.slice(index + 1);
  while (rest.length > 0 && rest[rest.length - 1]!.trim() === '') rest.pop();
  return { line: lines[index]!, more: rest.length };
}
