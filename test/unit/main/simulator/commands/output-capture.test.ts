import { describe, expect, it } from 'vitest';
import { BoundedText, ERROR_TITLE, ERROR_TRUNCATED, OUTPUT_TRUNCATED, pluginOutput } from '../../../../../main/simulator/commands/output-capture';

describe('pluginOutput (the agent\'s 2,500-character Output)', () => {
  const a = (n: number): string => 'a'.repeat(n);
  const e = (n: number): string => 'e'.repeat(n);

  it.each([
    ['nothing at all', '', '', ''],
    ['stdout only, no error title', 'sample output', '', 'sample output'],
    ['stderr only, with the title', '', 'sample error', `${ERROR_TITLE}sample error`],
    ['both, joined by the title', 'sample output', 'sample error', `sample output${ERROR_TITLE}sample error`],
  ])('%s', (_name, stdout, stderr, expected) => {
    expect(pluginOutput(stdout, stderr)).toBe(expected);
  });

  it('uses the agent\'s exact markers', () => {
    expect(ERROR_TITLE).toBe('\n----------ERROR-------\n');
    expect(OUTPUT_TRUNCATED).toBe('\n---Output truncated---');
    expect(ERROR_TRUNCATED).toBe('\n---Error truncated----');
  });

  it('cuts a long stdout to exactly 2,500 characters, marker last', () => {
    const out = pluginOutput(a(3000), '');
    expect(out).toBe(a(2500 - OUTPUT_TRUNCATED.length) + OUTPUT_TRUNCATED);
    expect(out).toHaveLength(2500);
  });

  it('keeps a short stdout whole and cuts the long stderr', () => {
    const out = pluginOutput(a(100), e(5000));
    expect(out).toBe(a(100) + ERROR_TITLE + e(2500 - ERROR_TITLE.length - ERROR_TRUNCATED.length - 100) + ERROR_TRUNCATED);
    expect(out).toHaveLength(2500);
  });

  it('keeps a short stderr whole and cuts the long stdout', () => {
    const out = pluginOutput(a(5000), e(100));
    expect(out).toBe(a(2500 - ERROR_TITLE.length - OUTPUT_TRUNCATED.length - 100) + OUTPUT_TRUNCATED + ERROR_TITLE + e(100));
  });

  it('gives each side half when both are long', () => {
    const each = Math.floor((2500 - ERROR_TITLE.length - OUTPUT_TRUNCATED.length - ERROR_TRUNCATED.length) / 2);
    expect(pluginOutput(a(3000), e(3000))).toBe(a(each) + OUTPUT_TRUNCATED + ERROR_TITLE + e(each) + ERROR_TRUNCATED);
  });

  it('leaves output that just fits untouched', () => {
    expect(pluginOutput(a(2499), '')).toBe(a(2499));
  });
});

describe('BoundedText', () => {
  it('keeps the first characters and counts every byte', () => {
    const text = new BoundedText(10);
    for (let i = 0; i < 1000; i++) text.push(Buffer.from('0123456789'));
    expect(text.text).toBe('0123456789');
    expect(text.totalBytes).toBe(10_000);
    expect(text.truncated).toBe(true);
  });

  it('does not split a UTF-8 character across chunks', () => {
    const text = new BoundedText(100);
    const bytes = Buffer.from('héllo ✓', 'utf8');
    for (const byte of bytes) text.push(Buffer.from([byte]));
    expect(text.text).toBe('héllo ✓');
    expect(text.truncated).toBe(false);
  });
});
