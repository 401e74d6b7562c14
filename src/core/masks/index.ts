// Binary masks → connected components → outer contours → simplified polygons.
export { binarize } from './binarize';
export type { Component, Connectivity, LabeledComponents } from './components';
export { labelComponents } from './components';
export { traceOuterContour } from './contour';
export { simplifyClosedPolygon } from './simplify';
export { polygonArea } from './area';
export type { MaskPolygon, MaskPolygonOptions } from './mask-polygons';
export { maskToPolygons } from './mask-polygons';
