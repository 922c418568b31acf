// echarts options for the inventory charts, built from legend rows. Only types come from echarts,
// so these stay pure functions that unit tests run in Node.
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { ChartPalette } from './chart-palette';
import type { ChartRow } from './chart-rows';

/** The option shape of the chart parts Capstan registers (echarts-setup.ts). */
export type ChartOption = ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption>;

/** Text for a slice's value ("412 · 34%"), formatted by the caller in the operator's locale. */
export type ValueText = (row: ChartRow) => string;

// Operators read these at a glance and at 3 a.m.: no entry animation and no hover growth.
function common(palette: ChartPalette): ChartOption {
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: palette.font, color: palette.text },
  };
}

// Drawn by echarts itself (richText), so labels from inventory never become HTML. Only the bar chart
// has one: a ring's tooltip would be clipped to its small box, and its legend sits right beside it.
function tooltip(palette: ChartPalette, rows: readonly ChartRow[], valueText: ValueText): ChartOption['tooltip'] {
  return {
    trigger: 'item',
    renderMode: 'richText',
    backgroundColor: palette.surface,
    borderColor: palette.border,
    textStyle: { color: palette.text, fontFamily: palette.font, fontSize: 12 },
    formatter: (params) => {
      const item = Array.isArray(params) ? params[0] : params;
      const row = item ? rows[item.dataIndex] : undefined;
      if (!row) return '';
      const members = row.members && row.members.length > 0 ? `\n${row.members.join(', ')}` : '';
      return `${row.label}\n${valueText(row)}${members}`;
    },
  };
}

/** Horizontal bars, first row on top, each labelled with its value text. */
export function barOption(rows: readonly ChartRow[], palette: ChartPalette, valueText: ValueText): ChartOption {
  return {
    ...common(palette),
    tooltip: tooltip(palette, rows, valueText),
    grid: { left: 4, right: 96, top: 4, bottom: 4 },
    xAxis: { type: 'value', show: false, max: (extent) => Math.max(1, extent.max) },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((row) => row.label),
      axisLine: { lineStyle: { color: palette.border } },
      axisTick: { show: false },
      axisLabel: { color: palette.text, fontSize: 12, width: 160, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 22,
        barCategoryGap: '28%',
        cursor: 'pointer',
        emphasis: { disabled: true },
        data: rows.map((row) => ({
          value: row.count,
          itemStyle: { color: row.colour, borderRadius: [0, 3, 3, 0] },
          cursor: row.clickable ? 'pointer' : 'default',
        })),
        label: {
          show: true,
          position: 'right',
          color: palette.muted,
          fontSize: 12,
          formatter: (params) => {
            const row = rows[params.dataIndex];
            return row ? valueText(row) : '';
          },
        },
      },
    ],
  };
}

/** A ring of slices; the total goes in its hole as HTML (donut-hole in the stylesheet). */
export function donutOption(rows: readonly ChartRow[], palette: ChartPalette): ChartOption {
  return {
    ...common(palette),
    series: [
      {
        type: 'pie',
        radius: ['58%', '92%'],
        center: ['50%', '50%'],
        startAngle: 90,
        clockwise: true,
        avoidLabelOverlap: false,
        label: { show: false },
        labelLine: { show: false },
        emphasis: { scale: false },
        // A slice of 1 node in 1,500 would be invisible; a minimum angle keeps it clickable.
        minAngle: 3,
        itemStyle: { borderColor: palette.surface, borderWidth: 1 },
        data: rows.map((row) => ({
          name: row.label,
          value: row.count,
          itemStyle: { color: row.colour },
          cursor: row.clickable ? 'pointer' : 'default',
        })),
      },
    ],
  };
}
