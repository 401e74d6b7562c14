// Runs INSIDE the editor page (passed to page.evaluate, so it must stay
// self-contained: no imports, no outer variables). Installs window.__lsProbe,
// which tells what is still loading and reads back what the editor built for
// the one prediction of the task.
import type { EditorAppStore, EditorArea, EditorResult, TaxonomyItem } from './editor-store';
import type { LoadedResult } from './types';

export interface ProbeReading {
  regionCount: number;
  results: LoadedResult[];
  errors: string[];
}

export interface EditorProbe {
  pending(): string[];
  read(): ProbeReading;
}

export type ProbeWindow = Window & { Htx?: EditorAppStore; __lsProbe?: EditorProbe };

export function installEditorProbe(): void {
  const w = window as ProbeWindow;
  const imageAreas = new Set([
    'rectangleregion',
    'polygonregion',
    'keypointregion',
    'ellipseregion',
    'brushregion',
  ]);

  function brushDrawn(area: EditorArea): boolean {
    if (!area.layerRef) return false;
    const canvas = area.layerRef.toCanvas();
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0 || canvas.height === 0) return false;
    const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) return true;
    return false;
  }

  function drawn(area: EditorArea): boolean | undefined {
    if (area.type === 'brushregion') return brushDrawn(area);
    if (area.type === 'audioregion') return Boolean(area._ws_region);
    if (
      area.type === 'richtextregion' ||
      area.type === 'paragraphsregion' ||
      area.type === 'textrange'
    )
      return (area._spans?.length ?? 0) > 0;
    return undefined;
  }

  function editorErrors(): string[] {
    const list = w.Htx?.annotationStore.validation ?? [];
    return list.map((e) => `editor: ${JSON.stringify(e.toJSON())}`);
  }

  function pending(): string[] {
    const store = w.Htx;
    if (!store?.initialized) return ['editor store not initialised'];
    // A config/load error is final: stop waiting and let read() report it.
    if (editorErrors().length > 0) return [];
    const prediction = store.annotationStore.predictions[0];
    if (!prediction) return [];
    const out: string[] = [];
    for (const area of prediction.regions) {
      const obj = area.object;
      if (area.type && imageAreas.has(area.type)) {
        if (!obj.sizeUpdated || (obj.naturalWidth ?? 0) <= 1) {
          out.push(`${area.cleanId}: image "${obj.name}" not loaded`);
        } else if (area.type === 'brushregion' && !brushDrawn(area)) {
          out.push(`${area.cleanId}: mask not drawn`);
        }
      } else if (area.type === 'richtextregion') {
        if (!obj.isLoaded || !obj.isReady)
          out.push(`${area.cleanId}: text "${obj.name}" not rendered`);
      } else if (area.type === 'paragraphsregion' || area.type === 'textrange') {
        if (!area._spans?.length) out.push(`${area.cleanId}: span not drawn on "${obj.name}"`);
      } else if (area.type === 'audioregion') {
        if (!area._ws_region) out.push(`${area.cleanId}: segment not drawn on "${obj.name}"`);
      }
    }
    return out;
  }

  function shownLabels(r: EditorResult): string[] {
    const main = Array.isArray(r.mainValue) ? (r.mainValue as string[]) : [];
    const find = r.from_name.findLabel;
    return find ? main.filter((v) => Boolean(find.call(r.from_name, v))) : [...main];
  }

  function hasPath(items: TaxonomyItem[] | undefined, path: string[]): boolean {
    let level = items;
    for (const step of path) {
      const node = level?.find((i) => i.label === step);
      if (!node) return false;
      level = node.children;
    }
    return path.length > 0;
  }

  function invalid(r: EditorResult): string[] {
    const out: string[] = [];
    const tag = r.from_name;
    const v = r.mainValue;
    if (r.type === 'taxonomy' && Array.isArray(v)) {
      for (const path of v as string[][]) {
        if (!hasPath(tag.items, path))
          out.push(`taxonomy path ${JSON.stringify(path)} not in the config`);
      }
    }
    if (
      r.type === 'rating' &&
      typeof v === 'number' &&
      tag.maxrating &&
      v > Number(tag.maxrating)
    ) {
      out.push(`rating ${v} above maxRating ${tag.maxrating}`);
    }
    if (r.type === 'number' && typeof v === 'number') {
      if (tag.min != null && v < Number(tag.min)) out.push(`number ${v} below min ${tag.min}`);
      if (tag.max != null && v > Number(tag.max)) out.push(`number ${v} above max ${tag.max}`);
    }
    return out;
  }

  function plain<T>(v: T): T {
    // MST/mobx observables → plain JSON for the trip back to Node.
    return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
  }

  function read(): ProbeReading {
    const errors = editorErrors();
    const prediction = w.Htx?.annotationStore.predictions[0];
    if (!prediction) return { regionCount: 0, results: [], errors };
    const results: LoadedResult[] = [];
    for (const area of prediction.regions) {
      for (const r of area.results) {
        let from_name = '?';
        let to_name = '?';
        try {
          from_name = r.from_name.name;
          to_name = r.to_name.name;
        } catch (e) {
          errors.push(`${area.cleanId}: unresolved tag reference: ${String(e)}`);
        }
        let ser: Record<string, unknown> | null = null;
        try {
          ser = r.serialize({ fast: true });
        } catch (e) {
          errors.push(`${area.cleanId}/${from_name}: serialize failed: ${String(e)}`);
        }
        const hasLabels = r.type.endsWith('labels') || r.type === 'choices';
        const item: LoadedResult = {
          id: area.cleanId,
          type: r.type,
          from_name,
          to_name,
          value: plain((ser?.value as Record<string, unknown> | undefined) ?? r.toJSON().value),
        };
        if (hasLabels) item.labels = shownLabels(r);
        const problems = invalid(r);
        if (problems.length > 0) item.invalid = problems;
        if (typeof ser?.original_width === 'number') item.original_width = ser.original_width;
        if (typeof ser?.original_height === 'number') item.original_height = ser.original_height;
        if (area.type) item.areaType = area.type;
        if (area.type === 'richtextregion') {
          const range = area.rangeFromGlobalOffset?.();
          if (range) item.shownText = range.toString();
        } else if (
          (area.type === 'paragraphsregion' || area.type === 'textrange') &&
          area._spans?.length
        ) {
          // the highlight spans the editor drew over the utterance's text
          item.shownText = area._spans.map((span) => span.textContent ?? '').join('');
        }
        const d = drawn(area);
        if (d !== undefined) item.drawn = d;
        results.push(item);
      }
    }
    return { regionCount: prediction.regions.length, results, errors };
  }

  w.__lsProbe = { pending, read };
}
