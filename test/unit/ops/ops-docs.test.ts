/** docs/operations.md and the Grafana dashboard stay in step with the metrics the code registers. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/ops/metrics.js';

const docs = (file: string) => readFileSync(new URL(`../../../docs/${file}`, import.meta.url), 'utf8');
const registered = createMetrics()
  .registry.getMetricsAsArray()
  .map((m) => m.name);
const ours = registered.filter((name) => !/^switchboard_(process|nodejs)_/.test(name));

describe('ops docs', () => {
  it('operations.md describes every series of our own', () => {
    const page = docs('operations.md');
    expect(ours.length).toBeGreaterThan(10);
    expect(ours.filter((name) => !page.includes(`\`${name.replace(/^switchboard_/, '')}\``))).toEqual([]);
  });

  it('the Grafana dashboard queries only series that exist', () => {
    const dashboard = JSON.parse(docs('grafana-dashboard.json')) as {
      panels: Array<{ targets: Array<{ expr: string }> }>;
    };
    const used = dashboard.panels.flatMap((p) =>
      p.targets.flatMap((t) => [...t.expr.matchAll(/\bswitchboard_\w+/g)].map((m) => m[0])),
    );
    const base = (name: string) => name.replace(/_(bucket|count|sum)$/, '');
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !registered.includes(base(name)))).toEqual([]);
  });
});
