import { diagnostic_msgs, stampFromNs, type kindred_msgs, type sensor_msgs } from '../msgs/index.js';
import type { LatestState, LoopStats } from './LoopHost.js';

const { OK, WARN, ERROR } = diagnostic_msgs.DiagnosticStatus_Constants;

/** `/kindred/loop_statistics` from a stats snapshot. */
export function loopStatisticsMessage(stats: LoopStats, stampNs: bigint): kindred_msgs.LoopStatistics {
  const nominalNs = 1e9 / stats.rateHz;
  const jitterNs = stats.cycles > 1 ? Math.max(Math.abs(stats.periodUs.max * 1e3 - nominalNs), Math.abs(nominalNs - stats.periodUs.min * 1e3)) : 0;
  return {
    header: { stamp: stampFromNs(stampNs), frame_id: '' },
    mode: stats.mode,
    rate_hz: stats.rateHz,
    achieved_rate_hz: stats.achievedRateHz,
    cycles: BigInt(stats.cycles),
    overruns: BigInt(stats.overruns),
    lateness_p50_ns: stats.latenessUs.p50 * 1e3,
    lateness_p99_ns: stats.latenessUs.p99 * 1e3,
    lateness_p999_ns: stats.latenessUs.p999 * 1e3,
    lateness_max_ns: stats.latenessUs.max * 1e3,
    period_jitter_ns: jitterNs,
    main_thread_stalls: BigInt(stats.mainThreadStalls),
  };
}

/** `/diagnostics`: one status for the control loop, WARN on overruns, ERROR while holding for a stall. */
export function loopDiagnostics(stats: LoopStats, stampNs: bigint): diagnostic_msgs.DiagnosticArray {
  const level = stats.status === 'holding' || stats.status === 'stopped' ? ERROR : stats.overruns > 0 ? WARN : OK;
  const message =
    stats.status === 'holding'
      ? 'holding: main thread stalled / 主线程停滞，已保持'
      : stats.status === 'stopped'
        ? 'stopped / 已停止'
        : stats.overruns > 0
          ? `${stats.overruns} overruns / 超时 ${stats.overruns} 次`
          : 'running / 运行中';
  const kv = (key: string, value: number | string): diagnostic_msgs.KeyValue => ({ key, value: String(value) });
  return {
    header: { stamp: stampFromNs(stampNs), frame_id: '' },
    status: [
      {
        level,
        name: 'kindred: control loop',
        message,
        hardware_id: '',
        values: [
          kv('mode', stats.mode),
          kv('rate_hz', stats.rateHz),
          kv('achieved_rate_hz', stats.achievedRateHz.toFixed(2)),
          kv('cycles', stats.cycles),
          kv('overruns', stats.overruns),
          kv('lateness_p99_us', stats.latenessUs.p99),
          kv('lateness_max_us', stats.latenessUs.max),
          kv('exec_p99_us', stats.execUs.p99),
          kv('main_thread_stalls', stats.mainThreadStalls),
        ],
      },
    ],
  };
}

/** `/joint_states` from the latest shared state: every joint that exports position/velocity/effort. */
export function jointStateMessage(stateNames: readonly string[], latest: LatestState, stampNs: bigint): sensor_msgs.JointState {
  const msg: sensor_msgs.JointState = { header: { stamp: stampFromNs(stampNs), frame_id: '' }, name: [], position: [], velocity: [], effort: [] };
  const index = new Map(stateNames.map((n, i) => [n, i]));
  for (const n of stateNames) {
    if (!n.endsWith('/position')) continue;
    const joint = n.slice(0, -'/position'.length);
    msg.name.push(joint);
    msg.position.push(latest.state[index.get(n)!]!);
    msg.velocity.push(latest.state[index.get(`${joint}/velocity`) ?? -1] ?? 0);
    msg.effort.push(latest.state[index.get(`${joint}/effort`) ?? -1] ?? 0);
  }
  return msg;
}
