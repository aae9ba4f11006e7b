// The behaviour panel (行为 Behaviour): one card per behaviour run Kindred reports — description,
// run status, active state, tags, the chart as a tree with the active states highlighted, context,
// recent events — and the operator's Pause / Resume / Stop, sent to POST /api/behaviors/command.
// Everything from the machine (state names, context, events) goes into the page as text, never HTML.
// Testable through data-* attributes: data-run-id, data-status, data-state, data-tag, data-path,
// data-active, data-command, data-code.
import { BEHAVIOR_TEXT, nodeTypeText, runStatusText, setBilingual, tagText, TEXT } from './text.js';

/** Where operator commands go (runtime/cli/intentApi.ts). */
const COMMAND_URL = '/api/behaviors/command';

/**
 * @typedef {{ runId: string, behavior: string, descriptionZh: string, descriptionEn: string, chart: unknown }} ViewBehaviorChart
 * @typedef {{ runId: string, behavior: string, status: string, state: string, tags: string[], lastEvent: string, contextJson: string, history: string[], stampS: number }} ViewBehaviorStatus
 * @typedef {{ targets?: unknown, guard?: unknown }} ChartTransition
 * @typedef {{ id?: unknown, key?: unknown, type?: unknown, tags?: unknown, on?: unknown, always?: unknown, after?: unknown, invoke?: unknown, states?: unknown }} ChartNode
 * @typedef {{ ok: true } | { ok: false, code: string, en: string, zh: string }} CommandResult
 * @typedef {(body: { command: string, behavior: string, runId: string }) => Promise<CommandResult>} PostCommand
 */

/**
 * One run's card and the elements it updates.
 * @typedef {{
 *   root: HTMLElement, description: HTMLElement, status: HTMLElement, state: HTMLElement, lastEvent: HTMLElement,
 *   tags: HTMLElement, buttons: Record<'pause'|'resume'|'stop', HTMLButtonElement>, message: HTMLElement,
 *   chart: HTMLElement, nodes: Map<string, HTMLElement>, handles: Map<string, Set<string>>, context: HTMLElement, history: HTMLElement,
 *   latest: ViewBehaviorStatus | undefined,
 * }} RunCard
 */

export class BehaviorPanel {
  /**
   * @param {Document} document
   * @param {PostCommand} [post] how commands reach Kindred (default: fetch to the same origin)
   */
  constructor(document, post = postCommand) {
    this.document = document;
    this.post = post;
    const get = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
    this.aside = get('behavior-panel');
    this.list = get('behavior-runs');
    this.empty = get('behavior-empty');
    /** @type {Map<string, RunCard>} */
    this.cards = new Map();
  }

  /** @param {ViewBehaviorChart} chart */
  setChart(chart) {
    const card = this.card(chart.runId, chart.behavior);
    const text = [chart.descriptionZh, chart.descriptionEn].filter((t) => t !== '');
    card.description.textContent = text.join(' / ');
    card.nodes.clear();
    card.handles.clear();
    card.chart.replaceChildren();
    if (isNode(chart.chart?.root)) {
      const rootId = String(chart.chart.root.id ?? '');
      card.chart.append(this.node(chart.chart.root, '', rootId, card));
    } else {
      const p = this.document.createElement('p');
      setBilingual(p, BEHAVIOR_TEXT.noChart);
      card.chart.append(p);
    }
    if (card.latest !== undefined) this.highlight(card, card.latest);
  }

