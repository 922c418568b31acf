import { describe, expect, it } from 'vitest';
import { firstLine } from '../../../../../../renderer/src/features/commands/output-lines';

describe('the first line of a node’s output', () => {
  it.each([
    ['hello\n', { line: 'hello', more: 0 }],
    ['\n\nok\nsecond\nthird\n\n', { line: 'ok', more: 2 }],
    // stdout empty: the agent's title comes first, the operator needs the error under it.
    ['\n----------ERROR-------\nsystemctl: Unit nginx.service not found.\nfailed to run commands: exit status 5', { line: 'systemctl: Unit nginx.service not found.', more: 1 }],
    ['out\r\n----------ERROR-------\r\nerr', { line: 'out', more: 2 }],
    ['', { line: '', more: 0 }],
  ])('%j', (output, expected) => {
    expect(firstLine(output)).toEqual(expected);
  });
});
