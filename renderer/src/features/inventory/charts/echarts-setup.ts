// Only the parts of echarts the inventory charts use, so the renderer bundle carries no more of it.
// SVG: crisp at any zoom and DPI, and it needs nothing the page's CSP forbids (no eval, no <style>).
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { init, use as registerParts, type ECharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

registerParts([BarChart, PieChart, GridComponent, TooltipComponent, SVGRenderer]);

/** A chart instance drawing into `element` with the SVG renderer. */
export function createChart(element: HTMLElement): ECharts {
  return init(element, null, { renderer: 'svg' });
}
