import { REGION_KIND } from './tags';
import type { ControlTag, LabelDef, LabelingConfig, ObjectTag, RegionKind } from './types';

/** What a control's results hold (one kind per control tag today). */
export function regionKindsOf(control: ControlTag): RegionKind[] {
  return [REGION_KIND[control.tag]];
}

/** Controls that label `objectName` with regions/answers of `kind`, in config order. */
export function controlsFor(
  config: LabelingConfig,
  objectName: string,
  kind: RegionKind,
): ControlTag[] {
  return config.controls.filter(
    (c) => c.toName.includes(objectName) && regionKindsOf(c).includes(kind),
  );
}

export function controlsForKind(config: LabelingConfig, kind: RegionKind): ControlTag[] {
  return config.controls.filter((c) => regionKindsOf(c).includes(kind));
}

export function findControl(config: LabelingConfig, name: string): ControlTag | undefined {
  return config.controls.find((c) => c.name === name);
}

export function findObject(config: LabelingConfig, name: string): ObjectTag | undefined {
  return config.objects.find((o) => o.name === name);
}

const isTrue = (v: string | undefined): boolean => v?.trim().toLowerCase() === 'true';

/**
 * The label names a result of this control may carry, depth first. For a
 * Taxonomy every node can be chosen unless `leafsOnly`, then only leaves.
 */
export function labelNames(control: ControlTag): string[] {
  const leafsOnly = control.tag === 'Taxonomy' && isTrue(control.attrs.leafsonly);
  const names: string[] = [];
  const visit = (labels: LabelDef[]): void => {
    for (const l of labels) {
      if (!leafsOnly || l.children.length === 0) names.push(l.name);
      visit(l.children);
    }
  };
  visit(control.labels);
  return names;
}

/** Selectable Taxonomy paths (`[["Root", "Leaf"]]` in results), named by alias or value. */
export function taxonomyPaths(control: ControlTag): string[][] {
  const leafsOnly = isTrue(control.attrs.leafsonly);
  const paths: string[][] = [];
  const visit = (labels: LabelDef[], parent: string[]): void => {
    for (const l of labels) {
      const path = [...parent, l.name];
      if (!leafsOnly || l.children.length === 0) paths.push(path);
      visit(l.children, path);
    }
  };
  visit(control.labels, []);
  return paths;
}

/** The data key plain-text imports fill (Label Studio puts each TXT line there). */
export function firstDataKey(config: LabelingConfig): string | undefined {
  return config.objects.find((o) => o.dataKey !== undefined)?.dataKey;
}
