// Entity resolution: curated aliases first, then the region a bare 省/市 name refers to.
import type { CaseDoc } from '../corpus/types.js';
import type { AliasTable } from '../extract/alias-table.js';
import type { EntityLabel } from '../extract/types.js';
import { regionPrefix } from '../corpus/regions.js';
import { compactText } from './mention-scan.js';

const REGION_QUALIFIER = /^(省|市|区|县|[\p{Script=Han}]{1,6}?(省|市|自治区|县|区))$/u;

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
  // 机电工程学会 → 省机电工程学会 when the case prints exactly one longer form that only adds a
  // region (省, 新疆, 重庆市): a qualifier like 企业 or 院士 names a different thing.
  const prefix = `${label}\u0000`;
  const longer = [...namesInCase].filter((key) => {
    if (!key.startsWith(prefix) || !key.endsWith(resolved)) return false;
    const extra = key.slice(prefix.length, key.length - resolved.length);
    return extra.length > 0 && (REGION_QUALIFIER.test(extra) || regionPrefix(extra)?.prefix === extra);
  });
  if (longer.length === 1) resolved = longer[0]!.slice(prefix.length);
  if (!doc?.province || !/^[省市]/.test(resolved)) return resolved;
  for (const candidate of [`${doc.province}${resolved}`, `${doc.province}${resolved.slice(1)}`]) {
    if (namesInCase.has(`${prefix}${compactText(candidate)}`)) return candidate;
  }
  return resolved;
}
