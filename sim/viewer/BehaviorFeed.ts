import type { Bus, Subscription } from '../../runtime/bus/index.js';
import { KindredError } from '../../runtime/errors/index.js';
import type { Logger } from '../../runtime/logging/index.js';
import type { kindred_msgs, MessageTypeMap } from '../../runtime/msgs/index.js';

/** The topics `BehaviorRunner` publishes on (behaviors/runtime: `BEHAVIOR_CHART_TOPIC`, `BEHAVIOR_STATUS_TOPIC`). */
export const BEHAVIOR_CHART_TOPIC = '/behavior/chart';
export const BEHAVIOR_STATUS_TOPIC = '/behavior/status';

/** A run's chart as the page receives it (socket.io event `behaviorChart`). */
export interface ViewBehaviorChart {
  readonly runId: string;
  readonly behavior: string;
  readonly descriptionZh: string;
  readonly descriptionEn: string;
  /** The parsed `chart_json` (behaviors/runtime/behaviorChart.ts `BehaviorChart`); null when it was not a JSON object. */
  readonly chart: unknown;
}

/** A run's live state as the page receives it (socket.io event `behavior`). */
export interface ViewBehaviorStatus {
  readonly runId: string;
  readonly behavior: string;
  /** `running`, `done`, `stopped` or `error`. */
  readonly status: string;
  /** Dotted path of the active leaves, parallel regions separated by `, `. */
  readonly state: string;
  readonly tags: readonly string[];
  readonly lastEvent: string;
  /** The context as JSON text, as the runner sent it (the page pretty-prints it). */
  readonly contextJson: string;
  /** Recent event types, oldest first. */
  readonly history: readonly string[];
  /** The status message's stamp, seconds on the bus clock. */
  readonly stampS: number;
}

/** Where the feed sends what it has: to every viewer (a broadcast) or to one (a late joiner). */
export interface BehaviorSink {
  chart(chart: ViewBehaviorChart): void;
  status(status: ViewBehaviorStatus): void;
  /** A finished run the feed no longer keeps. */
  removed(runId: string): void;
}

export interface BehaviorFeedOptions {
  readonly bus: Bus<MessageTypeMap>;
  readonly logger: Logger;
  /** Broadcasts. */
  readonly sink: BehaviorSink;
  /** Most status messages per second per run sent to viewers (the latest always follows); default 10. */
  readonly statusHz?: number;
  /** How many finished runs to keep for viewers that connect later; default 10. */
  readonly keepFinished?: number;
}

/**
 * The feed's rate and retention with their defaults, checked: throws SIM_VIEWER_OPTION_INVALID for a
 * rate that is not a positive number or a count that is not a whole number ≥ 0. Exported so that
 * `attachViewer` can check them before it starts anything.
 */
export function behaviorFeedLimits(options: Pick<BehaviorFeedOptions, 'statusHz' | 'keepFinished'>): { statusHz: number; keepFinished: number } {
  const statusHz = options.statusHz ?? 10;
  const keepFinished = options.keepFinished ?? 10;
  if (!Number.isFinite(statusHz) || statusHz <= 0) {
    throw new KindredError('SIM_VIEWER_OPTION_INVALID', `behaviour statusHz is ${String(statusHz)}; expected a number of messages per second above 0, e.g. 10`, {
      field: 'statusHz',
      value: statusHz,
      expected: 'a finite number > 0',
    });
  }
  if (!Number.isInteger(keepFinished) || keepFinished < 0) {
    throw new KindredError('SIM_VIEWER_OPTION_INVALID', `behaviour keepFinished is ${String(keepFinished)}; expected a whole number of finished runs ≥ 0, e.g. 10`, {
      field: 'keepFinished',
      value: keepFinished,
      expected: 'a whole number ≥ 0',
    });
  }
  return { statusHz, keepFinished };
}

interface Run {
  chart: ViewBehaviorChart | undefined;
  status: ViewBehaviorStatus | undefined;
  /** The latest status not yet broadcast (coalescing). */
  pending: ViewBehaviorStatus | undefined;
  lastSentMs: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  finishedAt: number | undefined;
}

/**
 * Forwards running behaviours from the bus to the viewer's socket: every `/behavior/chart` at once,
 * `/behavior/status` coalesced per run to at most `statusHz` (a burst is sent as its first message,
 * then the latest one a period later, so the last state is always delivered), and keeps the latest
 * chart and status of each run so that a viewer connecting late (`replay`) sees every run at once.
 * Finished runs are kept up to `keepFinished`, the oldest dropped first. Throws
 * SIM_VIEWER_OPTION_INVALID for bad limits (`behaviorFeedLimits`).
 */
