import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';

/** Where a machine spawns a child (`spawnChild` in an entry or a transition's actions), as far as its definition says. */
interface SpawnSite {
  /** The child id, when given as a string. */
  readonly id: string | undefined;
  /** The actor name, or the logic itself when given inline. */
  readonly src: unknown;
  /** The state that owns the child: the state whose entry spawns it, or the transition's target (its source when it has none). */
  readonly owner: AnyStateNode;
  /** True for a targetless transition's action: the owner is active, not entered. */
  readonly whileActive: boolean;
}

/** An actor given inline (not by name), which `machine.provide` cannot replace. */
export interface InlineActor {
  readonly node: AnyStateNode;
  readonly how: 'invoke' | 'spawnChild';
}

/**
 * Who owns each child actor of a machine: invoked children belong to the invoking state (XState
 * stops them on exit); spawned children belong to the state whose entry (or the target of the
 * transition whose actions) spawned them, found from the definition; children spawned where the
 * definition does not say (`enqueueActions`, `spawn` inside `assign`) belong to the deepest state
 * entered by the step that started them. A child must be stopped once its owner is left.
 */
export class ActorOwnership {
  private readonly invokeOwners = new Map<string, AnyStateNode[]>();
  private readonly spawnSites: SpawnSite[] = [];
  /** Actors given inline, which the verifier cannot swap for stand-ins. */
  readonly inline: InlineActor[] = [];

  constructor(private readonly machine: AnyStateMachine) {
    for (const node of allStateNodes(machine.root)) {
      const invokeConfigs = [node.config.invoke ?? []].flat() as { src?: unknown }[];
      node.invoke.forEach((def, i) => {
        const owners = this.invokeOwners.get(def.id) ?? [];
        owners.push(node);
        this.invokeOwners.set(def.id, owners);
        if (typeof invokeConfigs[i]?.src !== 'string') this.inline.push({ node, how: 'invoke' });
      });
      for (const action of node.entry) this.addSpawns(action, node, false);
      const transitions = [...node.transitions.values()].flat().concat(node.always ?? []);
      for (const t of transitions) {
        const target = t.target?.[0];
        for (const action of t.actions) this.addSpawns(action, target ?? t.source, target === undefined);
      }
    }
  }

  /**
   * The owner of a child first seen in `after` (reached from a state whose active state node ids
   * were `beforeIds`; undefined for the initial state).
   */
  ownerOf(child: { readonly id: string; readonly src?: unknown }, beforeIds: ReadonlySet<string> | undefined, after: AnyMachineSnapshot): AnyStateNode {
    const activeIds = activeNodeIds(after);
    const invokers = this.invokeOwners.get(child.id);
    if (invokers !== undefined) return invokers.find((n) => activeIds.has(n.id)) ?? (invokers[0] as AnyStateNode);
    const entered = after._nodes.filter((n) => beforeIds === undefined || !beforeIds.has(n.id));
    const enteredIds = new Set(entered.map((n) => n.id));
    let best: AnyStateNode | undefined;
    for (const site of this.spawnSites) {
      const matches = site.id !== undefined ? site.id === child.id : site.src === child.src;
      if (!matches) continue;
      if (!(site.whileActive ? activeIds.has(site.owner.id) : enteredIds.has(site.owner.id))) continue;
      if (best === undefined || site.owner.path.length < best.path.length) best = site.owner;
    }
    if (best !== undefined) return best;
    let deepest: AnyStateNode | undefined;
    for (const n of entered) if (deepest === undefined || n.path.length > deepest.path.length) deepest = n;
    return deepest ?? commonAncestor(this.machine, after);
  }

  private addSpawns(action: unknown, owner: AnyStateNode, whileActive: boolean, depth = 0): void {
    if (depth > 2) return;
    if (typeof action === 'function') {
      const a = action as { type?: unknown; id?: unknown; src?: unknown };
      if (a.type !== 'xstate.spawnChild') return;
      this.spawnSites.push({ id: typeof a.id === 'string' ? a.id : undefined, src: a.src, owner, whileActive });
      if (typeof a.src !== 'string') this.inline.push({ node: owner, how: 'spawnChild' });
      return;
    }
    const name = typeof action === 'string' ? action : typeof action === 'object' && action !== null ? (action as { type?: unknown }).type : undefined;
    if (typeof name !== 'string') return;
    const impl = (this.machine.implementations.actions as Record<string, unknown>)[name];
    if (impl !== undefined) this.addSpawns(impl, owner, whileActive, depth + 1);
  }
}

/** Every state node of a machine, in document order. */
export function allStateNodes(root: AnyStateNode): AnyStateNode[] {
  const out: AnyStateNode[] = [root];
  for (const child of Object.values(root.states)) out.push(...allStateNodes(child));
  return out;
}

/** A state node as users name it: its path (`session.set`), `(root)` for the machine itself. */
export function nodeName(node: AnyStateNode): string {
  return node.path.length > 0 ? node.path.join('.') : '(root)';
}

/** The ids of the state nodes active in a snapshot (the root included). */
export function activeNodeIds(snapshot: AnyMachineSnapshot): Set<string> {
  return new Set(snapshot._nodes.map((n) => n.id));
}

function commonAncestor(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): AnyStateNode {
  const leaves = snapshot._nodes.filter((n) => n.type === 'atomic' || n.type === 'final');
  let node: AnyStateNode = machine.root;
  for (let depth = 0; ; depth++) {
    const key = leaves[0]?.path[depth];
    if (key === undefined || leaves.some((l) => l.path[depth] !== key)) return node;
    const next = node.states[key];
    if (next === undefined) return node;
    node = next;
  }
}
