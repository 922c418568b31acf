import { describe, expect, it } from 'vitest';
import { GENERATED_PERIOD, generatedOutput } from '../../../../../main/simulator/sessions/generated-output';

describe('generated output (bench-only agent source)', () => {
  it('is one continuous stream of printable lines, whatever the window offsets', () => {
    const whole = Buffer.concat([generatedOutput(0, 1000), generatedOutput(1000, 1024), generatedOutput(2024, 4096)]);
    const lines = whole.toString('latin1').split('\r\n');
    expect(lines.slice(0, -1).every((line) => line.length === GENERATED_PERIOD - 2 && /^[A-Za-z0-9+/]+$/.test(line))).toBe(true);
    expect(whole.subarray(GENERATED_PERIOD * 3, GENERATED_PERIOD * 4).equals(whole.subarray(0, GENERATED_PERIOD))).toBe(true);
  });

  it('refuses windows larger than it can hand out without copying', () => {
    expect(() => generatedOutput(0, 4097)).toThrow(RangeError);
  });
});