  /** @param {ViewBehaviorStatus} status */
  setStatus(status) {
    const card = this.card(status.runId, status.behavior);
    card.latest = status;
    card.root.dataset.status = status.status;
    card.status.dataset.status = status.status;
    setBilingual(card.status, runStatusText(status.status));
    card.state.textContent = status.state || '–';
    card.state.dataset.state = status.state;
    card.lastEvent.textContent = status.lastEvent || '–';
    card.tags.replaceChildren(
      ...status.tags.map((tag) => {
        const badge = this.document.createElement('span');
        badge.className = 'tag';
        badge.dataset.tag = tag;
        setBilingual(badge, tagText(tag));
        return badge;
      }),
    );
    const running = status.status === 'running';
    card.buttons.pause.disabled = !(running && status.tags.includes('pausable'));
    card.buttons.resume.disabled = !(running && status.tags.includes('resumable'));
    card.buttons.stop.disabled = !running;
    const context = prettyJson(status.contextJson);
    if (card.context.textContent !== context) card.context.textContent = context;
    card.history.replaceChildren(
      ...[...status.history].reverse().map((type) => {
        const li = this.document.createElement('li');
        li.textContent = type;
        return li;
      }),
    );
    this.highlight(card, status);
  }

  /** A finished run the server no longer keeps. @param {string} runId */
  remove(runId) {
    this.cards.get(runId)?.root.remove();
    this.cards.delete(runId);
    this.empty.hidden = this.cards.size > 0;
  }

  /** Forget every run (on reconnection the server sends the ones it keeps again). */
  clear() {
    for (const runId of [...this.cards.keys()]) this.remove(runId);
  }

  /**
   * Send an operator command for one run and show the answer (a refusal with its code, in both languages).
   * @param {string} runId
   * @param {'pause' | 'resume' | 'stop'} command
   * @returns {Promise<CommandResult>}
   */
  async command(runId, command) {
    const card = this.cards.get(runId);
    if (card === undefined) return { ok: false, code: 'UNKNOWN_RUN', en: `no run ${runId}`, zh: `没有运行 ${runId}` };
    // Kindred delivers a command only where the active state offers it: judged from the chart before
    // sending (the answer may arrive after the state it changed), and said when it does not.
    const offered = card.latest === undefined || card.handles.size === 0 || handlesNow(card, `operator.${command}`);
    const result = await this.post({ command, behavior: card.root.dataset.behavior ?? '', runId });
    if (result.ok) {
      const [zh, en] = offered ? BEHAVIOR_TEXT.sent : BEHAVIOR_TEXT.notOffered;
      card.message.dataset.code = offered ? '' : 'NOT_OFFERED';
      card.message.textContent = `${zh}：${BEHAVIOR_TEXT[command][0]} / ${en}: ${BEHAVIOR_TEXT[command][1]}`;
    } else {
      card.message.dataset.code = result.code;
      card.message.textContent = `${TEXT.refused[0]}：${result.zh} / ${TEXT.refused[1]}: ${result.en} (${result.code})`;
    }
    return result;
  }

  /**
   * The card of a run, made on first sight.
   * @param {string} runId
   * @param {string} behavior
   * @returns {RunCard}
   */
  card(runId, behavior) {
    const existing = this.cards.get(runId);
    if (existing !== undefined) return existing;
    const el = this.el.bind(this);
    const root = el('article', 'run');
    root.dataset.runId = runId;
    root.dataset.behavior = behavior;
    const title = el('h2', 'run-title', behavior);
    title.append(el('small', 'run-id', runId));
    const description = el('p', 'run-description');
    const status = el('dd', 'run-status');
    const state = el('code', 'run-state');
    const lastEvent = el('code', 'run-last-event');
    const facts = el('dl', 'run-facts');
    for (const [label, value] of /** @type {const} */ ([
      [BEHAVIOR_TEXT.status, status],
      [BEHAVIOR_TEXT.state, state],
      [BEHAVIOR_TEXT.lastEvent, lastEvent],
    ])) {
      const dt = el('dt');
      setBilingual(dt, label);
      const dd = value.tagName === 'DD' ? value : el('dd');
      if (dd !== value) dd.append(value);
      facts.append(dt, dd);
    }
    const tags = el('div', 'run-tags');
    const controls = el('div', 'run-controls');
    const buttons = /** @type {RunCard['buttons']} */ ({});
    for (const command of /** @type {const} */ (['pause', 'resume', 'stop'])) {
      const button = /** @type {HTMLButtonElement} */ (el('button', `run-${command}`));
      button.type = 'button';
      button.dataset.command = command;
      button.disabled = true;
      setBilingual(button, BEHAVIOR_TEXT[command]);
      // One touch, no confirmation: a therapist must be able to stop at once.
      button.addEventListener('click', () => void this.command(runId, command));
      buttons[command] = button;
      controls.append(button);
    }
    const message = el('p', 'run-message');
    message.setAttribute('role', 'status');
    message.dataset.code = '';
    const chart = el('div', 'run-chart');
    const context = el('pre', 'run-context');
    const history = el('ol', 'run-history');
    root.append(
      title,
      description,
      facts,
      tags,
      controls,
      message,
      this.section('chart', BEHAVIOR_TEXT.chart, chart, true),
      this.section('context', BEHAVIOR_TEXT.context, context, false),
      this.section('history', BEHAVIOR_TEXT.history, history, true),
    );
    this.list.append(root);
    this.aside.hidden = false;
    this.empty.hidden = true;
    /** @type {RunCard} */
    const card = { root, description, status, state, lastEvent, tags, buttons, message, chart, nodes: new Map(), handles: new Map(), context, history, latest: undefined };
    this.cards.set(runId, card);
    return card;
  }

