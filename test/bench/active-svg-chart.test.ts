import { describe, expect, it } from 'vitest';
import { lineChart, ticks } from '../../bench/active/svg-chart';

describe('ticks', () => {
  it('gives at most `count` round steps inside the range', () => {
    expect(ticks(20, 400)).toEqual([100, 200, 300, 400]);
    expect(ticks(0.8, 1, 5)).toEqual([0.8, 0.85, 0.9, 0.95, 1]);
    expect(ticks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
  });
});

describe('lineChart', () => {
  it('draws one polyline per series, scaled into the plot, with a legend entry each', () => {
    const svg = lineChart(
      [
        {
          name: 'random',
          color: 'black',
          points: [
            { x: 20, y: 0.5 },
            { x: 40, y: 0.9 },
          ],
        },
        {
          name: 'a <b>',
          color: 'red',
          dashed: true,
          points: [
            { x: 20, y: 0.6 },
            { x: 40, y: 0.7 },
          ],
        },
      ],
      { title: 't', xLabel: 'labels', yLabel: 'accuracy', width: 300, height: 200 },
    );
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).toContain('a &lt;b&gt;');
    expect(svg).toContain('stroke-dasharray="6 4"');
    // x from 20 to 40 spans left margin (60) to width − right margin (110); y 0.9 is the top (40).
    expect(svg).toContain('points="60,150 110,40"');
  });
});
