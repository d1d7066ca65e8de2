// Entity resolution: curated aliases first, then the region a bare 省/市 name refers to.
import type { CaseDoc } from '../corpus/types.js';
import type { AliasTable } from '../extract/alias-table.js';
import type { EntityLabel } from '../extract/types.js';
import { compactText } from './mention-scan.js';

/**
 * Canonical name of a mention. `省机械工程学会` in a 河南 case becomes `河南省机械工程学会` when the
 * same case also prints the full form; otherwise the printed form stands.
 */
export function resolveEntityName(
  label: EntityLabel,
  name: string,
  doc: CaseDoc | undefined,
  namesInCase: ReadonlySet<string>,
  aliases: AliasTable,
): string {
  let resolved = aliases.resolve(label, name);
  // 机电工程学会 → 省机电工程学会 when the case prints exactly one longer form ending with it.
  const prefix = `${label}\u0000`;
  const longer = [...namesInCase].filter((key) => key.startsWith(prefix) && key.length > prefix.length + resolved.length && key.endsWith(resolved));
  if (longer.length === 1) resolved = longer[0]!.slice(prefix.length);
  if (!doc?.province || !/^[省市]/.test(resolved)) return resolved;
  for (const candidate of [`${doc.province}${resolved}`, `${doc.province}${resolved.slice(1)}`]) {
    if (namesInCase.has(`${prefix}${compactText(candidate)}`)) return candidate;
  }
  return resolved;
}