  /**
   * A collapsible part of a card.
   * @param {string} name
   * @param {readonly [string, string]} label
   * @param {HTMLElement} body
   * @param {boolean} open
   */
  section(name, label, body, open) {
    const details = this.el('details', `run-${name}-box`);
    details.open = open;
    const summary = this.el('summary');
    setBilingual(summary, label);
    details.append(summary, body);
    return details;
  }

  /**
   * One chart node and its children as nested lists, recorded in the card by state path (its item,
   * and the events it handles).
   * @param {ChartNode} node
   * @param {string} path dotted path from the root ('' for the root)
   * @param {string} rootId the machine's id, stripped from target ids
   * @param {RunCard} card
   */
  node(node, path, rootId, card) {
    const el = this.el.bind(this);
    const li = el('li', 'chart-node');
    li.dataset.path = path;
    li.dataset.type = String(node.type ?? '');
    const line = el('div', 'chart-line');
    line.append(el('span', 'chart-key', String(path === '' ? (node.id ?? '') : (node.key ?? ''))));
    if (typeof node.type === 'string' && node.type !== 'atomic') {
      const type = el('span', 'chart-type');
      setBilingual(type, nodeTypeText(node.type));
      line.append(type);
    }
    for (const tag of strings(node.tags)) line.append(el('span', 'tag', tag));
    for (const inv of list(node.invoke)) line.append(el('span', 'chart-invoke', `▶ ${String(/** @type {{ src?: unknown }} */ (inv).src ?? '')}`));
    li.append(line);

    const target = (/** @type {unknown} */ t) => transitionText(t, rootId);
    const events = el('ul', 'chart-events');
    const handled = new Set();
    for (const handler of list(node.on)) {
      const h = /** @type {{ event?: unknown, transitions?: unknown }} */ (handler);
      events.append(el('li', '', `${String(h.event ?? '')} → ${list(h.transitions).map(target).join(' | ')}`));
      handled.add(String(h.event ?? ''));
    }
    for (const delayed of list(node.after)) {
      const d = /** @type {{ delay?: unknown, delayMs?: unknown, transitions?: unknown }} */ (delayed);
      const delay = typeof d.delayMs === 'number' ? `${d.delayMs} ms` : String(d.delay ?? '');
      events.append(el('li', '', `⏱ ${delay} → ${list(d.transitions).map(target).join(' | ')}`));
    }
    const always = list(node.always);
    if (always.length > 0) events.append(el('li', '', `${BEHAVIOR_TEXT.always[0]} ${BEHAVIOR_TEXT.always[1]} → ${always.map(target).join(' | ')}`));
    if (events.childElementCount > 0) li.append(events);

    const children = list(node.states).filter(isNode);
    if (children.length > 0) {
      const ul = el('ul', 'chart-children');
      for (const child of children) ul.append(this.node(child, path === '' ? String(child.key ?? '') : `${path}.${String(child.key ?? '')}`, rootId, card));
      li.append(ul);
    }
    card.nodes.set(path, li);
    card.handles.set(path, handled);
    return path === '' ? wrap(el('ul', 'chart-tree'), li) : li;
  }

