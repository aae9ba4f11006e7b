import type { Joint, RobotModel } from './RobotModel.js';

function num(x: number): string {
  return Number(x.toPrecision(6)).toString();
}

function units(j: Joint): { pos: string; effort: string; vel: string } {
  return j.type === 'prismatic' ? { pos: 'm', effort: 'N', vel: 'm/s' } : { pos: 'rad', effort: 'N·m', vel: 'rad/s' };
}

/** One joint's limits as text: `lower -0.5 upper 2 rad, effort 80 N·m, velocity 3 rad/s, soft [...]`. */
export function formatJointLimits(j: Joint): string {
  const u = units(j);
  const parts: string[] = [];
  const l = j.limit;
  if (l !== undefined) {
    if (l.lower !== undefined && l.upper !== undefined) parts.push(`lower ${num(l.lower)} upper ${num(l.upper)} ${u.pos}`);
    parts.push(`effort ${num(l.effort)} ${u.effort}`, `velocity ${num(l.velocity)} ${u.vel}`);
  }
  const s = j.safetyController;
  if (s !== undefined) {
    const soft = s.softLowerLimit !== undefined || s.softUpperLimit !== undefined ? ` soft [${s.softLowerLimit === undefined ? '-' : num(s.softLowerLimit)}, ${s.softUpperLimit === undefined ? '-' : num(s.softUpperLimit)}] ${u.pos}` : '';
    parts.push(`safety${soft}${s.kPosition === undefined ? '' : ` k_position ${num(s.kPosition)}`} k_velocity ${num(s.kVelocity)}`);
  }
  if (j.mimic !== undefined) parts.push(`mimics ${j.mimic.joint} ×${num(j.mimic.multiplier)} ${j.mimic.offset >= 0 ? '+' : '-'} ${num(Math.abs(j.mimic.offset))}`);
  return parts.length === 0 ? 'no limits' : parts.join(', ');
}

/**
 * A `check_urdf`-style printout: the same header and link tree that urdfdom's `check_urdf` prints
 * (byte for byte), then one line per joint with its type, links, axis and limits.
 */
export function formatUrdfTree(model: RobotModel): string {
  const lines: string[] = [`robot name is: ${model.name}`, '---------- Successfully Parsed XML ---------------'];
  // check_urdf lists a link's children in the order of their joints' names (urdfdom keeps joints in a
  // std::map), not in document order; do the same so the two printouts compare equal.
  const children = new Map<string, string[]>();
  const byName = [...model.joints].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const j of byName) children.set(j.parent, [...(children.get(j.parent) ?? []), j.child]);
  const kids = (link: string): string[] => children.get(link) ?? [];
  lines.push(`root Link: ${model.rootLink} has ${kids(model.rootLink).length} child(ren)`);
  const walk = (link: string, level: number): void => {
    kids(link).forEach((c, i) => {
      lines.push(`${'  '.repeat(level + 2)}child(${i + 1}):  ${c}`);
      walk(c, level + 2);
    });
  };
  walk(model.rootLink, 0);
  const movable = model.joints.filter((j) => j.type !== 'fixed').length;
  lines.push(`---------- Joints: ${model.joints.length} (${movable} movable), links: ${model.links.length} ---------------`);
  const width = Math.max(0, ...model.joints.map((j) => j.name.length));
  for (const j of model.joints) {
    const axis = j.type === 'fixed' ? '' : ` axis [${j.axis.map(num).join(' ')}]`;
    lines.push(`${j.name.padEnd(width)}  ${j.type.padEnd(10)} ${j.parent} -> ${j.child}${axis}: ${formatJointLimits(j)}`);
  }
  return `${lines.join('\n')}\n`;
}
