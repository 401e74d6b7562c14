import { ConfigError, describeTag } from './errors';
import type { ControlTag, ObjectTag, SourcePos } from './types';

/** A tag that carries a `name`, for the uniqueness and toName checks. */
export interface NamedTag {
  tag: string;
  name: string;
  pos: SourcePos;
  role: 'object' | 'control';
}

/** Label Studio identifies tags by name, so a repeated name is ambiguous. */
export function checkUniqueNames(named: NamedTag[]): void {
  const seen = new Map<string, NamedTag>();
  for (const t of named) {
    const first = seen.get(t.name);
    if (first) {
      throw new ConfigError(
        t.pos,
        `name "${t.name}" is used twice: ${describeTag(t.tag, t.name)} here and ${describeTag(first.tag, first.name)} on line ${first.pos.line}; names must be unique`,
      );
    }
    seen.set(t.name, t);
  }
}

/** Every control must point at existing object tags (results name them in `to_name`). */
export function checkToNames(
  controls: ControlTag[],
  objects: ObjectTag[],
  named: NamedTag[],
): void {
  const objectNames = new Set(named.filter((t) => t.role === 'object').map((t) => t.name));
  const listed = objects.length
    ? `objects: ${objects.map((o) => o.name).join(', ')}`
    : 'the config has no object tag such as <Image> or <Text>';
  for (const c of controls) {
    const where = describeTag(c.tag, c.name);
    if (c.toName.length === 0) {
      throw new ConfigError(
        c.pos,
        `${where} has no toName="…" attribute: set it to the name of the object tag it labels (${listed})`,
      );
    }
    for (const target of c.toName) {
      if (objectNames.has(target)) continue;
      const other = named.find((t) => t.name === target);
      const why = other
        ? `"${target}" is ${describeTag(other.tag, other.name)}, a control, not an object tag`
        : `there is no object tag named "${target}"`;
      throw new ConfigError(
        c.pos,
        `${where} has toName="${c.attrs.toname ?? ''}" but ${why} (${listed})`,
      );
    }
  }
}