  /**
   * Mark the chart nodes on the active path(s): the root, and every prefix of each active leaf.
   * @param {RunCard} card
   * @param {ViewBehaviorStatus} status
   */
  highlight(card, status) {
    const active = activePaths(status.state);
    for (const [path, li] of card.nodes) li.dataset.active = String(active.has(path));
  }

  /**
   * @param {string} tag
   * @param {string} [className]
   * @param {string} [text]
   * @returns {HTMLElement}
   */
  el(tag, className = '', text) {
    const e = this.document.createElement(tag);
    if (className !== '') e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }
}

/**
 * POST a command to Kindred; a refusal comes back as `{ error, en, zh }` (runtime/http sendError).
 * @type {PostCommand}
 */
async function postCommand(body) {
  try {
    const res = await fetch(COMMAND_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.ok) return { ok: true };
    const answer = /** @type {{ error?: unknown, en?: unknown, zh?: unknown }} */ (await res.json().catch(() => ({})));
    return { ok: false, code: String(answer.error ?? `HTTP_${res.status}`), en: String(answer.en ?? res.statusText), zh: String(answer.zh ?? res.statusText) };
  } catch {
    return { ok: false, code: 'NO_REPLY', en: TEXT.noReply[1], zh: TEXT.noReply[0] };
  }
}

/**
 * The state paths active in a status: the root (''), and every prefix of each active leaf.
 * @param {string} state e.g. `session.set.rep, watch.idle`
 */
function activePaths(state) {
  const active = new Set(['']);
  for (const leaf of state.split(', ')) {
    const keys = leaf.split('.');
    for (let i = 1; i <= keys.length; i++) active.add(keys.slice(0, i).join('.'));
  }
  return active;
}

/**
 * Whether an active state of the run handles an event, by the chart (guards aside).
 * @param {RunCard} card
 * @param {string} event e.g. `operator.stop`
 */
function handlesNow(card, event) {
  const wildcard = `${event.split('.')[0]}.*`;
  for (const path of activePaths(card.latest?.state ?? '')) {
    const handled = card.handles.get(path);
    if (handled !== undefined && (handled.has(event) || handled.has(wildcard) || handled.has('*'))) return true;
  }
  return false;
}

/** @param {unknown} value @returns {value is ChartNode} */
function isNode(value) {
  return typeof value === 'object' && value !== null && typeof (/** @type {ChartNode} */ (value).key) === 'string';
}

/** @param {unknown} value @returns {unknown[]} */
function list(value) {
  return Array.isArray(value) ? value : [];
}

/** @param {unknown} value @returns {string[]} */
function strings(value) {
  return list(value).filter((v) => typeof v === 'string');
}

/**
 * A transition as text: its targets as paths from the root, its guard in brackets; `·` for none.
 * @param {unknown} t
 * @param {string} rootId
 */
function transitionText(t, rootId) {
  const tr = /** @type {ChartTransition} */ (t);
  const targets = strings(tr?.targets).map((id) => (id.startsWith(`${rootId}.`) ? id.slice(rootId.length + 1) : id));
  const guard = typeof tr?.guard === 'string' ? ` [${tr.guard}]` : '';
  return `${targets.length > 0 ? targets.join(', ') : '·'}${guard}`;
}

/** @param {string} json */
function prettyJson(json) {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

/**
 * @param {HTMLElement} parent
 * @param {HTMLElement} child
 */
function wrap(parent, child) {
  parent.append(child);
  return parent;
}
