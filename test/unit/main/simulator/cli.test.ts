import { describe, expect, it } from 'vitest';
import { CliUsageError, parseSimulatorArgs } from '../../../../main/simulator/cli';

describe('simulator CLI arguments', () => {
  it('reads --nodes, --port, --seed and --region, with defaults', () => {
    expect(parseSimulatorArgs([])).toEqual({ nodes: 1000, port: 0, seed: 1, region: undefined });
    expect(parseSimulatorArgs(['--nodes', '5000', '--port', '8123', '--seed', '7', '--region', 'us-east-1'])).toEqual({
      nodes: 5000,
      port: 8123,
      seed: 7,
      region: 'us-east-1',
    });
    expect(parseSimulatorArgs(['--nodes=10'])).toMatchObject({ nodes: 10 });
    expect(parseSimulatorArgs(['--help'])).toBe('help');
  });

  it('refuses bad values with a message naming the option', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--nodes', '5'], /--nodes must be from 10 to 100000, got 5/],
      [['--nodes', '200000'], /--nodes must be from 10/],
      [['--nodes', 'many'], /--nodes must be an integer, got 'many'/],
      [['--port', '70000'], /--port must be from 0 to 65535/],
      [['--region', 'Ireland'], /--region must look like eu-west-1/],
      [['--colour', 'blue'], /colour/],
      [['stray'], /stray/],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseSimulatorArgs(argv)).toThrow(CliUsageError);
      expect(() => parseSimulatorArgs(argv)).toThrow(message);
    }
  });
});
