import { describe, expect, it } from 'vitest';
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { TooltipComponentOption } from 'echarts/components';
import { barOption, donutOption } from '../../../../../../../renderer/src/features/inventory/charts/chart-options';
import type { ChartRow } from '../../../../../../../renderer/src/features/inventory/charts/chart-rows';
import { palette } from './palette-fixture';

const rows: ChartRow[] = [
  { key: 'a', label: 'Java 8', count: 412, share: 0.34, colour: 's1', clickable: true },
  { key: 'b', label: 'Java 11', count: 300, share: 0.25, colour: 's2', clickable: true },
  { key: 'c', label: 'Other', count: 5, share: 0.004, colour: 'other', clickable: false, members: ['x', 'y'] },
];
const valueText = (row: ChartRow): string => `${row.count} · ${Math.round(row.share * 100)}%`;

type Formatter = (params: unknown) => string;

describe('barOption', () => {
  const option = barOption(rows, palette, valueText);
  const series = (option.series as BarSeriesOption[])[0]!;

  it('draws one bar per row, top to bottom in row order, in the row colour', () => {
    expect(option.yAxis).toMatchObject({ type: 'category', inverse: true, data: ['Java 8', 'Java 11', 'Other'] });
    expect((series.data as Array<{ value: number; itemStyle: { color: string } }>).map((d) => [d.value, d.itemStyle.color])).toEqual([
      [412, 's1'],
      [300, 's2'],
      [5, 'other'],
    ]);
  });

  it('labels each bar with its count and share', () => {
    const format = (series.label as { formatter: Formatter }).formatter;
    expect(format({ dataIndex: 0 })).toBe('412 · 34%');
  });

  it('does not animate and keeps tooltips out of HTML', () => {
    expect(option.animation).toBe(false);
    expect((option.tooltip as TooltipComponentOption).renderMode).toBe('richText');
  });

  it('shows what an Other bucket holds in its tooltip', () => {
    const format = (option.tooltip as { formatter: Formatter }).formatter;
    expect(format({ dataIndex: 2 })).toBe('Other\n5 · 0%\nx, y');
  });
});

describe('donutOption', () => {
  it('draws the rows as slices with their colours and a pointer only where a click does something', () => {
    const option = donutOption(rows, palette);
    const data = (option.series as PieSeriesOption[])[0]!.data as Array<{ name: string; value: number; itemStyle: { color: string }; cursor: string }>;
    expect(data.map((d) => [d.name, d.value, d.itemStyle.color, d.cursor])).toEqual([
      ['Java 8', 412, 's1', 'pointer'],
      ['Java 11', 300, 's2', 'pointer'],
      ['Other', 5, 'other', 'default'],
    ]);
  });

  it('has no tooltip to be clipped by its small box (the legend beside it has the numbers) and does not animate', () => {
    const option = donutOption(rows, palette);
    expect(option.tooltip).toBeUndefined();
    expect(option.animation).toBe(false);
  });
});