export class BehaviorFeed {
  private readonly runs = new Map<string, Run>();
  private readonly subscriptions: Subscription[];
  private readonly periodMs: number;
  private readonly keepFinished: number;
  private readonly sink: BehaviorSink;
  private readonly logger: Logger;
  private finishedCount = 0;
  private closed = false;

  constructor(options: BehaviorFeedOptions) {
    const { statusHz, keepFinished } = behaviorFeedLimits(options);
    this.periodMs = 1000 / statusHz;
    this.keepFinished = keepFinished;
    this.sink = options.sink;
    this.logger = options.logger;
    const latched = { durability: 'transient_local', depth: 1 } as const;
    this.subscriptions = [
      options.bus.subscribe(BEHAVIOR_CHART_TOPIC, 'kindred_msgs/msg/BehaviorChart', (m) => this.onChart(m), latched),
      options.bus.subscribe(BEHAVIOR_STATUS_TOPIC, 'kindred_msgs/msg/BehaviorStatus', (m) => this.onStatus(m), latched),
    ];
  }

  /** Send everything kept (each run's chart, then its latest status) to one viewer. */
  replay(to: BehaviorSink): void {
    for (const run of this.runs.values()) {
      if (run.chart !== undefined) to.chart(run.chart);
      if (run.status !== undefined) to.status(run.status);
    }
  }

  /** The runs kept, by run id (for tests and diagnostics). */
  runIds(): string[] {
    return [...this.runs.keys()];
  }

  /** Unsubscribe and cancel pending sends. */
  close(): void {
    this.closed = true;
    for (const s of this.subscriptions) s.unsubscribe();
    for (const run of this.runs.values()) if (run.timer !== undefined) clearTimeout(run.timer);
    this.runs.clear();
  }

  private run(runId: string): Run {
    let run = this.runs.get(runId);
    if (run === undefined) {
      run = { chart: undefined, status: undefined, pending: undefined, lastSentMs: -Infinity, timer: undefined, finishedAt: undefined };
      this.runs.set(runId, run);
    }
    return run;
  }

  private onChart(m: kindred_msgs.BehaviorChart): void {
    if (this.closed) return;
    let chart: unknown = null;
    try {
      const parsed: unknown = JSON.parse(m.chart_json);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) chart = parsed;
    } catch {
      // reported below
    }
    if (chart === null) {
      this.logger.warn({ code: 'SIM_VIEWER_BEHAVIOR_CHART_INVALID', runId: m.run_id, behavior: m.behavior, chars: m.chart_json.length }, 'behaviour chart is not a JSON object; the run is shown without it / 行为状态图不是 JSON 对象');
    }
    const view: ViewBehaviorChart = { runId: m.run_id, behavior: m.behavior, descriptionZh: m.description_zh, descriptionEn: m.description_en, chart };
    this.run(m.run_id).chart = view;
    this.sink.chart(view);
  }

  private onStatus(m: kindred_msgs.BehaviorStatus): void {
    if (this.closed) return;
    const view: ViewBehaviorStatus = {
      runId: m.run_id,
      behavior: m.behavior,
      status: m.status,
      state: m.state,
      tags: m.tags,
      lastEvent: m.last_event,
      contextJson: m.context_json,
      history: m.history,
      stampS: m.header.stamp.sec + m.header.stamp.nanosec / 1e9,
    };
    const run = this.run(m.run_id);
    run.status = view;
    run.pending = view;
    if (view.status !== 'running' && run.finishedAt === undefined) run.finishedAt = this.finishedCount++;
    const now = performance.now();
    if (run.timer === undefined) {
      if (now - run.lastSentMs >= this.periodMs) this.flush(m.run_id, run, now);
      else run.timer = setTimeout(() => this.flush(m.run_id, run, performance.now()), this.periodMs - (now - run.lastSentMs));
    }
    if (run.finishedAt !== undefined) this.dropOldFinished();
  }

  private flush(runId: string, run: Run, now: number): void {
    run.timer = undefined;
    const pending = run.pending;
    if (pending === undefined || this.closed) return;
    run.pending = undefined;
    run.lastSentMs = now;
    this.sink.status(pending);
    if (!this.runs.has(runId)) this.sink.removed(runId); // dropped while its last status waited
  }

  private dropOldFinished(): void {
    const finished = [...this.runs.entries()].filter(([, r]) => r.finishedAt !== undefined).sort(([, a], [, b]) => a.finishedAt! - b.finishedAt!);
    for (const [runId, run] of finished.slice(0, Math.max(0, finished.length - this.keepFinished))) {
      this.runs.delete(runId);
      if (run.timer === undefined) this.sink.removed(runId);
    }
  }
}
