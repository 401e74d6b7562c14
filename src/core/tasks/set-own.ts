/** Sets an own property even for keys like `__proto__`, which plain assignment would swallow. */
export function setOwn(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
